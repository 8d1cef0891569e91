"""``khabar export``: documents, entities or quotes out of a store as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
import sys

import click

from khabar.cli.store_options import db_option
from khabar.store import StoreError, open_store
from khabar.store.sqlite import EXPORTS

PARQUET_ROWS = 5_000  # rows per Parquet row group: bounded memory on big stores


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("--table", type=click.Choice(EXPORTS), default="documents", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="File to write (default: standard output; required for parquet).",
)
def export(db: str, fmt: str, table: str, output: str | None) -> None:
    """Write one table of the store, streamed row by row.

    \b
    Examples:
      khabar export --db news.db > docs.jsonl
      khabar export --db news.db --table quotes --format csv -o quotes.csv
      khabar export --db news.db --format parquet -o docs.parquet   (needs pyarrow)
    """
    if fmt == "parquet" and not output:
        raise click.UsageError("parquet is binary: give a file with -o/--output")
    try:
        store = open_store(db, readonly=True)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    with store:
        columns, rows = store.export(table)
        if fmt == "parquet":
            _write_parquet(rows, output)
            return
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if fmt == "jsonl":
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(out, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
        finally:
            if output:
                out.close()


def _write_parquet(rows, output: str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise click.ClickException("parquet export needs pyarrow: pip install 'khabar[parquet]'") from None
    writer = None
    chunk: list[dict] = []

    def flush() -> None:
        nonlocal writer
        table = pa.Table.from_pylist(chunk, schema=writer.schema if writer else None)
        if writer is None:
            writer = pq.ParquetWriter(output, table.schema)
        writer.write_table(table)
        chunk.clear()

    for row in rows:
        chunk.append(row)
        if len(chunk) >= PARQUET_ROWS:
            flush()
    if chunk or writer is None:
        flush()
    writer.close()
