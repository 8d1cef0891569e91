import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from corpus_fixtures import write_corpus

from khabar.cli import main

TABLES = {
    "documents": "SELECT id, source, title, published, url, author, language, duplicate_of, story FROM documents ORDER BY n",
    "contents": "SELECT n, text, layout, hex(signature) FROM contents ORDER BY n",
    "inputs": "SELECT key, doc, origin, source, url, published FROM inputs ORDER BY key",
    "sources": "SELECT id, name FROM sources ORDER BY id",
    "entities": "SELECT id, type, name, key FROM entities ORDER BY id",
    "aliases": "SELECT * FROM aliases ORDER BY entity, key",
    "mentions": "SELECT * FROM mentions ORDER BY doc, start",
    "quotes": "SELECT * FROM quotes ORDER BY id",
    "times": "SELECT * FROM times ORDER BY doc, start",
    "index": "SELECT term, doc, col, offset FROM temp.vocab ORDER BY term, doc, col, offset",
}


def dump(path) -> dict[str, list]:
    """Everything a store holds, full-text index included, in a comparable form."""
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, search, 'instance')")
    out = {name: db.execute(sql).fetchall() for name, sql in TABLES.items()}
    db.close()
    return out


def ingest_cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", "from khabar.cli import main; main()", "ingest", *args]


def test_ingest_cli_summary_and_rerun(tmp_path, store_location):
    write_corpus(tmp_path / "in", 60, copies=6, files=2)
    (tmp_path / "in" / "broken.json").write_text('[{"title": "خبر"', encoding="utf-8")
    db = store_location
    if not db.startswith("postgresql:"):
        db = str(tmp_path / "in" / "k.db")  # inside the folder ingested: its own files are not inputs
    runner = CliRunner(env={"COLUMNS": "200"})
    first = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db, "--workers", "1"])
    assert first.exit_code == 1, first.output  # a record failed: the status says so, the others are stored
    assert "stored            66" in first.output and "near-duplicates   6" in first.output
    assert "failed            1" in first.output and "invalid JSON" in first.output
    assert "broken.json#0" in first.output  # the failure is named with its file and record
    again = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db, "--workers", "1"])
    assert "stored            0" in again.output and "already stored    66" in again.output
    assert "failed            1" in again.output


def test_ingest_pool_builds_the_same_store_as_one_process(tmp_path):
    write_corpus(tmp_path / "in", 120, copies=10, files=3)
    for workers, name in ((1, "one.db"), (2, "two.db")):
        subprocess.run(
            ingest_cmd(str(tmp_path / "in"), "--db", str(tmp_path / name), "--workers", str(workers), "--batch", "16"),
            check=True,
            capture_output=True,
        )
    assert dump(tmp_path / "one.db") == dump(tmp_path / "two.db")


@pytest.fixture(scope="module")
def interrupted_corpus(tmp_path_factory):
    """A corpus and the store an uninterrupted ingest makes of it."""
    root = tmp_path_factory.mktemp("interrupt")
    records = write_corpus(root / "in", 900, copies=40, files=3)
    args = [str(root / "in"), "--workers", "1", "--batch", "20", "--no-count"]
    subprocess.run(ingest_cmd(*args, "--db", str(root / "ref.db")), check=True, capture_output=True)
    return root, args, len(records), dump(root / "ref.db")


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_ingest_interrupted_midway_resumes_to_the_same_store(interrupted_corpus, tmp_path, stop):
    """Stop an ingest once some batches are committed; the rerun must finish with
    exactly the store an uninterrupted run makes (rows, links, duplicates, index)."""
    root, args, total, reference = interrupted_corpus
    crash = tmp_path / "crash.db"
    proc = subprocess.Popen(
        ingest_cmd(*args, "--db", str(crash)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a terminal sends it: a disposition inherited from the test process (a
        # library may have set SIGINT to be ignored) would make Python ignore it too
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    committed = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if crash.exists():
            try:
                db = sqlite3.connect(f"file:{crash}?mode=ro", uri=True)
                committed = db.execute("SELECT COUNT(*) FROM inputs").fetchone()[0]
                db.close()
            except sqlite3.OperationalError:
                committed = 0  # schema not made yet
        if committed >= 100:
            break
        time.sleep(0.01)
    proc.send_signal(stop)
    _, err = proc.communicate(timeout=60)
    assert 100 <= committed < total, "the stop must land mid-way"
    if stop == signal.SIGINT:
        assert proc.returncode == 130 and "interrupted" in err
    assert len(dump(crash)["inputs"]) < total

    resumed = subprocess.run(ingest_cmd(*args, "--db", str(crash)), check=True, capture_output=True, text=True)
    assert "already stored" in resumed.stderr
    assert dump(crash) == reference


@pytest.fixture
def filled(tmp_path, store_location):
    write_corpus(tmp_path / "in", 40, copies=4)
    db = store_location
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


def test_ingest_then_search_cli_finds_clitic_forms(filled):
    result = CliRunner().invoke(main, ["search", "والرياض", "--db", filled, "--format", "jsonl", "--limit", "100"])
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert hits and all("الرياض" in h["snippet"] for h in hits)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    dated = CliRunner().invoke(
        main, ["search", "الرياض", "--db", filled, "--format", "jsonl", "--to", "2015-08-03", "--limit", "100"]
    )
    assert all(json.loads(line)["published"] <= "2015-08-03" for line in dated.stdout.splitlines())
    old = CliRunner().invoke(main, ["search", "الرياض", "--db", filled, "--json", "--limit", "100"])
    assert old.exit_code == 0 and "--json is deprecated" in old.stderr
    assert [json.loads(line) for line in old.stdout.splitlines()] == [
        json.loads(line)
        for line in CliRunner()
        .invoke(main, ["search", "الرياض", "--db", filled, "--format", "jsonl", "--limit", "100"])
        .stdout.splitlines()
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", "الرياض", "--db", "missing.db"], "khabar ingest"),
        (["search", "...", "--db", None], "no word"),
        (["search", "الرياض", "--db", None, "--from", "أمس"], "YYYY-MM-DD"),
        (["entity", "أحد لا يعرفه أحد", "--db", None], "no entity"),
    ],
)
def test_ingest_store_commands_explain_errors(filled, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [a if a is not None else filled for a in args])
    assert result.exit_code != 0 and message in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_ingest_export_formats(filled, tmp_path, fmt):
    out = tmp_path / f"docs.{fmt}"
    result = CliRunner().invoke(main, ["export", "--db", filled, "--format", fmt, "-o", str(out)])
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        assert result.exit_code == 0, result.output
        table = pq.read_table(out)
        assert table.num_rows == 44 and "duplicate_of" in table.column_names
        assert sum(v is not None for v in table.column("duplicate_of").to_pylist()) == 4
        return
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else text.splitlines()[1:]
    assert len(rows) == 44 or fmt == "csv"  # csv rows hold newlines inside quoted text
    assert "الرياض" in text or "جدة" in text


def test_ingest_export_empty_table_still_has_a_header(filled):
    result = CliRunner().invoke(main, ["export", "--db", filled, "--table", "quotes", "--format", "csv"])
    assert result.exit_code == 0 and result.output.splitlines()[0].startswith("document,published,source")


def test_ingest_entity_cli_lists_profile(store_location):
    from helpers import make_doc

    from khabar.store import Incoming, open_store

    db = store_location
    doc = make_doc("أعلنت شركة أرامكو السعودية عن اكتشاف حقل جديد.", [("ORG", "أرامكو السعودية", ["أرامكو السعودية"])])
    with open_store(db) as store:
        store.write([Incoming("k", "t", doc.replace(published="2015-08-04"))])
    result = CliRunner().invoke(main, ["entity", "ارامكو السعوديه", "--db", db])
    assert result.exit_code == 0, result.output
    assert "أرامكو السعودية" in result.output and "articles 1" in result.output and "2015-08-04" in result.output
    as_json = CliRunner().invoke(main, ["entity", "أرامكو السعودية", "--db", db, "--format", "json"])
    [profile] = json.loads(as_json.stdout)
    assert profile["type"] == "ORG" and profile["aliases"] == [{"name": "أرامكو السعودية", "count": 1}]


def test_ingest_real_dump_sample(shared_data, tmp_path):
    from itertools import islice

    from khabar.batch.ingest import ingest
    from khabar.sources import read_paths
    from khabar.store import open_store

    dump = sorted((shared_data / "saudinewsnet").glob("*.zip"))[0]
    with open_store(tmp_path / "k.db") as store:
        summary = ingest(islice(read_paths([str(dump)]), 300), store)
        assert summary.seen == 300 and summary.stored > 250
        counts = store.counts()
        assert counts["inputs"] == summary.stored + summary.duplicates
        assert counts["sources"] >= 1 and all(h.source for h in store.search("السعودية", limit=5))
        hits = store.search("السعودية", limit=5)
        assert len(hits) == 5 and all(h.published and h.published.startswith("2015-") for h in hits)
