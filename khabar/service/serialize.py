"""Every result as the documented JSON (docs/output.md), and as a flat row for CSV.

The one place results take their JSON shape: the CLI's ``--format json/jsonl/csv`` and
the web API both write what ``to_json``/``to_row`` return, so one query gives the same
JSON everywhere. A quote has one shape whether it comes from an article or a store.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from khabar.document import Document
from khabar.service.articles import ArticleView
from khabar.service.entities import EntityView
from khabar.service.ingest import StoredBatch
from khabar.service.overview import Overview
from khabar.service.paging import Listing
from khabar.service.quotes import Statement
from khabar.service.search import SearchPage
from khabar.service.stories import StoryView
from khabar.store.base import (
    DocumentInfo,
    EntityCount,
    EntityProfile,
    EventRecord,
    OutletDay,
    QuoteRecord,
    RoleSeen,
    SearchFacets,
    SearchHit,
    StorySummary,
)

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
        "next_cursor": page.next_cursor,
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
def _(record: EventRecord) -> Json:
    d = record.document
    out: Json = {"document": d.id, "title": d.title, "published": d.published, "source": d.source, "url": d.url}
    if record.origin is not None:
        out["origin"] = record.origin
    out.update(record.event)
    out["actor_entities"] = list(record.actor_entities)
    out["target_entities"] = list(record.target_entities)
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


@to_json.register
def _(listing: Listing) -> Json:
    return {"items": [to_json(item) for item in listing.items], "next_cursor": listing.next_cursor}


@to_json.register
def _(c: EntityCount) -> Json:
    return {"id": c.id, "name": c.name, "type": c.type, "count": c.count}


@to_json.register
def _(d: OutletDay) -> Json:
    return {"day": d.day, "source": d.source, "articles": d.articles}


@to_json.register
def _(r: RoleSeen) -> Json:
    return {"role": r.role, "articles": r.articles, "first_seen": r.first_seen, "last_seen": r.last_seen}


@to_json.register
def _(f: SearchFacets) -> Json:
    return {
        "total": f.total,
        "sources": [{"source": name, "documents": count} for name, count in f.sources],
        "days": [{"day": day, "documents": count} for day, count in f.days],
        "entities": [to_json(e) for e in f.entities],
        "speakers": [to_json(e) for e in f.speakers],
        "scope": f.scope,
    }


@to_json.register
def _(o: Overview) -> Json:
    return {
        "from": o.date_from,
        "to": o.date_to,
        "daily": [to_json(d) for d in o.daily],
        "speakers": [to_json(e) for e in o.speakers],
        "entities": [to_json(e) for e in o.entities],
        "stories": [to_json(s) for s in o.stories],
    }


@to_json.register
def _(a: ArticleView) -> Json:
    return {
        "document": to_json(a.info),
        "outlets": a.outlets,
        "near_duplicates": [to_json(d) for d in a.duplicates],
        "story": to_json(a.story) if a.story else None,
        "entities": dict(a.entity_links),
    }


@to_json.register
def _(v: EntityView) -> Json:
    return {
        **to_json(v.profile),
        "timeline": [{"day": day, "articles": count} for day, count in v.timeline],
        "roles_seen": [to_json(r) for r in v.roles],
        "outlets": [{"source": name, "articles": count} for name, count in v.outlets],
        "quoted_by": [to_json(e) for e in v.quoted_by],
        "recent_quotes": [to_json(q) for q in v.quotes],
    }


@to_json.register
def _(st: Statement) -> Json:
    return {"outlets": st.outlets, "first": to_json(st.first), "quotes": [to_json(r) for r in st.records]}


@to_json.register
def _(b: StoredBatch) -> Json:
    return {
        "stored": b.stored,
        "duplicates": b.duplicates,
        "already": b.already,
        "documents": b.ids,
        "failures": [{"index": k, "message": message} for k, message in b.failures],
    }


@to_json.register
def _(v: StoryView) -> Json:
    return {
        **to_json(v.summary),
        "documents": [{**to_json(d), "outlets": v.outlets.get(d.id, [])} for d in v.documents],
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
def _(record: EventRecord) -> Row:
    e = record.event
    d = record.document

    def names(key: str) -> str | None:
        return " + ".join(p["name"] for p in e.get(key) or ()) or None

    def code(key: str) -> str | None:
        return (e.get(key) or {}).get("code")

    return {
        "document": d.id,
        "published": d.published,
        "source": d.source,
        "origin": record.origin,
        "type": e["type"],
        "cameo": e["cameo"],
        "trigger": e["trigger"]["text"],
        "actor": names("actors"),
        "actor_code": code("actor"),
        "target": names("targets"),
        "target_code": code("target"),
        "location": (e.get("location") or {}).get("name"),
        "negated": e["negated"],
        "hypothetical": e["hypothetical"],
        "start": e["start"],
        "end": e["end"],
        "text": e["text"],
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
