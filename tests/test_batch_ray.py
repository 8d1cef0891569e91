"""khabar batch on Ray, run locally (``ray.init(num_cpus=2)``, no dashboard): the same
files as the local engine, exactly once even when an actor is killed mid-shard, LSH
grouped in Ray equal to the in-process one, and ingest through ``RayExecutor``."""

from __future__ import annotations

import pytest

pytest.importorskip("pyarrow", reason="khabar batch writes Parquet: pip install 'khabar[parquet]'")
ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'khabar[ray]'")

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
from batch_fixtures import make_inputs, parquet_files, records_seen
from corpus_fixtures import write_corpus
from test_ingest import dump

from khabar.batch.duplicates import ray_candidate_pairs, read_duplicates
from khabar.batch.ingest import ingest
from khabar.batch.output import Output
from khabar.batch.ray_executor import RayExecutor
from khabar.batch.run import run_batch
from khabar.batch.stories import link_stories
from khabar.corpus import lsh
from khabar.corpus.dedup import signatures_of
from khabar.corpus.minhash import EMPTY
from khabar.sources import read_paths
from khabar.store import open_store


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def test_batch_ray_writes_the_files_the_local_engine_writes(tmp_path):
    make_inputs(tmp_path / "in", n=16, files=3, copies=4)
    run_batch([str(tmp_path / "in")], str(tmp_path / "local"), workers=1)
    summary = run_batch([str(tmp_path / "in")], str(tmp_path / "ray"), engine="ray", workers=2)
    assert summary.records == 22 and len(summary.results) == 3
    assert parquet_files(tmp_path / "ray") == parquet_files(tmp_path / "local")
    assert read_duplicates(Output(str(tmp_path / "ray"))) and summary.duplicates and summary.duplicates.marked == 4


def test_batch_ray_actor_killed_mid_shard_every_record_still_once(tmp_path):
    n = make_inputs(tmp_path / "in", n=60, files=6, copies=0)
    out = tmp_path / "ray"
    outcome: dict = {}
    run = threading.Thread(
        target=lambda: outcome.update(summary=run_batch([str(tmp_path / "in")], str(out), engine="ray", workers=2))
    )
    run.start()
    killed = None
    deadline = time.monotonic() + 300
    while run.is_alive() and killed is None and time.monotonic() < deadline:
        # a shard being written names its worker: kill that actor, inside its shard
        for owner in (out / "_staging").glob("*/_owner"):
            try:
                killed = int(owner.read_text().rsplit(":", 1)[1])
            except (OSError, ValueError, IndexError):
                continue
            os.kill(killed, signal.SIGKILL)
            break
        time.sleep(0.02)
    run.join(600)
    assert killed is not None, "the run ended before an actor was inside a shard"
    summary = outcome["summary"]
    assert len(summary.results) == 6 and not Path(f"/proc/{killed}").exists()
    seen = records_seen(out)
    assert sum(seen.values()) == n and set(seen.values()) == {1}
    assert not (out / "_staging").exists() or not list((out / "_staging").iterdir())
    run_batch([str(tmp_path / "in")], str(tmp_path / "local"), workers=1)
    assert parquet_files(out) == parquet_files(tmp_path / "local")


def test_batch_ray_lsh_groups_bands_like_the_in_process_lsh():
    rng = np.random.default_rng(3)
    texts = [
        " ".join(rng.choice(["قال", "الوزير", "إن", "المشروع", "في", "الرياض", "اليوم", "جديد"], 40))
        for _ in range(300)
    ]
    texts += [t + " وأضاف" for t in texts[:60]] + [""]  # near-copies, and a text with no shingle
    signatures = signatures_of(texts)
    common = np.tile(signatures[0], (lsh.MAX_BUCKET + 1, 1))  # a bucket too big to be a story
    signatures = np.concatenate((signatures, common))
    assert (signatures[len(texts) - 1] == EMPTY).all()
    expected = lsh.candidate_pairs(signatures)
    assert len(expected) > 60
    assert np.array_equal(ray_candidate_pairs(signatures, parts=5), expected)


def test_batch_ray_executor_ingests_the_store_one_process_does(tmp_path):
    write_corpus(tmp_path / "in", 24, copies=3, files=2)
    for name, executor in (("local.db", None), ("ray.db", RayExecutor(2))):
        with open_store(tmp_path / name) as store:
            ingest(read_paths([str(tmp_path / "in")]), store, executor=executor, chunk=4, batch=8)
    assert dump(tmp_path / "ray.db") == dump(tmp_path / "local.db")


def test_batch_ray_story_links_per_day_give_the_local_numbering():
    rng = np.random.default_rng(9)
    vectors = rng.normal(size=(80, 8)).astype(np.float32)
    vectors[40:] = vectors[:40] + rng.normal(scale=0.3, size=(40, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    published = [f"2015-08-{1 + k % 12:02d}" for k in range(80)]
    entities = [frozenset({k % 6}) for k in range(80)]
    leaders = [None] * 80
    local = link_stories(published, vectors, entities, leaders)
    assert len(set(local)) < 80
    assert link_stories(published, vectors, entities, leaders, engine="ray") == local
