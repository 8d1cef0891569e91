"""How a whole Document is kept by a store: its layers as compressed JSON.

The JSON is the output contract's own (``Document.to_dict``) without what the store
keeps in columns (id, text, metadata), so every layer a stage adds — registered ones
included — is kept without the store knowing it, and ``Document.from_dict`` reads it
back. zlib: the span texts it repeats compress well, and it is in the standard library
of every backend's client.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from khabar.document import Document

_OUTSIDE = ("id", "text", "title", "published", "url", "source", "author", "language")
LEVEL = 6


def encode_layers(doc: Document) -> bytes:
    d = doc.to_dict()
    for key in _OUTSIDE:
        d.pop(key, None)
    return zlib.compress(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), LEVEL)


def decode_document(blob: bytes, text: str, metadata: dict[str, Any]) -> Document:
    """The Document whose layers ``encode_layers`` wrote, on its text and metadata."""
    d = json.loads(zlib.decompress(blob).decode("utf-8"))
    d.update(metadata)
    d["text"] = text
    return Document.from_dict(d)


def latin_names(blob: bytes) -> str:
    """The Latin names of the entities in stored layers (``fulltext.latin_text``), read
    without building the Document."""
    d = json.loads(zlib.decompress(blob).decode("utf-8"))
    return " ".join(e["latin"] for e in d.get("entities", ()) if e.get("latin"))
