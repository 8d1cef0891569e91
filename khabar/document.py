"""The one data model: a cleaned text and stand-off layers of spans over it.

Every layer holds offsets into ``Document.text`` (Python string indices); no span
copies text, so nothing can drift. ``text`` fields appear only in the JSON written by
``Document.to_dict``. See DESIGN.md and docs/output.md for the output contract.

The layers every analysis has (paragraphs, sentences, entities, times, quotes) are
fields of ``Document``. A stage that adds a new kind of layer (events) registers it with
``register_layer`` instead of editing this class: its items then travel in
``Document.layers``, are checked against the text, and are written to and read from
JSON like the others.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from khabar.offsets import OffsetMap
from khabar.spans import OffsetError, Span
from khabar.tokens import Tokens, tokenize

__all__ = [
    "Agent",
    "Document",
    "Entity",
    "Layer",
    "LayerItem",
    "OffsetError",
    "Paragraph",
    "Quote",
    "Sentence",
    "Span",
    "TimeExpr",
    "content_id",
    "layers",
    "register_layer",
]


@dataclass(frozen=True, slots=True)
class Paragraph(Span):
    kind: str = "body"  # "body" | "heading"

    def to_dict(self, text: str) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paragraph:
        return cls(d["start"], d["end"], d.get("kind", "body"))


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    def to_dict(self, text: str) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


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
    latin: str | None = None  # the name in Latin script (Sergey Lavrov), None when unknown

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "mentions": [m.to_dict(text) for m in self.mentions],
            "descriptions": [m.to_dict(text) for m in self.descriptions],
            "latin": self.latin,
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
            latin=d.get("latin"),
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
            speakers=_agents(d.get("speakers", ())) if len(d.get("speakers", ())) > 1 else (),
            place=Agent.from_dict(d.get("place")),
            heading=bool(d.get("heading", False)),
        )


def _agents(items: Iterable[dict[str, Any] | None]) -> tuple[Agent, ...]:
    return tuple(a for a in map(Agent.from_dict, items) if a is not None)


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- layers ----------------------------------------------------------------------------


class LayerItem(Protocol):
    """What a layer's items offer: JSON out (given the text) and back in."""

    def to_dict(self, text: str) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Layer:
    """One kind of annotation layer: its JSON key, how its items read back from JSON, and
    which of an item's spans must lie inside the text."""

    name: str
    from_dict: Callable[[dict[str, Any]], Any]
    spans: Callable[[Any], Iterable[Span]]
    core: bool = False  # a field of Document rather than an entry of Document.layers


def _itself(item: Any) -> Iterable[Span]:
    return (item,)


def _mentions(entity: Entity) -> Iterable[Span]:
    return entity.mentions


_LAYERS: dict[str, Layer] = {
    "paragraphs": Layer("paragraphs", Paragraph.from_dict, _itself, core=True),
    "sentences": Layer("sentences", Sentence.from_dict, _itself, core=True),
    "entities": Layer("entities", Entity.from_dict, _mentions, core=True),
    "times": Layer("times", TimeExpr.from_dict, _itself, core=True),
    "quotes": Layer("quotes", Quote.from_dict, _itself, core=True),
}


def register_layer(
    name: str, from_dict: Callable[[dict[str, Any]], Any], spans: Callable[[Any], Iterable[Span]] = _itself
) -> Layer:
    """Declare a new layer (done once, by the module of the stage that fills it).

    ``from_dict`` reads one item back from JSON (items write themselves with
    ``to_dict(text)``); ``spans`` gives the spans of an item that must fit the text (the
    item itself by default). Registering the same name again with the same reader is a
    no-op, so a module may be imported twice; another reader for a taken name raises."""
    known = _LAYERS.get(name)
    if known is not None:
        if known.from_dict == from_dict and not known.core:
            return known
        raise ValueError(f"a layer called {name!r} is already registered")
    if name in _FIELDS:
        raise ValueError(f"{name!r} is a field of Document, not a layer name")
    layer = Layer(name, from_dict, spans)
    _LAYERS[name] = layer
    return layer


def layers() -> tuple[Layer, ...]:
    """Every known layer, core ones first, then in the order they were registered."""
    return tuple(_LAYERS.values())


# --- the document ----------------------------------------------------------------------


@dataclass(slots=True)
class Document:
    """The cleaned text once, metadata, and every annotation layer as spans.

    Stages return a new Document (``replace``); they never edit ``text``. ``offsets``
    maps cleaned-text offsets back to the raw input; it is not part of the JSON contract
    and is ``None`` on a Document read back from JSON. Registered layers (see
    ``register_layer``) live in ``layers``: read one with ``doc.layer(name)``, set it
    with ``doc.replace(name=items)``.
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
    layers: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    offsets: OffsetMap | None = field(default=None, compare=False, repr=False)
    _tokens: Tokens | None = field(default=None, compare=False, repr=False)

    METADATA: ClassVar[tuple[str, ...]] = ("title", "published", "url", "source", "author", "language")

    def __post_init__(self) -> None:
        n = len(self.text)
        layer: tuple[Span, ...]
        for layer in (self.paragraphs, self.sentences, self.times, self.quotes):
            for item in layer:
                if item.end > n:
                    raise OffsetError(self.id, item.start, item.end, n)
        for ent in self.entities:
            for mention in ent.mentions:
                if mention.end > n:
                    raise OffsetError(self.id, mention.start, mention.end, n)
        for name, items in self.layers.items():
            spec = _LAYERS.get(name)
            if spec is None or spec.core:
                raise ValueError(f"unknown layer {name!r}; register it with khabar.document.register_layer")
            for extra in items:
                for span in spec.spans(extra):
                    if span.end > n:
                        raise OffsetError(self.id, span.start, span.end, n)

    @property
    def id(self) -> str:
        return content_id(self.text)

    @property
    def tokens(self) -> Tokens:
        """Surface tokens with offsets (computed once, on first use)."""
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    def layer(self, name: str) -> tuple[Any, ...]:
        """The items of a layer by name (core or registered); () when not filled."""
        spec = _LAYERS.get(name)
        if spec is None:
            raise KeyError(f"unknown layer {name!r}; known: {', '.join(_LAYERS)}")
        if spec.core:
            return getattr(self, name)
        return self.layers.get(name, ())

    def has_layer(self, name: str) -> bool:
        """Whether a registered layer was filled (a core layer always counts as filled)."""
        spec = _LAYERS.get(name)
        return spec is not None and (spec.core or name in self.layers)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def replace(self, **changes: Any) -> Document:
        """A copy with some fields or layers replaced (keeps the offset map and tokens)."""
        extra = {k: changes.pop(k) for k in list(changes) if k not in _FIELDS}
        if extra:
            unknown = [k for k in extra if k not in _LAYERS]
            if unknown:
                raise TypeError(f"Document has no field or registered layer {', '.join(map(repr, unknown))}")
            changes["layers"] = {**self.layers, **{k: tuple(v) for k, v in extra.items()}}
        return dataclasses.replace(self, **changes)

    def iter_sentences(self) -> Iterator[tuple[Sentence, str]]:
        for s in self.sentences:
            yield s, self.text[s.start : s.end]

    def to_dict(self) -> dict[str, Any]:
        t = self.text
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "url": self.url,
            "source": self.source,
            "author": self.author,
            "language": self.language,
            "text": t,
            "paragraphs": [p.to_dict(t) for p in self.paragraphs],
            "sentences": [s.to_dict(t) for s in self.sentences],
            "entities": [e.to_dict(t) for e in self.entities],
            "times": [x.to_dict(t) for x in self.times],
            "quotes": [q.to_dict(t) for q in self.quotes],
        }
        for name, spec in _LAYERS.items():
            if not spec.core and name in self.layers:
                out[name] = [item.to_dict(t) for item in self.layers[name]]
        return out

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
            paragraphs=tuple(Paragraph.from_dict(p) for p in d.get("paragraphs", ())),
            sentences=tuple(Sentence.from_dict(s) for s in d.get("sentences", ())),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", ())),
            times=tuple(TimeExpr.from_dict(x) for x in d.get("times", ())),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", ())),
            layers={
                name: tuple(spec.from_dict(item) for item in d[name])
                for name, spec in _LAYERS.items()
                if not spec.core and d.get(name) is not None
            },
        )


_FIELDS = frozenset(f.name for f in dataclasses.fields(Document))
