"""The outside knowledge the tagger and the grouping rules read: word clusters and
frequencies, name words, the place gazetteer and trigger words, each loaded once from
``khabar/data`` on first use.

Every lookup is by ``arabic.match_key`` (normalised, without و/ف and the article), so
"وبكين" and "لموسكو" find "بكين" and "موسكو".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from khabar import arabic
from khabar.lexicon import data_lines
from khabar.segment import ARABIC, token_kind


@dataclass(frozen=True, slots=True)
class WordCluster:
    coarse: str
    middle: str
    fine: str
    log_freq: int


@cache
def clusters() -> dict[str, WordCluster]:
    """Matching form -> its clusters and frequency (see ``khabar/train/words.py``)."""
    return {row[0]: WordCluster(row[1], row[2], row[3], int(row[4])) for row in data_lines("ner_words.tsv")}


@cache
def word_vectors() -> tuple[dict[str, int], np.ndarray]:
    """Matching form -> its row of the dense word vectors, and the vectors (float64),
    see ``khabar/train/words.py``."""
    with np.load(str(resources.files("khabar.data").joinpath("ner_vectors.npz"))) as z:
        words = z["words"].tobytes().decode("utf-8").split("\n")
        vectors = z["vectors"].astype(np.float64)
    return {w: i for i, w in enumerate(words)}, vectors


@cache
def names() -> dict[str, tuple[str, ...]]:
    """Match key -> the kinds of name it is a word of (given, family, foreign; PERS, ORG,
    LOC, MISC), see ``khabar/train/names.py``."""
    return {row[0]: tuple(row[1].split(",")) for row in data_lines("ner_names.tsv")}


@dataclass(frozen=True)
class Gazetteer:
    names: dict[tuple[str, ...], str]  # match keys of the words -> type
    first_words: dict[str, tuple[int, ...]]  # first word -> lengths of its names, longest first

    def match(self, keys: list[str], i: int) -> tuple[int, str] | None:
        """The longest name starting at ``keys[i]``: (length, type), or None."""
        for n in self.first_words.get(keys[i], ()):
            if i + n <= len(keys):
                kind = self.names.get(tuple(keys[i : i + n]))
                if kind:
                    return n, kind
        return None


@cache
def gazetteer() -> Gazetteer:
    names: dict[tuple[str, ...], str] = {}
    for kind, name in data_lines("ner_gazetteer.tsv"):
        key = tuple(arabic.match_key(w) for w in name.split())
        names.setdefault(key, kind)
    lengths: dict[str, set[int]] = {}
    for key in names:
        lengths.setdefault(key[0], set()).add(len(key))
    return Gazetteer(names, {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()})


@cache
def triggers() -> dict[str, frozenset[str]]:
    """Matching key -> trigger kinds (org, title, loc, cue)."""
    kinds: dict[str, set[str]] = {}
    for kind, word in data_lines("ner_triggers.tsv"):
        kinds.setdefault(arabic.match_key(word), set()).add(kind)
    return {k: frozenset(v) for k, v in kinds.items()}


@cache
def affixes(kind: str) -> tuple[str, ...]:
    """The forms of one kind of affix or function word in ``ner_affixes.tsv``
    (conjunction, preposition, article, nisba ...), in file order."""
    forms = tuple(form for k, form in data_lines("ner_affixes.tsv") if k == kind)
    if not forms:
        raise KeyError(f"no affix of kind {kind!r} in ner_affixes.tsv")
    return forms


@cache
def trigger_keys(kind: str) -> tuple[str, ...]:
    """The match keys of one kind of trigger word; a word whose matching form ends with
    none of them is not of that kind (``match_key`` only strips a word's beginning)."""
    return tuple(sorted(k for k, kinds in triggers().items() if kind in kinds))


@cache
def trigger_forms() -> frozenset[str]:
    """Trigger words in plain matching form (``normalize`` only), for telling a real
    leading و/ف from a word that begins with و (وزير)."""
    return frozenset(arabic.normalize(word) for _, word in data_lines("ner_triggers.tsv"))


@lru_cache(maxsize=32768)
def key(word: str) -> str:
    """``arabic.match_key``, cached: the rules ask for every token of every article."""
    return arabic.match_key(word)


@lru_cache(maxsize=32768)
def is_arabic_word(surface: str) -> bool:
    """Whether a token is an Arabic word (``segment.token_kind``, cached)."""
    return token_kind(surface) == ARABIC


@lru_cache(maxsize=32768)
def word_kinds(word: str) -> frozenset[str]:
    """Trigger kinds of a surface word, by its match key (cached: rules ask often)."""
    return triggers().get(key(word), frozenset())


@cache
def place_words() -> tuple[str, ...]:
    """Countries and regions (the first word of longer names) in matching form without
    the article, sorted: nationality adjectives are checked against them."""
    out = set()
    article = affixes("article")
    for kind, name in data_lines("ner_gazetteer.tsv"):
        if kind != "ORG":
            norm = arabic.normalize(name.split()[0])  # كوريا of كوريا الجنوبية
            out.add(norm)  # ألمانيا: its ال is no article
            for a in article:
                if norm.startswith(a):
                    out.add(norm[len(a) :])
    return tuple(sorted(out))
