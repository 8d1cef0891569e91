"""One ``--format`` option for every command, and the writers behind it.

The same names everywhere: ``table`` for people (a terminal view), ``json`` (one
indented object, or an array for a list), ``jsonl`` (one object per line), ``csv`` where
rows fit; ``export`` adds ``parquet``. The JSON comes from ``service.serialize``. Text
from articles is hostile input: it reaches the terminal without markup or control
characters, and a CSV cell never starts a spreadsheet formula.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any, TypeVar

import click
from rich.markup import escape

from khabar.service.serialize import to_json, to_row

T = TypeVar("T")

# C0 controls but tab and newline, DEL, C1 controls: what could move a terminal's cursor
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format_option(
    choices: Sequence[str], default: str, help: str, deprecated: dict[str, str] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format`` with ``choices``; an old name in ``deprecated`` (old -> new) still works
    for one release, with a warning on stderr."""
    old = deprecated or {}

    def check(ctx: click.Context, param: click.Parameter, value: str) -> str:
        if value in old:
            warn(f"--format {value} is deprecated and will be removed in the next release; use --format {old[value]}")
            return old[value]
        return value

    return click.option(
        "--format",
        "fmt",
        type=click.Choice([*choices, *old]),
        default=default,
        show_default=True,
        callback=check,
        help=help,
    )


def deprecated_json_flag(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The old ``--json`` switch of search and entity: now ``--format jsonl``."""
    return click.option("--json", "as_json", is_flag=True, hidden=True, help="Deprecated: use --format jsonl.")(fn)


def resolve_json_flag(as_json: bool, fmt: str) -> str:
    if as_json:
        warn("--json is deprecated and will be removed in the next release; use --format jsonl")
        return "jsonl"
    return fmt


def warn(message: str) -> None:
    click.echo(f"khabar: warning: {message}", err=True)


def safe(text: object) -> str:
    """``text`` for a rich console: control characters shown as '?' and markup escaped."""
    return escape(_CONTROL.sub("?", str(text)))


def plain(text: object) -> str:
    """``text`` for a plain terminal line (no markup is interpreted there)."""
    return _CONTROL.sub("?", str(text))


def csv_cell(value: Any) -> Any:
    """A cell that a spreadsheet shows as text: a leading = + - @ would start a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_results(
    results: Iterable[T],
    fmt: str,
    table: Callable[[list[T]], None],
    out: IO[str] | None = None,
) -> int:
    """Write ``results`` in ``fmt``; ``table`` renders them for people. Returns how many."""
    out = out or sys.stdout
    if fmt == "table":
        items = list(results)
        table(items)
        return len(items)
    if fmt == "json":
        items = list(results)
        out.write(json.dumps([to_json(r) for r in items], ensure_ascii=False, indent=2) + "\n")
        return len(items)
    n = 0
    if fmt == "jsonl":
        for r in results:
            out.write(json.dumps(to_json(r), ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "csv":
        return write_csv((to_row(r) for r in results), out)
    raise click.UsageError(f"unknown format {fmt!r}")


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], columns: Sequence[str] | None = None) -> int:
    """Rows as CSV with a header (the first row's keys unless ``columns``), cells made safe."""
    writer: csv.DictWriter[str] | None = None
    n = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(columns or row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
        n += 1
    if writer is None and columns:
        csv.DictWriter(out, fieldnames=list(columns)).writeheader()
    return n
