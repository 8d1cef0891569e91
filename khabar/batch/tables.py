"""The tables a batch writes, as rows built from one analysed document.

``documents`` keeps the whole Document JSON (``Document.to_dict``, every layer,
registered ones included), so nothing is lost and ``khabar ingest DIR`` rebuilds each
Document exactly; the other tables are that JSON cut into rows for analysts: ``entities``
(with their mentions), ``quotes``, ``times``, and one table per registered layer (``events``
once that stage exists) made without code per layer: an item's scalar fields become
columns, a nested object's scalar fields ``object_field`` columns, and the whole item is
kept as JSON in ``data``. Every row carries the document id, the shard and the record
number (its place in the shard), and the partition columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pyarrow as pa

from khabar.document import Document, layers
from khabar.sources.base import Failure
from khabar.store.base import Incoming

PARTITIONS = ("source", "month")
UNKNOWN = "unknown"

_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
_KEYS = [("doc", pa.string()), ("shard", pa.string()), ("record", pa.int64())]
_WHERE = [("source", pa.string()), ("month", pa.string())]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("id", pa.string()),
            ("shard", pa.string()),
            ("record", pa.int64()),
            ("key", pa.string()),
            ("origin", pa.string()),
            ("title", pa.string()),
            ("published", pa.string()),
            ("url", pa.string()),
            ("author", pa.string()),
            ("language", pa.string()),
            ("chars", pa.int64()),
            ("text", pa.string()),
            ("signature", pa.binary()),
            ("embedding", pa.binary()),  # title embedding, float16 (with --stories)
            ("document", pa.string()),
            *_WHERE,
        ]
    ),
    "entities": pa.schema(
        [
            *_KEYS,
            ("entity", pa.string()),
            ("type", pa.string()),
            ("name", pa.string()),
            ("aliases", pa.list_(pa.string())),
            ("roles", pa.list_(pa.string())),
            ("mentions", pa.list_(_SPAN)),
            ("descriptions", pa.list_(_SPAN)),
            *_WHERE,
        ]
    ),
    "quotes": pa.schema(
        [
            *_KEYS,
            ("idx", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("kind", pa.string()),
            ("cue", pa.string()),
            ("speaker", pa.string()),
            ("speaker_entity", pa.string()),
            ("addressee", pa.string()),
            ("via", pa.string()),
            ("place", pa.string()),
            ("time", pa.string()),
            ("heading", pa.bool_()),
            ("data", pa.string()),
            *_WHERE,
        ]
    ),
    "times": pa.schema(
        [
            *_KEYS,
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("type", pa.string()),
            ("value", pa.string()),
            ("relative", pa.string()),
            ("mod", pa.string()),
            *_WHERE,
        ]
    ),
    "failures": pa.schema(
        [("shard", pa.string()), ("record", pa.int64()), ("origin", pa.string()), ("message", pa.string())]
    ),
}
CORE = ("documents", "entities", "quotes", "times")


def partition_values(doc: Document) -> dict[str, str]:
    """Where a document's rows go: its outlet (else the URL's host) and its month."""
    source = doc.source or (urlparse(doc.url).hostname if doc.url else None) or UNKNOWN
    month = doc.published[:7] if doc.published and len(doc.published) >= 7 else UNKNOWN
    return {"source": source, "month": month}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _name(agent: dict[str, Any] | None) -> str | None:
    return agent["name"] if agent else None


def document_rows(
    shard: str, record: int, item: Incoming, embedding: bytes | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(table, row)`` for every row one analysed document gives."""
    doc = item.document
    d = doc.to_dict()
    where = partition_values(doc)
    doc_id = d["id"]
    keys = {"doc": doc_id, "shard": shard, "record": record}
    yield (
        "documents",
        {
            "id": doc_id,
            "shard": shard,
            "record": record,
            "key": item.key,
            "origin": item.origin,
            "title": doc.title,
            "published": doc.published,
            "url": doc.url,
            "author": doc.author,
            "language": doc.language,
            "chars": len(doc.text),
            "text": doc.text,
            "signature": item.signature,
            "embedding": embedding,
            "document": _json(d),
            **where,
        },
    )
    for e in d["entities"]:
        yield "entities", {**keys, "entity": e.pop("id"), **e, **where}
    for k, q in enumerate(d["quotes"]):
        yield (
            "quotes",
            {
                **keys,
                "idx": k,
                "start": q["start"],
                "end": q["end"],
                "text": q["text"],
                "kind": q["kind"],
                "cue": q["cue"]["text"] if q["cue"] else None,
                "speaker": _name(q["speaker"]),
                "speaker_entity": q["speaker"]["entity"] if q["speaker"] else None,
                "addressee": _name(q["addressee"]),
                "via": _name(q["via"]),
                "place": _name(q["place"]),
                "time": q["time"]["value"] if q["time"] else None,
                "heading": q["heading"],
                "data": _json(q),
                **where,
            },
        )
    for t in d["times"]:
        yield "times", {**keys, "relative": None, "mod": None, **t, **where}
    for layer in layers():
        if not layer.core and layer.name in d:
            for k, extra in enumerate(d[layer.name]):
                yield layer.name, {**keys, "idx": k, **flatten(extra), "data": _json(extra), **where}


def failure_row(shard: str, record: int, failure: Failure) -> tuple[str, dict[str, Any]]:
    return "failures", {"shard": shard, "record": record, "origin": failure.origin, "message": failure.message}


def flatten(item: dict[str, Any]) -> dict[str, Any]:
    """An item's scalar fields, and one level of a nested object's (``actor_name``)."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                if _scalar(inner):
                    out[f"{key}_{sub}"] = inner
        elif _scalar(value) and key not in ("doc", "shard", "record", "idx", "data", *PARTITIONS):
            out[key] = value
    return out


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def to_arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table: the fixed schema of a core table, else the one the rows show."""
    schema = SCHEMAS.get(table)
    if schema is not None:
        return pa.Table.from_pylist(rows, schema=schema)
    names = list(dict.fromkeys(k for row in rows for k in row))
    return pa.Table.from_pylist([{k: row.get(k) for k in names} for row in rows])
