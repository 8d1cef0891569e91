"""The events stage on sentences written for these tests: frames, actors, targets,
negation, hypotheticals, quotes, codes. Entities are given by hand (no model needed)."""

import pytest
from helpers import make_doc

from khabar.document import Document
from khabar.events import find_events
from khabar.events.model import Event
from khabar.quotes import find_quotes
from khabar.time import tag_times

PEOPLE = [
    ("PERSON", "سيرغي لافروف", ["سيرغي لافروف", "لافروف"]),
    ("PERSON", "عادل الجبير", ["عادل الجبير", "الجبير"]),
    ("PERSON", "جون كيري", ["جون كيري", "كيري"]),
    ("PERSON", "أنطونيو غوتيريش", ["أنطونيو غوتيريش"]),
    ("GPE", "روسيا", ["روسيا"]),
    ("GPE", "الصين", ["الصين"]),
    ("GPE", "إيران", ["إيران"]),
    ("GPE", "اليمن", ["اليمن"]),
    ("GPE", "الرياض", ["الرياض"]),
    ("GPE", "تعز", ["تعز"]),
    ("ORG", "الأمم المتحدة", ["الأمم المتحدة"]),
    ("ORG", "الحوثيين", ["الحوثيين"]),
]


def events_of(text: str, entities=PEOPLE) -> tuple[Document, list[Event]]:
    doc = make_doc(text, entities, published="2015-08-01")
    doc = find_events(find_quotes(tag_times(doc)))
    return doc, list(doc.layer("events"))


def one(text: str, trigger: str, entities=PEOPLE) -> tuple[Document, Event]:
    doc, events = events_of(text, entities)
    found = [e for e in events if doc.text[e.trigger.start : e.trigger.end] == trigger]
    assert len(found) == 1, [(doc.text[e.trigger.start : e.trigger.end], e.type) for e in events]
    return doc, found[0]


def names(people) -> list[str]:
    return [p.name for p in people]


@pytest.mark.parametrize(
    "text, trigger, type_, actors, target",
    [
        # verb first, subject after its titles, object after the subject
        ("زار وزير الخارجية الروسي سيرغي لافروف الرياض أمس.", "زار", "CONSULT", ["سيرغي لافروف"], "الرياض"),
        # subject before a dual verb: both act
        ("وقال المتحدث إن روسيا والصين اتفقتا على توسيع التجارة.", "اتفقتا", "AGREE", ["روسيا", "الصين"], None),
        # the target after مع
        (
            "بحث وزير الخارجية عادل الجبير مع نظيره الأمريكي جون كيري الأزمة اليمنية.",
            "بحث",
            "CONSULT",
            ["عادل الجبير"],
            "جون كيري",
        ),
        # a light verb carries the actor of its noun
        (
            "أجرى وزير الخارجية عادل الجبير محادثات مع جون كيري في الرياض.",
            "محادثات",
            "CONSULT",
            ["عادل الجبير"],
            "جون كيري",
        ),
        # an event noun takes its actor as genitive, its target after إلى
        ("وتأتي زيارة لافروف إلى الصين في إطار التنسيق بين البلدين.", "زيارة", "CONSULT", ["سيرغي لافروف"], "الصين"),
        # a transitive verbal noun takes its target as genitive
        ("أعلنت الشرطة اعتقال جون كيري في الرياض.", "اعتقال", "COERCE", ["الشرطة"], "جون كيري"),
        # a relative clause gives the noun's actor and target
        ("وانتقد لافروف العقوبات التي فرضتها إيران على الصين.", "العقوبات", "SANCTION", ["إيران"], "الصين"),
        # who underwent the event is its target (تعرض لـ)
        ("تعرضت الصين لهجوم إلكتروني واسع.", "لهجوم", "ASSAULT", [], "الصين"),
        # who claims the event did it
        ("أعلن الحوثيين مسؤوليتهم عن الهجوم على الرياض.", "الهجوم", "ASSAULT", ["الحوثيين"], "الرياض"),
        # a group the text names without a proper name acts
        ("قصفت الطائرات الروسية مواقع المتمردين قرب تعز.", "قصفت", "ASSAULT", ["الطائرات الروسية"], None),
    ],
)
def test_events_frames_give_actor_and_target(text, trigger, type_, actors, target):
    _, e = one(text, trigger)
    assert e.type == type_
    assert names(e.actors or ((e.actor,) if e.actor else ())) == actors
    assert (e.target.name if e.target else None) == target


def test_events_passive_or_unnamed_actor_stays_null():
    _, e = one("قتل خمسة جنود في هجوم قرب الحدود.", "هجوم")
    assert e.actor is None


def test_events_condemned_event_gives_its_actor_as_target():
    doc, e = one("وندد الجبير بالعقوبات التي فرضتها إيران على اليمن.", "وندد")
    assert e.type == "ACCUSE" and e.actor.name == "عادل الجبير"
    assert e.target.name == "إيران"


@pytest.mark.parametrize(
    "text, trigger, negated, hypothetical",
    [
        ("لم يزر لافروف الرياض منذ عامين.", "يزر", True, False),
        ("وقالت إيران إنها لن تفاوض الأمم المتحدة.", "تفاوض", True, False),
        ("وأعلنت روسيا عدم موافقتها على القرار.", "موافقتها", True, False),
        ("إذا هاجمت إيران اليمن فستتدخل الأمم المتحدة.", "هاجمت", False, True),
        ("قد تفرض الصين عقوبات على إيران.", "عقوبات", False, True),  # the light verb is not next to it
        ("وفي حال رفضت إيران العرض ستتوقف المحادثات.", "رفضت", False, True),
        ("قد زار لافروف الرياض مرتين.", "زار", False, False),  # قد before a past verb: "has"
        ("زار لافروف الرياض أمس.", "زار", False, False),
    ],
)
def test_events_negation_and_hypotheticals_are_marked(text, trigger, negated, hypothetical):
    _, e = one(text, trigger)
    assert (e.negated, e.hypothetical) == (negated, hypothetical)


def test_events_denied_content_is_negated():
    _, e = one("ونفت الصين أنها فرضت عقوبات على إيران.", "فرضت عقوبات")
    assert e.negated


def test_events_speech_act_takes_the_quote_speaker():
    doc, e = one("واتهم وزير الخارجية عادل الجبير إيران بدعم الحوثيين.", "واتهم")
    assert e.type == "ACCUSE" and e.actor.name == "عادل الجبير"
    assert e.target.name == "إيران"
    assert e.quote is not None and doc.quotes[e.quote].cue.start == e.trigger.start


def test_events_content_of_a_demand_is_part_of_it():
    doc, events = events_of("وطالب الجبير الأمم المتحدة بالإفراج عن المعتقلين.")
    assert [e.type for e in events] == ["REQUEST"]


def test_events_town_is_a_place_not_a_target():
    _, e = one("قصفت الطائرات الروسية مدينة تعز.", "قصفت")
    assert e.target is None and e.location is not None and e.location.name == "تعز"


def test_events_time_points_into_the_times_layer():
    doc, e = one("زار لافروف الرياض يوم الثلاثاء.", "زار")
    assert e.time is not None and doc.times[e.time].value == "2015-07-28"


@pytest.mark.parametrize(
    "text, trigger, code",
    [
        ("زار وزير الخارجية الروسي سيرغي لافروف الرياض.", "زار", "RUS GOV"),
        ("هاجمت إيران سفينة في الخليج.", "هاجمت", "IRN"),
        ("دعت الأمم المتحدة إلى وقف القتال.", "دعت", "IGO"),
        ("قصف الجيش اليمني مواقع المتمردين.", "قصف", "YEM MIL"),
    ],
)
def test_events_actor_codes(text, trigger, code):
    _, e = one(text, trigger)
    assert e.actor is not None and e.actor.code == code


def test_events_json_round_trip():
    doc, events = events_of("وندد الجبير بالعقوبات التي فرضتها إيران على اليمن يوم الثلاثاء.")
    assert events
    again = Document.from_dict(doc.to_dict())
    assert again.layer("events") == doc.layer("events")
    d = doc.to_dict()["events"][0]
    assert set(d) >= {"start", "end", "trigger", "type", "cameo", "actor", "target", "location", "time"}
    assert set(d) >= {"negated", "hypothetical", "quote"}
    assert d["trigger"]["text"] == doc.text[d["trigger"]["start"] : d["trigger"]["end"]]


def test_events_every_span_lies_in_the_text():
    doc, events = events_of("زار لافروف الرياض والتقى الجبير، ثم بحث مع كيري الأزمة.")
    for e in events:
        for p in (e.actor, e.target, e.location):
            if p is not None and p.mention is not None:
                assert doc.text[p.mention.start : p.mention.end]
        assert e.start <= e.trigger.start < e.trigger.end <= e.end


def test_events_words_spelled_like_triggers_are_not_events():
    _, events = events_of("أصدرت وزارة الداخلية بيانا، وقالت طالبة في الجامعة إن القوة في الاتحاد.")
    assert events == []


@pytest.mark.parametrize(
    "text, trigger, actor",
    [
        # a verb in the first person inside what someone said: the speaker acts
        ('وقال الجبير: "ندين الاعتداء على السفارة".', "ندين", "عادل الجبير"),
        ('وقال لافروف: "رفضنا الشروط الأمريكية".', "رفضنا", "سيرغي لافروف"),
    ],
)
def test_events_first_person_verb_is_the_speakers(text, trigger, actor):
    _, e = one(text, trigger)
    assert e.actor is not None and e.actor.name == actor


def test_events_first_person_verb_outside_a_quote_has_no_actor():
    _, e = one("ندين الاعتداء على السفارة.", "ندين")
    assert e.actor is None


def test_events_received_call_is_the_callers():
    _, e = one("تلقى الجبير اتصالا هاتفيا اليوم من لافروف بحث خلاله الأزمة.", "اتصالا")
    assert e.type == "CONSULT" and e.actor.name == "سيرغي لافروف" and e.target.name == "عادل الجبير"


@pytest.mark.parametrize(
    "text, trigger, actor",
    [
        # joined to the clause before, whose verb names no event: its subject carries over
        ("أعرب لافروف عن قلقه من الأزمة، وأشاد بجهود الأمم المتحدة.", "وأشاد", "سيرغي لافروف"),
        # opening its sentence: the subject of the sentence before
        ("وصل الجبير إلى موسكو أمس. ودعا إلى وقف القتال في اليمن.", "ودعا", "عادل الجبير"),
        # a quote's speaker is the subject of the clause its cue opens
        ("وقال كيري إن الأزمة طويلة. كما طالب بوقف القتال.", "طالب", "جون كيري"),
    ],
)
def test_events_dropped_subject_is_carried_over(text, trigger, actor):
    _, e = one(text, trigger)
    assert e.actor is not None and e.actor.name == actor


@pytest.mark.parametrize(
    "text, trigger",
    [
        # an act often passive (قُتل) carries nobody, nor does a verb whose subject is unread
        ("وصل الجبير إلى موسكو أمس. وقتل ثلاثة جنود في هجوم.", "وقتل"),
        ("وصل الجبير إلى موسكو أمس. ونصح المخلوع حلفاءه بالحوار.", "ونصح"),
        # a plural verb does not carry a single person
        ("وصل الجبير إلى موسكو أمس. وتفاوضوا مع الأمم المتحدة.", "وتفاوضوا"),
    ],
)
def test_events_nothing_is_carried_when_the_verb_may_have_its_own_subject(text, trigger):
    _, events = events_of(text)
    found = [e for e in events if e.trigger.start == text.index(trigger)]
    assert all(e.actor is None for e in found)


def test_events_relative_pronoun_after_an_adjective_points_to_the_name():
    _, e = one("وانتقد كيري روسيا الاتحادية التي هاجمت اليمن.", "هاجمت")
    assert e.actor is not None and e.actor.name == "روسيا"


@pytest.mark.parametrize(
    "text, trigger, actor, target",
    [
        # an honorific formula may stand between a light verb's subject and its noun
        ("تلقى الجبير ـ حفظه الله ـ اتصالا هاتفيا من لافروف.", "اتصالا", "سيرغي لافروف", "عادل الجبير"),
        # an event noun joined by و to the event before shares its actors
        ("أكد الجبير تضامن روسيا مع اليمن ومساندة جهودها.", "ومساندة", "روسيا", None),
        # a verb with و attached opens its own clause: the object before it is no subject
        ("اعتقلت الشرطة الحوثيين وقتلت آخرين.", "وقتلت", "الشرطة", None),
        # "نظيره" after a verb is whom the subject met
        ("وقال لافروف إنه يلتقي نظيره عادل الجبير في الرياض.", "يلتقي", "سيرغي لافروف", "عادل الجبير"),
        # "تابعة لـ X" after an event noun: X acts
        ("وصلت سفينة مساعدات تابعة للأمم المتحدة إلى تعز.", "مساعدات", "الأمم المتحدة", None),
        # a visit named after في belongs to the nearest name no preposition governs
        ("غادر لافروف إلى الرياض في زيارة رسمية.", "زيارة", "سيرغي لافروف", None),
        # a state in the genitive with a ل-object after it condemns
        ("عبرت الرياض عن إدانة روسيا الشديدة للهجمات.", "إدانة", "روسيا", None),
    ],
)
def test_events_more_frames(text, trigger, actor, target):
    _, e = one(text, trigger)
    assert (e.actor.name if e.actor else None) == actor
    assert (e.target.name if e.target else None) == target


def test_events_definite_mention_of_an_event_told_before_is_an_event():
    doc, events = events_of("أجرى لافروف اتصالا هاتفيا بالجبير. وجرى خلال الاتصال بحث الأزمة اليمنية.")
    assert [doc.text[e.trigger.start : e.trigger.end] for e in events if e.type == "CONSULT"][:2] == [
        "اتصالا",
        "الاتصال",
    ]


def test_events_a_motive_is_no_event():
    _, events = events_of("سحبت روسيا سفيرها من اليمن احتجاجا على الهجوم.")
    assert "PROTEST" not in [e.type for e in events]


def test_clitic_prefix_leaves_a_words_own_first_letter():
    """As match_key does: the و of وزارة and the ف of فرنسا are the word's, the و of
    والجيش and the ف of فالقوات are conjunctions."""
    from khabar.events.participants import clitic_prefix

    assert [clitic_prefix(w) for w in ("وزارة", "فرنسا", "والجيش", "فالقوات", "للجيش", "وبالقوات")] == [
        "",
        "",
        "و",
        "ف",
        "ل",
        "وب",
    ]
