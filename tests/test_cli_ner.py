"""``khabar eval ner`` and ``khabar train ner`` on small CoNLL files written here."""

import json

import pytest
from click.testing import CliRunner

from khabar.cli import main

GOLD = """قال O
الرئيس O
الفرنسي O
إيمانويل B-PERS
ماكرون I-PERS
في O
باريس B-LOC
إن O
شركة O
رينو B-ORG
ستبقى O
. O

وزار O
ماكرون B-PERS
الجزائر B-LOC
أمس O
. O
"""


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.conll"
    path.write_text(GOLD, encoding="utf-8")
    return path


def test_cli_eval_ner_json_has_the_contract_keys(gold_file):
    result = CliRunner().invoke(main, ["eval", "ner", str(gold_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert {"precision", "recall", "f1", "per_type", "tokens_per_second", "tokens_per_second_known_words"} <= set(
        scores
    )
    assert 0 <= scores["f1"] <= 100
    assert set(scores["per_type"]) <= {"PERS", "ORG", "LOC", "MISC"}
    assert scores["per_type"]["LOC"]["support"] == 2


def test_cli_eval_ner_bad_line_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("قال O\nماكرون\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "ner", str(path)])
    assert result.exit_code == 1
    assert "bad.conll:2" in result.output


def test_cli_eval_ner_missing_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["eval", "ner", str(tmp_path / "none.conll")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_cli_train_ner_writes_a_model_that_eval_can_score(gold_file, tmp_path):
    pytest.importorskip("pycrfsuite")
    model = tmp_path / "m.npz"
    runner = CliRunner()
    result = runner.invoke(main, ["train", "ner", "--conll", str(gold_file), "--iterations", "20", "--out", str(model)])
    assert result.exit_code == 0, result.output
    assert model.exists()
    result = runner.invoke(main, ["eval", "ner", str(gold_file), "--format", "json", "--model", str(model)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["recall"] > 50  # it has seen these very sentences


def test_cli_train_ner_neural_writes_a_model_that_eval_loads_by_its_kind(gold_file, tmp_path):
    pytest.importorskip("torch")
    model = tmp_path / "neural.npz"
    runner = CliRunner()
    args = ["train", "ner", "--neural", "--epochs", "2", "--conll", str(gold_file), "--out", str(model)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "epoch 2" in result.output
    result = runner.invoke(main, ["eval", "ner", str(gold_file), "--format", "json", "--model", str(model)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["per_type"].keys() <= {"LOC", "MISC", "ORG", "PERS"}


def test_cli_eval_ner_on_anercorp_dev_end(shared_data):
    """The shipped model on the last 2% of ANERcorp train (seen in training: a floor
    that catches a broken model or feature drift, not a generalisation figure)."""
    path = shared_data / "anercorp" / "ANERCorp_CamelLab_train.txt"
    result = CliRunner().invoke(main, ["eval", "ner", str(path), "--format", "json", "--last", "0.02"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["f1"] > 80


def test_cli_eval_ner_errors_file_lists_each_miss_with_its_kind(gold_file, tmp_path):
    errors = tmp_path / "errors.tsv"
    result = CliRunner().invoke(main, ["eval", "ner", str(gold_file), "--format", "json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in errors.read_text(encoding="utf-8").splitlines()]
    assert rows[0][0] == "kind"
    assert all(r[0] in {"missed", "boundary", "type", "spurious"} and len(r) == 6 for r in rows[1:])
    assert "--errors FILE.tsv (a tab-separated listing) is deprecated" in result.stderr


def test_cli_eval_ner_errors_are_json_lines_like_every_eval(gold_file, tmp_path):
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(main, ["eval", "ner", str(gold_file), "--format", "json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # the scores alone on stdout
    rows = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["error"] in {"missed", "boundary", "type", "spurious"} for r in rows)
    assert {"gold", "predicted", "context"} <= set(rows[0])
    shown = CliRunner().invoke(main, ["eval", "ner", str(gold_file), "--errors"])  # no FILE: on stdout
    assert [json.loads(line) for line in shown.stdout.splitlines() if line.startswith("{")] == rows


def test_cli_eval_errors_never_overwrite_an_input(gold_file):
    before = gold_file.read_bytes()
    result = CliRunner().invoke(main, ["eval", "ner", str(gold_file), "--errors", str(gold_file)])
    assert result.exit_code == 2 and "is not a list of errors" in result.output
    assert gold_file.read_bytes() == before


def test_cli_eval_old_json_flag_still_works_with_a_warning(gold_file):
    result = CliRunner().invoke(main, ["eval", "ner", str(gold_file), "--json"])
    assert result.exit_code == 0
    assert "f1" in json.loads(result.stdout)
    assert "--json is deprecated" in result.stderr


def test_cli_eval_ner_errors_file_in_a_missing_folder_is_a_clear_error(gold_file, tmp_path):
    result = CliRunner().invoke(main, ["eval", "ner", str(gold_file), "--errors", str(tmp_path / "no" / "e.tsv")])
    assert result.exit_code == 1
    assert "cannot write" in result.output
