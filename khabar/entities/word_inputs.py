"""What the neural tagger reads of one word, computed once per word type: the same code
for training (``khabar.train.neural``) and tagging (``khabar.entities.neural``), so the
two cannot drift apart.

A word gives

- categorical values, one per slot of ``SLOTS``: its matching form, its match key, its
  proclitics and suffix, its word clusters at three granularities and its frequency band
  (``ner_words.tsv``), its script or shape, its stem's length. The model keeps an
  embedding table per slot; a value it never saw in training reads as unknown (id 1);
- flags: the kinds of name it is a word of (``ner_names.tsv``) and its trigger kinds
  (``ner_triggers.tsv``);
- its dense vector (``ner_vectors.npz``), or zeros, and a flag telling which;
- its letters (matching form, Latin lowercased) for the character CNN, between a start
  and an end mark, the middle dropped from very long words.

Only the place gazetteer depends on the sentence (a name of several words); the tagger
reads its BIO tag per token (``Featurizer.gazetteer_tags``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from khabar import arabic
from khabar.entities import knowledge
from khabar.entities.features import FEATURE_TRIGGERS

SLOTS = ("w", "k", "pf", "sf", "c6", "c8", "c10", "f", "shape", "len")
NAME_KINDS = ("given", "family", "foreign", "PERS", "ORG", "LOC", "MISC")
TRIGGER_KINDS = tuple(sorted(FEATURE_TRIGGERS))
FLAGS = NAME_KINDS + TRIGGER_KINDS
MAX_CHARS = 20  # letters kept of a longer word: the first and last half of this
START, END = "\x02", "\x03"  # marks around a word's letters
PAD, UNKNOWN = 0, 1  # ids every vocabulary reserves


@dataclass(frozen=True, slots=True)
class WordInputs:
    values: tuple[str, ...]  # one per slot of SLOTS
    flags: tuple[int, ...]  # indices into FLAGS
    vector: np.ndarray | None
    letters: str


class WordReader:
    """Reads words into ``WordInputs`` from the shipped knowledge files."""

    def __init__(self) -> None:
        self._clusters = knowledge.clusters()
        self._names = knowledge.names()
        self._triggers = knowledge.triggers()
        self._vector_rows, self._vectors = knowledge.word_vectors()
        self._flag_index = {f: i for i, f in enumerate(FLAGS)}

    @property
    def dense_dims(self) -> int:
        return self._vectors.shape[1]

    def read(self, word: str) -> WordInputs:
        norm = arabic.normalize(word)
        first = norm[:1]
        letters = _letters(norm.lower())
        if not first or not (first.isalnum() or arabic.is_arabic(first)):
            return WordInputs((norm, norm, "", "", "", "", "", "", "punct", ""), (), None, letters)
        if first.isdigit():
            return WordInputs(("0", "0", "", "", "", "", "", "", "digit", str(min(len(norm), 5))), (), None, letters)
        if not arabic.is_arabic(first):
            low = norm.lower()
            shape = "upper" if word[:1].isupper() else "lower"
            return WordInputs((low, low, "", "", "", "", "", "", shape, str(min(len(low), 10))), (), None, letters)
        cl = arabic.clitics(word)
        stem = arabic.normalize(cl.stem)
        key = arabic.match_key(word)
        cluster = self._clusters.get(key) or self._clusters.get(norm) or self._clusters.get(stem)
        kinds = self._names.get(key) or self._names.get(stem) or ()
        triggers = (self._triggers.get(key) or self._triggers.get(stem) or frozenset()) & FEATURE_TRIGGERS
        flags = tuple(sorted(self._flag_index[k] for k in (*kinds, *triggers) if k in self._flag_index))
        values = (
            norm,
            key,
            "+".join(cl.prefixes),
            cl.suffix,
            cluster.coarse if cluster else "oov",
            cluster.middle if cluster else "oov",
            cluster.fine if cluster else "oov",
            str(cluster.log_freq) if cluster else "oov",
            "arabic",
            str(min(len(stem), 10)),
        )
        return WordInputs(values, flags, self._vector(norm, key, stem), letters)

    def _vector(self, norm: str, key: str, stem: str) -> np.ndarray | None:
        """As ``Featurizer.vector``: by matching form, match key or stem."""
        rows = self._vector_rows
        row = rows.get(norm)
        if row is None:
            row = rows.get(key)
            if row is None:
                row = rows.get(stem)
        return None if row is None else self._vectors[row]


def _letters(form: str) -> str:
    if len(form) > MAX_CHARS:
        half = MAX_CHARS // 2
        form = form[:half] + form[-half:]
    return START + form + END


class Vocabulary:
    """String -> id for one slot (or the letters); ids 0 and 1 are padding and unknown."""

    def __init__(self, items: Sequence[str]):
        self.items = list(items)
        self._ids = {s: i for i, s in enumerate(self.items, 2)}

    def __len__(self) -> int:
        return len(self.items) + 2

    def id(self, item: str) -> int:
        return self._ids.get(item, UNKNOWN)

    def encode(self) -> np.ndarray:
        """The items as one UTF-8 byte array (how the model file stores them)."""
        return np.frombuffer("\n".join(self.items).encode("utf-8"), dtype=np.uint8)

    @classmethod
    def decode(cls, data: np.ndarray) -> Vocabulary:
        text = data.tobytes().decode("utf-8")
        return cls(text.split("\n") if text else [])


@dataclass(frozen=True, slots=True)
class EncodedWords:
    """A batch of words as the network's arrays."""

    values: np.ndarray  # (n, len(SLOTS)) ids
    flags: np.ndarray  # (n, len(FLAGS) + dense dims + 1) float32: flags, vector, has-vector
    letters: np.ndarray  # (n, longest + 2) letter ids, 0-padded


def encode(words: Sequence[WordInputs], slots: Sequence[Vocabulary], letters: Vocabulary, dims: int) -> EncodedWords:
    n = len(words)
    values = np.array([[v.id(x) for v, x in zip(slots, w.values)] for w in words], dtype=np.int64).reshape(
        n, len(SLOTS)
    )
    flags = np.zeros((n, len(FLAGS) + dims + 1), dtype=np.float32)
    for i, w in enumerate(words):
        flags[i, list(w.flags)] = 1.0
        if w.vector is not None:
            flags[i, len(FLAGS) : len(FLAGS) + dims] = w.vector
            flags[i, -1] = 1.0
    width = max((len(w.letters) for w in words), default=0)
    chars = np.zeros((n, width), dtype=np.int64)
    for i, w in enumerate(words):
        chars[i, : len(w.letters)] = [letters.id(c) for c in w.letters]
    return EncodedWords(values, flags, chars)
