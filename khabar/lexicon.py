"""Loads the language data files in ``khabar/data`` once, on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


def data_lines(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, comments (#) and blank lines skipped."""
    text = resources.files("khabar.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class JunkPatterns:
    source: re.Pattern
    read_also: re.Pattern
    read_also_header_only: re.Pattern
    share: re.Pattern


@cache
def junk_patterns() -> JunkPatterns:
    groups: dict[str, list[str]] = {}
    for kind, pattern in data_lines("junk.tsv"):
        groups.setdefault(kind, []).append(f"(?:{pattern})")
    compiled = {k: re.compile("|".join(v), re.IGNORECASE) for k, v in groups.items()}
    return JunkPatterns(**compiled)
