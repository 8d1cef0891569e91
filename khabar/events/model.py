"""The events layer: who did what to whom, where and when, as spans over the text.

An ``Event`` is registered as a layer of its own (``register_layer``), so ``Document``
needs no field for it: stages set it with ``doc.replace(events=...)`` and read it with
``doc.layer("events")``. Its JSON is the contract of docs/output.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from khabar.document import register_layer
from khabar.spans import Span


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor, target or place: an entity id when the text names one, always a name,
    and a PLOVER-style actor code (``RUS GOV``, ``IGO``, ``MIL``) when it can be derived."""

    name: str
    entity: str | None = None
    mention: Span | None = None
    code: str | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "name": self.name,
            "mention": self.mention.to_dict(text) if self.mention else None,
            "code": self.code,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Participant | None:
        if d is None:
            return None
        m = d.get("mention")
        return cls(d["name"], d.get("entity"), Span.from_dict(m) if m else None, d.get("code"))


@dataclass(frozen=True, slots=True)
class Event(Span):
    """One event: the clause span, its trigger, PLOVER type and CAMEO root code, who
    acted on whom, where and when (``time`` indexes ``doc.times``), whether it is negated
    or hypothetical, and the quote it is said in or is (``quote`` indexes ``doc.quotes``)."""

    trigger: Span = field(default_factory=lambda: Span(0, 0))
    type: str = ""
    cameo: str = ""
    actor: Participant | None = None
    target: Participant | None = None
    location: Participant | None = None
    time: int | None = None
    negated: bool = False
    hypothetical: bool = False
    quote: int | None = None
    actors: tuple[Participant, ...] = ()  # every actor of a joint event (actor is the first)
    targets: tuple[Participant, ...] = ()  # every target (target is the first)
    light: Span | None = None  # the light verb carrying an event noun (أجرت … محادثات، ألقت … القبض)

    def __post_init__(self) -> None:
        Span.__post_init__(self)
        # one way to say "just the actor": ``actors`` empty, so that JSON round trips equal
        if self.actors == ((self.actor,) if self.actor else ()):
            object.__setattr__(self, "actors", ())
        if self.targets == ((self.target,) if self.target else ()):
            object.__setattr__(self, "targets", ())

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "trigger": self.trigger.to_dict(text),
            "type": self.type,
            "cameo": self.cameo,
            "actor": self.actor.to_dict(text) if self.actor else None,
            "target": self.target.to_dict(text) if self.target else None,
            "location": self.location.to_dict(text) if self.location else None,
            "time": self.time,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "quote": self.quote,
            "actors": [a.to_dict(text) for a in (self.actors or ((self.actor,) if self.actor else ()))],
            "targets": [a.to_dict(text) for a in (self.targets or ((self.target,) if self.target else ()))],
            "light": self.light.to_dict(text) if self.light else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        actors = tuple(p for p in map(Participant.from_dict, d.get("actors", ())) if p is not None)
        targets = tuple(p for p in map(Participant.from_dict, d.get("targets", ())) if p is not None)
        return cls(
            d["start"],
            d["end"],
            trigger=Span.from_dict(d["trigger"]),
            type=d["type"],
            cameo=d.get("cameo", ""),
            actor=Participant.from_dict(d.get("actor")),
            target=Participant.from_dict(d.get("target")),
            location=Participant.from_dict(d.get("location")),
            time=d.get("time"),
            negated=bool(d.get("negated", False)),
            hypothetical=bool(d.get("hypothetical", False)),
            quote=d.get("quote"),
            actors=actors,
            targets=targets,
            light=Span.from_dict(d["light"]) if d.get("light") else None,
        )


def _spans(event: Event) -> tuple[Span, ...]:
    """The spans of an event that must lie inside the text."""
    parts: list[Span] = [event, event.trigger] + ([event.light] if event.light else [])
    for p in (event.actor, event.target, event.location, *event.actors, *event.targets):
        if p is not None and p.mention is not None:
            parts.append(p.mention)
    return tuple(parts)


EVENTS = register_layer("events", Event.from_dict, spans=_spans)
