"""What every reader yields: a record (body text plus metadata) or a failure."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Protocol


class ByteStream(Protocol):
    """What a reader reads from: a file, standard input, a zip member."""

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class Meta:
    """What is known about a document besides its text; every field optional."""

    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None

    def merged(self, override: Meta) -> Meta:
        """``override``'s fields win where they are set."""
        return Meta(**{f.name: getattr(override, f.name) or getattr(self, f.name) for f in fields(self)})


@dataclass(frozen=True)
class Record:
    """One article as read: its body (plain text or an HTML page) and its metadata.

    ``origin`` says where it came from, precisely enough to find it again:
    ``dump.jsonl:17``, ``day.zip!day.json#203``, ``-`` for standard input.
    """

    body: str
    meta: Meta
    origin: str
    format: str = "text"  # "text" | "html"


class SourceError(Exception):
    """An input that cannot be read; the message is one line a user can act on."""

    def __init__(self, origin: str, message: str):
        super().__init__(f"{origin}: {message}")
        self.origin, self.message = origin, message


@dataclass(frozen=True)
class Failure:
    """A record that could not be read, yielded in the stream so a batch goes on. The
    message is kept to one line whatever the library that raised put in it (a WARC
    reader quotes the bad header line, newline and all)."""

    origin: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", " ".join(self.message.split()))

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"
