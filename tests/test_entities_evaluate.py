"""Error analysis of ``khabar eval ner``: every miss is classified once."""

import pytest

from khabar.entities.evaluate import span_errors

WORDS = "أعلنت وزارة الصحة المصرية أن الطبيب أحمد سالم زار القاهرة".split()


@pytest.mark.parametrize(
    "gold, pred, expected",
    [
        ({(1, 4, "ORG")}, {(1, 4, "ORG")}, []),
        ({(9, 10, "LOC")}, set(), [("missed", "LOC", "", "القاهرة", "")]),
        ({(6, 8, "PERS")}, {(6, 7, "PERS")}, [("boundary", "PERS", "PERS", "أحمد سالم", "أحمد")]),
        ({(1, 4, "ORG")}, {(1, 4, "MISC")}, [("type", "ORG", "MISC", "وزارة الصحة المصرية", "وزارة الصحة المصرية")]),
        (set(), {(5, 6, "PERS")}, [("spurious", "", "PERS", "", "الطبيب")]),
    ],
)
def test_evaluate_span_errors_kinds(gold, pred, expected):
    got = [(e.kind, e.gold_type, e.pred_type, e.gold_text, e.pred_text) for e in span_errors(gold, pred, WORDS)]
    assert got == expected


def test_evaluate_span_errors_context_brackets_the_span():
    (error,) = span_errors({(6, 8, "PERS")}, set(), WORDS)
    assert error.context == "المصرية أن الطبيب [أحمد سالم] زار القاهرة"
