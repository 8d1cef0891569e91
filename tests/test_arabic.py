import pytest

from khabar import arabic


@pytest.mark.parametrize(
    "surface, expected",
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمال", "امال"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("مُحَمَّد", "محمد"),
        ("الســلام", "السلام"),
        ("٢٠٢٤", "2024"),
        ("۱۴۰۳", "1403"),
        ("مسؤول", "مسوول"),
    ],
)
def test_arabic_normalize_folds_spelling_variants(surface, expected):
    assert arabic.normalize(surface) == expected


@pytest.mark.parametrize(
    "word, prefixes, stem, suffix",
    [
        ("والصين", ("و", "ال"), "صين", ""),
        ("بالعقوبات", ("ب", "ال"), "عقوبات", ""),
        ("للولايات", ("ل", "ال"), "ولايات", ""),
        ("وسيعلن", ("و", "س"), "يعلن", ""),
        ("علاقاتها", (), "علاقات", "ها"),
        ("فقال", ("ف",), "قال", ""),
        ("ولد", (), "ولد", ""),  # too short to split
        ("بلد", (), "بلد", ""),
    ],
)
def test_arabic_clitics_split_light_affixes(word, prefixes, stem, suffix):
    c = arabic.clitics(word)
    assert c.prefixes == prefixes
    assert c.stem == stem
    assert c.suffix == suffix
    assert word[: c.stem_start] + c.stem + word[c.stem_end :] == word  # offsets stay inside the word


@pytest.mark.parametrize("a, b", [("والصين", "الصين"), ("الصين", "صين"), ("للصين", "الصين"), ("بالصين", "الصين")])
def test_arabic_match_key_ignores_conjunction_and_article(a, b):
    assert arabic.match_key(a) == arabic.match_key(b)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("قال المتحدث باسم الحكومة إن الاجتماع سيعقد غدا.", "ar"),
        ("The minister said that the talks were held in the capital.", "en"),
        ("Le ministre a dit que les négociations sont dans une impasse.", "fr"),
        ("12345 67890", "und"),
        ("", "und"),
    ],
)
def test_arabic_detect_language_by_script(text, lang):
    assert arabic.detect_language(text) == lang


def test_arabic_to_western_digits_keeps_length():
    s = "عام ٢٠٢٤ و۱۴۰۳"
    assert arabic.to_western_digits(s) == "عام 2024 و1403"


@pytest.mark.parametrize(
    "word, key",
    [
        ("واشنطن", "واشنطن"),  # a place name that begins with و
        ("وزير", "وزير"),
        ("الوزير", "وزير"),  # so "وزير" and "الوزير" meet
        ("ووزير", "وزير"),  # and the conjunction before it still goes
        ("وزارتها", "وزارتها"),  # an inflected form of a listed word
        ("وزيرة", "وزيره"),
        ("فرنسا", "فرنسا"),
        ("وفرنسا", "فرنسا"),
        ("الفرنسيين", "فرنسيين"),
        ("فرنسي", "فرنسي"),  # the adjective of a listed place
        ("فلسطين", "فلسطين"),
        ("فيصل", "فيصل"),  # a given name (the romanizer's database)
        ("والصين", "صين"),  # the conjunction
        ("فقال", "قال"),
        ("وكان", "كان"),
    ],
)
def test_arabic_match_key_keeps_a_waw_or_fa_that_is_the_words_own(word, key):
    assert arabic.match_key(word) == key


def test_arabic_initial_letter_words_are_listed_with_their_source():
    from importlib import resources

    text = resources.files("khabar.data").joinpath("initial_letters.tsv").read_text(encoding="utf-8")
    assert "SaudiNewsNet" in text.split("\nword\t")[0]  # the header says it is not the source
    assert {line.split("\t")[0] for line in text.splitlines() if not line.startswith("#")} == {"word", "name"}
