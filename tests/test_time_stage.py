"""The time stage in the pipeline: the layer and its JSON."""

from helpers import make_doc

import khabar
from khabar.document import Document
from khabar.time import tag_times


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


def test_time_stage_hands_on_the_same_tokens_as_segment():
    from khabar.segment import tokenize

    text = "وقال الوزير أمس، في مؤتمر صحفي ببيروت، إن 3.5 مليون شخص تضرروا منذ 2020."
    doc = tag_times(make_doc(text, published="2024-04-09"))
    fresh = tokenize(text)
    assert list(doc.tokens.starts) == list(fresh.starts) and list(doc.tokens.ends) == list(fresh.ends)
    again = tag_times(doc)  # tokens already there: reused, same times
    assert again.times == doc.times
