"""Every result as the documented JSON (docs/output.md), and as a flat row for CSV.

The one place results take their JSON shape: the CLI's ``--format json/jsonl/csv`` and
the web API both write what ``to_json``/``to_row`` return, so one query gives the same
JSON everywhere. A quote has one shape whether it comes from an article or a store.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from khabar.document import Document
from khabar.service.search import SearchPage
from khabar.store.base import DocumentInfo, EntityProfile, QuoteRecord, SearchHit, StorySummary

Json = dict[str, Any]
Row = dict[str, str | int | float | None]


@singledispatch
def to_json(result: object) -> Json:
    """The JSON object of one result."""
    raise TypeError(f"no JSON form for {type(result).__name__}")


@to_json.register
def _(doc: Document) -> Json:
    return doc.to_dict()


@to_json.register
def _(info: DocumentInfo) -> Json:
    return {
        "id": info.id,
        "title": info.title,
        "published": info.published,
        "source": info.source,
        "url": info.url,
        "duplicate_of": info.duplicate_of,
        "story": info.story,
    }


@to_json.register
def _(hit: SearchHit) -> Json:
    return {
        "id": hit.id,
        "title": hit.title,
        "published": hit.published,
        "source": hit.source,
        "url": hit.url,
        "score": round(hit.score, 6),
        "snippet": hit.snippet,
        "duplicate_of": hit.duplicate_of,
    }


@to_json.register
def _(page: SearchPage) -> Json:
    f = page.filters
    return {
        "query": page.query,
        "filters": {
            "speaker": f.speaker,
            "entity": f.entity,
            "source": f.source,
            "from": f.date_from,
            "to": f.date_to,
        },
        "order": page.order,
        "offset": page.offset,
        "limit": page.limit,
        "next_offset": page.next_offset,
        "hits": [to_json(h) for h in page.hits],
    }


@to_json.register
def _(record: QuoteRecord) -> Json:
    d = record.document
    out: Json = {"document": d.id, "title": d.title, "published": d.published, "source": d.source, "url": d.url}
    if record.origin is not None:
        out["origin"] = record.origin
    out.update(record.quote)
    out["speaker_entities"] = list(record.speaker_entities)
    return out


@to_json.register
def _(p: EntityProfile) -> Json:
    return {
        "id": p.id,
        "type": p.type,
        "name": p.name,
        "latin": p.latin,
        "aliases": [{"name": a, "count": c} for a, c in p.aliases],
        "roles": [{"role": r, "count": c} for r, c in p.roles],
        "articles": p.articles,
        "quotes": p.quotes,
        "first_seen": p.first_seen,
        "last_seen": p.last_seen,
        "co_mentioned": [{"name": n, "type": t, "articles": c} for n, t, c in p.co_mentioned],
    }


@to_json.register
def _(s: StorySummary) -> Json:
    return {
        "id": s.id,
        "size": s.size,
        "first_published": s.first_published,
        "last_published": s.last_published,
        "title": s.title,
        "outlets": [{"source": name, "articles": count} for name, count in s.outlets],
    }


@singledispatch
def to_row(result: object) -> Row:
    """One flat CSV row of a result (lists joined with " | ")."""
    return {k: v for k, v in to_json(result).items() if v is None or isinstance(v, str | int | float)}


@to_row.register
def _(record: QuoteRecord) -> Row:
    q = record.quote
    d = record.document

    def name(agent: dict[str, Any] | None) -> str | None:
        return agent["name"] if agent else None

    return {
        "document": d.id,
        "published": d.published,
        "source": d.source,
        "origin": record.origin,
        "kind": q["kind"],
        "speaker": " + ".join(a["name"] for a in q.get("speakers") or ()) or name(q.get("speaker")),
        "addressee": name(q.get("addressee")),
        "via": name(q.get("via")),
        "cue": q["cue"]["text"] if q.get("cue") else None,
        "time": (q.get("time") or {}).get("value"),
        "start": q["start"],
        "end": q["end"],
        "text": q["text"],
    }


@to_row.register
def _(p: EntityProfile) -> Row:
    return {
        "id": p.id,
        "type": p.type,
        "name": p.name,
        "latin": p.latin,
        "aliases": " | ".join(a for a, _ in p.aliases),
        "roles": " | ".join(r for r, _ in p.roles),
        "articles": p.articles,
        "quotes": p.quotes,
        "first_seen": p.first_seen,
        "last_seen": p.last_seen,
    }


@to_row.register
def _(s: StorySummary) -> Row:
    return {
        "id": s.id,
        "size": s.size,
        "first_published": s.first_published,
        "last_published": s.last_published,
        "title": s.title,
        "outlets": " | ".join(f"{name} ({count})" for name, count in s.outlets),
    }
