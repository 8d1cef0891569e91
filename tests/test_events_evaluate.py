"""The events evaluation: its match rule, its name rule, gold files, and the CLI on a
corpus zip written by the test (our own article)."""

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from khabar.cli import main
from khabar.events.evaluate import GoldError, GoldEvent, Predicted, load_gold, match, names_right

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "bench" / "gold").glob("events_*.jsonl"))


def gold(start, end, type_="CONSULT"):
    return GoldEvent(start, end, type_, (), ())


def pred(start, end, type_="CONSULT"):
    return Predicted(start, end, type_, (), ())


def test_events_eval_match_is_overlap_one_to_one():
    pairs = match([gold(0, 5), gold(10, 15)], [pred(3, 12), pred(12, 20)])
    assert {(g.start, p.start) for g, p in pairs} == {(0, 3), (10, 12)}
    assert match([gold(0, 5)], [pred(5, 9)]) == []


@pytest.mark.parametrize(
    "gold_names, predicted, right",
    [
        ((("سيرغي لافروف", "لافروف"),), ("وزير الخارجية الروسي سيرغي لافروف",), True),
        ((("سيرغي لافروف", "لافروف"),), ("لافروف",), True),
        ((("روسيا",), ("الصين",)), ("روسيا",), False),  # a joint actor missed
        ((), (), True),
        ((), ("روسيا",), False),  # nobody acts in gold: a guess is wrong
        ((("روسيا",),), (), False),
    ],
)
def test_events_eval_names(gold_names, predicted, right):
    assert names_right(gold_names, predicted) is right


@pytest.mark.parametrize("path", GOLD, ids=[p.name for p in GOLD])
def test_events_gold_files_load_and_hold_no_text(path):
    articles = load_gold(path)
    assert len(articles) >= 10
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            assert set(d) == {"url", "file", "source", "events"}
            for e in d["events"]:
                assert set(e) == {"trigger", "type", "actors", "targets"}


def test_events_gold_bad_line_names_it(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"url": "x", "file": "a.zip", "events": [{"trigger": [0, 3], "type": "VISIT"}]}\n', encoding="utf-8"
    )
    with pytest.raises(GoldError, match="bad.jsonl:1"):
        load_gold(bad)


def test_events_eval_cli_on_own_article(tmp_path):
    text = "زار وزير الخارجية الروسي سيرغي لافروف بكين أمس، والتقى نظيره الصيني وانغ يي."
    url = "http://example.test/1"
    with zipfile.ZipFile(tmp_path / "day.zip", "w") as z:
        z.writestr("day.json", json.dumps([{"url": url, "content": text, "title": "", "source": "test"}]))
    start = text.index("زار")
    g = {"url": url, "file": "day.zip", "source": "test"}
    g["events"] = [
        {
            "trigger": [start, start + 3],
            "type": "CONSULT",
            "actors": [{"name": "سيرغي لافروف"}],
            "targets": [{"name": "بكين"}],
        }
    ]
    (tmp_path / "gold.jsonl").write_text(json.dumps(g, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["eval", "events", str(tmp_path / "gold.jsonl"), "--data", str(tmp_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["gold"] == 1 and scores["matched"] == 1 and scores["type_accuracy"] == 1.0
    assert scores["recall"] == 1.0


def test_events_eval_cli_missing_data_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["eval", "events", str(GOLD[0]), "--data", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "SaudiNewsNet" in result.output
