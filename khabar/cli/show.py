"""``khabar show``: one stored document, as `khabar analyze` printed it."""

from __future__ import annotations

import json

import click
from rich.console import Console

from khabar import service
from khabar.cli.output import format_option
from khabar.cli.store_options import db_option, reading
from khabar.cli.view import render
from khabar.store import StoreError


@click.command()
@click.argument("doc_id", metavar="ID")
@db_option
@format_option(
    ["json", "jsonl", "table"],
    "json",
    "json: the indented Document JSON; jsonl: on one line; table: the readable view of `analyze`.",
)
def show(doc_id: str, db: str, fmt: str) -> None:
    """Print a stored document: the same JSON that `khabar analyze --format json`
    printed for it (every layer is kept). ID may be shortened to the first 12
    characters that listings show.

    \b
    Examples:
      khabar show 27d9175388c3 --db news.db
      khabar search "لافروف" --db news.db --format jsonl | head -1 | jq -r .id | xargs khabar show
    """
    with reading(db) as store:
        try:
            doc = service.get_document(store, doc_id)
        except StoreError as e:
            raise click.ClickException(str(e)) from None
    if fmt == "table":
        render(doc, Console(highlight=False))
    else:
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2 if fmt == "json" else None))
