"""The example article's events as issue 14 lists them, found by the whole pipeline (the
shipped NER model, the time and quotes stages): no special case for this article."""

import pytest

import khabar
from khabar.arabic import match_key


@pytest.fixture(scope="module")
def example_events():
    from helpers import EXAMPLE

    if not EXAMPLE.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    doc = khabar.analyze(EXAMPLE.read_text(encoding="utf-8"), published="2024-04-09")
    return doc, doc.layer("events")


def _names(people) -> list[str]:
    return [p.name for p in people]


def _has(names: list[str], wanted: str) -> bool:
    words = {match_key(w) for w in wanted.split()}
    return any(words <= {match_key(w) for w in n.split()} for n in names)


def _find(doc, events, type_, actor, target=None):
    out = []
    for e in events:
        actors = _names(e.actors or ((e.actor,) if e.actor else ()))
        targets = _names(e.targets or ((e.target,) if e.target else ()))
        if e.type == type_ and _has(actors, actor) and (target is None or _has(targets, target)):
            out.append(e)
    assert out, f"no {type_} by {actor} on {target}: " + "; ".join(
        f"{doc.text[e.trigger.start : e.trigger.end]}/{e.type}" for e in events
    )
    return out


@pytest.mark.parametrize(
    "type_, actor, target",
    [
        ("CONSULT", "لافروف", None),  # his visit and talks in Beijing
        ("AGREE", "روسيا", None),  # Russia and China agree to discuss security cooperation
        ("AGREE", "الصين", None),
        ("CONSULT", "يلين", "الصين"),  # Yellen's talks with China
        ("THREATEN", "يلين", None),  # her warning of consequences
        ("ACCUSE", "لافروف", "الغرب"),  # Lavrov condemns the sanctions
        ("SANCTION", "الغرب", "روسيا"),  # the West's sanctions on Russia
        ("ASSAULT", "روسيا", "أوكرانيا"),  # Russia's invasion of Ukraine
        ("SUPPORT", "الصين", None),  # China's pledge to support Russia
    ],
)
def test_events_example_article(example_events, type_, actor, target):
    doc, events = example_events
    _find(doc, events, type_, actor, target)


def test_events_example_talks_in_beijing_and_joint_agreement(example_events):
    doc, events = example_events
    talks = _find(doc, events, "CONSULT", "لافروف", "وانغ يي")
    assert any(e.location is not None and e.location.name == "بكين" for e in talks)
    agree = _find(doc, events, "AGREE", "روسيا")[0]
    assert _has(_names(agree.actors), "الصين")  # both act


def test_events_example_invasion_is_dated_2022(example_events):
    doc, events = example_events
    invasion = _find(doc, events, "ASSAULT", "روسيا", "أوكرانيا")[0]
    assert invasion.time is not None and doc.times[invasion.time].value == "2022"


def test_events_example_codes(example_events):
    doc, events = example_events
    assert _find(doc, events, "THREATEN", "يلين")[0].actor.code == "USA GOV"
    assert _find(doc, events, "SANCTION", "الغرب")[0].actor.code == "WST"
    assert _find(doc, events, "ACCUSE", "لافروف")[0].actor.code == "RUS GOV"
    warning = _find(doc, events, "THREATEN", "يلين")[0]
    assert warning.quote is not None  # a speech act: its quote
