"""The example article, published 2024-04-09: the values the time issue asks for."""

import khabar


def _times(example_text):
    doc = khabar.analyze(example_text, published="2024-04-09")
    return doc, {doc.span_text(t): t for t in doc.times}


def test_time_example_expected_values(example_text):
    _, times = _times(example_text)
    expected = {
        "الثلاثاء": ("DATE", "2024-04-09"),
        "يوم الاثنين": ("DATE", "2024-04-08"),
        "عام 2022": ("DATE", "2022"),
        "العام الماضي": ("DATE", "2023"),
        "مايو": ("DATE", "2024-05"),
        "يومين": ("DURATION", "P2D"),
    }
    for text, (kind, value) in expected.items():
        assert text in times, f"{text} not tagged; tagged: {list(times)}"
        assert (times[text].type, times[text].value) == (kind, value), text


def test_time_example_era_and_anniversary_not_tagged(example_text):
    doc, _ = _times(example_text)
    for phrase in ("عصرا جديدا", "الذكرى الـ75"):
        at = doc.text.index(phrase)
        overlapping = [doc.span_text(t) for t in doc.times if t.start < at + len(phrase) and at < t.end]
        assert overlapping == [], f"{phrase}: {overlapping}"


def test_time_example_without_date_keeps_relative_values_null(example_text):
    doc = khabar.analyze(example_text)
    by_text = {doc.span_text(t): t for t in doc.times}
    assert by_text["الثلاثاء"].value is None and by_text["الثلاثاء"].relative == "weekday -0 TUE"
    assert by_text["عام 2022"].value == "2022"
