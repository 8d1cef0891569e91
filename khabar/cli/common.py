"""What the commands share: reading inputs with a progress bar, failures, metadata options."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from khabar.cli.limits import read_arguments, reading_options
from khabar.cli.output import safe, write_results
from khabar.document import Document
from khabar.pipeline import Pipeline, analyze_record
from khabar.sources import FORMATS, Failure, Meta, ReadOptions, Record, read_paths

stderr = Console(stderr=True, highlight=False)
T = TypeVar("T")


def iso_date_option(ctx, param, value: str | None) -> str | None:
    """Click callback: an ISO date (YYYY-MM-DD), or a usage error that shows the form."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date; write it as YYYY-MM-DD, e.g. 2024-04-09") from None


def input_options(fn: Callable) -> Callable:
    """The options every command that reads articles takes."""
    options = [
        click.option(
            "--input-format",
            type=click.Choice(FORMATS),
            default="auto",
            show_default=True,
            help="Force the input format instead of detecting it from the name and content.",
        ),
        click.option("--title", help="Title to use (overrides what the input declares)."),
        click.option(
            "--published",
            callback=iso_date_option,
            metavar="YYYY-MM-DD",
            help="Publication date: relative dates (أمس، الثلاثاء) resolve against it.",
        ),
        click.option("--url", help="URL of the article (overrides the input's)."),
        click.option("--source", help="Outlet or site name (overrides the input's)."),
        click.option("--author", help="Author (overrides the input's)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr."),
    ]
    fn = reading_options()(fn)
    for option in reversed(options):
        fn = option(fn)
    return fn


@dataclass
class Tally:
    done: int = 0
    failed: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        s = f"{self.done} document{'s' if self.done != 1 else ''} analysed"
        if self.failed:
            s += f", {len(self.failed)} failed"
        return s

    def finish(self, quiet: bool) -> None:
        """Sum up on stderr (not for one article read cleanly, nor when quiet); exit 1
        when any article failed."""
        if not quiet and (self.failed or self.done != 1):
            stderr.print(f"khabar: {self.summary()}", highlight=False)
        if self.failed:
            sys.exit(1)


def list_per_article(
    paths: tuple[str, ...],
    opts: dict[str, Any],
    fmt: str,
    found: Callable[[Document, str], list[T]],
    table: Callable[[str, list[T]], None],
    noun: str,
) -> None:
    """What ``found`` lists in each article under ``paths`` (given the document and its
    origin): a table per article for people, otherwise one stream across every article
    (one JSON array, one CSV header); then the tally."""
    tally = Tally()
    analysed = documents(paths, opts, tally)
    if fmt == "table":
        for record, doc in analysed:
            items = found(doc, record.origin)
            table(f"{record.origin}: {len(items)} {noun}", items)
    else:
        write_results((item for record, doc in analysed for item in found(doc, record.origin)), fmt, lambda items: None)
    tally.finish(bool(opts.get("quiet")))


def documents(
    paths: tuple[str, ...], opts: dict[str, Any], tally: Tally, pipeline: Pipeline | None = None
) -> Iterator[tuple[Record, Document]]:
    """Each readable article under ``paths``, analysed (by ``pipeline``, every stage by
    default); whatever fails (reading or analysis) is reported in one line and counted,
    and the stream goes on."""
    analyse = pipeline.record if pipeline is not None else analyze_record
    for record in records(paths, opts, tally):
        try:
            doc = analyse(record)
        except ValueError as e:  # NoTextError and other refusals with a message of their own
            fail(tally, Failure(record.origin, str(e)))
            continue
        except Exception as e:  # one article must never stop a batch
            fail(tally, Failure(record.origin, f"analysis failed: {type(e).__name__}: {e}"))
            continue
        tally.done += 1
        yield record, doc


def records(paths: tuple[str, ...], opts: dict, tally: Tally) -> Iterator[Record]:
    """Records under ``paths`` with command-line metadata applied over theirs; failures
    are reported on stderr (one line each) and counted, and the stream goes on."""
    override = Meta(opts.get("title"), opts.get("published"), opts.get("url"), opts.get("source"), opts.get("author"))
    read: ReadOptions = opts.get("read_options") or ReadOptions()
    with _progress(opts.get("quiet", False)) as progress:
        task = progress.add_task("analysing", total=None, failed=0) if progress else None
        for item in read_paths(list(paths), opts.get("input_format", "auto"), **read_arguments(read)):
            if isinstance(item, Failure):
                fail(tally, item, progress)
            else:
                yield replace(item, meta=item.meta.merged(override))
            if progress is not None:
                progress.update(task, completed=tally.done, failed=len(tally.failed))


def fail(tally: Tally, failure: Failure, progress=None) -> None:
    tally.failed.append(failure)
    (progress.console if progress else stderr).print(
        f"[red]khabar: error:[/] {safe(failure)}", markup=True, soft_wrap=True, highlight=False
    )


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"· {task.speed:,.0f}/s" if task.speed else "")


def _progress(quiet: bool):
    if quiet or not stderr.is_terminal:
        return _NoProgress()
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} done · {task.fields[failed]} failed"),
        _RateColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=False,
    )
