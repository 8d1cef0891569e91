"""The quote evaluation: its match rule, its speaker rule, the gold files and the CLI."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khabar.cli import main
from khabar.quotes.evaluate import GoldError, GoldQuote, Predicted, load_gold, match, overlap, speaker_right

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "bench" / "gold" / "quotes_dev.jsonl"
HELD_OUT = ROOT / "bench" / "gold" / "quotes_test.jsonl"
HELD_OUT_2 = ROOT / "bench" / "gold" / "quotes_test2.jsonl"
HELD_OUT_3 = ROOT / "bench" / "gold" / "quotes_test3.jsonl"
HELD_OUT_4 = ROOT / "bench" / "gold" / "quotes_test4.jsonl"


def gold(start, end, *names):
    return GoldQuote(start, end, "indirect", tuple(tuple(n.split("/")) for n in names))


def pred(start, end, *names):
    return Predicted(start, end, "indirect", names)


def test_quotes_eval_overlap_is_over_the_shorter_span():
    assert overlap((0, 10), (5, 100)) == 0.5
    assert overlap((0, 10), (10, 20)) == 0.0


def test_quotes_eval_match_is_one_to_one():
    g = [gold(0, 100, "أ"), gold(100, 200, "ب")]
    p = [pred(0, 200), pred(150, 190)]
    pairs = match(g, p)
    assert len(pairs) == 2
    assert {(x.start, y.start) for x, y in pairs} == {(0, 0), (100, 150)}


def test_quotes_eval_match_needs_half_the_shorter_span():
    assert match([gold(0, 100, "أ")], [pred(90, 200)]) == []


@pytest.mark.parametrize(
    "names, predicted, right",
    [
        (("سيرغي لافروف/لافروف",), ("وزير الخارجية الروسي سيرغي لافروف",), True),
        (("سيرغي لافروف/لافروف",), ("لافروف",), True),
        (("سيرغي لافروف/لافروف",), ("الوزير",), False),
        (("فلاديمير بوتين/بوتين", "شي جين بينج"), ("بوتين", "شي جين بينج"), True),
        (("فلاديمير بوتين/بوتين", "شي جين بينج"), ("بوتين",), False),
        ((), (), True),
        ((), ("الوزير",), False),
    ],
)
def test_quotes_eval_speaker_rule(names, predicted, right):
    assert speaker_right(gold(0, 10, *names), pred(0, 10, *predicted)) is right


def test_quotes_eval_bad_gold_line_names_the_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"url": "x", "file": "y.zip", "quotes": [{"start": 1}]}\n', encoding="utf-8")
    with pytest.raises(GoldError, match="gold.jsonl:1"):
        load_gold(path)


@pytest.mark.parametrize("path", sorted((ROOT / "bench" / "gold").glob("quotes_*.jsonl")), ids=lambda p: p.name)
def test_quotes_gold_files_hold_offsets_not_text(path):
    articles = load_gold(path)
    assert len(articles) >= (8 if path in (HELD_OUT, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4) else 30)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for q in json.loads(line)["quotes"]:
            assert set(q) <= {"start", "end", "kind", "speakers", "cue"}
            assert q["end"] > q["start"]


# Floors measured on the dev set (docs/benchmarks.md, Quotes), less a margin for rule edits.
DEV_FLOORS = {"f1": 0.93, "speaker_accuracy": 0.87}


def test_quotes_eval_dev_set_meets_floors(shared_data):
    result = CliRunner().invoke(
        main, ["eval", "quotes", str(DEV), "--data", str(shared_data / "saudinewsnet"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["articles"] >= 30
    for key, floor in DEV_FLOORS.items():
        assert scores[key] >= floor, (key, scores[key])


def test_quotes_eval_pools_several_gold_files(shared_data):
    data = ["--data", str(shared_data / "saudinewsnet"), "--format", "json"]
    parts = [json.loads(CliRunner().invoke(main, ["eval", "quotes", str(g), *data]).output) for g in (DEV, HELD_OUT_2)]
    pooled = json.loads(CliRunner().invoke(main, ["eval", "quotes", str(DEV), str(HELD_OUT_2), *data]).output)
    for key in ("articles", "gold", "predicted", "matched", "speaker_correct"):
        assert pooled[key] == sum(p[key] for p in parts), key


def test_quotes_eval_missing_data_folder_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["eval", "quotes", str(DEV), "--data", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "no SaudiNewsNet folder" in result.output


def test_quotes_cli_table_and_jsonl(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("وقال وزير الصحة إن اللقاحات متوفرة في جميع المراكز.\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(main, ["quotes", str(article)])
    assert table.exit_code == 0, table.output
    assert "وزير الصحة" in table.output
    lines = runner.invoke(main, ["quotes", str(article), "--format", "jsonl"]).output.splitlines()
    record = json.loads(lines[0])
    assert record["origin"] == str(article)
    assert record["speaker"]["name"] == "وزير الصحة"
    assert record["text"] == "اللقاحات متوفرة في جميع المراكز"


def test_quotes_cli_missing_file_fails_and_goes_on(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("وقال المتحدث إن الموعد لم يتغير.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["quotes", str(tmp_path / "missing.txt"), str(good), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "missing.txt" in result.output
    assert "الموعد لم يتغير" in result.output
