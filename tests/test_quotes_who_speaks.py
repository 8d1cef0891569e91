"""Who may speak: non-person nouns never do, spokespersons speak for their body, a plural
participle points back to the people of its sentence; wishes and prayers report.
Sentences written for these tests, in the style of news."""

import pytest
from helpers import make_doc

from khabar.quotes import find_quotes
from khabar.quotes.speakers import can_speak


def speakers_of(text, entities=()):
    doc = find_quotes(make_doc(text, list(entities)))
    return [
        (doc.span_text(q), q.speaker.name if q.speaker else None, q.speaker.entity if q.speaker else None)
        for q in doc.quotes
    ]


@pytest.mark.parametrize(
    "text, never",
    [
        ("وأكد الهجوم أن الوضع الأمني في المدينة ما زال هشا.", "الهجوم"),
        ("وتؤكد الفرضية أن المياه كانت تغطي سطح الكوكب.", "الفرضية"),
        ("وقال تماما إن الوضع لن يتغير قبل الشتاء.", "تماما"),
        ("وأضاف مبتسما إن الفريق جاهز للمباراة.", "مبتسما"),
        ("وأثار الفيديو غضبا واسعا في المدينة، مطالبين بمحاسبة المسؤولين عن الحادث.", "الفيديو"),
    ],
)
def test_quotes_non_person_noun_never_speaks(text, never):
    found = speakers_of(text)
    assert found, "the statement is still found"
    assert all(name is None or never not in name for _, name, _ in found)


@pytest.mark.parametrize(
    "phrase, strict, expected",
    [
        ("مصدر أمني", False, True),
        ("محللون", True, True),  # a plural in ـون
        ("أحد العاملين في المصنع", True, True),  # the head follows أحد
        ("خلفان", True, True),  # an indefinite word: maybe a name the tagger missed
        ("الأحمدي", True, True),  # a nisba
        ("الهجوم", False, False),
        ("علنًا", False, False),  # tanween: an adverb
        ("به", False, False),
        ("الفيديو حالة", True, False),  # a definite noun the lexicon does not know
        ("الشباب", False, True),  # right after a cue a club's short name still speaks
    ],
)
def test_quotes_can_speak(phrase, strict, expected):
    assert can_speak(phrase, strict) is expected


def test_quotes_spokesperson_speaks_for_the_body():
    text = "وقالت متحدثة باسم الأمم المتحدة إن المساعدات وصلت إلى المدينة المحاصرة."
    [(content, name, entity)] = speakers_of(text, [("ORG", "الأمم المتحدة", ["الأمم المتحدة"])])
    assert name == "متحدثة باسم الأمم المتحدة" and entity == "e1"
    assert content == "المساعدات وصلت إلى المدينة المحاصرة"


def test_quotes_named_spokesperson_is_the_person():
    text = "وقال المتحدث باسم وزارة الصحة محمد العبدالعالي إن الحالات مستقرة."
    ents = [("ORG", "وزارة الصحة", ["وزارة الصحة"]), ("PERSON", "محمد العبدالعالي", ["محمد العبدالعالي"])]
    [(_, name, entity)] = speakers_of(text, ents)
    assert (name, entity) == ("محمد العبدالعالي", "e2")


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "وأثار الفيديو غضبا واسعا بين رواد مواقع التواصل الاجتماعي، مطالبين بمحاسبة الشابين.",
            "رواد مواقع التواصل الاجتماعي",
        ),
        ("وأثار انقطاع الكهرباء استياء الأهالي، مؤكدين أن الخدمة لا تعادل ما يدفعونه.", "الأهالي"),
    ],
)
def test_quotes_plural_participle_points_to_the_people(text, group):
    [(_, name, _)] = speakers_of(text)
    assert name == group


@pytest.mark.parametrize(
    "text, content",
    [
        ("وقدم الأمير التعازي لذوي الشهداء، سائلا المولى أن يتغمدهم بواسع رحمته.", "يتغمدهم بواسع رحمته"),
        ("وأشاد المدرب باللاعبين، متمنيا أن يواصلوا العطاء في الموسم المقبل.", "يواصلوا العطاء في الموسم المقبل"),
        ("من جهته عبر رئيس النادي عن سعادته بالفوز الكبير.", "سعادته بالفوز الكبير"),
    ],
)
def test_quotes_prayers_wishes_and_expressed_feelings_report(text, content):
    assert content in [c for c, _, _ in speakers_of(text)]
