"""The time stage in the pipeline: the layer, its JSON, and time_in for later stages."""

import pytest
from helpers import make_doc

import khabar
from khabar.document import Document, TimeExpr
from khabar.time import tag_times, time_in


def test_time_stage_runs_in_analyze():
    doc = khabar.analyze("وقال الوزير أمس إن الحكومة ستعلن خطتها الشهر المقبل.", published="2024-04-09")
    assert [(doc.span_text(t), t.value) for t in doc.times] == [("أمس", "2024-04-08"), ("الشهر المقبل", "2024-05")]


def test_time_stage_json_round_trip_keeps_relative_and_mod():
    doc = khabar.analyze("وتراجعت الأسعار أواخر العام الماضي، وقال الوزير الخميس إنها ستتحسن.")
    data = doc.to_dict()
    late = next(t for t in data["times"] if t["text"] == "أواخر العام الماضي")
    assert late["mod"] == "END" and late["value"] is None and late["relative"] == "Y -1"
    assert Document.from_dict(data).times == doc.times


def test_time_stage_published_date_with_time_of_day():
    doc = tag_times(make_doc("ووصل الوفد اليوم إلى العاصمة.", published="2024-04-09T10:30:00"))
    assert [t.value for t in doc.times] == ["2024-04-09"]


def test_time_stage_no_sentences_still_tags():
    doc = tag_times(Document(text="وقال الوزير أمس إن الوضع مستقر.", published="2024-04-09"))
    assert [t.value for t in doc.times] == ["2024-04-08"]


@pytest.mark.parametrize(
    "text, clause, near, expected",
    [
        # the expression inside the clause, nearest the cue verb
        ("وقال الوزير الثلاثاء إن المحادثات ستستأنف الشهر المقبل.", "وقال الوزير الثلاثاء", "قال", "الثلاثاء"),
        (
            "وقال الوزير الثلاثاء إن المحادثات ستستأنف الشهر المقبل.",
            "المحادثات ستستأنف الشهر المقبل",
            None,
            "الشهر المقبل",
        ),
        # nothing in the clause: the nearest in its sentence
        ("وأكد المتحدث أمس أن الوفد سيصل قريبا إلى القاهرة.", "الوفد سيصل", None, "أمس"),
    ],
)
def test_time_in_clause(text, clause, near, expected):
    doc = tag_times(make_doc(text, published="2024-04-09"))
    start = text.index(clause)
    got = time_in(doc, start, start + len(clause), text.index(near) if near else None)
    assert got is not None and doc.span_text(got) == expected


def test_time_in_none_when_sentence_has_no_time():
    text = "وقال الوزير إن المحادثات مثمرة. وأعلن المتحدث أمس النتائج."
    doc = tag_times(make_doc(text, published="2024-04-09"))
    assert time_in(doc, 0, text.index("مثمرة")) is None
    assert isinstance(time_in(doc, text.index("وأعلن"), len(text)), TimeExpr)


def test_time_stage_hands_on_the_same_tokens_as_segment():
    from khabar.segment import tokenize

    text = "وقال الوزير أمس، في مؤتمر صحفي ببيروت، إن 3.5 مليون شخص تضرروا منذ 2020."
    doc = tag_times(make_doc(text, published="2024-04-09"))
    fresh = tokenize(text)
    assert list(doc.tokens.starts) == list(fresh.starts) and list(doc.tokens.ends) == list(fresh.ends)
    again = tag_times(doc)  # tokens already there: reused, same times
    assert again.times == doc.times
