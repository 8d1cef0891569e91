"""khabar eval time: reading Wojood-style files and scoring spans."""

import json

import pytest
from click.testing import CliRunner

from khabar.cli import main
from khabar.time.wojood import read_wojood

# a small file in Wojood's format, written for this test
SAMPLE = """وقال O
الوزير O
يوم B-DATE
الثلاثاء I-DATE
إن O
الاجتماع O
عقد O
الساعة B-TIME
العاشرة I-TIME
صباحا I-TIME
. O

وتأسست O
الشركة B-ORG
عام B-DATE I-ORG
2010 I-DATE I-ORG
في O
بيروت B-GPE
. O
"""


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_time_wojood_reads_spans_at_every_level(sample):
    sents = read_wojood(sample)
    assert [sorted(s.spans) for s in sents] == [[(2, 4, "DATE"), (7, 10, "TIME")], [(2, 4, "DATE")]]


def test_time_wojood_cli_json_scores(sample):
    result = CliRunner().invoke(main, ["eval", "time", str(sample), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["scores"]
    assert scores["ALL"] == {"gold": 3, "predicted": 3, "precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_time_wojood_cli_rejects_bad_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("كلمة\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "time", str(bad)])
    assert result.exit_code != 0 and "expected 'token TAG" in result.output


def test_time_wojood_val_floor(shared_data):
    """The public validation part: span F1 must stay at the issue's floor (0.90)."""
    from khabar.time.wojood import evaluate

    ev = evaluate(read_wojood(shared_data / "wojood" / "val.txt"))
    assert ev.scores["DATE"].f1 >= 0.90
    assert ev.scores["ALL"].f1 >= 0.90


def test_time_wojood_cli_errors_lists_false_alarms(tmp_path):
    """The gold file below leaves 'يوم الثلاثاء' untagged: khabar's span is a false alarm,
    listed by --errors as JSON Lines; the old --errors N still works, with a warning."""
    path = tmp_path / "untagged.txt"
    path.write_text(SAMPLE.replace("B-DATE\nالثلاثاء I-DATE", "O\nالثلاثاء O"), encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(main, ["eval", "time", str(path), "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1 and rows[0]["label"] == "DATE" and "الثلاثاء" in rows[0]["context"]
    old = CliRunner().invoke(main, ["eval", "time", str(path), "--format", "json", "--errors", "5"])
    assert old.exit_code == 0 and "--errors 5 (a count) is deprecated" in old.stderr
    assert json.loads(old.stdout)["errors"][0]["label"] == "DATE"
