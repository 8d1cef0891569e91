"""From BIO tags to repaired mentions: the rules, with tags given by hand (no model)."""

import pytest
from helpers import hand_tagged

from khabar.entities import mentions
from khabar.segment import tokenize


def _mentions(sentence: str, tagged: dict[str, str]):
    """Mentions of ``sentence`` where ``tagged`` maps words to their BIO tag."""
    tokens, indices, found = hand_tagged(sentence, tagged)
    found = mentions.repair(tokens, found, indices)
    return [(sentence[m.start : m.end], m.type) for m in found]


@pytest.mark.parametrize(
    "sentence, tagged, expected",
    [
        # a foreign outlet name read as a person becomes the whole organisation
        (
            "بحسب وكالة الأنباء الفرنسية جورنال بلوس أمس",
            {"جورنال": "B-PERS", "بلوس": "I-PERS"},
            [("وكالة الأنباء الفرنسية جورنال بلوس", "ORG")],
        ),
        # a name after a party head and no media head stays a person
        ("وقال زعيم حزب العمال جيريمي كوربن", {"جيريمي": "B-PERS", "كوربن": "I-PERS"}, [("جيريمي كوربن", "PERSON")]),
        # a place governed by a channel head is the channel
        ("وذكرت قناة الشروق أن", {"الشروق": "B-LOC"}, [("قناة الشروق", "ORG")]),
        # a construct noun between the head and the place belongs to the name
        ("وأفادت وكالة أنباء الخليج الجديدة", {"الخليج": "B-LOC"}, [("وكالة أنباء الخليج", "ORG")]),
        ("وقالت هيئة موانئ عمان في بيان", {"عمان": "B-LOC"}, [("هيئة موانئ عمان", "ORG")]),
        # ... but not a place two indefinite nouns away from any head
        ("وصل وفد رجال أعمال تونس", {"تونس": "B-LOC"}, [("تونس", "GPE")]),
        # a name already tagged ORG keeps ANERcorp's span
        ("ونقلت صحيفة هآرتس عن مسؤول", {"هآرتس": "B-ORG"}, [("هآرتس", "ORG")]),
        # an organisation named after its region is whole, not cut at في
        (
            "اجتمع مجلس الأمن والتعاون في أفريقيا أمس",
            {"مجلس": "B-ORG", "الأمن": "I-ORG", "أفريقيا": "B-LOC"},
            [("مجلس الأمن والتعاون في أفريقيا", "ORG")],
        ),
        # ... but a country after في is where it happened
        (
            "اجتمع مجلس الوزراء في مصر أمس",
            {"مجلس": "B-ORG", "الوزراء": "I-ORG", "مصر": "B-LOC"},
            [("مجلس الوزراء", "ORG"), ("مصر", "GPE")],
        ),
        # a title the tagger swept into a person's name is left out of it
        ("وصرح الرئيس سعيد بأن", {"الرئيس": "B-PERS", "سعيد": "I-PERS"}, [("سعيد", "PERSON")]),
        # continents are LOC, countries GPE
        ("زار أفريقيا ثم فرنسا", {"أفريقيا": "B-LOC", "فرنسا": "B-LOC"}, [("أفريقيا", "LOC"), ("فرنسا", "GPE")]),
    ],
)
def test_mentions_repairs(sentence, tagged, expected):
    assert _mentions(sentence, tagged) == expected


@pytest.mark.parametrize(
    "word, expected",
    [
        ("وموسكو", "موسكو"),
        ("لموسكو", "موسكو"),
        ("والقاهرة", "القاهرة"),
        ("فلاديمير", "فلاديمير"),  # its ف belongs to the name
        ("واشنطن", "واشنطن"),  # so does its و
        ("للولايات", "للولايات"),  # ل + ال cannot be cut without the elided alef
    ],
)
def test_mentions_proclitics_trimmed_only_when_the_rest_is_a_known_word(word, expected):
    sentence = f"وصل الوفد إلى {word} أمس"
    assert _mentions(sentence, {word: "B-LOC"})[0][0] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("وقال الفلسطينيون إن الاتفاق انتهى", ["الفلسطينيون"]),
        ("اجتمع الوزير مع الأمريكيين أمس", ["الأمريكيين"]),
        ("وقال كبير الدبلوماسيين الفرنسيين إن الاتفاق صامد", []),  # an adjective here
        ("وقال الدبلوماسيون إن الاتفاق صامد", []),  # not a nationality
    ],
)
def test_mentions_nationality_groups(sentence, expected):
    tokens = tokenize(sentence)
    found = mentions.nationality_groups(tokens, range(len(tokens)), set())
    assert [sentence[m.start : m.end] for m in found] == expected
    assert all(m.type == "NORP" for m in found)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("وقالت وزيرة المالية الألمانية كريستا مولرهاوف يوم الاثنين إن", ["كريستا مولرهاوف"]),
        ("وقال وزير الخارجية الروسي يزور بكين", []),  # a common word after the title
        ("وقال المواطن كريستا مولرهاوف إن", []),  # no title before it
    ],
)
def test_mentions_names_after_titles(sentence, expected):
    tokens = tokenize(sentence)
    found = mentions.names_after_titles(tokens, range(len(tokens)), set())
    assert [sentence[m.start : m.end] for m in found] == expected
