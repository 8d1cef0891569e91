"""The command line under careless use: limits that are in force, one-line errors,
stores that only open their own files, and no worker left behind (issue 16)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from corpus_fixtures import write_corpus

from khabar.cli import main
from khabar.cli.limits import reading_options
from khabar.sources import ReadOptions

ARTICLE = "أعلنت الوزارة اليوم عن برنامج جديد في الرياض.\nوقال المتحدث إن العمل يبدأ الأسبوع المقبل."
LIMIT_FLAGS = (
    "--max-bytes",
    "--max-chars",
    "--max-member-bytes",
    "--max-member-ratio",
    "--max-json-depth",
    "--max-json-digits",
    "--encoding-errors",
)


def khabar(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "khabar", *args], capture_output=True, text=True, timeout=120, check=False, **kw
    )


@pytest.fixture
def runner():
    return CliRunner()


# --- limits --------------------------------------------------------------------------


def test_max_chars_above_the_default_is_in_force(runner, tmp_path):
    """--max-chars 3000000 reads a 2,500,000-character article (the reader once kept its
    own 2,000,000 and refused it whatever the flag said)."""
    p = tmp_path / "long.txt"
    p.write_text("خبر قصير عن الطقس.\n" + " " * 2_500_000 + "\n", encoding="utf-8")
    refused = runner.invoke(main, ["analyze", str(p), "-q"])
    assert refused.exit_code == 1 and "more than --max-chars 2,000,000" in refused.output
    read = runner.invoke(main, ["analyze", str(p), "-q", "--max-chars", "3000000"])
    assert read.exit_code == 0, read.output
    assert "خبر قصير" in read.stdout


def test_max_chars_below_the_default_refuses(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(main, ["analyze", str(p), "-q", "--max-chars", "20"])
    assert r.exit_code == 1 and "more than --max-chars 20" in r.output


def options_of(*args: str) -> ReadOptions:
    """The ReadOptions a command gets for ``args``."""
    got: list[ReadOptions] = []

    @click.command()
    @reading_options()
    def probe(read_options: ReadOptions) -> None:
        got.append(read_options)

    result = CliRunner().invoke(probe, list(args))
    assert result.exit_code == 0, result.output
    return got[0]


def test_max_bytes_follows_max_chars_unless_given():
    assert options_of().limits.max_bytes == 16 << 20
    assert options_of().limits.max_chars == 2_000_000
    raised = options_of("--max-chars", "10000000").limits
    assert raised.max_chars == 10_000_000 and raised.max_bytes == 40_000_000  # 4 bytes a character at most
    assert options_of("--max-chars", "1000").limits.max_bytes == 16 << 20  # never below the default
    explicit = options_of("--max-chars", "10000000", "--max-bytes", "1M").limits
    assert explicit.max_bytes == 1 << 20
    assert options_of("--max-member-bytes", "2G", "--encoding-errors", "replace").limits.max_member_bytes == 2 << 30


@pytest.mark.parametrize(
    "args, flag",
    [
        (["--max-chars", "0"], "--max-chars"),
        (["--max-chars", "-5"], "--max-chars"),
        (["--max-json-depth", "0"], "--max-json-depth"),
        (["--max-bytes", "12Q"], "--max-bytes"),
        (["--encoding", "no-such-codec"], "--encoding"),
    ],
)
def test_bad_limit_values_are_usage_errors_naming_the_flag(runner, tmp_path, args, flag):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(main, ["analyze", str(p), *args])
    assert r.exit_code == 2 and flag in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("command", ["analyze", "quotes", "events", "ingest", "batch"])
def test_every_limit_flag_is_in_help_with_its_default(runner, command):
    r = runner.invoke(main, [command, "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0
    text = " ".join(r.output.split())
    for flag in LIMIT_FLAGS:
        assert flag in text, (command, flag)
    for shown in ("[default: 16M, or 4 x --max-chars", "[default: 2000000]", "[default: 4G]", "[default: 64]"):
        assert shown in text, (command, shown)


def test_serve_limits_are_flags_with_their_defaults(runner):
    text = " ".join(runner.invoke(main, ["serve", "--help"], env={"COLUMNS": "200"}).output.split())
    assert "--max-chars" in text and "[default: 500000" in text
    assert "--max-body" in text and "[default: 5M]" in text
    assert runner.invoke(main, ["serve", "--max-body", "0", "--get", "/"]).exit_code == 2


# --- one-line errors -------------------------------------------------------------------


def test_store_and_output_failures_are_one_line(tmp_path):
    (tmp_path / "folder").mkdir()
    store = str(tmp_path / "empty.db")
    assert khabar("db", "upgrade", "--db", store).returncode == 0
    cases = [
        (["search", "خبر", "--db", str(tmp_path / "folder")], "is a folder"),
        (["export", "--db", str(tmp_path / "missing.db"), "-o", str(tmp_path / "x.jsonl")], "no store at"),
        (["export", "--db", store, "-o", str(tmp_path / "no" / "x.jsonl")], "no folder"),
        (["export", "--db", store, "-o", store], "is the store being exported"),
    ]
    for args, message in cases:
        r = khabar(*args)
        assert r.returncode in (1, 2), (args, r.stderr)  # 2: a usage error, with the usage line
        assert message in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert len([line for line in r.stderr.splitlines() if line.startswith("Error:")]) == 1, r.stderr


def test_debug_shows_the_traceback_of_an_unexpected_error(tmp_path):
    """A failure no command foresaw (here: stdout closed under the command) is one line,
    with the way to its traceback; --debug shows the traceback."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    unreadable = tmp_path / "unreadable.db"
    unreadable.write_bytes(b"SQLite format 3\x00" + os.urandom(4080))  # a header, then noise
    r = khabar("db", "check", "--db", str(unreadable))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "not a khabar store" in r.stderr
    # an OSError no command catches itself: the store's lock file cannot be made
    ro = tmp_path / "ro"
    ro.mkdir()
    target = ro / "news.db"
    os.symlink(tmp_path / "folder-that-does-not-exist" / "x.db", target)
    plain = khabar("ingest", str(tmp_path / "a.txt"), "--db", str(target))
    debug = khabar("--debug", "ingest", str(tmp_path / "a.txt"), "--db", str(target))
    assert plain.returncode == 1 and "Traceback" not in plain.stderr, plain.stderr
    assert "Traceback" in debug.stderr, debug.stderr


# --- stores ----------------------------------------------------------------------------


def test_another_programs_database_is_refused_and_left_as_it_is(tmp_path):
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE customers (name TEXT)")
    db.execute("INSERT INTO customers VALUES ('x')")
    db.commit()
    db.close()
    before = other.read_bytes()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    for args in (["ingest", str(tmp_path / "a.txt")], ["search", "خبر"], ["db", "check"]):
        r = khabar(*args, "--db", str(other))
        assert r.returncode == 1 and "another program" in r.stderr, r.stderr
    assert other.read_bytes() == before
    assert not Path(f"{other}-wal").exists()


def test_db_check_reports_counts_and_finds_broken_links(tmp_path):
    write_corpus(tmp_path / "in", 12, copies=2)
    db = tmp_path / "news.db"
    assert khabar("ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "1").returncode == 0
    ok = khabar("db", "check", "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    assert "documents" in ok.stdout and "ok: no problem found" in ok.stdout
    before = db.read_bytes()
    assert khabar("db", "check", "--db", str(db)).returncode == 0
    assert db.read_bytes() == before  # a check writes nothing
    broken = sqlite3.connect(db)
    broken.execute("DELETE FROM contents WHERE n = (SELECT MIN(n) FROM contents)")
    broken.commit()
    broken.close()
    bad = khabar("db", "check", "--db", str(db))
    assert bad.returncode == 1 and "1 articles without their text" in bad.stderr


# --- no worker left behind -------------------------------------------------------------


def descendants(pid: int) -> set[int]:
    """Live (not zombie) processes under ``pid``, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                out.add(pid)
        except OSError:
            pass
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_no_worker_outlives_a_stopped_ingest(tmp_path, stop):
    write_corpus(tmp_path / "in", 400, copies=10, files=2)
    db = tmp_path / "news.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "khabar", "ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= descendants(proc.pid)
        if len(workers) >= 2 and db.exists():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                done = con.execute("SELECT COUNT(*) FROM inputs").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                done = 0
            if done:
                break
        time.sleep(0.05)
    assert proc.poll() is None and len(workers) >= 2, "the ingest must be stopped while its workers run"
    proc.send_signal(stop)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 20
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(workers), f"workers left running after {stop.name}"


# --- eval commands on files that are not gold --------------------------------------------


@pytest.mark.parametrize("command", ["quotes", "events", "ner", "time", "time-values"])
def test_eval_refuses_empty_binary_and_nested_files_in_one_line(runner, tmp_path, command):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "binary.dat").write_bytes(b"\x00\x92\xff\xfe" * 500)
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "\n", encoding="utf-8")
    empty = runner.invoke(main, ["eval", command, str(tmp_path / "empty.jsonl")])
    assert empty.exit_code == 2 and "nothing to score" in empty.output  # not a score of zero
    binary = runner.invoke(main, ["eval", command, str(tmp_path / "binary.dat")])
    assert binary.exit_code == 1 and "not UTF-8 text" in binary.output
    deep = runner.invoke(main, ["eval", command, str(tmp_path / "deep.jsonl")])
    assert deep.exit_code in (1, 2) and not isinstance(deep.exception, RecursionError), deep.output
    for result in (empty, binary, deep):
        assert "Traceback" not in result.output


def test_a_second_writer_through_a_symlink_is_refused(tmp_path):
    from khabar.store import StoreError, open_store

    real = tmp_path / "news.db"
    alias = tmp_path / "alias.db"
    with open_store(str(real)) as first:
        first.lock_for_writing()
        alias.symlink_to(real)
        with open_store(str(alias)) as second, pytest.raises(StoreError, match="another process is writing"):
            second.lock_for_writing()


def test_a_store_in_a_read_only_folder_can_be_read(tmp_path):
    """A WAL store needs a -shm file beside it even to be read; in a folder nobody may
    write to, search, export and db check still read it (they crashed: "attempt to
    write a readonly database"). Root may write anywhere: the check then runs as nobody."""
    import shutil

    write_corpus(tmp_path / "in", 6)
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "news.db"
    assert khabar("ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "1").returncode == 0
    for leftover in folder.glob("news.db?*"):
        leftover.unlink()  # only the store itself, as a copied or shipped one would be
    as_other: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: a read-only folder cannot be made")
        as_other = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        for p in (tmp_path, *tmp_path.parents):
            if p == Path("/tmp") or p == Path("/"):
                break
            p.chmod(p.stat().st_mode | 0o005)  # nobody may walk to it
    folder.chmod(0o555)
    try:
        for args in (["search", "الرياض"], ["export", "--table", "documents"], ["db", "check"]):
            r = subprocess.run(
                [*as_other, sys.executable, "-m", "khabar", *args, "--db", str(db)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert r.returncode == 0, (args, r.stderr)
    finally:
        folder.chmod(0o755)
