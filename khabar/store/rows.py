"""Rows both backends write and read the same way: a quote's and an event's index rows,
the layout of a document, and the JSON of a quote stored before quotes were kept whole."""

from __future__ import annotations

import json
from typing import Any

from khabar.corpus.entities import name_key
from khabar.document import Agent, Document, Quote, Span
from khabar.events.model import Event, Participant


def layout_json(doc: Document) -> str:
    """Paragraphs and sentences as offsets (what a legacy document is rebuilt from)."""
    return json.dumps(
        {
            "paragraphs": [[p.start, p.end, p.kind] for p in doc.paragraphs],
            "sentences": [[s.start, s.end] for s in doc.sentences],
        },
        separators=(",", ":"),
    )


def quote_row(n: int, k: int, q: Quote, local: dict[str, int], text: str) -> tuple[Any, ...]:
    def agent(a: Agent | None) -> tuple[int | None, str | None]:
        if a is None:
            return None, None
        return local.get(a.entity) if a.entity else None, a.name

    speaker, speaker_name = agent(q.speaker)
    addressee, addressee_name = agent(q.addressee)
    via, via_name = agent(q.via)
    time = q.time
    data = json.dumps(q.to_dict(text), ensure_ascii=False, separators=(",", ":"))
    return (
        n,
        q.start,
        q.end,
        q.kind,
        q.cue.start if q.cue else None,
        q.cue.end if q.cue else None,
        speaker,
        speaker_name,
        name_key(speaker_name) if speaker_name else None,
        addressee,
        addressee_name,
        via,
        via_name,
        time.value if time else None,
        time.start if time else None,
        time.end if time else None,
        k,
        data,
    )


def event_row(n: int, k: int, e: Event, local: dict[str, int], doc: Document) -> tuple[Any, ...]:
    """The index row of an event; ``data`` is its JSON as the article gave it."""

    def who(p: Participant | None) -> tuple[int | None, str | None, str | None, str | None]:
        if p is None:
            return None, None, None, None
        return local.get(p.entity) if p.entity else None, p.name, name_key(p.name), p.code

    time = doc.times[e.time].value if e.time is not None and e.time < len(doc.times) else None
    data = json.dumps(e.to_dict(doc.text), ensure_ascii=False, separators=(",", ":"))
    return (
        n,
        k,
        e.start,
        e.end,
        e.type,
        e.cameo,
        *who(e.actor),
        *who(e.target),
        int(e.negated),
        int(e.hypothetical),
        time,
        data,
    )


def legacy_quote(
    start: int,
    end: int,
    kind: str,
    cue_start: int | None,
    cue_end: int | None,
    speaker: str | None,
    addressee: str | None,
    via: str | None,
    time_value: str | None,
    text: str,
) -> dict[str, Any]:
    """The JSON of a quote stored before quotes were kept whole (schema 3)."""

    def agent(name: str | None) -> dict[str, Any] | None:
        return {"entity": None, "name": name, "mention": None} if name else None

    cue = Span(cue_start, cue_end).to_dict(text) if cue_start is not None and cue_end is not None else None
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "kind": kind,
        "cue": cue,
        "speaker": agent(speaker),
        "addressee": agent(addressee),
        "via": agent(via),
        "time": {"value": time_value} if time_value else None,
        "speakers": [a for a in (agent(speaker),) if a],
        "place": None,
        "heading": False,
    }
