"""The statistical tagger: a linear-chain CRF over ``features.Featurizer`` attributes.

Training uses python-crfsuite (``khabar train ner``); the fitted weights are exported to
a small ``.npz`` (attribute names, a weight row per attribute, label transitions) and
decoded here with numpy. That keeps crfsuite out of the runtime dependencies and is
faster: a word's attribute weights are summed once per word and cached, so a sentence
costs a few array gathers plus a Viterbi pass batched over the article. Decoding is
exact, so tags equal crfsuite's own (checked by the tests when crfsuite is installed).

Tags follow ANERcorp (B/I-PERS, ORG, LOC, MISC); ``khabar.entities`` maps them onto
khabar's types.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from itertools import chain, pairwise, repeat
from pathlib import Path

import numpy as np

from khabar.entities import features
from khabar.entities.features import Featurizer
from khabar.entities.viterbi import best_paths

MODEL_NAME = "ner.npz"
# words a tagger keeps per-word rows for (the CRF's emission sums, about 36 MB; the neural
# tagger's first-layer rows, 128 MB when full at its default shape); when full, the most
# recently used half stays and the rest is dropped
WORD_ROWS = 100_000


class ModelMissingError(RuntimeError):
    pass


def default_model_path() -> Path:
    return Path(str(resources.files("khabar.data").joinpath("models", MODEL_NAME)))


def export_crfsuite(crfsuite_path: str | Path, out: str | Path, drop_prefix: str = "") -> None:
    """Write a crfsuite model's weights as the ``.npz`` this tagger reads, without the
    attributes that start with ``drop_prefix`` (training-only ones) when it is given."""
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(crfsuite_path))
    info = crf.info()
    labels = sorted(info.labels, key=lambda label: int(info.labels[label]))
    col = {label: i for i, label in enumerate(labels)}
    attrs = sorted({a for a, _ in info.state_features if not (drop_prefix and a.startswith(drop_prefix))})
    row = {a: i for i, a in enumerate(attrs)}
    weights = np.zeros((len(attrs), len(labels)), dtype=np.float32)
    for (attr, label), w in info.state_features.items():
        if attr in row:
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
    """A model file's tagger: ``Tagger(path)`` builds the kind the file holds, a
    ``CrfTagger`` or a ``neural.NeuralTagger``. Both tag an article's sentences at once
    (``tag_many``) with ANERcorp's BIO tags, and keep per-word tables that make a long
    run cheaper than its first article."""

    path: Path
    labels: list[str]
    _lock: threading.Lock  # the per-word tables are shared state
    word_rows = WORD_ROWS  # words the per-word tables hold

    def __new__(cls, path: str | Path) -> Tagger:
        if cls is Tagger:
            from khabar.entities import neural

            cls = neural.NeuralTagger if neural.is_neural_model(existing(path)) else CrfTagger
        return super().__new__(cls)

    def tag(self, words: Sequence[str]) -> list[str]:
        return self.tag_many([words])[0]

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags of several sentences, computed together (an article at a time), in
        batches whose words fit in the per-word tables."""
        lengths = [len(s) for s in sentences]
        total = sum(lengths)
        if not total:
            return [[] for _ in sentences]
        if total > self.word_rows // 2:  # keep every batch's words within the tables
            if len(sentences) == 1:
                words = sentences[0]
                half = len(words) // 2
                return [self.tag_many([words[:half]])[0] + self.tag_many([words[half:]])[0]]
            mid = len(sentences) // 2
            return self.tag_many(sentences[:mid]) + self.tag_many(sentences[mid:])
        with self._lock:
            return self._tag_batch(sentences, lengths, total)

    def _tag_batch(self, sentences: Sequence[Sequence[str]], lengths: list[int], total: int) -> list[list[str]]:
        raise NotImplementedError


def existing(path: str | Path) -> Path:
    """``path`` when a model file is there; else ``ModelMissingError`` saying how to train one."""
    path = Path(path)
    if not path.exists():
        raise ModelMissingError(
            f"no NER model at {path}; run 'khabar train ner --conll "
            f"../shared/data/anercorp/ANERCorp_CamelLab_train.txt --out {path}'"
        )
    return path


class CrfTagger(Tagger):
    """An exported CRF with its featurizer; ``tag_many`` the sentences of an article."""

    def __init__(self, path: str | Path):
        self.path = path = existing(path)
        with np.load(path) as z:
            self.labels: list[str] = [str(x) for x in z["labels"]]
            attrs = z["attributes"].tobytes().decode("utf-8").split("\n")
            weights = z["weights"]
            self._transitions = z["transitions"].astype(np.float64)
        n_labels = len(self.labels)
        # row 0 is all zeros: the id of every attribute the model does not know
        self._weights = np.vstack([np.zeros((1, n_labels)), weights.astype(np.float64)])
        self._ids = {a: i for i, a in enumerate(attrs, 1)}
        self._featurizer = Featurizer()
        self._rows: dict[str, int] = {}  # word -> its row in the emission tables
        self._keys: dict[str, str] = {}  # word -> its match key (for bigrams, gazetteer)
        self._last_used: dict[str, int] = {}  # word -> the last batch that had it
        self._batches = 0
        # row 0 stays all zeros: the padding around a sentence
        self._own = np.zeros((self.word_rows + 1, n_labels))
        self._ctx = np.zeros((self.word_rows + 1, len(features.OFFSETS), n_labels))
        self._pad = [self._ids.get(features.pad_attr(o), 0) for o in features.OFFSETS]
        # weights of the dense attributes: (offset, dimension) -> a row per label
        dims = range(self._featurizer.dense_dims)
        self._dense = [
            self._weights[[self._ids.get(features.dense_attr(o, d), 0) for d in dims]] for o in features.DENSE_OFFSETS
        ]
        self._bigrams = _bigram_ids(self._ids)
        self._lock = threading.Lock()

    def _tag_batch(self, sentences: Sequence[Sequence[str]], lengths: list[int], total: int) -> list[list[str]]:
        """Tags of several sentences, decoded together (one Viterbi step per position
        of the longest sentence, not per token: an article costs a few dozen steps).

        The emission of a token is the same sum of weights ``Featurizer.assemble``
        lists for training: its word's own attributes, what its neighbours at -2..+2
        tell it (both cached per word), and the few attributes that depend on the
        sequence (gazetteer, bigrams, padding)."""
        present = set(chain.from_iterable(sentences))
        self._batches += 1
        stamps = dict.fromkeys(present, self._batches)
        self._last_used.update(stamps)
        if len(self._rows) + total > self.word_rows:
            self._keep_recent(self.word_rows // 2)
            self._last_used.update(stamps)  # the batch's new words too
        self._add_words(present.difference(self._rows))
        row_of, key_of = self._rows.__getitem__, self._keys.__getitem__
        rows = list(map(row_of, chain.from_iterable(sentences)))
        extra_pos: list[int] = []
        extra_ids: list[int] = []
        pos = 0
        for words in sentences:
            self._sequence_attributes(list(map(key_of, words)), pos, extra_pos, extra_ids)
            pos += len(words)
        # the batch as a grid of table rows, one line per sentence, padded with row 0
        # (all zeros) on both sides, so a neighbour outside the sentence adds nothing
        width, reach = max(lengths), max(map(abs, features.OFFSETS))
        sizes = np.array(lengths)
        inside = np.arange(width) < sizes[:, None]
        grid = np.zeros((len(sentences), width + 2 * reach), dtype=np.intp)
        grid[:, reach : reach + width][inside] = rows
        emissions = self._own[grid[:, reach : reach + width]]
        for slot, o in enumerate(features.OFFSETS):
            emissions += self._ctx[grid[:, reach + o : reach + o + width], slot]
        if extra_pos:
            flat = np.asarray(extra_pos)
            line = np.repeat(np.arange(len(sentences)), lengths)[flat]
            column = flat - (np.cumsum(sizes) - sizes)[line]
            np.add.at(emissions, (line, column), self._weights[np.asarray(extra_ids)])
        labels = self.labels
        return [[labels[i] for i in path] for path in best_paths(emissions, sizes, self._transitions)]

    def _sequence_attributes(self, keys: list[str], pos: int, at: list[int], ids_out: list[int]) -> None:
        """(token position, attribute id) of the known attributes that depend on the
        sentence: padding at its edges, word bigrams, gazetteer matches."""
        ids = self._ids
        n = len(keys)
        for slot, o in enumerate(features.OFFSETS):
            if self._pad[slot]:
                for i in range(0, min(-o, n)) if o < 0 else range(max(n - o, 0), n):
                    at.append(pos + i)
                    ids_out.append(self._pad[slot])
        bigrams = self._bigrams
        for i, pair in enumerate(pairwise(keys)):
            hit = bigrams.get(pair)
            if hit:
                before, after = hit
                if before:
                    at.append(pos + i + 1)
                    ids_out.append(before)
                if after:
                    at.append(pos + i)
                    ids_out.append(after)
        gaz = self._featurizer.gazetteer_tags(keys)
        for i, tag in enumerate(gaz):
            if not tag:
                continue
            for o in (0,) + features.OFFSETS:
                j = i - o  # the token that sees this one at offset o
                if 0 <= j < n:
                    a = ids.get(features.gazetteer_attr(o, tag))
                    if a:
                        at.append(pos + j)
                        ids_out.append(a)

    def _keep_recent(self, size: int) -> None:
        """Bound the word tables: keep the ``size`` most recently used words (the
        current batch's among them), moved to the first rows, and drop the others.
        A long run keeps its everyday words instead of computing them all again."""
        keep = sorted(self._rows, key=self._last_used.__getitem__, reverse=True)[:size]
        old = np.fromiter((self._rows[w] for w in keep), dtype=np.intp, count=len(keep))
        self._own[1 : len(keep) + 1] = self._own[old]
        self._ctx[1 : len(keep) + 1] = self._ctx[old]
        self._rows = {w: row for row, w in enumerate(keep, 1)}
        self._keys = {w: self._keys[w] for w in keep}
        self._last_used = {w: self._last_used[w] for w in keep}

    def _add_words(self, words: set[str]) -> None:
        """Sum the weights of new words' own and neighbour attributes into their rows
        of the emission tables, all words in one numpy reduction, plus what their dense
        vectors add (one matrix product per offset)."""
        if not words:
            return
        new = list(words)
        id_of = self._ids.get
        flat: list[int] = []
        starts: list[int] = []
        first_row = len(self._rows) + 1  # after the zero row
        for n, word in enumerate(new):
            key, own, ctx = self._featurizer.compute(word)
            for attrs in (own, *ctx):
                starts.append(len(flat))
                flat.append(0)  # the zero row (unknown attributes too): no segment is empty
                flat += map(id_of, attrs, repeat(0))
            self._rows[word] = first_row + n
            self._keys[word] = key
        sums = np.add.reduceat(self._weights[flat], starts, axis=0).reshape(len(new), 1 + len(features.OFFSETS), -1)
        found = [(n, v) for n, v in enumerate(map(self._featurizer.vector, new)) if v is not None]
        if found:
            with_vector = [n for n, _ in found]
            stacked = np.stack([v for _, v in found])
            for o, weights in zip(features.DENSE_OFFSETS, self._dense):
                slot = 0 if o == 0 else 1 + features.OFFSETS.index(o)
                sums[with_vector, slot] += stacked @ weights
        rows = slice(first_row, first_row + len(new))
        self._own[rows] = sums[:, 0]
        self._ctx[rows] = sums[:, 1:]


def _bigram_ids(ids: dict[str, int]) -> dict[tuple[str, str], tuple[int, int]]:
    """(key, next key) -> ids of the model's bigram attributes for that pair (0: none),
    so a sentence's bigrams cost one lookup per pair, no strings built. Every split of
    the attribute at a "|" is listed, so keys holding "|" find what the string did."""
    makers = (features.before_attr, features.after_attr)
    prefixes = [make("", "").split("|")[0] for make in makers]  # "b=", "a="
    out: dict[tuple[str, str], list[int]] = {}
    for attr, i in ids.items():
        for slot, (make, prefix) in enumerate(zip(makers, prefixes)):
            if not attr.startswith(prefix):
                continue
            body = attr[len(prefix) :]
            for cut in (k for k, ch in enumerate(body) if ch == "|"):
                pair = (body[:cut], body[cut + 1 :])
                if make(*pair) == attr:
                    out.setdefault(pair, [0, 0])[slot] = i
    return {pair: (b, a) for pair, (b, a) in out.items()}


@cache
def default_tagger() -> Tagger:
    """The shipped model, loaded on first use."""
    return Tagger(default_model_path())
