"""How one server runs: which store, who may write, and the limits that keep it up."""

from __future__ import annotations

import os
from dataclasses import dataclass

MAX_BODY = 5 * 2**20  # bytes a request may send: a long article is ~100 KB, a batch of them a few MB
MAX_CHARS = 500_000  # characters of one article to analyse (ten times a long one)
ANALYSIS_SECONDS = 30.0  # one article's analysis; a typical one takes tens of milliseconds


@dataclass(frozen=True)
class Settings:
    db: str
    token: str | None = None  # bearer token for writes (and reads, when private); None: writes refused
    private: bool = False  # reads need the token too
    workers: int = 1  # analysis processes
    analysis_seconds: float = ANALYSIS_SECONDS
    max_body: int = MAX_BODY
    max_chars: int = MAX_CHARS
    queue: int = 8  # analyses waiting or running at once per worker before new ones get 503


def read_token(token_file: str | None) -> str | None:
    """The write token: the first line of ``token_file``, else ``KHABAR_TOKEN``; None when neither is set."""
    if token_file:
        with open(token_file, encoding="utf-8") as fh:
            token = fh.readline().strip()
        if not token:
            raise ValueError(f"{token_file} is empty: put the token on its first line")
        return token
    return os.environ.get("KHABAR_TOKEN") or None
