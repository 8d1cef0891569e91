"""Token features for the CRF tagger: attribute strings (crfsuite's cheapest input) and
a dense vector per word.

A word's own features and what it tells its neighbours depend only on the word, so they
are computed once per distinct word and cached; a sentence then costs a few list
concatenations plus the gazetteer and bigram features, which need the sequence. The
dense part is the word's row of ``ner_vectors.npz`` (``knowledge.word_vectors``), seen
by the word itself and by its neighbours at ``DENSE_OFFSETS``: real-valued attributes
``v0`` … for crfsuite, a matrix product per new word for the tagger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from khabar import arabic
from khabar.entities import knowledge

_CACHE_LIMIT = 100_000  # distinct words kept while training (ANERcorp has ~30,000)
OFFSETS = (-2, -1, 1, 2)
DENSE_OFFSETS = (0, -1, 1)  # the word's own vector, and its neighbours'
WordParts = tuple[str, list[str], tuple[list[str], ...]]
# trigger kinds the model sees; the others (stop words, role kinds) serve the rules only,
# so editing them needs no retraining
FEATURE_TRIGGERS = frozenset({"org", "title", "loc", "cue"})


def _as_list(attribute: str) -> list[str]:
    return [attribute]


# The attributes that depend on the sequence, named in one place for training
# (``Featurizer.assemble``) and the tagger's vectorised path.
def pad_attr(offset: int) -> str:
    return f"{offset}=pad"


def gazetteer_attr(offset: int, tag: str) -> str:
    return f"{offset}g={tag}" if offset else "g=" + tag


def dense_attr(offset: int, dim: int) -> str:
    return f"{offset}v{dim}" if offset else f"v{dim}"


def before_attr(prev_key: str, key: str) -> str:
    return f"b={prev_key}|{key}"


def after_attr(key: str, next_key: str) -> str:
    return f"a={key}|{next_key}"


def gazetteer_tags(gazetteer: knowledge.Gazetteer, keys: list[str]) -> list[str]:
    """BIO tag of every word (by match key) in the longest place names found, left to right."""
    tags = [""] * len(keys)
    first_words = gazetteer.first_words
    i = 0
    while i < len(keys):
        if keys[i] not in first_words:  # most words: no call
            i += 1
            continue
        hit = gazetteer.match(keys, i)
        if hit:
            length, kind = hit
            tags[i] = "B-" + kind
            for j in range(i + 1, i + length):
                tags[j] = "I-" + kind
            i += length
        else:
            i += 1
    return tags


class Featurizer:
    """Turns a sentence (a sequence of surface words) into crfsuite attribute lists."""

    def __init__(self) -> None:
        self._clusters = knowledge.clusters()
        self._gazetteer = knowledge.gazetteer()
        self._triggers = knowledge.triggers()
        self._names = knowledge.names()
        self._vector_rows, self._vectors = knowledge.word_vectors()
        self._cache: dict[str, WordParts] = {}

    def sentence(self, words: Sequence[str]) -> list[dict[str, float]]:
        """Every word's attributes, with their values, as crfsuite takes them for
        training: a string attribute counts once per occurrence, a dense one carries
        its vector component."""
        out = [dict(Counter(attrs)) for attrs in self.assemble([self.word(w) for w in words], _as_list)]
        vectors = [self.vector(w) for w in words]
        for i, attrs in enumerate(out):
            for o in DENSE_OFFSETS:
                j = i + o
                vector = vectors[j] if 0 <= j < len(words) else None
                if vector is not None:
                    attrs.update((dense_attr(o, d), float(x)) for d, x in enumerate(vector))
        return out

    @property
    def dense_dims(self) -> int:
        return self._vectors.shape[1]

    def vector(self, word: str) -> np.ndarray | None:
        """The word's dense vector, by its matching form, match key or stem; None when
        the table lacks all three."""
        rows = self._vector_rows
        norm = arabic.normalize(word)
        row = rows.get(norm)
        if row is None and arabic.is_arabic(norm[:1]):
            row = rows.get(arabic.match_key(word))
            if row is None:
                row = rows.get(arabic.normalize(arabic.clitics(word).stem))
        return None if row is None else self._vectors[row]

    def assemble(self, info: list[WordParts], lookup: Callable[[str], list]) -> list[list]:
        """Per-token attribute lists from per-word parts.

        ``info`` holds ``word()`` results, or the same parts already encoded (the tagger
        keeps them as attribute ids); ``lookup`` encodes the attributes that depend on the
        sequence. One code path for training and tagging, so the two cannot drift apart.
        """
        n = len(info)
        keys = [k for k, _, _ in info]
        gaz = self.gazetteer_tags(keys)
        out = []
        for i in range(n):
            key, own, _ = info[i]
            feats = own.copy()
            for slot, o in enumerate(OFFSETS):
                j = i + o
                if 0 <= j < n:
                    feats += info[j][2][slot]
                    if gaz[j]:
                        feats += lookup(gazetteer_attr(o, gaz[j]))
                else:
                    feats += lookup(pad_attr(o))
            if gaz[i]:
                feats += lookup(gazetteer_attr(0, gaz[i]))
            if i:
                feats += lookup(before_attr(keys[i - 1], key))
            if i + 1 < n:
                feats += lookup(after_attr(key, keys[i + 1]))
            out.append(feats)
        return out

    def gazetteer_tags(self, keys: list[str]) -> list[str]:
        return gazetteer_tags(self._gazetteer, keys)

    def word(self, word: str) -> WordParts:
        """(match key, own attributes, what it tells the words at offsets -2, -1, +1, +2)."""
        hit = self._cache.get(word)
        if hit is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            hit = self._cache[word] = self.compute(word)
        return hit

    def compute(self, word: str) -> WordParts:
        """``word()`` without the cache, for callers that keep their own (the tagger)."""
        norm = arabic.normalize(word)
        first = norm[:1]
        if not first or not (first.isalnum() or arabic.is_arabic(first)):
            feats = ["p", "w=" + norm]
            return norm, ["bias"] + feats, tuple([f"{o}p={norm}"] for o in OFFSETS)
        if first.isdigit():
            return "0", ["bias", "n", f"l={min(len(norm), 5)}"], tuple([f"{o}n"] for o in OFFSETS)
        if not arabic.is_arabic(first):
            low = norm.lower()
            feats = ["bias", "lat", "w=" + low, "up" if word[:1].isupper() else "lo"]
            return low, feats, tuple([f"{o}lat", f"{o}w={low}"] for o in OFFSETS)
        cl = arabic.clitics(word)
        stem = arabic.normalize(cl.stem)
        key = arabic.match_key(word)
        table = self._clusters
        own_c = table.get(norm)
        key_c = table.get(key) or table.get(stem)
        trig = sorted((self._triggers.get(key) or self._triggers.get(stem) or frozenset()) & FEATURE_TRIGGERS)
        feats = [
            "bias",
            "w=" + norm,
            "k=" + key,
            "s=" + stem,
            "pf=" + "+".join(cl.prefixes),
            "sf=" + cl.suffix,
            "s2=" + stem[:2],
            "s3=" + stem[:3],
            "e2=" + stem[-2:],
            "e3=" + stem[-3:],
            f"l={min(len(stem), 10)}",
        ]
        feats += ["t=" + t for t in trig]
        name_kinds = self._names.get(key) or self._names.get(stem) or ()
        feats += ["nm=" + n for n in name_kinds]
        if own_c:
            feats += ["c6=" + own_c.coarse, "c8=" + own_c.middle, "c10=" + own_c.fine, f"f={own_c.log_freq}"]
        else:
            feats.append("c=oov")
        if key_c and key_c is not own_c:
            feats += ["kc8=" + key_c.middle, "kc10=" + key_c.fine, f"kf={key_c.log_freq}"]
        either = key_c or own_c
        cid = either.middle if either else "oov"
        fine = either.fine if either else "oov"
        ctx = []
        for o in OFFSETS:
            side = [f"{o}k={key}", f"{o}c8={cid}"] + [f"{o}t={t}" for t in trig]
            if o in (-1, 1):
                side += [f"{o}w={norm}", f"{o}c10={fine}", f"{o}pf=" + "+".join(cl.prefixes)]
                side += [f"{o}nm={n}" for n in name_kinds]
            ctx.append(side)
        return key, feats, tuple(ctx)
