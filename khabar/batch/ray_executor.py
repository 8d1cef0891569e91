"""``RayExecutor``: the ``Executor`` protocol on Ray actors, for ``khabar ingest --engine ray``.

Each of ``workers`` actors calls the task factory once (its own pipeline and caches) and
then runs items sent to it; results come back **in input order** with at most
``2 x workers`` items in flight, exactly as ``ProcessExecutor`` does, so ingest needs no
change to use it. An actor that dies is restarted by Ray and its pending items are run
again (tasks are pure: the same item gives the same result).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from khabar.batch.executors import Task, TaskFactory
from khabar.batch.ray_engine import connect


class _TaskActor:
    def __init__(self, factory: TaskFactory):
        self.task: Task = factory()

    def run(self, item: Any) -> Any:
        return self.task(item)


class RayExecutor:
    """Items mapped over ``workers`` Ray actors (one CPU each) of a local Ray or of the
    cluster at ``address``."""

    def __init__(self, workers: int, address: str | None = None):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.address = address

    def map(self, factory: TaskFactory, items: Iterable[Any]) -> Iterator[Any]:
        ray = connect(self.address, num_cpus=None if self.address else self.workers)
        actor_class = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=-1)(_TaskActor)
        actors = [actor_class.remote(factory) for _ in range(self.workers)]
        pending: deque[Any] = deque()
        try:
            for n, item in enumerate(items):
                pending.append(actors[n % self.workers].run.remote(item))
                if len(pending) >= 2 * self.workers:
                    yield ray.get(pending.popleft())
            while pending:
                yield ray.get(pending.popleft())
        finally:
            for ref in pending:
                ray.cancel(ref)
            for actor in actors:
                ray.kill(actor)

    def close(self) -> None:
        pass
