"""``khabar quotes``: who said what in one or more articles, as a table or JSONL."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from khabar.cli.common import Tally, fail, input_options, records, stderr
from khabar.document import Document
from khabar.sources import Failure


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True,
              help="table: speaker, cue and quote for reading; jsonl: one JSON object per quote, "
                   "with the article's origin.")
@input_options
def quotes(paths: tuple[str, ...], fmt: str, **opts) -> None:
    """List who said what in Arabic news articles: speaker, cue and quote.

    PATH is anything `khabar analyze` reads (text or HTML files, JSON/JSONL dumps, zips,
    directories; - or nothing for standard input). Speakers resolve to entities when the
    entities stage has found them; otherwise the subject phrase is shown as written.

    \b
    Examples:
      khabar quotes article.txt --published 2024-04-09
      khabar quotes saudinewsnet/2015-07-21.zip --format jsonl > quotes.jsonl
    """
    from khabar.pipeline import analyze, analyze_text

    tally = Tally()
    console = Console(highlight=False)
    for record, meta in records(paths, opts, tally):
        try:
            if record.format == "html":
                doc = analyze(record.body, input_format="html", **_fields(meta))
            else:
                doc = analyze_text(record.body, meta)
        except ValueError as e:  # NoTextError and other refusals with a message of their own
            fail(tally, Failure(record.origin, str(e)))
            continue
        except Exception as e:  # one article must never stop a batch
            fail(tally, Failure(record.origin, f"analysis failed: {type(e).__name__}: {e}"))
            continue
        tally.done += 1
        if fmt == "jsonl":
            for q in doc.quotes:
                sys.stdout.write(json.dumps({"origin": record.origin, **q.to_dict(doc.text)}, ensure_ascii=False) + "\n")
        else:
            console.print(_table(record.origin, doc))
    if not opts.get("quiet") and (tally.failed or tally.done != 1):
        stderr.print(f"khabar: {tally.summary()}", highlight=False)
    if tally.failed:
        sys.exit(1)


def _fields(meta) -> dict:
    return {k: getattr(meta, k) for k in ("title", "published", "url", "source", "author")}


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
