import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from khabar.cli import main

ARTICLE = "عنوان قصير للخبر\nقال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة.\nوأضاف أن جدول الأعمال يتضمن ملفات اقتصادية وأمنية عديدة."


@pytest.fixture
def runner():
    return CliRunner()


def test_cli_analyze_file_prints_one_json_object(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(main, ["analyze", str(p), "--published", "2024-04-09"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["title"] == "عنوان قصير للخبر"
    assert d["published"] == "2024-04-09"
    assert len(d["paragraphs"]) == 2 and len(d["sentences"]) == 2
    for key in ("id", "url", "source", "text", "entities", "times", "quotes"):
        assert key in d


def test_cli_analyze_stdin(runner):
    r = runner.invoke(main, ["analyze", "-", "--format", "jsonl"], input=ARTICLE)
    assert r.exit_code == 0
    assert len(r.stdout.strip().splitlines()) == 1


def test_cli_analyze_metadata_options_override(runner, tmp_path):
    p = tmp_path / "a.json"
    p.write_text(json.dumps({"content": ARTICLE, "title": "قديم", "source": "x"}, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(main, ["analyze", str(p), "--title", "جديد", "--source", "okaz", "--url", "http://u"])
    d = json.loads(r.stdout)
    assert (d["title"], d["source"], d["url"]) == ("جديد", "okaz", "http://u")


def test_cli_analyze_rejects_bad_date(runner):
    r = runner.invoke(main, ["analyze", "-", "--published", "9/4/2024"], input=ARTICLE)
    assert r.exit_code == 2
    assert "YYYY-MM-DD" in r.output


def test_cli_analyze_batch_goes_on_and_counts_failures(runner, tmp_path):
    (tmp_path / "good1.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "good2.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": "مرحبا بالعالم"}\n{oops\n', encoding="utf-8")
    r = runner.invoke(main, ["analyze", str(tmp_path)])
    assert r.exit_code == 1
    assert len(r.stdout.strip().splitlines()) == 3  # JSON Lines for several documents
    errors = [line for line in r.stderr.splitlines() if "error" in line]
    assert len(errors) == 3
    assert "3 documents analysed, 3 failed" in r.stderr


def test_cli_analyze_non_arabic_is_processed_with_language(runner):
    r = runner.invoke(main, ["analyze", "-"], input="The minister said that the talks in the capital were useful.")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["language"] == "en"


def test_cli_analyze_refuses_huge_single_line(runner, tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text("كلمة " * 300_000, encoding="utf-8")
    r = runner.invoke(main, ["analyze", str(p), "--max-chars", "1000000"])
    assert r.exit_code == 1
    assert "--max-chars" in r.stderr


def test_cli_analyze_text_view(runner, tmp_path):
    r = runner.invoke(main, ["analyze", "-", "--format", "text"], input=ARTICLE)
    assert r.exit_code == 0
    assert "عنوان قصير للخبر" in r.stdout and "2 paragraphs" in r.stdout


def test_cli_analyze_table_view_shows_events(runner):
    text = "قال وزير الخارجية إن بلاده ترفض العقوبات.\nوالتقى رئيس الوزراء نظيره الفرنسي في باريس يوم الأحد."
    r = runner.invoke(main, ["analyze", "-", "--format", "table", "--published", "2024-04-09"], input=text)
    assert r.exit_code == 0, r.output
    events = r.stdout.split("events", 1)[1]
    assert "CONSULT" in events and "2024-04-07" in events


def test_cli_help_teaches(runner):
    r = runner.invoke(main, ["analyze", "--help"])
    assert r.exit_code == 0
    for option in ("--format", "--published", "--input-format", "--encoding", "--max-chars", "Examples"):
        assert option in r.output


def test_cli_entry_point_runs_as_module():
    r = subprocess.run([sys.executable, "-m", "khabar", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "khabar" in r.stdout
