"""``khabar search``: full-text search over a store, Arabic-aware, with filters."""

from __future__ import annotations

import json
from typing import cast

import click
from rich.console import Console

from khabar import service
from khabar.cli.common import iso_date_option as iso_date
from khabar.cli.output import deprecated_json_flag, format_option, resolve_json_flag, safe, write_results
from khabar.cli.store_options import db_option, reading
from khabar.service.serialize import to_json
from khabar.store import SearchFilters, SearchHit
from khabar.store.base import SearchOrder


@click.command()
@click.argument("query")
@db_option
@click.option("--speaker", help="Only articles quoting this person (name or alias).")
@click.option("--entity", help="Only articles mentioning this entity (name or alias).")
@click.option("--source", help="Only articles from this outlet (as stored, e.g. spa).")
@click.option("--from", "date_from", callback=iso_date, help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=iso_date, help="Published on or before (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="How many hits to show.")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Skip this many hits (paging).")
@click.option(
    "--sort",
    "order",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Best match first, or newest first.",
)
@format_option(
    ["table", "json", "jsonl", "csv"],
    "table",
    "table: a listing; json: the page (query, filters, next_offset, hits); jsonl/csv: one hit per line.",
)
@deprecated_json_flag
def search(
    query: str,
    db: str,
    speaker: str | None,
    entity: str | None,
    source: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int,
    offset: int,
    order: str,
    fmt: str,
    as_json: bool,
) -> None:
    """Find articles by words, best match first.

    Spelling variants do not matter: hamza forms, ة/ه, ى/ي and diacritics are folded,
    and a leading و/ف, ب/ل/ك or the article is dropped, so "والصين" finds "الصين".
    The Latin names of an article's people, places and organisations are searched too,
    so "Lavrov" finds the articles that name سيرغي لافروف.
    Every word must occur; put words in double quotes to require them as a phrase.

    \b
    Examples:
      khabar search "النفط" --source spa --from 2015-08-01
      khabar search 'الأمم المتحدة "وقف إطلاق النار"' --entity "بان كي مون"
      khabar search "النفط" --sort date --format jsonl > hits.jsonl
      khabar search Lavrov --entity "وانغ يي"
    """
    fmt = resolve_json_flag(as_json, fmt)
    filters = SearchFilters(speaker, entity, source, date_from, date_to)
    with reading(db) as store:
        page = service.search(store, query, filters, limit=limit, offset=offset, order=cast(SearchOrder, order))
    if fmt == "json":
        click.echo(json.dumps(to_json(page), ensure_ascii=False, indent=2))
        return
    write_results(page.hits, fmt, _table)


def _table(hits: list[SearchHit]) -> None:
    console = Console(highlight=False)
    if not hits:
        console.print("no article matches")
    for h in hits:
        copy = f"copy of {h.duplicate_of[:12]}" if h.duplicate_of else None
        meta = " · ".join(safe(x) for x in (h.published, h.source, copy) if x)
        console.print(
            f"[bold]{safe(h.title or '(untitled)')}[/bold]  [dim]{meta}  {h.id[:12]}  score {h.score:.2f}[/dim]"
        )
        console.print(f"  {safe(h.snippet)}")
        if h.url:
            console.print(f"  {safe(h.url)}", style="dim")
