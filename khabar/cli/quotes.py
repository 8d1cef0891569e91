"""``khabar quotes``: who said what, from articles or from a store."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from khabar import service
from khabar.cli.common import input_options, iso_date_option, list_per_article
from khabar.cli.output import format_option, safe, write_results
from khabar.cli.store_options import reading
from khabar.store import QuoteFilters, QuoteRecord


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@format_option(
    ["table", "json", "jsonl", "csv"],
    "table",
    "table: speaker, cue and quote for reading; json: an array; jsonl: one JSON object per quote; "
    "csv: one row per quote.",
)
@click.option("--speaker", metavar="NAME", help="Only quotes by this speaker (a name, alias or surname).")
@click.option(
    "--db",
    metavar="STORE",
    envvar="KHABAR_DB",
    help="Read quotes from a store made by 'khabar ingest' (a SQLite file or a postgresql:// URL) instead of analysing PATHs.",
)
@click.option("--entity", metavar="NAME", help="With --db: only quotes in articles that mention this entity.")
@click.option("--from", "date_from", callback=iso_date_option, help="With --db: published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=iso_date_option, help="With --db: published on or before (YYYY-MM-DD).")
@click.option(
    "--limit",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help="With --db: how many quotes to show, newest first.",
)
@input_options
def quotes(
    paths: tuple[str, ...],
    fmt: str,
    speaker: str | None,
    db: str | None,
    entity: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int,
    **opts: object,
) -> None:
    """List who said what in Arabic news articles: speaker, cue and quote.

    PATH is anything `khabar analyze` reads (text or HTML files, JSON/JSONL dumps, zips,
    directories; - or nothing for standard input). Speakers resolve to entities when the
    entities stage has found them; otherwise the subject phrase is shown as written.
    With --db, quotes come from an ingested store, across every article in it. A quote
    has the same JSON either way (docs/output.md).

    \b
    Examples:
      khabar quotes article.txt --published 2024-04-09
      khabar quotes saudinewsnet/2015-07-21.zip --format jsonl > quotes.jsonl
      khabar quotes --db khabar.db --speaker "عادل الجبير" --from 2015-08-01
    """
    if db is not None:
        with reading(db) as store:
            rows = service.stored_quotes(store, QuoteFilters(speaker, entity, date_from, date_to), limit)
        title = f"{len(rows)} quotes" + (f" by {speaker}" if speaker else "")
        write_results(rows, fmt, lambda items: _print_table(title, items))
        return
    if entity or date_from or date_to:
        raise click.UsageError("--entity, --from and --to filter a store: give --db")
    list_per_article(
        paths, opts, fmt, lambda doc, origin: service.article_quotes(doc, origin, speaker), _print_table, "quotes"
    )


def _print_table(title: str, rows: list[QuoteRecord]) -> None:
    table = Table(title=safe(title), show_lines=True)
    for col in ("published", "source", "speaker", "cue", "kind", "quote"):
        table.add_column(col, ratio=1 if col == "quote" else None, max_width=28 if col == "speaker" else None)
    for row in rows:
        q = row.quote
        who = " + ".join(a["name"] for a in q["speakers"]) or ("(heading)" if q.get("heading") else "?")
        if q.get("addressee"):
            who += f" → {q['addressee']['name']}"
        if q.get("via"):
            who += f" (via {q['via']['name']})"
        cue = q["cue"]["text"] if q.get("cue") else ""
        table.add_row(
            *(safe(x) for x in (row.document.published or "", row.document.source or "", who, cue, q["kind"])),
            safe(q["text"]),
        )
    Console(highlight=False).print(table)
