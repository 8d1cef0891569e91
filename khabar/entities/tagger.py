"""The statistical tagger: a linear-chain CRF over ``features.Featurizer`` attributes.

Training uses python-crfsuite (``khabar train ner``); the fitted weights are exported to
a small ``.npz`` (attribute names, a weight row per attribute, label transitions) and
decoded here with numpy. That keeps crfsuite out of the runtime dependencies and is
about twice as fast: a word's attributes become row ids once and are cached, so a
sentence costs one gather-and-sum for the emissions plus a Viterbi pass. Decoding is
exact, so tags equal crfsuite's own (checked by the tests when crfsuite is installed).

Tags follow ANERcorp (B/I-PERS, ORG, LOC, MISC); ``khabar.entities`` maps them onto
khabar's types.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from khabar.entities.features import Featurizer, WordParts

MODEL_NAME = "ner.npz"
_CACHE_LIMIT = 300_000


class ModelMissingError(RuntimeError):
    pass


def default_model_path() -> Path:
    return Path(str(resources.files("khabar.data").joinpath("models", MODEL_NAME)))


def export_crfsuite(crfsuite_path: str | Path, out: str | Path) -> None:
    """Write a crfsuite model's weights as the ``.npz`` this tagger reads."""
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(crfsuite_path))
    info = crf.info()
    labels = sorted(info.labels, key=lambda label: int(info.labels[label]))
    col = {label: i for i, label in enumerate(labels)}
    attrs = sorted({a for a, _ in info.state_features})
    row = {a: i for i, a in enumerate(attrs)}
    weights = np.zeros((len(attrs), len(labels)), dtype=np.float32)
    for (attr, label), w in info.state_features.items():
        weights[row[attr], col[label]] = w
    transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        transitions[col[a], col[b]] = w
    np.savez_compressed(
        out,
        labels=np.array(labels),
        attributes=np.frombuffer("\n".join(attrs).encode("utf-8"), dtype=np.uint8),
        weights=weights,
        transitions=transitions,
    )


class Tagger:
    """An exported CRF with its featurizer; ``tag`` one sentence of words at a time."""

    def __init__(self, path: str | Path):
        path = Path(path)
        if not path.exists():
            raise ModelMissingError(
                f"no NER model at {path}; run 'khabar train ner --conll "
                f"../shared/data/anercorp/ANERCorp_CamelLab_train.txt --out {path}'"
            )
        self.path = path
        with np.load(path) as z:
            self.labels: list[str] = [str(x) for x in z["labels"]]
            attrs = z["attributes"].tobytes().decode("utf-8").split("\n")
            weights = z["weights"]
            self._transitions = z["transitions"].astype(np.float64)
        # row 0 is all zeros: every token carries it, so no token's row list is empty
        self._weights = np.vstack([np.zeros((1, weights.shape[1]), np.float32), weights]).astype(np.float64)
        self._ids = {a: i for i, a in enumerate(attrs, 1)}
        self._featurizer = Featurizer()
        self._words: dict[str, WordParts] = {}
        self._labels_idx = np.arange(len(self.labels))

    def tag(self, words: Sequence[str]) -> list[str]:
        return self.tag_many([words])[0]

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags of several sentences, decoded together (one Viterbi step per position
        of the longest sentence, not per token: a document costs a few dozen steps)."""
        lengths = [len(s) for s in sentences]
        if not any(lengths):
            return [[] for _ in sentences]
        flat: list[int] = []
        starts: list[int] = []
        for words in sentences:
            if words:
                for r in self._featurizer.assemble([self._word(w) for w in words], self._lookup):
                    starts.append(len(flat))
                    flat += r
        emissions = np.add.reduceat(self._weights[flat], starts, axis=0)
        padded = np.zeros((len(sentences), max(lengths), len(self.labels)))
        pos = 0
        for b, n in enumerate(lengths):
            padded[b, :n] = emissions[pos : pos + n]
            pos += n
        paths = self._viterbi(padded, np.array(lengths))
        labels = self.labels
        return [[labels[i] for i in path[:n]] for path, n in zip(paths.tolist(), lengths)]

    def _lookup(self, attribute: str) -> list[int]:
        i = self._ids.get(attribute)
        return [i] if i else []

    def _word(self, word: str) -> WordParts:
        hit = self._words.get(word)
        if hit is None:
            if len(self._words) > _CACHE_LIMIT:
                self._words.clear()
            key, own, ctx = self._featurizer.word(word)
            ids = self._ids
            hit = self._words[word] = (
                key,
                [0] + [ids[a] for a in own if a in ids],
                tuple([ids[a] for a in side if a in ids] for side in ctx),
            )
        return hit

    def _viterbi(self, emissions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best label paths of a batch, ``emissions`` shaped (batch, positions, labels);
        past its length a sequence just carries its score (identity back-pointers)."""
        trans, idx = self._transitions, self._labels_idx
        batch, steps, n_labels = emissions.shape
        rows = np.arange(batch)
        back = np.empty((steps, batch, n_labels), dtype=np.intp)
        back[0] = idx
        score = emissions[:, 0]
        for t in range(1, steps):
            cand = score[:, :, None] + trans
            best = cand.argmax(1)
            moved = np.take_along_axis(cand, best[:, None, :], 1)[:, 0] + emissions[:, t]
            live = (t < lengths)[:, None]
            back[t] = np.where(live, best, idx)
            score = np.where(live, moved, score)
        paths = np.empty((batch, steps), dtype=np.intp)
        last = score.argmax(1)
        for t in range(steps - 1, -1, -1):
            paths[:, t] = last
            last = back[t][rows, last]
        return paths


@cache
def default_tagger() -> Tagger:
    """The shipped model, loaded on first use."""
    return Tagger(default_model_path())
