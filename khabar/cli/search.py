"""``khabar search``: full-text search over a store, Arabic-aware, with filters."""

from __future__ import annotations

import json

import click
from rich.console import Console

from khabar.cli.common import iso_date_option as iso_date
from khabar.cli.store_options import db_option
from khabar.store import SearchFilters, StoreError, open_store
from khabar.store.fulltext import EmptyQueryError


@click.command()
@click.argument("query")
@db_option
@click.option("--speaker", help="Only articles quoting this person (name or alias).")
@click.option("--entity", help="Only articles mentioning this entity (name or alias).")
@click.option("--source", help="Only articles from this outlet (as stored, e.g. spa).")
@click.option("--from", "date_from", callback=iso_date, help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=iso_date, help="Published on or before (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="How many hits to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit instead of a listing.")
def search(query: str, db: str, speaker, entity, source, date_from, date_to, limit: int, as_json: bool) -> None:
    """Find articles by words, best match first.

    Spelling variants do not matter: hamza forms, ة/ه, ى/ي and diacritics are folded,
    and a leading و/ف, ب/ل/ك or the article is dropped, so "والصين" finds "الصين".
    Every word must occur; put words in double quotes to require them as a phrase.

    \b
    Examples:
      khabar search "النفط" --source spa --from 2015-08-01
      khabar search 'الأمم المتحدة "وقف إطلاق النار"' --entity "بان كي مون"
    """
    try:
        with open_store(db, readonly=True) as store:
            hits = store.search(query, SearchFilters(speaker, entity, source, date_from, date_to), limit)
    except (StoreError, EmptyQueryError) as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        for h in hits:
            click.echo(json.dumps({f: getattr(h, f) for f in h.__slots__}, ensure_ascii=False))
        return
    console = Console()
    if not hits:
        console.print("no article matches")
    for h in hits:
        meta = " · ".join(
            x for x in (h.published, h.source, f"copy of {h.duplicate_of[:12]}" if h.duplicate_of else None) if x
        )
        console.print(f"[bold]{h.title or '(untitled)'}[/bold]  [dim]{meta}  {h.id[:12]}  score {h.score:.2f}[/dim]")
        console.print(f"  {h.snippet}")
        if h.url:
            console.print(f"  [link]{h.url}[/link]", style="dim")
