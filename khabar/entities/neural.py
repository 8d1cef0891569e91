"""The neural tagger, run with numpy: a word-window convolutional network with a CRF
layer, trained by ``khabar train ner --neural`` (``khabar.train.neural`` has the network
and its training; this module is its forward pass, exact to float32 rounding).

Speed comes from reading each word type once. A new word's inputs
(``word_inputs.WordReader``), embeddings and character CNN make its vector x, and the
first convolution's view of it from each of the window's offsets, ``x @ U_o``, is kept in
a per-word table (the "no gazetteer match" embedding folded in), like the CRF's emission
sums. A token's first hidden layer is then a sum of its window's rows (plus the rare
gazetteer tags), the second a dilated convolution (one matrix product over the article's
tokens), and the label scores a linear layer; a Viterbi pass batched over the article
decodes them. The sentences of a batch are laid end to end with zero gaps between them,
wide enough that no window reaches into another sentence.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import numpy as np

from khabar.entities import knowledge, word_inputs
from khabar.entities.tagger import Tagger, existing
from khabar.entities.viterbi import best_paths
from khabar.entities.word_inputs import SLOTS, Vocabulary, WordReader

# OpenBLAS runs a product on one thread when rows x inner x columns stays under this
# (its SMP_THRESHOLD_MIN x GEMM_MULTITHREAD_THRESHOLD); above it, threads that spin while
# they wait cost several times the work on a busy machine (docs/benchmarks.md)
ONE_THREAD_SIZE = 65_536 * 4


def one_thread_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for a 2-d ``a``, in row blocks small enough for one BLAS thread: the
    tagger's products are small, and a stage runs one per core."""
    rows = max(1, ONE_THREAD_SIZE // (a.shape[1] * b.shape[1]))
    if len(a) <= rows:
        return a @ b
    out = np.empty((len(a), b.shape[1]), dtype=np.result_type(a, b))
    for i in range(0, len(a), rows):
        np.matmul(a[i : i + rows], b, out=out[i : i + rows])
    return out


def is_neural_model(path: str | Path) -> bool:
    with np.load(path) as z:
        return "kind" in z.files and str(z["kind"]) == "neural"


class NeuralTagger(Tagger):
    """An exported network; ``tag_many`` the sentences of an article."""

    def __init__(self, path: str | Path):
        self.path = existing(path)
        with np.load(self.path) as z:
            self.labels: list[str] = [str(x) for x in z["labels"]]
            self._slots = [Vocabulary.decode(z[f"vocab_{name}"]) for name in SLOTS]
            self._tables = [z[f"slot_{name}"].astype(np.float32) for name in SLOTS]
            self._letters = Vocabulary.decode(z["letters"])
            self._letter_table = z["letter_table"].astype(np.float32)
            conv = z["letter_conv_w"].astype(np.float32)  # (filters, dims, 3)
            self._letter_conv = conv.transpose(2, 1, 0).reshape(-1, conv.shape[0])
            self._letter_bias = z["letter_conv_b"].astype(np.float32)
            conv1 = z["conv1_w"].astype(np.float32)  # (hidden, word dims + gazetteer dims, window)
            gaz_dims = z["gazetteer_table"].shape[1]
            word_dims = conv1.shape[1] - gaz_dims
            self._window = conv1.shape[2]
            # (word dims, window * hidden): one product gives a word's row for every offset
            self._first = np.ascontiguousarray(conv1[:, :word_dims].transpose(1, 2, 0).reshape(word_dims, -1))
            # gazetteer tag -> what it adds at each offset: (window, tags + padding, hidden)
            gaz = np.einsum("gd,hdj->jgh", z["gazetteer_table"].astype(np.float32), conv1[:, word_dims:])
            self._gaz_tags = {t: i for i, t in enumerate((str(t) for t in z["gazetteer_tags"]), 1)}
            no_match = gaz[:, self._gaz_tags[""]]
            self._no_match = no_match.reshape(-1)  # in every word's row
            self._gaz_delta = gaz - no_match[:, None, :]
            self._bias1 = z["conv1_b"].astype(np.float32)
            conv2 = z["conv2_w"].astype(np.float32)  # (hidden, hidden, kernel)
            self._kernel2 = conv2.shape[2]
            self._dilation2 = int(z["dilation2"])
            self._second = np.ascontiguousarray(conv2.transpose(2, 1, 0).reshape(-1, conv2.shape[0]))
            self._bias2 = z["conv2_b"].astype(np.float32)
            self._out = np.ascontiguousarray(z["out_w"].astype(np.float32).T)
            self._out_bias = z["out_b"].astype(np.float32)
            self._transitions = z["transitions"].astype(np.float32)
            self._start = z["start"].astype(np.float32)
            self._end = z["end"].astype(np.float32)
        self._hidden = self._bias1.shape[0]
        self._reach1 = self._window // 2
        self._reach2 = self._dilation2 * (self._kernel2 // 2)
        self._gap = max(self._reach1, self._reach2)
        self._reader = WordReader()
        self._gazetteer = knowledge.gazetteer()
        # row 0 stays all zeros: what a position outside every sentence adds
        self._rows: dict[str, int] = {}
        self._keys: dict[str, str] = {}
        self._last_used: dict[str, int] = {}
        self._batches = 0
        self._table = np.zeros((self._window, self.word_rows + 1, self._hidden), dtype=np.float32)
        self._starts_place = np.zeros(self.word_rows + 1, dtype=bool)  # per row: can begin a gazetteer name
        self._lock = threading.Lock()

    def _tag_batch(self, sentences: Sequence[Sequence[str]], lengths: list[int], total: int) -> list[list[str]]:
        present = set(chain.from_iterable(sentences))
        self._batches += 1
        stamps = dict.fromkeys(present, self._batches)
        self._last_used.update(stamps)
        if len(self._rows) + len(present) > self.word_rows:
            self._keep_recent(self.word_rows // 2)
            self._last_used.update(stamps)
        self._add_words([w for w in present if w not in self._rows])
        sizes = np.array(lengths)
        gap, reach1 = self._gap, self._reach1
        # token i of sentence s sits at starts[s] + i of a line with gaps of zeros
        starts = gap + np.concatenate([[0], np.cumsum(sizes + gap)[:-1]])
        span = int(starts[-1] + sizes[-1] + gap)
        positions = np.repeat(starts, sizes) + (np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes))
        rows = np.fromiter((self._rows[w] for w in chain.from_iterable(sentences)), dtype=np.intp, count=len(positions))
        line_rows = np.zeros(span + 2 * reach1, dtype=np.intp)
        line_rows[positions + reach1] = rows
        hidden = np.zeros((len(positions), self._hidden), dtype=np.float32)
        for j in range(self._window):
            hidden += self._table[j][line_rows[positions + j]]
        self._add_gazetteer(sentences, rows, hidden)
        np.maximum(hidden + self._bias1, 0, out=hidden)
        line = np.zeros((span + 2 * self._reach2, self._hidden), dtype=np.float32)
        line[positions + self._reach2] = hidden
        shifted = [line[positions + j * self._dilation2] for j in range(self._kernel2)]
        second = one_thread_matmul(np.concatenate(shifted, axis=1), self._second) + self._bias2
        np.maximum(second, 0, out=second)
        scores = one_thread_matmul(second, self._out) + self._out_bias
        # into a (sentence, position) grid for the Viterbi pass, with start and end scores
        grid = np.zeros((len(sentences), int(sizes.max()), len(self.labels)), dtype=np.float32)
        sentence = np.repeat(np.arange(len(sentences)), sizes)
        column = positions - np.repeat(starts, sizes)
        grid[sentence, column] = scores
        grid[:, 0] += self._start
        grid[np.arange(len(sentences)), sizes - 1] += self._end
        labels = self.labels
        return [[labels[i] for i in path] for path in best_paths(grid, sizes, self._transitions)]

    def _add_gazetteer(self, sentences: Sequence[Sequence[str]], rows: np.ndarray, hidden: np.ndarray) -> None:
        """What the place gazetteer's matches add to the first layer. Only tokens whose
        word can start a place name are tried (``_starts_place``, per word row), left to
        right as ``features.gazetteer_tags`` does; most sentences have none."""
        candidates = np.flatnonzero(self._starts_place[rows]).tolist()
        if not candidates:
            return
        firsts = np.cumsum([0] + [len(words) for words in sentences]).tolist()
        targets: list[int] = []
        offsets: list[int] = []
        tag_ids: list[int] = []
        reach, window = self._reach1, self._window
        sentence, keys, free_from = -1, [], 0
        for g in candidates:
            if g >= firsts[sentence + 1]:
                while g >= firsts[sentence + 1]:
                    sentence += 1
                keys, free_from = [self._keys[w] for w in sentences[sentence]], 0
            i = g - firsts[sentence]
            if i < free_from:  # inside the previous match
                continue
            hit = self._gazetteer.match(keys, i)
            if not hit:
                continue
            length, kind = hit
            free_from = i + length
            for p in range(i, i + length):
                tag_id = self._gaz_tags[("B-" if p == i else "I-") + kind]
                for j in range(window):
                    k = p - (j - reach)  # the token that sees this one through offset j
                    if 0 <= k < len(keys):
                        targets.append(firsts[sentence] + k)
                        offsets.append(j)
                        tag_ids.append(tag_id)
        if targets:
            np.add.at(hidden, np.array(targets), self._gaz_delta[np.array(offsets), np.array(tag_ids)])

    def _keep_recent(self, size: int) -> None:
        """Bound the word table: keep the ``size`` most recently used words."""
        keep = sorted(self._rows, key=self._last_used.__getitem__, reverse=True)[:size]
        old = np.fromiter((self._rows[w] for w in keep), dtype=np.intp, count=len(keep))
        self._table[:, 1 : len(keep) + 1] = self._table[:, old]
        self._starts_place[1 : len(keep) + 1] = self._starts_place[old]
        self._rows = {w: row for row, w in enumerate(keep, 1)}
        self._keys = {w: self._keys[w] for w in keep}
        self._last_used = {w: self._last_used[w] for w in keep}

    def _add_words(self, words: list[str]) -> None:
        if not words:
            return
        inputs = [self._reader.read(w) for w in words]
        vectors = self.word_vectors(word_inputs.encode(inputs, self._slots, self._letters, self._reader.dense_dims))
        rows = (one_thread_matmul(vectors, self._first) + self._no_match).reshape(
            len(words), self._window, self._hidden
        )
        first_row = len(self._rows) + 1
        self._table[:, first_row : first_row + len(words)] = rows.transpose(1, 0, 2)
        first_words = self._gazetteer.first_words
        for n, (word, read) in enumerate(zip(words, inputs)):
            self._rows[word] = first_row + n
            self._keys[word] = key = read.values[1]
            self._starts_place[first_row + n] = key in first_words

    def word_vectors(self, encoded: word_inputs.EncodedWords) -> np.ndarray:
        """The network's vector of each word: slot embeddings, flags and vector, and the
        character CNN's maximum over the letters."""
        parts = [table[encoded.values[:, i]] for i, table in enumerate(self._tables)]
        letters = encoded.letters
        chars = self._letter_table[letters]  # (n, width, dims)
        padded = np.pad(chars, ((0, 0), (1, 1), (0, 0)))
        width = letters.shape[1]
        windows = np.concatenate([padded[:, j : j + width] for j in range(3)], axis=2)
        flat = one_thread_matmul(windows.reshape(-1, windows.shape[2]), self._letter_conv)
        conv = flat.reshape(len(letters), width, -1) + self._letter_bias
        conv[letters == 0] = -np.inf
        return np.concatenate([*parts, encoded.flags, conv.max(1)], axis=1)
