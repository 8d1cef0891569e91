"""``khabar entity``: what the corpus knows about a person, organisation or place."""

from __future__ import annotations

import dataclasses
import json

import click
from rich.console import Console

from khabar.cli.store_options import db_option
from khabar.store import StoreError, open_store


@click.command()
@click.argument("name")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per matching entity.")
def entity(name: str, db: str, as_json: bool) -> None:
    """Profile of the entities called NAME (or with NAME as an alias): aliases, roles,
    article and quote counts, first and last seen, most co-mentioned entities.

    Two people who share a surname stay two entities; asking for the surname lists both.
    """
    try:
        with open_store(db, readonly=True) as store:
            profiles = store.entities(name)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        for p in profiles:
            click.echo(json.dumps(dataclasses.asdict(p), ensure_ascii=False))
        return
    if not profiles:
        raise click.ClickException(f"no entity called {name!r} in {db}")
    console = Console()
    for p in profiles:
        console.print(f"[bold]{p.name}[/bold]  [dim]{p.type} #{p.id}[/dim]")
        console.print(
            f"  articles {p.articles} · quotes {p.quotes} · seen {p.first_seen or '?'} … {p.last_seen or '?'}"
        )
        if p.aliases:
            console.print("  aliases: " + "، ".join(f"{a} ({c})" for a, c in p.aliases))
        if p.roles:
            console.print("  roles: " + "، ".join(f"{r} ({c})" for r, c in p.roles))
        if p.co_mentioned:
            console.print("  with: " + "، ".join(f"{n} ({c})" for n, _, c in p.co_mentioned))
