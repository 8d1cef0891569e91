"""The interface's words in Arabic and English (``words.tsv``); article text is never translated."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources

LANGUAGES = ("ar", "en")
DIRECTION = {"ar": "rtl", "en": "ltr"}


@cache
def words() -> dict[str, dict[str, str]]:
    """key -> {language: word}, read once from the data file."""
    out: dict[str, dict[str, str]] = {}
    text = resources.files("khabar.web").joinpath("words.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, ar, en = line.split("\t")
        if key in out:
            raise ValueError(f"words.tsv: {key!r} twice")
        out[key] = {"ar": ar, "en": en}
    return out


def translator(lang: str) -> Callable[[str], str]:
    """``t(key)`` for templates: the interface word in ``lang``; an unknown key fails loudly."""
    table = words()

    def t(key: str) -> str:
        entry = table.get(key)
        if entry is None:
            raise KeyError(f"no interface word {key!r} in khabar/web/words.tsv")
        return entry[lang]

    return t
