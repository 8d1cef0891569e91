"""The entities stage end to end, with the shipped model, on sentences written for
these tests and on the project's example article."""

import pytest
from tests_support import by_name

import khabar
from khabar.entities import find_entities

ARTICLE = (
    "قال وزير الخارجية الأمريكي جون كيري إن الولايات المتحدة ستواصل دعم المفاوضات في جنيف.\n"
    "وأضاف كيري في مؤتمر صحفي بعد لقائه نظيره الروسي سيرغي لافروف أن واشنطن تريد حلا سياسيا.\n"
    "من جهته قال لافروف إن موسكو منفتحة على الحوار، بحسب وكالة الأنباء الروسية إيتار تاس.\n"
)


@pytest.fixture(scope="module")
def article():
    return khabar.analyze(ARTICLE, published="2015-08-01", title="محادثات جنيف")


def test_entities_stage_names_grouped_with_aliases_and_roles(article):
    kerry = by_name(article, "جون كيري")
    assert kerry.type == "PERSON"
    assert "كيري" in kerry.aliases
    assert "وزير الخارجية الأمريكي" in kerry.roles
    assert len(kerry.mentions) == 2
    lavrov = by_name(article, "سيرغي لافروف")
    assert "لافروف" in lavrov.aliases


def test_entities_stage_related_places_stay_apart(article):
    usa, washington = by_name(article, "الولايات المتحدة"), by_name(article, "واشنطن")
    assert usa.id != washington.id
    assert usa.type == washington.type == "GPE"


def test_entities_stage_every_mention_in_bounds_and_ids_in_order(article):
    ids = [e.id for e in article.entities]
    assert ids == [f"e{n}" for n in range(1, len(ids) + 1)]
    firsts = [e.mentions[0].start for e in article.entities]
    assert firsts == sorted(firsts)
    for e in article.entities:
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(article.text)


def test_entities_stage_json_round_trip(article):
    again = khabar.Document.from_dict(article.to_dict())
    assert again.entities == article.entities


def test_entities_stage_empty_document():
    doc = khabar.analyze("")
    assert find_entities(doc).entities == ()


# --- the example article (../shared) -------------------------------------------------

PEOPLE = ["سيرغي لافروف", "وانغ يي", "كاترينا يو", "جانيت يلين", "فلاديمير بوتين", "شي جين بينج"]
ORGS = ["حلف شمال الأطلسي", "منظمة الأمن والتعاون في أوروبا", "قناة الجزيرة", "ريا نوفوستي", "جلوبال تايمز"]
PLACES = ["بكين", "موسكو", "أوكرانيا", "آسيا", "أوروبا", "الولايات المتحدة", "الصين", "روسيا"]


@pytest.fixture(scope="module")
def example_doc():
    from helpers import EXAMPLE

    if not EXAMPLE.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    return khabar.analyze(EXAMPLE.read_text(encoding="utf-8"), published="2024-04-09")


@pytest.mark.parametrize("name", PEOPLE + ORGS + PLACES)
def test_entities_example_every_expected_entity_found(example_doc, name):
    entity = by_name(example_doc, name, loose=name in ORGS)
    kind = "PERSON" if name in PEOPLE else "ORG" if name in ORGS else ("GPE", "LOC")
    assert entity.type in kind


def test_entities_example_at_most_three_spurious(example_doc):
    expected = {by_name(example_doc, n, loose=n in ORGS).id for n in PEOPLE + ORGS + PLACES}
    spurious = [e.name for e in example_doc.entities if e.id not in expected]
    assert len(spurious) <= 3, spurious


def test_entities_example_variant_alias_role_and_descriptions(example_doc):
    assert "كاترين يو" in by_name(example_doc, "كاترينا يو").aliases
    assert "وزير الخارجية الروسي" in by_name(example_doc, "سيرغي لافروف").roles
    wang = by_name(example_doc, "وانغ يي")
    described = {example_doc.span_text(s) for s in wang.descriptions}
    assert {"نظيره الصيني", "كبير الدبلوماسيين الصينيين"} <= described
    assert set(wang.descriptions) <= set(wang.mentions)
    putin = by_name(example_doc, "فلاديمير بوتين")
    assert any("زعيم الروسي" in example_doc.span_text(s) for s in putin.descriptions)  # للزعيم


def test_entities_example_descriptions_survive_json(example_doc):
    again = khabar.Document.from_dict(example_doc.to_dict())
    assert again.entities == example_doc.entities
    assert any(e["descriptions"] for e in example_doc.to_dict()["entities"])
