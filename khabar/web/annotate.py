"""An article's text cut into runs for the page: each run carries the entity, time, quote
and event trigger it lies in, so a template can colour entities, mark quotes and event
triggers and put a time's value on hover without ever building markup from article text
(the template escapes each run).

Layers may overlap in any way (a quote boundary inside a name); the text is cut at every
boundary, so a run is always inside or outside each span, never half.
"""

from __future__ import annotations

from dataclasses import dataclass

from khabar.document import Document, Quote, TimeExpr
from khabar.events.model import Event
from khabar.spans import Span
from khabar.store.fulltext import WORD, index_form


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    entity: str | None = None  # the article's entity id (e1 …)
    entity_type: str | None = None
    time: TimeExpr | None = None
    quote: int | None = None  # index into doc.quotes
    quote_starts: bool = False  # the first run of its quote: where the speaker label goes
    cue: bool = False
    event: int | None = None  # index into doc.layer("events"): the run names that event (its trigger or light verb)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph: a heading or body text, as runs."""

    kind: str
    runs: list[Run]


def blocks(doc: Document) -> list[Block]:
    """The paragraphs of ``doc`` as runs (the whole text as one paragraph when it has none)."""
    text = doc.text
    paragraphs = [(p.start, p.end, p.kind) for p in doc.paragraphs] or [(0, len(text), "body")]
    entity_at = _owners(len(text), [(m.start, m.end, k) for k, e in enumerate(doc.entities) for m in e.mentions])
    time_at = _owners(len(text), [(t.start, t.end, k) for k, t in enumerate(doc.times)])
    quote_at = _owners(len(text), [(q.start, q.end, k) for k, q in enumerate(doc.quotes) if not q.heading])
    cue_at = _owners(len(text), [(q.cue.start, q.cue.end, k) for k, q in enumerate(doc.quotes) if q.cue])
    event_at = _owners(len(text), [(s.start, s.end, k) for k, e in enumerate(events(doc)) for s in _trigger_spans(e)])
    started: set[int] = set()
    out = []
    for start, end, kind in paragraphs:
        runs: list[Run] = []
        i = start
        while i < end:
            key = (entity_at[i], time_at[i], quote_at[i], cue_at[i], event_at[i])
            j = i + 1
            while j < end and (entity_at[j], time_at[j], quote_at[j], cue_at[j], event_at[j]) == key:
                j += 1
            e, t, q, c, v = key
            entity = doc.entities[e] if e is not None else None
            runs.append(
                Run(
                    text[i:j],
                    entity.id if entity else None,
                    entity.type if entity else None,
                    doc.times[t] if t is not None else None,
                    q,
                    q is not None and q not in started,
                    c is not None,
                    v,
                )
            )
            if q is not None:
                started.add(q)
            i = j
        out.append(Block(kind, runs))
    return out


def events(doc: Document) -> list[Event]:
    """The article's events (none for a document analysed before the events stage)."""
    return [e for e in doc.layer("events") if isinstance(e, Event)]


def _trigger_spans(e: Event) -> list[Span]:
    return [e.trigger] + ([e.light] if e.light is not None else [])


def event_label(e: Event) -> str:
    """Who did it to whom, as the page shows it on a trigger: actors → targets (joint ones
    joined with ' + '); empty when the event names nobody."""
    actors = " + ".join(p.name for p in (e.actors or ((e.actor,) if e.actor else ())))
    targets = " + ".join(p.name for p in (e.targets or ((e.target,) if e.target else ())))
    return f"{actors} → {targets}" if targets else actors


def _owners(n: int, spans: list[tuple[int, int, int]]) -> list[int | None]:
    """For each character, the span covering it (the shortest, when spans nest)."""
    owner: list[int | None] = [None] * n
    for start, end, k in sorted(spans, key=lambda s: s[0] - s[1]):  # longest first, so shorter ones win
        for i in range(max(0, start), min(n, end)):
            owner[i] = k
    return owner


def speaker_label(quote: Quote) -> str | None:
    """Who said it, as the page shows it: joint speakers joined with ' + '."""
    agents = quote.speakers or ((quote.speaker,) if quote.speaker else ())
    return " + ".join(a.name for a in agents) or None


def highlight(snippet: str, query: str) -> list[tuple[str, bool]]:
    """``snippet`` cut into (text, matched) pieces: a word is matched when its match key
    is one of the query's (so "والصين" lights up for "الصين", as search found it)."""
    wanted = set(index_form(query).split())
    pieces: list[tuple[str, bool]] = []
    at = 0
    for m in WORD.finditer(snippet):
        if index_form(m.group()) in wanted:
            if m.start() > at:
                pieces.append((snippet[at : m.start()], False))
            pieces.append((m.group(), True))
            at = m.end()
    if at < len(snippet):
        pieces.append((snippet[at:], False))
    return pieces
