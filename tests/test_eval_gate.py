"""Quality floors: every evaluation in bench/floors.json must stay at or above its floor.

The scores come from the same `khabar eval ... --json` commands a user runs; the data is
read from ../shared at test time (skipped when absent).
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khabar.cli import main

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "bench" / "floors.json").read_text(encoding="utf-8"))
MARGIN = FLOORS["margin"]


def run_eval(*args: str) -> dict:
    result = CliRunner().invoke(main, ["eval", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "name, floors", sorted((k, v) for k, v in FLOORS["time_news"].items() if not k.startswith("_"))
)
def test_eval_gate_time_news(shared_data, name, floors):
    report = run_eval("time-values", str(ROOT / "tests" / "data" / name), "--data", str(shared_data / "saudinewsnet"))
    assert report["share"] >= floors["share"] - MARGIN, f"{name} share {report['share']} < floor {floors['share']}"


@pytest.mark.parametrize("name, floors", sorted(FLOORS["time"].items()))
def test_eval_gate_time(shared_data, name, floors):
    scores = run_eval("time", str(shared_data / name))["scores"]
    for label, floor in floors.items():
        assert scores[label]["f1"] >= floor - MARGIN, f"{name} {label} F1 {scores[label]['f1']} < floor {floor}"


@pytest.mark.parametrize("name, floors", sorted(FLOORS["quotes"].items()))
def test_eval_gate_quotes(shared_data, name, floors):
    scores = run_eval("quotes", str(ROOT / "bench" / "gold" / name), "--data", str(shared_data / "saudinewsnet"))
    for key, floor in floors.items():
        assert scores[key] >= floor - MARGIN, f"{name} {key} {scores[key]} < floor {floor}"


@pytest.mark.parametrize("name, floors", sorted((k, v) for k, v in FLOORS["ner"].items() if not k.startswith("_")))
def test_eval_gate_ner(shared_data, name, floors):
    scores = run_eval("ner", str(shared_data / name), "--last", str(floors["last"]))
    assert scores["f1"] >= floors["f1"] - 100 * MARGIN, f"{name} F1 {scores['f1']} < floor {floors['f1']}"


@pytest.mark.parametrize("name, floors", sorted((k, v) for k, v in FLOORS["events"].items() if not k.startswith("_")))
def test_eval_gate_events(shared_data, name, floors):
    scores = run_eval("events", str(ROOT / "bench" / "gold" / name), "--data", str(shared_data / "saudinewsnet"))
    for key, floor in floors.items():
        assert scores[key] >= floor - MARGIN, f"{name} {key} {scores[key]} < floor {floor}"
