"""``khabar analyze``: inputs in, Documents out (JSON, JSONL or a terminal view)."""

from __future__ import annotations

import json
import sys

import click

from khabar.pipeline import analyze as run_analyze


@click.command()
@click.argument("path", default="-")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]), default="json")
@click.option("--published", help="Publication date (ISO, e.g. 2024-04-09).")
def analyze(path: str, fmt: str, published: str | None) -> None:
    """Analyse an article (a file, or - for standard input)."""
    raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    doc = run_analyze(raw, published=published)
    indent = 2 if fmt == "json" else None
    click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=indent))
