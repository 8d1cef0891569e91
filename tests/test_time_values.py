"""The normalisation suite: expressions in sentences written for khabar, each with a
publication date and the TIMEX3 value it must resolve to (tests/data/time_values.tsv)."""

from pathlib import Path

import pytest

from khabar.time import find_times

CASES_FILE = Path(__file__).parent / "data" / "time_values.tsv"
TARGET_SHARE = 0.95


def load_cases() -> list[tuple[str | None, str, str, str, str | None]]:
    cases = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        published, sentence, expression, kind, value = line.split("\t")
        cases.append((None if published == "-" else published, sentence, expression, kind, None if value == "-" else value))
    return cases


CASES = load_cases()


def outcome(published, sentence, expression, kind, value) -> str | None:
    """None when the case is right, else what went wrong."""
    at = sentence.index(expression)
    span = (at, at + len(expression))
    found = [t for t in find_times(sentence, published) if t.start < span[1] and span[0] < t.end]
    if kind == "NONE":
        return None if not found else f"tagged {[sentence[t.start:t.end] for t in found]}"
    if not found:
        return "not found"
    t = max(found, key=lambda t: min(t.end, span[1]) - max(t.start, span[0]))
    if (t.type, t.value) != (kind, value):
        return f"{sentence[t.start:t.end]!r} read as {t.type} {t.value}"
    return None


def test_time_values_suite_is_large_enough():
    assert len(CASES) >= 200


def test_time_values_share_right_meets_target():
    misses = [(c[2], c[0], why) for c in CASES if (why := outcome(*c))]
    share = 1 - len(misses) / len(CASES)
    assert share >= TARGET_SHARE, f"{share:.3f} right; misses: {misses}"


@pytest.mark.parametrize("case", [c for c in CASES if c[3] == "NONE"], ids=lambda c: c[2])
def test_time_values_not_a_time(case):
    assert outcome(*case) is None
