"""Roles before names and descriptions standing in for them (lexicon rules, no model)."""

import pytest

from khabar.entities import roles
from khabar.segment import tokenize


def _index_of(tokens, word):
    return next(i for i in range(len(tokens)) if tokens.surface(i) == word)


@pytest.mark.parametrize(
    "sentence, name_start, role",
    [
        ("قال وزير الخارجية المصري سامح شكري إن المحادثات مستمرة", "سامح", "وزير الخارجية المصري"),
        ("استقبل الرئيس التونسي قيس سعيد الوفد أمس", "قيس", "الرئيس التونسي"),
        ("وأكدت المتحدثة باسم الحكومة ليلى حداد أن القرار نهائي", "ليلى", "المتحدثة باسم الحكومة"),
        ("التقى الوفد في عمان سامح شكري", "سامح", None),
        ("وقال والرئيس الفرنسي ماكرون", "ماكرون", "الرئيس الفرنسي"),
    ],
)
def test_roles_title_before_name(sentence, name_start, role):
    tokens = tokenize(sentence)
    first = _index_of(tokens, name_start)
    span = roles.role_before(tokens, first, 0, set())
    got = None if span is None else sentence[span[0] : span[1]]
    assert got == role


@pytest.mark.parametrize(
    "word, stem",
    [
        ("الصيني", "صين"),
        ("الصينيين", "صين"),
        ("والروسية", "روس"),
        ("الأمريكيون", "امريك"),
        ("الدبلوماسيين", None),
        ("الصين", None),
    ],
)
def test_roles_nationality(word, stem):
    assert roles.nationality(word) == stem


@pytest.mark.parametrize(
    "sentence, expected, counterpart",
    [
        ("واجتمع الوزير مع نظيره الأردني في عمان", "نظيره الأردني", True),
        ("وقال كبير الدبلوماسيين الفرنسيين إن الاتفاق صامد", "كبير الدبلوماسيين الفرنسيين", False),
        ("وصل الزعيم الكوري إلى موسكو", "الزعيم الكوري", False),
    ],
)
def test_roles_descriptions_found(sentence, expected, counterpart):
    tokens = tokenize(sentence)
    found = roles.find_descriptions(tokens, range(len(tokens)), set())
    assert [sentence[d.start : d.end] for d in found] == [expected]
    assert found[0].counterpart is counterpart


def test_roles_description_before_an_untagged_name_is_not_a_description():
    sentence = "وقالت وزيرة المالية الألمانية كريستا مولر إن الميزانية متوازنة"
    tokens = tokenize(sentence)
    assert roles.find_descriptions(tokens, range(len(tokens)), set()) == []


def test_roles_description_before_a_name_is_a_role_not_a_description():
    sentence = "وصل الزعيم الكوري كيم جونغ أون إلى موسكو"
    tokens = tokenize(sentence)
    name = set(range(_index_of(tokens, "كيم"), _index_of(tokens, "أون") + 1))
    assert roles.find_descriptions(tokens, range(len(tokens)), name) == []
