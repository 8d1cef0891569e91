"""Names in Latin script (khabar/entities/latin.py): knowledge first, rules last."""

import pytest

from khabar.document import Document, Entity
from khabar.entities.latin import LatinNames, latin_names, transliterate


@pytest.mark.parametrize(
    "etype, name, latin",
    [
        ("GPE", "بكين", "Beijing"),  # GeoNames
        ("GPE", "فرنسا", "France"),  # CLDR
        ("GPE", "وفرنسا", "France"),  # with a clitic
        ("GPE", "الولايات المتحدة الأمريكية", "United States"),  # a place and its adjective
        ("ORG", "الأمم المتحدة", "United Nations"),  # one of CLDR's two organisations
        ("PERSON", "لافروف", "Lavrov"),  # a foreign name token (NETransliteration)
        ("PERSON", "سلمان بن عبدالعزيز", "Salman bin Abdulaziz"),  # عبد joined, بن a particle
    ],
)
def test_latin_known_names(etype, name, latin):
    assert latin_names().latin(name, etype) == latin


def test_latin_article_is_al_inside_a_name_and_al_at_its_start():
    names = LatinNames(units={"جبير": "Jubeir", "عادل": "Adel"})
    assert names.latin("عادل الجبير", "PERSON") == "Adel al-Jubeir"
    assert names.latin("الجبير", "PERSON") == "Al-Jubeir"


def test_latin_descriptive_organisation_has_none_and_other_types_neither():
    assert latin_names().latin("وزارة الصحة", "ORG") is None  # its English name is a translation
    assert latin_names().latin("الروس", "NORP") is None


def test_latin_rule_fallback_spells_every_letter_word():
    assert transliterate("كريري") == "Kariri"
    assert LatinNames().latin("زخيمر", "PERSON")  # nothing known: still a spelling


def test_latin_field_round_trips_and_is_null_when_unknown():
    doc = Document(text="قال لافروف", entities=(Entity("e1", "PERSON", "لافروف", latin="Lavrov"),))
    assert Document.from_dict(doc.to_dict()) == doc
    assert doc.to_dict()["entities"][0]["latin"] == "Lavrov"
    assert Entity("e1", "MISC", "كورونا").to_dict("")["latin"] is None
