"""What one running server holds: its settings, its store connections and its analysis workers."""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.sources.base import Failure, Meta, Record
from khabar.store import Store, StoreError, open_store
from khabar.store.base import Incoming
from khabar.web.analysis import AnalysisPool, Busy, PoolBroken, timed_out
from khabar.web.problems import Problem
from khabar.web.settings import Settings
from khabar.web.stores import Readers, Writer


@dataclass
class Server:
    settings: Settings
    readers: Readers = field(init=False)
    writer: Writer = field(init=False)
    pool: AnalysisPool = field(init=False)

    def __post_init__(self) -> None:
        open_store(self.settings.db).close()  # create or upgrade the store before any reader opens it
        self.readers = Readers(self.settings.db)
        self.writer = Writer(self.settings.db)
        self.pool = AnalysisPool(self.settings.workers, self.settings.analysis_seconds, self.settings.queue)

    def store(self) -> Store:
        return self.readers.get()

    def analyse(self, records: list[Record], storing: bool = True) -> list[Incoming | Failure]:
        """Analyse in the worker pool; limits and a busy pool become problems to answer with."""
        for k, record in enumerate(records):
            if len(record.body) > self.settings.max_chars:
                raise Problem(
                    413,
                    "too-long",
                    f"article {k} has {len(record.body):,} characters; this server analyses at most "
                    f"{self.settings.max_chars:,}",
                )
        try:
            return self.pool.analyse(records, storing)
        except Busy as e:
            raise Problem(503, "busy", str(e), headers={"Retry-After": "5"}) from None
        except PoolBroken as e:
            raise Problem(503, "analysis-failed", str(e), headers={"Retry-After": "10"}) from None

    def analyse_one(self, record: Record, storing: bool = False) -> Incoming:
        [done] = self.analyse([record], storing)
        if isinstance(done, Failure):
            if timed_out(done):
                raise Problem(
                    422,
                    "analysis-timeout",
                    f"the analysis took longer than {self.settings.analysis_seconds:g} seconds and was stopped",
                )
            raise Problem(422, "analysis-failed", done.message)
        return done

    def close(self) -> None:
        self.pool.close()
        self.writer.close()
        self.readers.close()


def record_of(text: str, fmt: str, meta: Meta, origin: str) -> Record:
    """A record for the pipeline: ``fmt`` auto decides between a page and plain text."""
    from khabar.pipeline import looks_like_html

    is_html = fmt == "html" or (fmt == "auto" and looks_like_html(text))
    return Record(text, meta, origin, "html" if is_html else "text")


def writing_problem(e: StoreError) -> Problem:
    return Problem(409, "store-busy", str(e), headers={"Retry-After": "30"})
