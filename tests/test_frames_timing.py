"""frames.timing.time_in: the time of a clause, as quotes and events ask for it."""

import pytest
from helpers import make_doc

from khabar.document import TimeExpr
from khabar.frames.timing import time_in
from khabar.time import tag_times

TEXT = "وقال الوزير الثلاثاء إن المحادثات ستستأنف الشهر المقبل."


def _doc(text: str):
    return tag_times(make_doc(text, published="2024-04-09"))


@pytest.mark.parametrize(
    "text, clause, near, expected",
    [
        # the expression inside the clause, nearest the cue verb
        (TEXT, "وقال الوزير الثلاثاء", "قال", "الثلاثاء"),
        (TEXT, "المحادثات ستستأنف الشهر المقبل", None, "الشهر المقبل"),
        # nothing in the clause: the nearest in its sentence
        ("وأكد المتحدث أمس أن الوفد سيصل قريبا إلى القاهرة.", "الوفد سيصل", None, "أمس"),
    ],
)
def test_frames_time_in_sentence_fallback(text, clause, near, expected):
    doc = _doc(text)
    start = text.index(clause)
    got = time_in(doc, start, start + len(clause), text.index(near) if near else None, sentence=True)
    assert got is not None and doc.span_text(got) == expected


def test_frames_time_in_none_when_sentence_has_no_time():
    text = "وقال الوزير إن المحادثات مثمرة. وأعلن المتحدث أمس النتائج."
    doc = _doc(text)
    assert time_in(doc, 0, text.index("مثمرة"), sentence=True) is None
    assert isinstance(time_in(doc, text.index("وأعلن"), len(text), sentence=True), TimeExpr)


def test_frames_time_in_first_inside_without_fallback():
    """The quotes stage's call: the first expression of the frame, nothing outside it."""
    text = "وأكد المتحدث أمس أن الوفد سيصل غدا إلى القاهرة."
    doc = _doc(text)
    whole = time_in(doc, 0, len(text))
    assert whole is not None and doc.span_text(whole) == "أمس"
    content = text.index("الوفد")
    assert time_in(doc, content, text.index("سيصل")) is None  # no time there, and no fallback
    nearest = time_in(doc, 0, len(text), near=text.index("القاهرة"))
    assert nearest is not None and doc.span_text(nearest) == "غدا"
