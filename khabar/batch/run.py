"""``run_batch``: find the shards, skip the done ones, run an engine, then near-duplicates.

The ``local`` engine runs ``ShardJob`` in this process (one worker) or a local process
pool; the ``ray`` engine in a Ray Data actor pool. Both call the same function per
shard, so their outputs are the same files with the same rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from khabar.batch.analyse import ChunkAnalyser
from khabar.batch.duplicates import DuplicateSummary, find_duplicates
from khabar.batch.executors import local_executor
from khabar.batch.job import ShardJob
from khabar.batch.output import Output, ShardResult
from khabar.batch.shards import CC_BASE, Shard, find_shards
from khabar.batch.stories import StorySummary, find_stories
from khabar.batch.tables import PARTITIONS
from khabar.corpus.stories import Embedder, sentence_encoder
from khabar.pipeline import Options, select
from khabar.sources.base import Failure

ENGINES = ("local", "ray")


@dataclass
class BatchSummary:
    shards: int = 0  # found
    already: int = 0  # done by an earlier run, skipped
    results: list[ShardResult] = field(default_factory=list)
    errors: list[ShardResult] = field(default_factory=list)  # shards that failed whole, not committed
    workers: dict[str, int] = field(default_factory=dict)  # worker -> shards it did
    unreadable: list[Failure] = field(default_factory=list)  # inputs that could not be listed
    duplicates: DuplicateSummary | None = None
    stories: StorySummary | None = None
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return sum(r.records for r in self.results)

    @property
    def documents(self) -> int:
        return sum(r.documents for r in self.results)

    @property
    def failures(self) -> int:
        return sum(r.failures for r in self.results)


Progress = Callable[[BatchSummary], None]


def run_batch(
    inputs: Sequence[str],
    out: str,
    *,
    engine: str = "local",
    workers: int = 1,
    address: str | None = None,
    options: Options | None = None,
    partition: Sequence[str] = PARTITIONS,
    text_column: str | None = None,
    base_uri: str = CC_BASE,
    dedup: bool = True,
    stories: bool = False,
    embedder: Callable[[], Embedder] | None = None,
    memory_per_actor: int | None = None,
    progress: Progress | None = None,
    summary: BatchSummary | None = None,
) -> BatchSummary:
    """Analyse every shard under ``inputs`` not done yet into ``out``; counts go into
    ``summary`` as shards finish, so an interrupted caller still knows what was done.

    ``stories``: embed every title in the map (``embedder``, default the sentence encoder
    of ``khabar stories``) and group stories over the whole output after near-duplicates."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose {' or '.join(ENGINES)}")
    started = time.perf_counter()
    summary = summary if summary is not None else BatchSummary()
    tell = progress or (lambda s: None)
    options = options or Options()
    output = Output(out)
    shards: dict[str, Shard] = {}  # by id: a file named twice is one shard
    for found in find_shards(list(inputs), base_uri, skip=out):
        if isinstance(found, Failure):
            summary.unreadable.append(found)
        else:
            shards.setdefault(found.id, found)
    summary.shards = len(shards)
    output.prepare(partition, [s.name for s in select(options.stages)], list(shards), stories)
    done = output.done()
    todo = [s for s in shards.values() if not output.is_done(s, done)]
    summary.already = len(shards) - len(todo)
    for shard in todo:
        output.forget(shard.id, done)  # an earlier run's files of a changed input
    todo.sort(key=lambda s: -(s.size or 0))  # longest first: the workers finish together
    encoder = (embedder or sentence_encoder) if stories else None
    job = ShardJob(out, ChunkAnalyser(options), tuple(partition), text_column, embedder=encoder)
    tell(summary)
    for result, worker in _engine(engine, job, todo, workers, address, memory_per_actor):
        (summary.errors if result.error else summary.results).append(result)
        summary.workers[worker] = summary.workers.get(worker, 0) + 1
        tell(summary)
    if dedup:
        summary.duplicates = find_duplicates(output, engine)
    if stories:
        summary.stories = find_stories(output, engine)
    summary.seconds = time.perf_counter() - started
    return summary


def _engine(
    engine: str, job: ShardJob, shards: list[Shard], workers: int, address: str | None, memory: int | None
) -> Iterator[tuple[ShardResult, str]]:
    if engine == "ray":
        from khabar.batch.ray_engine import connect, run_shards

        connect(address, num_cpus=None if address else workers)
        yield from run_shards(job, shards, workers, memory)
        return
    executor = local_executor(workers)
    for result in executor.map(job, shards):
        yield result, "local"
