"""Title words: what may stand between a verb and its subject's name ("زار وزير الخارجية
الروسي سيرغي لافروف"), matched with and without the prefixes Arabic writes on them."""

from __future__ import annotations

from functools import cache, lru_cache

from khabar.arabic import match_key, normalize
from khabar.lexicon import data_lines

# ner_triggers.tsv kinds whose words are titles
_TITLE_KINDS = frozenset({"title", "leader", "minister", "diplomat", "describe"})


@cache
def title_keys() -> frozenset[str]:
    words = [word for kind, word in data_lines("ner_triggers.tsv") if kind in _TITLE_KINDS]
    words += [word for kind, word in data_lines("event_words.tsv") if kind == "title"]
    return frozenset(bare(w) for w in words)


@cache
def leader_keys() -> frozenset[str]:
    return frozenset(bare(word) for kind, word in data_lines("event_words.tsv") if kind == "leader")


def leads(surface: str) -> bool:
    """A title that heads a phrase naming a person (وزير، رئيس، قائد)."""
    return any(v in leader_keys() or bare(v) in leader_keys() for v in word_variants(surface))


_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def bare(word: str) -> str:
    """A title word without its article: the form title_keys holds (الوزير → وزير)."""
    n = normalize(word)
    return n[2:] if n.startswith("ال") and len(n) > 4 else n


@lru_cache(maxsize=1 << 14)
def word_variants(surface: str) -> tuple[str, ...]:
    """A word's matching form with and without each prefix it may carry (للشؤون → شوون,
    لرئيس → رييس, الوزير → وزير); unlike match_key, "وزير" keeps its first letter."""
    n = normalize(surface)
    out = [n]
    for prefix in _PREFIXES:
        if n.startswith(prefix) and len(n) - len(prefix) >= 3:
            out.append(n[len(prefix) :])
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def key(surface: str) -> str:
    return match_key(surface)
