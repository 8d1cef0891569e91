"""khabar batch with the local engine: tables, exactly-once records, resume, readers,
and loading the output into a store (no Ray needed)."""

from __future__ import annotations

import pytest

pytest.importorskip("pyarrow", reason="khabar batch writes Parquet: pip install 'khabar[parquet]'")

import gzip
import io
import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from batch_fixtures import WordVectors, make_inputs, parquet_files, records_seen, table_rows
from click.testing import CliRunner
from test_ingest import dump

from khabar.batch.analyse import ChunkAnalyser
from khabar.batch.duplicates import read_duplicates
from khabar.batch.job import ShardJob, run_shard
from khabar.batch.load import load_output
from khabar.batch.output import Output, OutputError, read_table
from khabar.batch.run import run_batch
from khabar.batch.shards import Shard, find_shards, read_shard
from khabar.batch.stories import link_stories, read_stories
from khabar.batch.tables import document_rows, flatten, partition_values
from khabar.cli import main
from khabar.corpus.stories import StoryItem, group_stories
from khabar.document import Document, register_layer
from khabar.pipeline import Options
from khabar.spans import Span
from khabar.store import Incoming, open_store

FAST = Options(stages=("segment",))


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """One corpus through every stage, with one worker: the output the tests read."""
    root = tmp_path_factory.mktemp("batch")
    n = make_inputs(root / "in")
    summary = run_batch([str(root / "in")], str(root / "out"), workers=1)
    return root, n, summary


def test_batch_every_record_once_in_documents_or_failures(analysed):
    root, n, summary = analysed
    seen = records_seen(root / "out")
    assert sum(seen.values()) == n == summary.records
    assert set(seen.values()) == {1}
    failures = read_table(Output(str(root / "out")), "failures")
    messages = failures["message"].to_pylist()
    assert any("invalid JSON" in m for m in messages) and any("no text left" in m for m in messages)


def test_batch_tables_hold_the_documents_and_their_layers(analysed):
    root, _, _ = analysed
    output = Output(str(root / "out"))
    # events is a registered layer: its table comes without code for it
    assert {"documents", "entities", "quotes", "times", "events", "failures"} <= set(output.tables())
    events = read_table(output, "events")
    assert events.num_rows > 0 and {"type", "trigger_text", "actor_name", "data"} <= set(events.column_names)
    docs = read_table(output, "documents")
    doc = Document.from_dict(json.loads(docs["document"][0].as_py()))
    assert doc.text == docs["text"][0].as_py() and doc.id == docs["id"][0].as_py()
    assert set(docs["month"].to_pylist()) == {"2015-08"}
    assert "copier" in set(docs["source"].to_pylist())
    entities = read_table(output, "entities")
    mention = entities["mentions"][0].as_py()[0]
    doc_of = {d: json.loads(j) for d, j in zip(docs["id"].to_pylist(), docs["document"].to_pylist())}
    assert doc_of[entities["doc"][0].as_py()]["text"][mention["start"] : mention["end"]] == mention["text"]
    quotes = read_table(output, "quotes")
    assert quotes.num_rows > 0 and all(
        json.loads(d)["kind"] == k for d, k in zip(quotes["data"].to_pylist(), quotes["kind"].to_pylist())
    )
    # the partition is in the folder names, not repeated inside the files
    some = next((root / "out" / "documents").rglob("*.parquet"))
    assert "source" not in pq.read_schema(some).names and "source=" in str(some.parent.parent)


def test_batch_duplicates_match_the_store_and_ingest_dir_rebuilds_the_same_store(analysed, tmp_path):
    root, _, _ = analysed
    runner = CliRunner()
    direct, loaded = tmp_path / "direct.db", tmp_path / "loaded.db"
    assert runner.invoke(main, ["ingest", str(root / "in"), "--db", str(direct), "--workers", "1"]).exit_code == 0
    result = runner.invoke(main, ["ingest", str(root / "out"), "--db", str(loaded)])
    assert result.exit_code == 0, result.output
    assert "failed            2" in result.output
    assert dump(loaded) == dump(direct)
    with open_store(str(direct), readonly=True) as store:
        marked = {r["id"]: r["duplicate_of"] for r in store.export("documents")[1] if r["duplicate_of"]}
    assert marked and read_duplicates(Output(str(root / "out"))) == marked
    again = runner.invoke(main, ["ingest", str(root / "out"), "--db", str(loaded)])
    assert "stored            0" in again.output


def test_batch_pool_and_one_process_write_identical_files(analysed, tmp_path):
    root, _, _ = analysed
    run_batch([str(root / "in")], str(tmp_path / "two"), workers=2)
    assert parquet_files(tmp_path / "two") == parquet_files(root / "out")


def test_batch_rerun_skips_done_shards_and_redoes_changed_ones(tmp_path):
    n = make_inputs(tmp_path / "in", n=12, copies=0)
    out = tmp_path / "out"
    first = run_batch([str(tmp_path / "in")], str(out), options=FAST)
    assert len(first.results) == 3
    again = run_batch([str(tmp_path / "in")], str(out), options=FAST)
    assert again.already == 3 and not again.results
    # a shard whose commit was lost (killed after moving its files) is redone, not doubled
    (out / "_manifest" / f"{first.results[0].shard.id}.json").unlink()
    redo = run_batch([str(tmp_path / "in")], str(out), options=FAST)
    assert len(redo.results) == 1
    assert set(records_seen(out).values()) == {1} and sum(records_seen(out).values()) == n
    # an input that changed is done again; its old rows go
    with open(tmp_path / "in" / "part-01.jsonl", "a", encoding="utf-8") as fh:
        fh.write(
            json.dumps({"title": "خبر جديد", "content": "نص خبر جديد أضيف لاحقا إلى الملف."}, ensure_ascii=False) + "\n"
        )
    changed = run_batch([str(tmp_path / "in")], str(out), options=FAST)
    assert [r.shard.path.endswith("part-01.jsonl") for r in changed.results] == [True]
    assert set(records_seen(out).values()) == {1} and sum(records_seen(out).values()) == n + 1


def test_batch_half_written_shard_leaves_nothing_behind(tmp_path):
    make_inputs(tmp_path / "in", n=6, files=1, copies=0)
    shard = next(s for s in find_shards([str(tmp_path / "in")]) if isinstance(s, Shard))
    output = Output(str(tmp_path / "out"))
    output.prepare(("source", "month"), ["segment"], [shard.id])

    def broken(chunk):
        raise MemoryError("worker ran out")

    with pytest.raises(MemoryError):
        run_shard(shard, output, broken, ShardJob(str(tmp_path / "out")))
    assert not list((tmp_path / "out").rglob("*.parquet")) and not output.done()


def test_batch_refuses_an_output_made_with_other_settings(tmp_path):
    make_inputs(tmp_path / "in", n=4, files=1, copies=0)
    run_batch([str(tmp_path / "in")], str(tmp_path / "out"), options=FAST)
    with pytest.raises(OutputError, match="partition"):
        run_batch([str(tmp_path / "in")], str(tmp_path / "out"), options=FAST, partition=("month",))


def test_batch_reads_parquet_gzip_and_warc_shards(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = tmp_path / "in"
    folder.mkdir()
    texts = ["أعلنت الوزارة اليوم عن برنامج جديد في الرياض.", "وقال المتحدث إن المشروع يخدم آلاف المستفيدين."]
    pq.write_table(
        pa.table({"body_text": texts, "headline": ["أ", "ب"], "site": ["x.sa", "y.sa"]}), folder / "a.parquet"
    )
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        for t in texts:
            fh.write(json.dumps({"content": t, "date": "2015-08-02"}, ensure_ascii=False) + "\n")
    with open(folder / "c.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for k, t in enumerate(texts):
            page = f"<html><head><title>خبر {k}</title></head><body><article><p>{t}</p></article></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example.sa/{k}", "response", payload=io.BytesIO(page.encode()), http_headers=headers
                )
            )
    shards = {s.path.rsplit("/", 1)[-1]: s for s in find_shards([str(folder)]) if isinstance(s, Shard)}
    parquet = list(read_shard(shards["a.parquet"], text_column="body_text"))
    assert [r.body for r in parquet] == texts and [r.meta.source for r in parquet] == ["x.sa", "y.sa"]
    assert "text column" in str(next(read_shard(shards["a.parquet"])))
    assert [r.meta.published for r in read_shard(shards["b.jsonl.gz"])] == ["2015-08-02"] * 2
    warc = list(read_shard(shards["c.warc.gz"]))
    assert [r.meta.url for r in warc] == ["https://news.example.sa/0", "https://news.example.sa/1"]
    summary = run_batch([str(folder)], str(tmp_path / "out"), options=FAST, text_column="body_text")
    assert summary.records == 6 and summary.failures == 0
    sources = set(read_table(Output(str(tmp_path / "out")), "documents", ["source"])["source"].to_pylist())
    assert {"x.sa", "news.example.sa"} <= sources  # a WARC page's outlet falls back to its URL's host


def test_batch_common_crawl_listing_names_its_shards(tmp_path):
    make_inputs(tmp_path / "crawl" / "2024", n=4, files=2, copies=0)
    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress(b"2024/part-00.jsonl\n2024/part-01.jsonl\n"))
    shards = list(find_shards([str(listing)], base_uri=str(tmp_path / "crawl")))
    assert [s.path for s in shards] == [str(tmp_path / "crawl" / "2024" / f"part-0{k}.jsonl") for k in (0, 1)]


def test_batch_reads_through_pyarrow_filesystems(tmp_path):
    make_inputs(tmp_path / "in", n=4, files=1, copies=0)
    local = run_batch([str(tmp_path / "in")], str(tmp_path / "a"), options=FAST, dedup=False)
    uri = run_batch([f"file://{tmp_path / 'in'}"], f"file://{tmp_path / 'b'}", options=FAST, dedup=False)
    assert uri.records == local.records and table_rows(tmp_path / "b", "documents") != []
    assert [r["text"] for r in read_table(Output(str(tmp_path / "b")), "documents").to_pylist()] == [
        r["text"] for r in read_table(Output(str(tmp_path / "a")), "documents").to_pylist()
    ]


def test_batch_registered_layer_gets_a_table_without_code(tmp_path):
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class Mark(Span):
        label: str = ""
        who: dict | None = None

        def to_dict(self, text):
            return {"start": self.start, "end": self.end, "label": self.label, "who": self.who, "tags": ["x"]}

    register_layer("test_batch_marks", lambda d: Mark(d["start"], d["end"], d["label"], d.get("who")))
    doc = Document(text="قال الوزير").replace(test_batch_marks=[Mark(0, 3, "cue", {"name": "الوزير", "entity": "e1"})])
    rows = [row for table, row in document_rows("s", 0, Incoming("k", "o", doc)) if table == "test_batch_marks"]
    assert rows[0]["label"] == "cue" and rows[0]["who_name"] == "الوزير" and rows[0]["start"] == 0
    assert json.loads(rows[0]["data"])["tags"] == ["x"]
    assert flatten({"a": 1, "b": [1], "c": {"d": 2, "e": {}}}) == {"a": 1, "c_d": 2}


def test_batch_partitions_fall_back_to_the_url_host_and_unknown():
    assert partition_values(Document(text="x", url="https://www.spa.gov.sa/a")) == {
        "source": "www.spa.gov.sa",
        "month": "unknown",
    }
    assert partition_values(Document(text="x", source="okaz", published="2015-08-01")) == {
        "source": "okaz",
        "month": "2015-08",
    }


def test_batch_cli_reports_and_fails_on_missing_inputs(tmp_path):
    make_inputs(tmp_path / "in", n=4, files=1, copies=0)
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(
        main,
        [
            "batch",
            str(tmp_path / "in"),
            str(tmp_path / "nope"),
            "--out",
            str(tmp_path / "o"),
            "--stages",
            "segment",
            "-q",
        ],
    )
    assert result.exit_code == 1 and "no such file" in result.output and "documents         4" in result.output
    bad = runner.invoke(main, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--stages", "nosuch"])
    assert bad.exit_code == 2 and "unknown stage" in bad.output
    assert "resume" in runner.invoke(main, ["batch", "--help"]).output


def test_batch_story_links_number_stories_as_the_store_rule_does():
    rng = np.random.default_rng(5)
    vectors = rng.normal(size=(60, 8)).astype(np.float32)
    vectors[30:] = vectors[:30] + rng.normal(scale=0.3, size=(30, 8))  # close pairs
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    published = [f"2015-08-{1 + k % 9:02d}" if k % 7 else None for k in range(60)]
    entities = [frozenset({k % 5}) for k in range(60)]
    leaders = [None] * 60
    leaders[41] = 3
    items = [StoryItem(p, e, d) for p, e, d in zip(published, entities, leaders)]
    expected = group_stories(items, vectors)
    assert len(set(expected)) < 60
    assert link_stories(published, vectors, entities, leaders) == expected


def test_batch_stories_group_the_near_copies_of_the_output(tmp_path):
    make_inputs(tmp_path / "in", n=10, files=2, copies=3)
    summary = run_batch([str(tmp_path / "in")], str(tmp_path / "out"), options=FAST, stories=True, embedder=WordVectors)
    assert summary.stories is not None and summary.stories.embedded == 13 and summary.stories.stories >= 3
    output = Output(str(tmp_path / "out"))
    story = read_stories(output)
    assert all(story[doc] == story[original] for doc, original in read_duplicates(output).items())
    with pytest.raises(OutputError, match="stories"):
        run_batch([str(tmp_path / "in")], str(tmp_path / "out"), options=FAST)
    with open_store(tmp_path / "s.db") as store:  # ingest keeps the embeddings: khabar stories need not redo them
        load_output(str(tmp_path / "out"), store)
        assert len(store.embeddings()) == 13


def test_batch_a_shard_that_fails_whole_is_reported_not_raised(tmp_path):
    make_inputs(tmp_path / "in", n=3, files=1, copies=0)
    shard = next(s for s in find_shards([str(tmp_path / "in")]) if isinstance(s, Shard))
    Output(str(tmp_path / "out")).prepare(("source", "month"), ["segment"], [shard.id])
    (tmp_path / "out" / "_staging").write_text("not a folder")  # the writer cannot stage anything
    result = ShardJob(str(tmp_path / "out"), ChunkAnalyser(FAST))()(shard)
    assert result.error and "Error" in result.error and not Output(str(tmp_path / "out")).done()
