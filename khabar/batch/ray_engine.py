"""The Ray engine: shards through a Ray Data actor pool, on this machine or a cluster.

Ray is an optional extra (``pip install 'khabar[ray]'``) imported only here, only when
asked for. Each actor of the pool builds the ``ShardJob`` once (``__init__``: the
pipeline, its NER model, its caches) and then does one shard per call
(``map_batches(batch_size=1)``): it reads the shard from wherever it lives (a shared
disk, ``s3://`` …), analyses it, writes its Parquet files next to the output and commits
them. Only a small result per shard travels back through the object store, so it stays
bounded however large the input is. An actor that dies (killed, out of memory, its node
lost) is restarted and its shard done again from the start; the commit protocol
(``batch.output``) makes that invisible in the output.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from khabar.batch.job import ShardJob
from khabar.batch.output import ShardResult
from khabar.batch.shards import Shard

MISSING = "the ray engine needs Ray: pip install 'khabar[ray]' (Ray Data, Apache-2.0)"


class RayMissingError(RuntimeError):
    pass


def import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise RayMissingError(MISSING) from None
    return ray


def connect(address: str | None = None, num_cpus: int | None = None, object_store_memory: int | None = None) -> Any:
    """Ray, initialised: an existing connection is kept; ``address`` joins a cluster
    (``auto``: the one this machine belongs to; ``ray://head:10001``: Ray Client), else a
    local Ray is started with ``num_cpus`` CPUs."""
    ray = import_ray()
    if not ray.is_initialized():
        quiet = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
        if address:
            ray.init(address=address, **({} if address.startswith("ray://") else quiet))
        else:
            ray.init(num_cpus=num_cpus, object_store_memory=object_store_memory, **quiet)
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    return ray


def cluster_cpus() -> int:
    ray = import_ray()
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


class _ShardActor:
    """The class-based UDF of the actor pool: one ``ShardJob`` per actor."""

    def __init__(self, job: ShardJob):
        self.run = job()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        results = []
        for text in batch["shard"]:
            result = self.run(Shard.from_dict(json.loads(str(text))))
            results.append(json.dumps({**result.to_dict(), "worker": f"{os.uname().nodename}:{os.getpid()}"}))
        return {"result": np.array(results, dtype=object)}


def run_shards(
    job: ShardJob, shards: Sequence[Shard], workers: int, memory_per_actor: int | None = None
) -> Iterator[tuple[ShardResult, str]]:
    """Do ``shards`` on a pool of ``workers`` actors (one CPU each); yields each shard's
    result and the worker that did it, as shards finish. Call ``connect`` first."""
    if not shards:
        return
    ray = import_ray()
    items = [{"shard": json.dumps(s.to_dict())} for s in shards]
    data = ray.data.from_items(items, override_num_blocks=len(items))
    # Ray Data's actors restart when they die and their tasks are retried (max_restarts
    # and max_task_retries default to -1 for actor pools): a lost shard is redone.
    done = data.map_batches(
        _ShardActor,
        fn_constructor_args=(job,),
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1),
        num_cpus=1,
        memory=memory_per_actor,  # a reservation: Ray places no more actors on a node than fit
    )
    for row in done.iter_rows():
        d = json.loads(row["result"])
        yield ShardResult.from_dict(d), d["worker"]
