"""The options every ``khabar eval`` command shares, so that they mean one thing:
``--format table|json`` (the scores: a table for people, one JSON object for machines)
and ``--errors [FILE]`` (every error, one JSON object per line with its ``error`` kind,
into FILE, or on stdout after the scores when FILE is left out or ``-``).

Old spellings work for one release, with a warning: ``--json`` (``--format json``),
``eval time --errors N`` (the first N errors) and ``eval ner --errors FILE.tsv`` (the
tab-separated listing).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from khabar.cli.output import format_option, warn

STDOUT = "-"
T = TypeVar("T")


def eval_output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--format``, ``--errors [FILE]`` and the hidden, deprecated ``--json``; the command
    receives ``fmt`` and ``errors`` (a path, ``-``, or None)."""
    fn = click.option(
        "--errors",
        "errors",
        metavar="[FILE]",
        is_flag=False,
        flag_value=STDOUT,
        default=None,
        help="Also list every error (miss, false alarm, wrong label) as JSON Lines, each with its 'error' kind: "
        "into FILE, or on stdout after the scores when FILE is left out or '-'. Put it after the input files.",
    )(fn)
    fn = click.option("--json", "as_json", is_flag=True, hidden=True, help="Deprecated: use --format json.")(fn)
    return format_option(("table", "json"), "table", "Scores as a table (for people) or as one JSON object.")(fn)


def read_gold(paths: Iterable[Path | str], load: Callable[[Any], list[T]], what: str) -> list[T]:
    """Everything ``load`` reads from ``paths``, pooled. A file that is not UTF-8 text or
    is nested past reason is a one-line error naming it; nothing at all to score is an
    error too (a score of zero on an empty file would look like a result)."""
    items: list[T] = []
    for path in paths:
        try:
            items.extend(load(path))
        except UnicodeDecodeError as e:
            raise click.ClickException(
                f"{path}: not UTF-8 text ({e.reason} at byte {e.start:,}); gold files are UTF-8"
            ) from None
        except RecursionError:
            raise click.ClickException(f"{path}: nested too deep to be a gold file") from None
    if not items:
        raise click.UsageError(f"nothing to score: no {what} in {', '.join(map(str, paths))}")
    return items


def resolve_format(as_json: bool, fmt: str) -> str:
    if as_json:
        warn("--json is deprecated and will be removed in the next release; use --format json")
        return "json"
    return fmt


def old_error_count(errors: str | None) -> int | None:
    """The count of the old ``--errors N`` (eval time), with its warning; None otherwise."""
    if errors is None or not errors.isdigit() or Path(errors).exists():
        return None
    warn(
        f"--errors {errors} (a count) is deprecated and will be removed in the next release: "
        "--errors [FILE] lists every error; showing the first " + errors
    )
    return int(errors)


def write_errors(errors: Iterable[dict[str, Any]], to: str) -> int:
    """Every error as one JSON line, into ``to`` (``-``: stdout). A file that exists and
    is not such a listing (an input, a gold file) is never written over."""
    if to == STDOUT:
        return _write(errors, sys.stdout)
    path = Path(to)
    if not path.parent.is_dir():
        raise click.UsageError(f"no folder {path.parent} to write {path.name} into")
    _refuse_to_overwrite(path)
    try:
        with path.open("w", encoding="utf-8") as out:
            n = _write(errors, out)
    except OSError as e:
        raise click.ClickException(f"cannot write --errors {to}: {e.strerror}") from None
    click.echo(f"{n} errors written to {to}", err=True)
    return n


def _write(errors: Iterable[dict[str, Any]], out: Any) -> int:
    n = 0
    for error in errors:
        out.write(json.dumps(error, ensure_ascii=False) + "\n")
        n += 1
    return n


def _refuse_to_overwrite(path: Path) -> None:
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        first = fh.readline(64 * 1024)
    try:
        listing = isinstance(row := json.loads(first), dict) and "error" in row
    except ValueError:
        listing = False
    if not listing:
        raise click.UsageError(
            f"--errors {path}: the file exists and is not a list of errors (an input?); "
            "name another file (--errors alone lists them on stdout)"
        )
