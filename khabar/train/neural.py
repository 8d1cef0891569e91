"""Training the neural tagger (``khabar train ner --neural``) with torch on the CPU, and
exporting it to the ``.npz`` that ``khabar.entities.neural`` runs with numpy.

The network (``Net``) reads each word type once (``khabar.entities.word_inputs``): an
embedding per categorical slot, the name and trigger flags, the dense vector, and a
character CNN (max over the letters) make the word's vector. Per token the gazetteer's
BIO tag is added, then two convolutions over the sentence (a window of five words, then
a dilated window of three) and a linear layer give the label scores, and a CRF layer
(transitions, start and end scores) is trained on the whole sequence. The window makes
every layer cheap to run in numpy: the first one is a sum of per-word rows, cached.

Extra corpora (WikiFANE) can be mixed in with a weight, or used first to pre-train and
then fine-tune on the main one (``pretrain_epochs``).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from khabar.entities import knowledge, word_inputs
from khabar.entities.features import gazetteer_tags
from khabar.entities.word_inputs import SLOTS, Vocabulary, WordInputs, WordReader
from khabar.train.conll import TaggedSentence

LABELS = ("O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PERS", "I-PERS")
GAZETTEER_TAGS = ("", "B-GPE", "I-GPE", "B-LOC", "I-LOC", "B-ORG", "I-ORG")


@dataclass(frozen=True)
class Shape:
    """The network's sizes, saved in the model file."""

    slot_dims: tuple[int, ...] = (48, 32, 8, 8, 8, 16, 16, 8, 4, 4)  # per slot of SLOTS
    min_count: tuple[int, ...] = (2, 2, 1, 1, 1, 1, 1, 1, 1, 1)  # a value seen fewer times is unknown
    letter_dims: int = 24
    letter_filters: int = 64
    gazetteer_dims: int = 8
    hidden: int = 64  # 128 was slower to run and scored lower on dev (docs/ner.md)
    window: int = 5  # first convolution, words
    kernel2: int = 3  # second convolution
    dilation2: int = 2


@dataclass
class Settings:
    epochs: int = 40
    pretrain_epochs: int = 0  # on the other corpus alone, first
    other_weight: float = 1.0  # a mixed-in other-corpus sentence's share of each epoch (1: all of it)
    batch_tokens: int = 1200
    learning_rate: float = 2e-3
    dropout: float = 0.3
    word_dropout: float = 0.1  # chance that a word type's w/k ids read as unknown in a batch
    seed: int = 1


def _torch():
    try:
        import torch
    except ImportError as err:  # pragma: no cover - the train extra
        raise RuntimeError("the neural tagger trains with torch: pip install torch") from err
    return torch


class Corpus:
    """Sentences as word-type ids, gazetteer tag ids and label ids, and the word types'
    ``WordInputs``; every word is read once."""

    def __init__(self, reader: WordReader):
        self.reader = reader
        self.words: list[WordInputs] = []
        self._index: dict[str, int] = {}
        self._gazetteer = knowledge.gazetteer()
        self._gaz_ids = {t: i for i, t in enumerate(GAZETTEER_TAGS, 1)}  # 0: padding
        self._label_ids = {t: i for i, t in enumerate(LABELS)}

    def add(self, sentences: Sequence[TaggedSentence]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        out = []
        for s in sentences:
            ids = np.array([self._word(w) for w in s.words], dtype=np.int64)
            keys = [self.words[i].values[1] for i in ids]
            gaz = np.array([self._gaz_ids[t] for t in gazetteer_tags(self._gazetteer, keys)], dtype=np.int64)
            labels = np.array([self._label_ids[t] for t in s.tags], dtype=np.int64)
            out.append((ids, gaz, labels))
        return out

    def _word(self, word: str) -> int:
        i = self._index.get(word)
        if i is None:
            i = self._index[word] = len(self.words)
            self.words.append(self.reader.read(word))
        return i


def vocabularies(words: Sequence[WordInputs], counts: Counter, shape: Shape) -> tuple[list[Vocabulary], Vocabulary]:
    """Per-slot vocabularies and the letters', from the training words (``counts``:
    occurrences per index of ``words``)."""
    slots = []
    for slot in range(len(SLOTS)):
        seen: Counter = Counter()
        for i, n in counts.items():
            seen[words[i].values[slot]] += n
        slots.append(Vocabulary(sorted(v for v, n in seen.items() if n >= shape.min_count[slot])))
    letters: Counter = Counter()
    for i, n in counts.items():
        for c in words[i].letters:
            letters[c] += n
    return slots, Vocabulary(sorted(c for c, n in letters.items() if n >= 2))


def build_net(shape: Shape, sizes: Sequence[int], n_letters: int, n_flags: int):
    """The torch module (built here so that importing this file needs no torch)."""
    torch = _torch()
    nn = torch.nn

    class Net(nn.Module):  # type: ignore[name-defined]  # torch is imported at run time
        def __init__(self) -> None:
            super().__init__()
            self.slots = nn.ModuleList(nn.Embedding(n, d, padding_idx=0) for n, d in zip(sizes, shape.slot_dims))
            self.letters = nn.Embedding(n_letters, shape.letter_dims, padding_idx=0)
            self.letter_conv = nn.Conv1d(shape.letter_dims, shape.letter_filters, 3, padding=1)
            self.gazetteer = nn.Embedding(len(GAZETTEER_TAGS) + 1, shape.gazetteer_dims, padding_idx=0)
            word_dims = sum(shape.slot_dims) + n_flags + shape.letter_filters
            self.conv1 = nn.Conv1d(
                word_dims + shape.gazetteer_dims, shape.hidden, shape.window, padding=shape.window // 2
            )
            reach2 = shape.dilation2 * (shape.kernel2 // 2)
            self.conv2 = nn.Conv1d(shape.hidden, shape.hidden, shape.kernel2, padding=reach2, dilation=shape.dilation2)
            self.out = nn.Linear(shape.hidden, len(LABELS))
            self.transitions = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
            self.start = nn.Parameter(torch.zeros(len(LABELS)))
            self.end = nn.Parameter(torch.zeros(len(LABELS)))
            self.drop = nn.Dropout(0.0)

        def word_vectors(self, values, flags, letters):
            parts = [emb(values[:, i]) for i, emb in enumerate(self.slots)]
            chars = self.letters(letters).transpose(1, 2)  # (n, dims, width)
            conv = self.letter_conv(chars)
            conv = conv.masked_fill((letters == 0)[:, None, :], float("-inf"))
            return torch.cat([*parts, flags, conv.max(2).values], 1)

        def emissions(self, vectors, tokens, gaz, mask):
            """``tokens`` index ``vectors`` (its last row is zeros: padding)."""
            x = torch.cat([vectors[tokens], self.gazetteer(gaz)], 2) * mask[..., None]
            h = torch.relu(self.conv1(self.drop(x).transpose(1, 2))) * mask[:, None, :]
            h = torch.relu(self.conv2(self.drop(h))) * mask[:, None, :]
            return self.out(self.drop(h.transpose(1, 2)))

        def nll(self, em, labels, mask):
            """Negative log-likelihood of the gold label paths under the CRF, summed."""
            batch, steps, _ = em.shape
            lengths = mask.sum(1).long()
            gold = em.gather(2, labels[..., None]).squeeze(2).mul(mask).sum(1)
            gold = gold + self.start[labels[:, 0]]
            gold = gold + (self.transitions[labels[:, :-1], labels[:, 1:]] * mask[:, 1:]).sum(1)
            gold = gold + self.end[labels.gather(1, (lengths - 1)[:, None]).squeeze(1)]
            alpha = self.start + em[:, 0]
            for t in range(1, steps):
                step = torch.logsumexp(alpha[:, :, None] + self.transitions, 1) + em[:, t]
                alpha = torch.where(mask[:, t, None] > 0, step, alpha)
            return (torch.logsumexp(alpha + self.end, 1) - gold).sum()

    return Net()


def _batches(data: list, batch_tokens: int, rng: random.Random) -> list[list]:
    """Sentences of similar length together (little padding), in random order."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), rng.random()))
    batches: list[list] = []
    current: list = []
    longest = 0
    for i in order:
        n = len(data[i][0])
        if current and max(longest, n) * (len(current) + 1) > batch_tokens:
            batches.append(current)
            current, longest = [], 0
        current.append(data[i])
        longest = max(longest, n)
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


class Trainer:
    """Holds the corpus, vocabularies and the network through training and export."""

    def __init__(
        self, sentences: Sequence[TaggedSentence], other: Sequence[TaggedSentence], shape: Shape, settings: Settings
    ):
        torch = _torch()
        torch.manual_seed(settings.seed)
        self.shape, self.settings = shape, settings
        self.corpus = Corpus(WordReader())
        self.main = self.corpus.add(sentences)
        self.other = self.corpus.add(other)
        counts: Counter = Counter()
        for ids, _, _ in self.main + self.other:
            counts.update(ids.tolist())
        self.slots, self.letters = vocabularies(self.corpus.words, counts, shape)
        self.dims = self.corpus.reader.dense_dims
        n_flags = len(word_inputs.FLAGS) + self.dims + 1
        self.net = build_net(shape, [len(v) for v in self.slots], len(self.letters), n_flags)
        self._values = torch.zeros((0, len(SLOTS)), dtype=torch.int64)
        self._flags = torch.zeros((0, n_flags))
        self._letters = torch.zeros((0, word_inputs.MAX_CHARS + 2), dtype=torch.int64)
        self._encode_new_words()

    def _encode_new_words(self) -> None:
        """Extend the word arrays with the corpus's words read since the last call."""
        torch = _torch()
        new = self.corpus.words[len(self._values) :]
        if not new:
            return
        encoded = word_inputs.encode(new, self.slots, self.letters, self.dims)
        letters = np.zeros((len(new), word_inputs.MAX_CHARS + 2), dtype=np.int64)
        letters[:, : encoded.letters.shape[1]] = encoded.letters
        self._values = torch.cat([self._values, torch.from_numpy(encoded.values)])
        self._flags = torch.cat([self._flags, torch.from_numpy(encoded.flags)])
        self._letters = torch.cat([self._letters, torch.from_numpy(letters)])

    def predict(self, sentences: Sequence[TaggedSentence]) -> list[list[str]]:
        """Tags from the torch network (the training-side view, for development)."""
        from khabar.entities.viterbi import best_paths

        torch = _torch()
        data = self.corpus.add(sentences)
        self.net.eval()
        out: list[list[str]] = []
        with torch.no_grad():
            for k in range(0, len(data), 32):
                batch = data[k : k + 32]
                em, mask = self._emissions(batch, False)
                em = em.numpy().copy()
                sizes = mask.sum(1).astype(int)
                em[:, 0] += self.net.start.numpy()
                em[np.arange(len(batch)), sizes - 1] += self.net.end.numpy()
                paths = best_paths(em, sizes, self.net.transitions.detach().numpy())
                out += [[LABELS[i] for i in p] for p in paths]
        return out

    def _loss(self, batch: list, train: bool):
        torch = _torch()
        em, mask = self._emissions(batch, train)
        labels = np.zeros(mask.shape, dtype=np.int64)
        for b, (_, _, y) in enumerate(batch):
            labels[b, : len(y)] = y
        return self.net.nll(em, torch.from_numpy(labels), torch.from_numpy(mask)), int(mask.sum())

    def _emissions(self, batch: list, train: bool):
        torch = _torch()
        self._encode_new_words()
        types = np.unique(np.concatenate([ids for ids, _, _ in batch]))
        values = self._values[types]
        if train and self.settings.word_dropout:
            drop = torch.rand(len(types)) < self.settings.word_dropout
            values = values.clone()
            values[drop, 0] = word_inputs.UNKNOWN
            values[drop, 1] = word_inputs.UNKNOWN
        letters = self._letters[types]
        letters = letters[:, : int((letters > 0).sum(1).max())]
        vectors = self.net.word_vectors(values, self._flags[types], letters)
        vectors = torch.cat([vectors, vectors.new_zeros(1, vectors.shape[1])])
        width = max(len(ids) for ids, _, _ in batch)
        tokens = np.full((len(batch), width), len(types), dtype=np.int64)
        gaz = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.float32)
        for b, (ids, g, _) in enumerate(batch):
            n = len(ids)
            tokens[b, :n] = np.searchsorted(types, ids)
            gaz[b, :n], mask[b, :n] = g, 1.0
        em = self.net.emissions(vectors, torch.from_numpy(tokens), torch.from_numpy(gaz), torch.from_numpy(mask))
        return em, mask

    def fit(self, log: Callable[[str], None] = print, evaluate: Callable[[], str] | None = None) -> None:
        torch = _torch()
        s = self.settings
        rng = random.Random(s.seed)
        optimiser = torch.optim.Adam(self.net.parameters(), lr=s.learning_rate)
        self.net.drop.p = s.dropout
        plan = [("pretrain", e) for e in range(s.pretrain_epochs)] + [("train", e) for e in range(s.epochs)]
        for n, (phase, epoch) in enumerate(plan):
            if phase == "pretrain":
                data = self.other
            else:
                take = round(len(self.other) * s.other_weight) if s.pretrain_epochs == 0 else 0
                data = self.main + rng.sample(self.other, min(take, len(self.other)))
            # the learning rate falls linearly to a tenth over each phase
            span = s.pretrain_epochs if phase == "pretrain" else s.epochs
            for group in optimiser.param_groups:
                group["lr"] = s.learning_rate * (1 - 0.9 * epoch / max(span, 1))
            self.net.train()
            started, total, tokens = time.perf_counter(), 0.0, 0
            for batch in _batches(data, s.batch_tokens, rng):
                loss, n_tokens = self._loss(batch, True)
                optimiser.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.net.parameters(), 5.0)
                optimiser.step()
                total += loss.item()
                tokens += n_tokens
            self.net.eval()
            line = f"{phase} epoch {epoch + 1}: loss/token {total / tokens:.4f}, {time.perf_counter() - started:.0f} s"
            if evaluate and (phase == "train" and (epoch + 1) % 5 == 0 or n == len(plan) - 1):
                line += "; " + evaluate()
            log(line)
        self.net.drop.p = 0.0

    def export(self, out: str | Path) -> None:
        """Write the weights and vocabularies as ``khabar.entities.neural`` reads them."""
        net, shape = self.net, self.shape

        def arr(t) -> np.ndarray:
            return t.detach().cpu().numpy().astype(np.float32)

        tables = {f"slot_{name}": arr(emb.weight) for name, emb in zip(SLOTS, net.slots)}
        vocab = {f"vocab_{name}": v.encode() for name, v in zip(SLOTS, self.slots)}
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = dict(  # Any: numpy's stub types savez's keywords as its options
            kind=np.array("neural"),
            labels=np.array(LABELS),
            gazetteer_tags=np.array(GAZETTEER_TAGS),
            letters=self.letters.encode(),
            letter_table=arr(net.letters.weight),
            letter_conv_w=arr(net.letter_conv.weight),
            letter_conv_b=arr(net.letter_conv.bias),
            gazetteer_table=arr(net.gazetteer.weight),
            conv1_w=arr(net.conv1.weight),
            conv1_b=arr(net.conv1.bias),
            conv2_w=arr(net.conv2.weight),
            conv2_b=arr(net.conv2.bias),
            dilation2=np.array(shape.dilation2),
            out_w=arr(net.out.weight),
            out_b=arr(net.out.bias),
            transitions=arr(net.transitions),
            start=arr(net.start),
            end=arr(net.end),
            **tables,
            **vocab,
        )
        np.savez_compressed(out, **arrays)
