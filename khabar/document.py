"""The one data model: a cleaned text and stand-off layers of spans over it.

Every layer holds offsets into ``Document.text`` (Python string indices); no span
copies text, so nothing can drift. ``text`` fields appear only in the JSON written by
``Document.to_dict``. See DESIGN.md for the output contract.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from khabar.offsets import OffsetMap


class OffsetError(ValueError):
    """A span that does not fit the text it claims to annotate."""

    def __init__(self, doc_id: str | None, start: int, end: int, length: int | None = None):
        where = f" in document {doc_id[:12]}" if doc_id else ""
        limit = f" (text length {length})" if length is not None else ""
        super().__init__(f"bad span [{start}, {end}){where}{limit}")
        self.doc_id, self.start, self.end = doc_id, start, end


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` over ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise OffsetError(None, self.start, self.end)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self, text: str) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": text[self.start : self.end]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(d["start"], d["end"])


@dataclass(frozen=True, slots=True)
class Paragraph(Span):
    kind: str = "body"  # "body" | "heading"


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    pass


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing, with every mention of it in the document."""

    id: str
    type: str  # PERSON | ORG | GPE | LOC | NORP | MISC
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    # mentions that are descriptions standing in for the name ("نظيره الصيني"), not names;
    # each is also in ``mentions``
    descriptions: tuple[Span, ...] = ()

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "mentions": [m.to_dict(text) for m in self.mentions],
            "descriptions": [m.to_dict(text) for m in self.descriptions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=d["id"],
            type=d["type"],
            name=d["name"],
            aliases=tuple(d.get("aliases", ())),
            roles=tuple(d.get("roles", ())),
            mentions=tuple(Span.from_dict(m) for m in d.get("mentions", ())),
            descriptions=tuple(Span.from_dict(m) for m in d.get("descriptions", ())),
        )


@dataclass(frozen=True, slots=True)
class TimeExpr(Span):
    """A temporal expression; ``value`` is TIMEX3-style, None when unresolvable."""

    type: str = "DATE"  # DATE | TIME | DURATION | SET
    value: str | None = None
    relative: str | None = None  # e.g. "weekday -0 TUE" when no publication date
    mod: str | None = None  # TIMEX3 mod: START | MID | END | BEFORE | AFTER (أواخر 2022)

    def to_dict(self, text: str) -> dict[str, Any]:
        d = {
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "type": self.type,
            "value": self.value,
        }
        if self.relative is not None:
            d["relative"] = self.relative
        if self.mod is not None:
            d["mod"] = self.mod
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimeExpr:
        return cls(d["start"], d["end"], d.get("type", "DATE"), d.get("value"), d.get("relative"), d.get("mod"))


@dataclass(frozen=True, slots=True)
class Agent:
    """Who speaks, is addressed, or relays: an entity id when resolved, always a name."""

    name: str
    entity: str | None = None
    mention: Span | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "name": self.name,
            "mention": self.mention.to_dict(text) if self.mention else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Agent | None:
        if d is None:
            return None
        m = d.get("mention")
        return cls(d["name"], d.get("entity"), Span.from_dict(m) if m else None)


@dataclass(frozen=True, slots=True)
class Quote(Span):
    """A reported statement: its content span, how it was reported, and by whom."""

    kind: str = "direct"  # direct | indirect | mixed
    cue: Span | None = None
    speaker: Agent | None = None
    addressee: Agent | None = None
    via: Agent | None = None
    time: TimeExpr | None = None
    speakers: tuple[Agent, ...] = ()  # every speaker of a joint statement (speaker is the first)
    place: Agent | None = None  # where the statement was made
    heading: bool = False  # a quote standing alone as a subheading, attributed to nobody

    def to_dict(self, text: str) -> dict[str, Any]:
        every = self.speakers or ((self.speaker,) if self.speaker else ())
        return {
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "kind": self.kind,
            "cue": self.cue.to_dict(text) if self.cue else None,
            "speaker": self.speaker.to_dict(text) if self.speaker else None,
            "addressee": self.addressee.to_dict(text) if self.addressee else None,
            "via": self.via.to_dict(text) if self.via else None,
            "time": self.time.to_dict(text) if self.time else None,
            "speakers": [a.to_dict(text) for a in every],
            "place": self.place.to_dict(text) if self.place else None,
            "heading": self.heading,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(
            d["start"],
            d["end"],
            d.get("kind", "direct"),
            Span.from_dict(d["cue"]) if d.get("cue") else None,
            Agent.from_dict(d.get("speaker")),
            Agent.from_dict(d.get("addressee")),
            Agent.from_dict(d.get("via")),
            TimeExpr.from_dict(d["time"]) if d.get("time") else None,
            speakers=tuple(Agent.from_dict(a) for a in d.get("speakers", ())) if len(d.get("speakers", ())) > 1 else (),
            place=Agent.from_dict(d.get("place")),
            heading=bool(d.get("heading", False)),
        )


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    """The cleaned text once, metadata, and every annotation layer as spans.

    Stages return a new Document (``dataclasses.replace``); they never edit ``text``.
    ``offsets`` maps cleaned-text offsets back to the raw input; it is not part of the
    JSON contract and is ``None`` on a Document read back from JSON.
    """

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    language: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quotes: tuple[Quote, ...] = ()
    offsets: OffsetMap | None = field(default=None, compare=False, repr=False)
    _tokens: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        n = len(self.text)
        for layer in (self.paragraphs, self.sentences, self.times, self.quotes):
            for span in layer:
                if span.end > n:
                    raise OffsetError(self.id, span.start, span.end, n)
        for ent in self.entities:
            for span in ent.mentions:
                if span.end > n:
                    raise OffsetError(self.id, span.start, span.end, n)

    @property
    def id(self) -> str:
        return content_id(self.text)

    @property
    def tokens(self):
        """Surface tokens with offsets (computed once, on first use)."""
        if self._tokens is None:
            from khabar.segment import tokenize

            self._tokens = tokenize(self.text)
        return self._tokens

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def replace(self, **changes: Any) -> Document:
        """A copy with some layers replaced (keeps the offset map and tokens)."""
        return dataclasses.replace(self, **changes)

    def iter_sentences(self) -> Iterator[tuple[Sentence, str]]:
        for s in self.sentences:
            yield s, self.text[s.start : s.end]

    def to_dict(self) -> dict[str, Any]:
        t = self.text
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "url": self.url,
            "source": self.source,
            "author": self.author,
            "language": self.language,
            "text": t,
            "paragraphs": [{"start": p.start, "end": p.end, "kind": p.kind} for p in self.paragraphs],
            "sentences": [{"start": s.start, "end": s.end} for s in self.sentences],
            "entities": [e.to_dict(t) for e in self.entities],
            "times": [x.to_dict(t) for x in self.times],
            "quotes": [q.to_dict(t) for q in self.quotes],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            text=d["text"],
            title=d.get("title"),
            published=d.get("published"),
            url=d.get("url"),
            source=d.get("source"),
            author=d.get("author"),
            language=d.get("language"),
            paragraphs=tuple(Paragraph(p["start"], p["end"], p.get("kind", "body")) for p in d.get("paragraphs", ())),
            sentences=tuple(Sentence(s["start"], s["end"]) for s in d.get("sentences", ())),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", ())),
            times=tuple(TimeExpr.from_dict(x) for x in d.get("times", ())),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", ())),
        )
