import pytest

from khabar.corpus.entities import EntityIndex, one_edit_apart


def index_with(*people: str, etype: str = "PERSON") -> EntityIndex:
    index = EntityIndex()
    for n, name in enumerate(people, 1):
        index.add(n, etype, name)
    return index


@pytest.mark.parametrize("name", ["فلاديمير بوتين", "فلاديمير بوتين ", "بوتين"])
def test_entities_full_name_and_surname_link(name):
    assert index_with("فلاديمير بوتين").resolve("PERSON", name) == 1


def test_entities_same_surname_two_people_not_merged():
    index = index_with("جورج بوش", "جيب بوش")
    assert index.resolve("PERSON", "بوش") is None
    assert index.resolve("PERSON", "جورج بوش") == 1


@pytest.mark.parametrize(
    "known, seen, linked",
    [
        ("كاترينا يو", "كاترين يو", True),  # one letter in a long first name: a spelling variant
        ("محمد علي", "احمد علي", False),  # short names one letter apart are different people
        ("عبدالله الحربي", "عبدالرحمن الحربي", False),  # more than one letter
    ],
)
def test_entities_spelling_variants_are_conservative(known, seen, linked):
    assert (index_with(known).resolve("PERSON", seen) == 1) is linked


def test_entities_hamza_and_ta_marbuta_forms_match():
    index = index_with("اسامه", etype="PERSON")
    assert index.resolve("PERSON", "أسامة") == 1


def test_entities_types_kept_apart_and_aliases_used():
    index = EntityIndex()
    index.add(1, "ORG", "منظمه الامم المتحده")
    index.add_alias(1, "ORG", "الامم المتحده")
    assert index.resolve("ORG", "الأمم المتحدة") == 1
    assert index.resolve("GPE", "الأمم المتحدة") is None


@pytest.mark.parametrize(
    "a, b, expected", [("كاترينا", "كاترين", True), ("سعيد", "سعيد", False), ("خالد", "ماجد", False)]
)
def test_entities_one_edit_apart(a, b, expected):
    assert one_edit_apart(a, b) is expected
