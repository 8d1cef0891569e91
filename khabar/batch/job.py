"""One shard, start to finish: read its records, analyse them, write its tables, commit.

``ShardJob`` is the picklable factory every engine calls once per worker (a process of
the local pool, a Ray actor): the ``ChunkAnalyser`` it holds builds that worker's
pipeline, with its NER model and caches, once. The function it returns does one shard
and is the same whichever engine runs it, so the engines give identical files.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from khabar.batch.analyse import ChunkAnalyser, input_key
from khabar.batch.output import Output, ShardResult
from khabar.batch.shards import Shard, read_shard
from khabar.batch.tables import PARTITIONS, document_rows, failure_row
from khabar.corpus.stories import Embedder, story_text
from khabar.sources.base import Failure, Record
from khabar.store.base import Incoming

CHUNK = 32  # records analysed (and MinHashed) together


@dataclass(frozen=True)
class ShardJob:
    """Makes, in each worker, the function that turns a shard into committed tables."""

    out: str
    analyser: ChunkAnalyser = field(default_factory=ChunkAnalyser)
    partition: tuple[str, ...] = PARTITIONS
    text_column: str | None = None
    chunk: int = CHUNK
    # makes the sentence encoder for stories (corpus.stories.sentence_encoder); None: no embeddings
    embedder: Callable[[], Embedder] | None = None

    def __call__(self) -> Callable[[Shard], ShardResult]:
        analyse = self.analyser()
        output = Output(self.out)
        embedder = self.embedder() if self.embedder else None

        def run(shard: Shard) -> ShardResult:
            try:
                return run_shard(shard, output, analyse, self, embedder)
            except Exception as e:  # one shard must not stop a corpus: reported, and redone by the next run
                return ShardResult(shard, error=f"{type(e).__name__}: {e}", peak_rss=peak_rss())

        return run


def _numbered(items: Iterable[Record | Failure], size: int) -> Iterator[list[tuple[int, Record | Failure]]]:
    it = enumerate(items)
    while part := list(islice(it, size)):
        yield part


def embeddings(embedder: Embedder, items: list[Incoming]) -> list[bytes]:
    """Each document's title (else first line) embedded, L2-normalised, as float16 bytes
    (what the store keeps for ``khabar stories``)."""
    texts = [story_text(i.document.title, i.document.text) for i in items]
    vectors = np.asarray(embedder.encode(texts), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return [np.asarray(v, dtype="<f2").tobytes() for v in vectors]


def run_shard(
    shard: Shard, output: Output, analyse: Callable, job: ShardJob, embedder: Embedder | None = None
) -> ShardResult:
    """Every record of ``shard`` becomes exactly one row of ``documents`` or of ``failures``."""
    started = time.perf_counter()
    result = ShardResult(shard)
    writer = output.writer(shard, job.partition)
    try:
        for part in _numbered(read_shard(shard, job.text_column), job.chunk):
            todo = [(n, r) for n, r in part if isinstance(r, Record)]
            done = analyse([(input_key(r), r) for _, r in todo]) if todo else []
            outcome: dict[int, Incoming | Failure] = {n: r for n, r in part if isinstance(r, Failure)}
            outcome.update((n, item) for (n, _), item in zip(todo, done))
            analysed = [i for i in done if isinstance(i, Incoming)]
            vectors = dict(zip(map(id, analysed), embeddings(embedder, analysed))) if embedder and analysed else {}
            for n in sorted(outcome):
                item = outcome[n]
                if isinstance(item, Failure):
                    writer.add(*failure_row(shard.id, n, item))
                    result.failures += 1
                else:
                    for table, row in document_rows(shard.id, n, item, vectors.get(id(item))):
                        writer.add(table, row)
                    result.documents += 1
            result.records += len(part)
        result.files = writer.close()
    except BaseException:
        writer.abort()
        raise
    result.seconds = time.perf_counter() - started
    result.peak_rss = peak_rss()
    output.commit(result)
    return result


def peak_rss() -> int:
    """This process's peak resident memory in bytes: ``VmHWM`` on Linux (``ru_maxrss``
    would carry the peak of whatever process exec'd this one), else ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024
