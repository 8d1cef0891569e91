"""The unit every layer is made of: a half-open character range over one text.

Kept apart from ``document`` so that the token layer (``khabar.tokens``) and the
Document can both build on it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self


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
    def from_dict(cls, d: dict[str, Any]) -> Self:
        return cls(d["start"], d["end"])
