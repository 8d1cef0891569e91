"""The derived verb forms (II-X) from a root, checked against forms written out by hand,
and the lemma table's generated file kept up to date."""

import pytest

from khabar.events import make_derived
from khabar.events.morphology import MorphologyError, derive, plural


@pytest.mark.parametrize(
    "root, form, past, present, masdar",
    [
        ("فجر", "II", "فجر", "يفجر", "تفجير"),
        ("سمي", "II", "سمى", "يسمي", "تسمية"),
        ("هجم", "III", "هاجم", "يهاجم", "مهاجمة"),
        ("قضي", "III", "قاضى", "يقاضي", "مقاضاة"),
        ("دين", "IV", "أدان", "يدين", "إدانة"),
        ("لقي", "IV", "ألقى", "يلقي", "إلقاء"),
        ("قرر", "IV", "أقر", "يقر", "إقرار"),
        ("وقف", "IV", "أوقف", "يوقف", "إيقاف"),
        ("عهد", "V", "تعهد", "يتعهد", "تعهد"),
        ("حدي", "V", "تحدى", "يتحدى", "تحدي"),
        ("ظهر", "VI", "تظاهر", "يتظاهر", "تظاهر"),
        ("سحب", "VII", "انسحب", "ينسحب", "انسحاب"),
        ("ضمم", "VII", "انضم", "ينضم", "انضمام"),
        ("عقل", "VIII", "اعتقل", "يعتقل", "اعتقال"),
        ("لقي", "VIII", "التقى", "يلتقي", "التقاء"),
        ("حلل", "VIII", "احتل", "يحتل", "احتلال"),
        ("وفق", "VIII", "اتفق", "يتفق", "اتفاق"),
        ("صدم", "VIII", "اصطدم", "يصطدم", "اصطدام"),
        ("خير", "VIII", "اختار", "يختار", "اختيار"),
        ("قبل", "X", "استقبل", "يستقبل", "استقبال"),
        ("قول", "X", "استقال", "يستقيل", "استقالة"),
        ("ولي", "X", "استولى", "يستولي", "استيلاء"),
        ("مرر", "X", "استمر", "يستمر", "استمرار"),
    ],
)
def test_events_morphology_derives_the_written_forms(root, form, past, present, masdar):
    v = derive(root, form)
    assert (v.past, v.present, v.masdar) == (past, present, masdar)


def test_events_morphology_plural_of_a_verbal_noun():
    assert [plural(m) for m in ("مداهمة", "اعتداء", "اتهام")] == ["مداهمات", "اعتداءات", "اتهامات"]


@pytest.mark.parametrize("root, form", [("قصف", "I"), ("قص", "VIII")])
def test_events_morphology_refuses_what_it_does_not_cover(root, form):
    with pytest.raises(MorphologyError):
        derive(root, form)


def test_events_derived_file_is_up_to_date():
    assert make_derived.OUT.read_text(encoding="utf-8") == make_derived.generate(), (
        "run python -m khabar.events.make_derived"
    )


def test_events_derived_file_names_its_source():
    head = make_derived.OUT.read_text(encoding="utf-8")[:600]
    assert "GENERATED" in head and "event_lemmas.tsv" in head and "Apache-2.0" in head


def test_events_lemma_table_refuses_a_word_listed_by_hand():
    lemma = make_derived.read_lemma(["CONSULT", "04", "زار يزور زيارة", "obj", "-", "زار الوزير الرياض."])
    with pytest.raises(make_derived.LemmaError):
        make_derived.rows([lemma], make_derived.hand_words())
