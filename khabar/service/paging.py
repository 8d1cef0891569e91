"""Cursors: where the next page of a listing starts, as an opaque string.

A cursor is what a client hands back to get the next page; it says nothing a client
should parse (today an offset, base64url-encoded), so the way pages are cut can change
without breaking clients. A cursor that was not made here is refused, never guessed at.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
_PREFIX = "o:"


class BadCursorError(ValueError):
    """A cursor that this server did not make."""


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; 0 for none."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        raise BadCursorError(f"{cursor[:40]!r} is not a cursor this server gave") from None
    if not raw.startswith(_PREFIX) or not raw[len(_PREFIX) :].isdigit():
        raise BadCursorError(f"{cursor[:40]!r} is not a cursor this server gave")
    return int(raw[len(_PREFIX) :])


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """One page of results and the cursor of the next one (None on the last page)."""

    items: list[T]
    next_cursor: str | None

    @classmethod
    def cut(cls, items: list[T], offset: int, limit: int) -> Listing[T]:
        """A page from ``items`` fetched with one extra beyond ``limit``: that extra one
        says whether a next page exists, without a count query."""
        more = len(items) > limit
        return cls(items[:limit], encode_cursor(offset + limit) if more else None)
