"""The example article: the attributions issue 4 lists, with entities and times given by
hand the way the entities and time stages will provide them (no special cases in code)."""

import dataclasses

import pytest
from helpers import make_doc

import khabar
from khabar.document import TimeExpr
from khabar.quotes import find_quotes

PEOPLE = [
    ("PERSON", "سيرغي لافروف", ["سيرغي لافروف", "لافروف"]),
    ("PERSON", "وانغ يي", ["وانغ يي", "وانغ"]),
    ("PERSON", "كاترينا يو", ["كاترينا يو", "كاترين يو"]),
    ("PERSON", "جانيت يلين", ["جانيت يلين"]),
    ("PERSON", "فلاديمير بوتين", ["فلاديمير بوتين", "بوتين"]),
    ("PERSON", "شي جين بينج", ["شي جين بينج"]),
    ("GPE", "الصين", ["الصين"]),
    ("GPE", "بكين", ["بكين"]),
    ("GPE", "موسكو", ["موسكو"]),
    ("GPE", "روسيا", ["روسيا"]),
    ("ORG", "جلوبال تايمز", ["جلوبال تايمز"]),
    ("ORG", "ريا نوفوستي", ["ريا نوفوستي"]),
    ("ORG", "قناة الجزيرة", ["قناة الجزيرة"]),
]
# What the time stage resolves against the publication date 2024-04-09.
TIMES = [("الثلاثاء", "2024-04-09"), ("يوم الاثنين", "2024-04-08")]


@pytest.fixture
def example_quotes(example_text):
    cleaned = khabar.analyze(example_text, published="2024-04-09")
    doc = make_doc(cleaned.text, PEOPLE, published="2024-04-09")
    wang = next(e for e in doc.entities if e.name == "وانغ يي")
    # the entities stage records descriptions as roles ("كبير الدبلوماسيين الصينيين")
    ents = tuple(
        dataclasses.replace(e, roles=("كبير الدبلوماسيين الصينيين",)) if e is wang else e for e in doc.entities
    )
    times = []
    for surface, value in TIMES:
        i = doc.text.find(surface)
        times.append(TimeExpr(i, i + len(surface), "DATE", value))
    doc = find_quotes(doc.replace(entities=ents, times=tuple(sorted(times, key=lambda t: t.start))))
    return doc, [q.to_dict(doc.text) for q in doc.quotes]


def _find(quotes, fragment):
    found = [q for q in quotes if fragment in q["text"]]
    assert found, f"no quote holds {fragment!r}"
    return found[0]


@pytest.mark.parametrize(
    "fragment, speakers, kind",
    [
        ("روسيا والصين اتفقتا على مناقشة سبل تعميق", ["سيرغي لافروف"], "indirect"),
        ("منذ فترة طويلة، كان هناك هيكل أمني", ["سيرغي لافروف"], "direct"),
        ("هياكل يمكن من خلالها إجراء مفاوضات", ["سيرغي لافروف"], "direct"),
        ("موسكو وبكين اتفقتا على “بدء حوار", ["سيرغي لافروف"], "mixed"),
        ("الولايات المتحدة تصف الصين أكبر منافس لها", ["كاترينا يو"], "indirect"),
        ("ويعارض هذان البلدان", ["كاترينا يو"], "direct"),
        ("الصين وروسيا يجب أن “تعارضا الهيمنة", ["وانغ يي"], "mixed"),
        ("البلدين يجب أن يقفا إلى جانب “الإنصاف والعدالة”", ["وانغ يي"], "mixed"),
        ("الصين ستواصل تعميق علاقاتها", ["وانغ يي"], "indirect"),
        ("هذا أمر محبط للولايات المتحدة وحلفائها", ["كاترينا يو"], "indirect"),
        ("أجرت محادثات صعبة مع الصين", ["جانيت يلين"], "indirect"),
        ("عواقب وخيمة", ["جانيت يلين"], "direct"),
        ("العقوبات غير القانونية", ["سيرغي لافروف"], "direct"),
        ("سياسة العقوبات “بدأت تطبق بشكل فعال", ["سيرغي لافروف"], "mixed"),
        ("الصين “ستدعم التنمية المستقرة", ["وانغ يي"], "mixed"),
        ("العلاقات “تدخل عصرا جديدا”", ["فلاديمير بوتين", "شي جين بينج"], "mixed"),
        ("طرف محايد في الصراع الأوكراني", ["الصين"], "indirect"),
        ("زيارته تأتي أيضًا استعدادًا لرحلة بوتين إلى بكين", ["جلوبال تايمز"], "indirect"),
    ],
)
def test_quotes_example_attribution(example_quotes, fragment, speakers, kind):
    _, quotes = example_quotes
    q = _find(quotes, fragment)
    assert [a["name"] for a in q["speakers"]] == speakers
    assert q["kind"] == kind


def test_quotes_example_count_and_no_negated_quote(example_quotes):
    doc, quotes = example_quotes
    assert len(quotes) == 19  # the 18 attributions and the subheading
    negated = doc.text.index("لم يذكر وانغ صراحة")
    assert not any(q["start"] <= negated + 20 < q["end"] for q in quotes)


def test_quotes_example_heading_unattributed(example_quotes):
    _, quotes = example_quotes
    heading = [q for q in quotes if q["heading"]]
    assert [q["text"] for q in heading] == ["عقوبات غير قانونية"]
    assert heading[0]["speaker"] is None


def test_quotes_example_addressee_and_via(example_quotes):
    _, quotes = example_quotes
    q = _find(quotes, "ستدعم التنمية المستقرة")
    assert q["addressee"]["name"] == "سيرغي لافروف"
    assert q["via"]["name"] == "ريا نوفوستي"
    assert q["cue"]["text"] == "وأبلغ"


def test_quotes_example_place_and_time(example_quotes):
    _, quotes = example_quotes
    beijing = _find(quotes, "منذ فترة طويلة")
    assert beijing["place"]["name"] == "بكين"
    assert beijing["time"]["value"] == "2024-04-09"
    yellen = _find(quotes, "أجرت محادثات صعبة")
    assert yellen["time"]["value"] == "2024-04-08"


def test_quotes_example_without_entities_names_subjects(example_text):
    from khabar.quotes import find_quotes

    analysed = khabar.analyze(example_text, published="2024-04-09")
    doc = find_quotes(analysed.replace(entities=(), quotes=()))
    quotes = [q.to_dict(doc.text) for q in doc.quotes]
    assert len(quotes) == 19
    first = _find(quotes, "روسيا والصين اتفقتا")
    assert "سيرغي لافروف" in first["speaker"]["name"]
    assert first["speaker"]["entity"] is None
