"""``khabar entity``: what the corpus knows about a person, organisation or place."""

from __future__ import annotations

import click
from rich.console import Console

from khabar import service
from khabar.cli.output import deprecated_json_flag, format_option, resolve_json_flag, safe, write_results
from khabar.cli.store_options import db_option, reading
from khabar.store import EntityProfile


@click.command()
@click.argument("name")
@db_option
@format_option(["table", "json", "jsonl", "csv"], "table", "table: a profile for reading; json: an array; jsonl/csv.")
@deprecated_json_flag
def entity(name: str, db: str, fmt: str, as_json: bool) -> None:
    """Profile of the entities called NAME (or with NAME as an alias): aliases, roles,
    article and quote counts, first and last seen, most co-mentioned entities.

    Two people who share a surname stay two entities; asking for the surname lists both.
    A name in Latin script finds entities by their Latin name (Lavrov, "Adel al-Jubeir").

    \b
    Examples:
      khabar entity "سيرغي لافروف" --db news.db
      khabar entity بوتين --db news.db --format json
      khabar entity Lavrov --db news.db
    """
    fmt = resolve_json_flag(as_json, fmt)
    with reading(db) as store:
        profiles = service.find_entities(store, name)
    if not profiles and fmt == "table":
        raise click.ClickException(f"no entity called {name!r} in {db}")
    write_results(profiles, fmt, _print_profiles)


def _print_profiles(profiles: list[EntityProfile]) -> None:
    console = Console(highlight=False)
    for p in profiles:
        latin = f"  {safe(p.latin)}" if p.latin else ""
        console.print(f"[bold]{safe(p.name)}[/bold]{latin}  [dim]{p.type} #{p.id}[/dim]")
        seen = f"{safe(p.first_seen or '?')} … {safe(p.last_seen or '?')}"
        console.print(f"  articles {p.articles} · quotes {p.quotes} · seen {seen}")
        if p.aliases:
            console.print("  aliases: " + "، ".join(f"{safe(a)} ({c})" for a, c in p.aliases))
        if p.roles:
            console.print("  roles: " + "، ".join(f"{safe(r)} ({c})" for r, c in p.roles))
        if p.co_mentioned:
            console.print("  with: " + "، ".join(f"{safe(n)} ({c})" for n, _, c in p.co_mentioned))
