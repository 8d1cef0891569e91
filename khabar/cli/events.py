"""``khabar events``: who did what to whom, from articles or from a store."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from khabar import service
from khabar.cli.common import input_options, iso_date_option, list_per_article
from khabar.cli.output import format_option, safe, write_results
from khabar.cli.store_options import reading
from khabar.events.lexicon import TYPES
from khabar.store import EventFilters, EventRecord


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@format_option(
    ["table", "json", "jsonl", "csv"],
    "table",
    "table: actor, type, target and trigger for reading; json: an array; jsonl: one JSON object per event; "
    "csv: one row per event.",
)
@click.option("--actor", metavar="NAME", help="Only events by this actor (a name, alias or surname).")
@click.option("--target", metavar="NAME", help="Only events done to this target.")
@click.option(
    "--type",
    "type_",
    type=click.Choice(TYPES, case_sensitive=False),
    help="Only events of this PLOVER type.",
)
@click.option(
    "--db",
    metavar="FILE",
    envvar="KHABAR_DB",
    help="Read events from a store made by 'khabar ingest' instead of analysing PATHs.",
)
@click.option("--from", "date_from", callback=iso_date_option, help="With --db: published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=iso_date_option, help="With --db: published on or before (YYYY-MM-DD).")
@click.option(
    "--limit",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help="With --db: how many events to show, newest first.",
)
@input_options
def events(
    paths: tuple[str, ...],
    fmt: str,
    actor: str | None,
    target: str | None,
    type_: str | None,
    db: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int,
    **opts: object,
) -> None:
    """List who did what to whom in Arabic news: actor, PLOVER type, target, trigger.

    PATH is anything `khabar analyze` reads (text or HTML files, JSON/JSONL dumps, zips,
    directories; - or nothing for standard input). Events are coded to the 16 PLOVER types
    with a CAMEO root code (docs/events.md); actors and targets resolve to entities when
    the entities stage found them. With --db, events come from an ingested store, across
    every article in it. An event has the same JSON either way (docs/output.md).

    \b
    Examples:
      khabar events article.txt --published 2024-04-09
      khabar events saudinewsnet/2015-07-21.zip --type ASSAULT --format jsonl > attacks.jsonl
      khabar events --db khabar.db --actor "لافروف" --type CONSULT --from 2015-08-01
      khabar events --db khabar.db --target "إيران" --format csv > on_iran.csv
    """
    filters = EventFilters(actor, target, type_.upper() if type_ else None, date_from, date_to)
    if db is not None:
        with reading(db) as store:
            rows = service.stored_events(store, filters, limit)
        write_results(rows, fmt, lambda items: _print_table(f"{len(rows)} events", items))
        return
    if date_from or date_to:
        raise click.UsageError("--from and --to filter a store: give --db")
    list_per_article(
        paths, opts, fmt, lambda doc, origin: service.article_events(doc, origin, filters), _print_table, "events"
    )


def _print_table(title: str, rows: list[EventRecord]) -> None:
    table = Table(title=safe(title), show_lines=True)
    for col in ("published", "actor", "type", "target", "trigger", "clause"):
        table.add_column(
            col, ratio=1 if col == "clause" else None, max_width=26 if col in ("actor", "target") else None
        )
    for row in rows:
        e = row.event
        actor = " + ".join(p["name"] for p in e["actors"]) or "?"
        target = " + ".join(p["name"] for p in e["targets"]) or ""
        kind = e["type"] + ("" if not e["cameo"] else f" ({e['cameo']})")
        if e["negated"]:
            kind += " not"
        if e["hypothetical"]:
            kind += " if"
        table.add_row(
            *(safe(x) for x in (row.document.published or "", actor, kind, target, e["trigger"]["text"])),
            safe(e["text"]),
        )
    Console(highlight=False).print(table)
