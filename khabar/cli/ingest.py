"""``khabar ingest``: analyse inputs into a store, resumably, with a progress bar."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures.process import BrokenProcessPool

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from khabar.batch.executors import Executor, local_executor
from khabar.batch.ingest import BATCH, IngestSummary
from khabar.batch.ingest import ingest as run_ingest
from khabar.corpus.dedup import mark_near_duplicates
from khabar.sources import FORMATS, read_paths
from khabar.store import DEFAULT_DB, StoreError, open_store


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="KHABAR_DB",
    show_envvar=True,
    help="SQLite file to create or add to, or a postgresql://user@host/dbname URL (many ingests may feed one).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default=True,
    help="Analysis processes (1 = in this process; the writer is light, so one per core).",
)
@click.option(
    "--batch",
    type=click.IntRange(1, 100_000),
    default=BATCH,
    show_default=True,
    help="Articles per committed transaction; an interruption loses at most one batch of work.",
)
@click.option(
    "--input-format",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Format of the inputs (auto: from the extension, else from the content).",
)
@click.option("--encoding", help="Force a text encoding (e.g. cp1256) instead of detecting it.")
@click.option("--no-count", is_flag=True, help="Skip the first pass that counts articles for the ETA.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where analysis runs: local processes, or Ray actors (pip install 'khabar[ray]').",
)
@click.option("--address", metavar="auto|ray://HOST:10001", help="With --engine ray: the cluster to join.")
def ingest(
    paths: tuple[str, ...],
    db: str,
    workers: int,
    batch: int,
    input_format: str,
    encoding: str | None,
    no_count: bool,
    engine: str,
    address: str | None,
) -> None:
    """Analyse articles and store them in a corpus database.

    PATHS are files, folders (read recursively) and archives: text, HTML, JSON/JSONL
    dumps, zip, WARC (.warc, .warc.gz) and RSS/Atom feeds; - reads standard input.
    A folder written by 'khabar batch' is loaded as it is, in bulk, without analysing
    anything again.

    Safe to interrupt and to run again: articles already stored are skipped without
    being analysed, and each batch is committed whole or not at all. Exact copies (same
    cleaned text) are stored once; near-copies get a duplicate_of link.

    \b
    Examples:
      khabar ingest ../shared/data/saudinewsnet/ --db news.db
      khabar ingest crawl.warc.gz feeds/ --db news.db --workers 4
      khabar ingest out/snn --db news.db          (the output of khabar batch)
    """
    console = Console(stderr=True)
    try:
        store = open_store(db)
        store.lock_for_writing()
    except StoreError as e:
        raise click.ClickException(str(e)) from None

    from khabar.batch.load import count_records, is_batch_output, load_output

    batch_output = len(paths) == 1 and paths[0] != "-" and is_batch_output(paths[0])

    def records():
        return _without_store_files(read_paths(list(paths), input_format, encoding), db)

    total = None
    if batch_output:
        total = count_records(paths[0])
    elif not no_count and "-" not in paths:
        with console.status("counting articles…"):
            total = sum(1 for _ in records())
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6.0f} art/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    started = time.perf_counter()
    summary = IngestSummary()
    interrupted = False
    try:
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task("ingesting", total=total, rate=0.0)

            def show(s: IngestSummary) -> None:
                elapsed = max(time.perf_counter() - started, 1e-9)
                bar.update(
                    task,
                    completed=s.seen,
                    rate=s.seen / elapsed,
                    description=f"stored {s.stored}, copies {s.duplicates}, skipped {s.skipped}, failed {len(s.failed)}",
                )

            if batch_output:
                load_output(paths[0], store, batch=batch, progress=show, summary=summary)
            else:
                run_ingest(
                    records(),
                    store,
                    executor=_executor(engine, workers, address),
                    batch=batch,
                    progress=show,
                    summary=summary,
                    dedup=False,
                )
        with console.status("marking near-duplicates across the store…"):
            summary.near_duplicates = mark_near_duplicates(store)
    except KeyboardInterrupt:
        interrupted = True  # every write is one transaction: what was committed stays, whole
    except BrokenProcessPool:
        raise click.ClickException(
            "an analysis worker died (out of memory?); committed batches are kept: "
            "run the same command again, perhaps with fewer --workers"
        ) from None
    finally:
        store.close()
    _report(console, summary, db, time.perf_counter() - started, interrupted)
    if interrupted:
        sys.exit(130)


def _executor(engine: str, workers: int, address: str | None) -> Executor:
    if engine == "ray":
        from khabar.batch.ray_engine import RayMissingError, import_ray
        from khabar.batch.ray_executor import RayExecutor

        try:
            import_ray()
        except RayMissingError as e:
            raise click.ClickException(str(e)) from None
        return RayExecutor(workers, address)
    return local_executor(workers)


def _without_store_files(items, db: str):
    """Everything read except the store's own files, for ``khabar ingest . --db here.db``."""
    own = {os.path.realpath(db + suffix) for suffix in ("", "-wal", "-shm", "-journal", ".lock")}
    for item in items:
        if os.path.realpath(item.origin) not in own:
            yield item


def _report(console: Console, s: IngestSummary, db: str, seconds: float, interrupted: bool) -> None:
    rate = s.seen / seconds if seconds > 0 else 0.0
    if interrupted:
        console.print(
            f"[bold]interrupted[/bold] after {seconds:.1f} s ({rate:.0f} articles/s) → {db}: every committed "
            "batch is kept; run the same command again to resume"
        )
    else:
        console.print(f"[bold]done[/bold] in {seconds:.1f} s ({rate:.0f} articles/s) → {db}")
    console.print(f"  stored            {s.stored}")
    console.print(f"  exact copies      {s.duplicates}  (same text as a stored article; recorded as another input)")
    console.print(f"  already stored    {s.skipped}  (from an earlier run)")
    if not interrupted:
        console.print(f"  near-duplicates   {s.near_duplicates}  (articles with duplicate_of set, whole store)")
    console.print(f"  failed            {len(s.failed)}")
    for reason, count in s.failure_reasons().most_common(8):
        console.print(f"    {count:>6} × {reason}")
    for failure in s.failed[:5]:
        console.print(f"    e.g. {failure}", style="dim")
