"""``khabar quotes``: who said what in one or more articles, as a table or JSONL."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from khabar.document import Document


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True,
              help="A table for reading, or one JSON object per quote for tools.")
@click.option("--published", help="Publication date (ISO, e.g. 2024-04-09) to resolve 'on Tuesday' against.")
def quotes(paths: tuple[str, ...], fmt: str, published: str | None) -> None:
    """List the quotes in each PATH (UTF-8 text or HTML files; - for standard input):
    speaker, cue and what was said.

    \b
    Examples:
      khabar quotes article.txt --published 2024-04-09
      khabar quotes a.txt b.txt --format jsonl > quotes.jsonl
    """
    from khabar.pipeline import analyze

    console = Console()
    for path in paths:
        try:
            raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        except (OSError, UnicodeDecodeError) as err:
            raise click.ClickException(f"cannot read {path} as UTF-8 text: {err}") from err
        doc = analyze(raw, published=published)
        if fmt == "jsonl":
            for q in doc.quotes:
                click.echo(json.dumps({"path": path, **q.to_dict(doc.text)}, ensure_ascii=False))
        else:
            console.print(_table(path, doc))


def _table(path: str, doc: Document) -> Table:
    table = Table(title=f"{path}: {len(doc.quotes)} quotes", show_lines=True)
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
