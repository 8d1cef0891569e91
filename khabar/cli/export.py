"""``khabar export``: one table of a store as JSONL, CSV or Parquet, streamed."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from khabar.cli.output import format_option, write_csv
from khabar.cli.store_options import db_option, reading
from khabar.store import EXPORTS

PARQUET_ROWS = 5_000  # rows per Parquet row group: bounded memory on big stores


@click.command()
@db_option
@format_option(["jsonl", "csv", "parquet"], "jsonl", "jsonl: a row per line; csv: with a header; parquet: needs -o.")
@click.option("--table", type=click.Choice(EXPORTS), default="documents", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="File to write (default: standard output; required for parquet).",
)
def export(db: str, fmt: str, table: str, output: str | None) -> None:
    """Write one table of the store, streamed row by row.

    \b
    Examples:
      khabar export --db news.db > docs.jsonl
      khabar export --db news.db --table quotes --format csv -o quotes.csv
      khabar export --db news.db --format parquet -o docs.parquet   (needs pyarrow)

    CSV cells that would start a spreadsheet formula (= + - @) are written with a
    leading apostrophe. The output may not be the store itself.
    """
    if fmt == "parquet" and not output:
        raise click.UsageError("parquet is binary: give a file with -o/--output")
    if output:
        _check_output(output, db)
    with reading(db) as store:
        columns, rows = store.export(table)
        if fmt == "parquet":
            assert output is not None
            _write_parquet(rows, output)
            return
        out: IO[str] = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if fmt == "jsonl":
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                write_csv(rows, out, columns)
        finally:
            if output:
                out.close()


def _check_output(output: str, db: str) -> None:
    """Refuse to write over the store being read, or into a folder that does not exist."""
    target = os.path.realpath(output)
    if target in {os.path.realpath(db + suffix) for suffix in ("", "-wal", "-shm", "-journal", ".lock")}:
        raise click.UsageError(f"{output} is the store being exported; write to another file")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise click.UsageError(f"no folder {os.path.dirname(output) or '.'} to write {os.path.basename(output)} into")


def _write_parquet(rows: Iterator[dict[str, Any]], output: str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise click.ClickException("parquet export needs pyarrow: pip install 'khabar[parquet]'") from None
    writer = None
    chunk: list[dict[str, Any]] = []

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
    assert writer is not None
    writer.close()
