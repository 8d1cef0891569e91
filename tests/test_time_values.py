"""The normalisation suites: expressions in sentences written for khabar, each with a
publication date and the TIMEX3 value it must resolve to (tests/data/time_values*.tsv)."""

from pathlib import Path

import pytest

from khabar.time.values import ValuesFormatError, check, evaluate_values, read_cases

DATA = Path(__file__).parent / "data"
CASES = [c for name in sorted(p.name for p in DATA.glob("time_values*.tsv")) for c in read_cases(DATA / name)]
TARGET_SHARE = 0.95


def test_time_values_suite_is_large_enough():
    assert len(CASES) >= 200


def test_time_values_share_right_meets_target():
    report = evaluate_values(CASES)
    misses = [(c.expression, c.published, why) for c, why in report.misses]
    assert report.share >= TARGET_SHARE, f"{report.share:.3f} right; misses: {misses}"


@pytest.mark.parametrize("case", [c for c in CASES if c.type == "NONE"], ids=lambda c: c.expression)
def test_time_values_not_a_time(case):
    assert check(case) is None


def test_time_values_bad_file_says_where(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("2024-04-09\tوصل الوفد أمس.\tغدا\tDATE\t2024-04-10\n", encoding="utf-8")
    with pytest.raises(ValuesFormatError, match="bad.tsv:1"):
        read_cases(bad)
