"""``khabar quotes``: who said what in one or more articles, as a table or JSONL."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click
from rich.console import Console
from rich.table import Table

from khabar.arabic import normalize
from khabar.cli.common import Tally, documents, input_options, stderr
from khabar.document import Document


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help="table: speaker, cue and quote for reading; jsonl: one JSON object per quote, with the article's origin.",
)
@click.option("--speaker", metavar="NAME", help="Only quotes by this speaker (a name, alias or surname).")
@click.option(
    "--db", metavar="FILE", help="Read quotes from a store made by 'khabar ingest' instead of analysing PATHs."
)
@click.option(
    "--limit",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help="With --db: how many quotes to show, newest first.",
)
@input_options
def quotes(paths: tuple[str, ...], fmt: str, speaker: str | None, db: str | None, limit: int, **opts) -> None:
    """List who said what in Arabic news articles: speaker, cue and quote.

    PATH is anything `khabar analyze` reads (text or HTML files, JSON/JSONL dumps, zips,
    directories; - or nothing for standard input). Speakers resolve to entities when the
    entities stage has found them; otherwise the subject phrase is shown as written.
    With --db, quotes come from an ingested store, across every article in it.

    \b
    Examples:
      khabar quotes article.txt --published 2024-04-09
      khabar quotes saudinewsnet/2015-07-21.zip --format jsonl > quotes.jsonl
      khabar quotes --db khabar.db --speaker "عادل الجبير"
    """
    if db is not None:
        _from_store(db, speaker, limit, fmt)
        return
    tally = Tally()
    console = Console(highlight=False)
    for record, doc in documents(paths, opts, tally):
        if speaker:
            doc = doc.replace(quotes=tuple(q for q in doc.quotes if _said_by(q, doc, speaker)))
        if fmt == "jsonl":
            for q in doc.quotes:
                sys.stdout.write(
                    json.dumps({"origin": record.origin, **q.to_dict(doc.text)}, ensure_ascii=False) + "\n"
                )
        else:
            console.print(_table(record.origin, doc))
    if not opts.get("quiet") and (tally.failed or tally.done != 1):
        stderr.print(f"khabar: {tally.summary()}", highlight=False)
    if tally.failed:
        sys.exit(1)


def _said_by(quote, doc: Document, name: str) -> bool:
    """Whether ``name`` is one of the quote's speakers: its name, an alias, or one of its words."""
    wanted = normalize(name).split()
    entities = {e.id: e for e in doc.entities}
    for agent in quote.speakers or ((quote.speaker,) if quote.speaker else ()):
        entity = entities.get(agent.entity)
        names = [agent.name, *(entity.aliases if entity else ())]
        for n in names:
            words = normalize(n).split()
            if words and all(w in words for w in wanted):
                return True
    return False


def _from_store(db: str, speaker: str | None, limit: int, fmt: str) -> None:
    from khabar.store import StoreError, open_store

    try:
        with open_store(db, readonly=True) as store:
            rows = store.quotes(speaker=speaker, limit=limit)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} quotes" + (f" by {speaker}" if speaker else ""), show_lines=True)
    for col in ("published", "source", "speaker", "kind", "quote"):
        table.add_column(col, ratio=1 if col == "quote" else None)
    for row in rows:
        who = row.speaker or "?"
        if row.addressee:
            who += f" → {row.addressee}"
        table.add_row(row.published or "", row.source or "", who, row.kind, row.text)
    Console(highlight=False).print(table)


def _table(origin: str, doc: Document) -> Table:
    table = Table(title=f"{origin}: {len(doc.quotes)} quotes", show_lines=True)
    table.add_column("speaker", max_width=28)
    table.add_column("cue")
    table.add_column("kind")
    table.add_column("quote", ratio=1)
    for q in doc.quotes:
        d = q.to_dict(doc.text)
        speakers = " + ".join(a["name"] for a in d["speakers"]) or ("(heading)" if q.heading else "?")
        if d["addressee"]:
            speakers += f" → {d['addressee']['name']}"
        if d["via"]:
            speakers += f" (via {d['via']['name']})"
        table.add_row(speakers, d["cue"]["text"] if d["cue"] else "", q.kind, d["text"])
    return table
