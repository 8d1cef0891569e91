"""Train the speaker model from gold quotes: collect candidates, fit trees, cross-validate.

Data: khabar's quote gold files (``bench/gold/quotes_*.jsonl``), khabar's own annotations
(Apache-2.0) of articles of SaudiNewsNet (CC BY-NC-SA 4.0, Alhagri 2015), read from the
SaudiNewsNet zips at training time. The model sees only the numbers of
``candidates.FEATURES`` (positions, distances, types, agreement flags, whether the rules
chose the candidate): no word, name or text of an article goes into it. See docs/quotes.md
("The speaker model") for what that means for its licence.

For each gold article the stages before quotes run, then the quotes stage with the rules
alone; every cued quote that matches a gold quote (the evaluation's match rule) gives its
candidates, each labelled right when its name names every gold speaker
(``evaluate.speaker_right``). A quote none of whose candidates is right teaches nothing
and is left out (it still counts in the reported accuracies).

The model is an ensemble of oblivious trees fitted by gradient boosting on a softmax over
each quote's candidates (a listwise loss: candidates compete within their quote).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from khabar.quotes.candidates import FEATURES, Options
from khabar.quotes.contents import Draft
from khabar.quotes.evaluate import GoldArticle, Predicted, SaudiNewsNet, load_gold, match, speaker_right
from khabar.quotes.ranker import TreeEnsemble

# Boosting settings, chosen by cross-validation across gold sets (docs/benchmarks.md).
TREES = 120
DEPTH = 3
LEARNING_RATE = 0.1
L2 = 1.0  # leaf-value shrinkage: a leaf few quotes reach stays near zero
MIN_LEAF_QUOTES = 5
# Candidate thresholds tried per feature: the midpoints between its sorted distinct values,
# at most this many (quantiles when there are more).
MAX_THRESHOLDS = 16


@dataclass
class Samples:
    """Candidate rows of every quote that matched a gold quote."""

    rows: list[np.ndarray] = field(default_factory=list)  # one (candidates, features) array per quote
    labels: list[np.ndarray] = field(default_factory=list)  # one bool array per quote
    sets: list[str] = field(default_factory=list)  # the gold file each quote comes from
    rule_right: list[bool] = field(default_factory=list)

    def add(self, options: Options, right: np.ndarray, gold_set: str) -> None:
        self.rows.append(options.features)
        self.labels.append(right)
        self.sets.append(gold_set)
        self.rule_right.append(bool(right[0]))

    def subset(self, keep: Callable[[str], bool]) -> Samples:
        out = Samples()
        for r, y, s, rr in zip(self.rows, self.labels, self.sets, self.rule_right, strict=True):
            if keep(s):
                out.rows.append(r)
                out.labels.append(y)
                out.sets.append(s)
                out.rule_right.append(rr)
        return out


def collect(gold_files: Sequence[Path], data_dir: Path, progress: Callable[[], None] = lambda: None) -> Samples:
    """Run the stages on every gold article and label each matched quote's candidates."""
    from khabar.pipeline import Meta, Pipeline
    from khabar.pipeline import Options as PipelineOptions
    from khabar.quotes.find import find_quotes

    before = Pipeline(PipelineOptions(stages=("entities", "time")))
    corpus = SaudiNewsNet(data_dir)
    samples = Samples()
    for path in gold_files:
        for art in load_gold(path):
            raw = corpus.article(art.file, art.url)
            meta = Meta(title=raw.get("title"), published=raw.get("date_extracted"))
            doc = before.text(raw["content"], meta)
            seen: list[tuple[int, int, Options]] = []

            def note(draft: Draft, options: Options, seen: list[tuple[int, int, Options]] = seen) -> None:
                seen.append((draft.start, draft.end, options))

            find_quotes(doc, rules_only=True, observe=note)
            _label(art, doc, seen, samples, path.name)
            progress()
    return samples


def _label(art: GoldArticle, doc, seen: list[tuple[int, int, Options]], samples: Samples, gold_set: str) -> None:
    predicted = []
    for start, end, options in seen:
        a, b = doc.offsets.span_to_raw(start, end) if doc.offsets else (start, end)
        predicted.append((Predicted(a, b, "indirect", ()), options))
    pairs = match(art.quotes, [p for p, _ in predicted])
    by_id = {id(p): o for p, o in predicted}
    for g, p in pairs:
        options = by_id[id(p)]
        right = np.array(
            [
                speaker_right(g, Predicted(p.start, p.end, p.kind, tuple(a.name for a in agents)))
                for agents in options.agents
            ]
        )
        samples.add(options, right, gold_set)


# --- fitting ----------------------------------------------------------------------------


def fit(
    samples: Samples, trees: int = TREES, depth: int = DEPTH, learning_rate: float = LEARNING_RATE, about: str = ""
) -> TreeEnsemble:
    """Gradient-boosted oblivious trees on the listwise softmax loss; ``about`` is stored
    with the model (its data and licence)."""
    keep = [i for i, y in enumerate(samples.labels) if y.any()]
    x = np.concatenate([samples.rows[i] for i in keep]).astype(np.float32)
    y = np.concatenate([samples.labels[i] for i in keep]).astype(np.float64)
    group = np.concatenate([np.full(len(samples.rows[i]), n) for n, i in enumerate(keep)])
    # several right candidates share the target: the probability mass of the quote
    target = y / np.bincount(group, weights=y)[group]
    grid = _thresholds(x)
    scores = np.zeros(len(x))
    feats, thrs, leaves = [], [], []
    for _ in range(trees):
        prob = _softmax(scores, group)
        grad = prob - target  # d loss / d score
        hess = np.maximum(prob * (1 - prob), 1e-6)
        f, t = _grow(x, grad, hess, grid, depth)
        index = (x[:, f] > t) @ (1 << np.arange(depth))
        g_sum = np.bincount(index, weights=grad, minlength=1 << depth)
        h_sum = np.bincount(index, weights=hess, minlength=1 << depth)
        values = -learning_rate * g_sum / (h_sum + L2)
        scores += values[index]
        feats.append(f)
        thrs.append(t)
        leaves.append(values)
    return TreeEnsemble(
        np.array(feats), np.array(thrs, dtype=np.float32), np.array(leaves, dtype=np.float32), 0.0, about
    )


def _softmax(scores: np.ndarray, group: np.ndarray) -> np.ndarray:
    top = np.full(group.max() + 1, -np.inf)
    np.maximum.at(top, group, scores)
    e = np.exp(scores - top[group])
    return e / np.bincount(group, weights=e)[group]


def _thresholds(x: np.ndarray) -> list[np.ndarray]:
    out = []
    for j in range(x.shape[1]):
        values = np.unique(x[:, j])
        mids = (values[1:] + values[:-1]) / 2
        if len(mids) > MAX_THRESHOLDS:
            mids = np.unique(np.quantile(mids, np.linspace(0, 1, MAX_THRESHOLDS)))
        out.append(mids.astype(np.float32))
    return out


def _grow(
    x: np.ndarray, grad: np.ndarray, hess: np.ndarray, grid: list[np.ndarray], depth: int
) -> tuple[np.ndarray, np.ndarray]:
    """One oblivious tree: at each level the (feature, threshold) that most lowers the
    second-order loss over all current leaves."""
    index = np.zeros(len(x), dtype=np.int64)
    feats = np.zeros(depth, dtype=np.int64)
    thrs = np.zeros(depth, dtype=np.float32)
    for level in range(depth):
        leaves = 1 << level
        best = (0.0, 0, np.float32(np.inf))
        for j, cuts in enumerate(grid):
            if not len(cuts):
                continue
            above = x[:, j][:, None] > cuts[None, :]  # (rows, cuts)
            gain = np.zeros(len(cuts))
            for leaf in range(leaves):
                at = index == leaf
                if not at.any():
                    continue
                g, h = grad[at], hess[at]
                a = above[at]
                g_hi, h_hi = g @ a, h @ a
                g_lo, h_lo = g.sum() - g_hi, h.sum() - h_hi
                gain += g_hi**2 / (h_hi + L2) + g_lo**2 / (h_lo + L2) - g.sum() ** 2 / (h.sum() + L2)
            k = int(np.argmax(gain))
            if gain[k] > best[0]:
                best = (float(gain[k]), j, cuts[k])
        feats[level], thrs[level] = best[1], best[2]
        index += (x[:, best[1]] > best[2]).astype(np.int64) << level
    return feats, thrs


# --- scoring ----------------------------------------------------------------------------


def accuracy(samples: Samples, model: TreeEnsemble | None) -> tuple[int, int]:
    """(right, quotes) over every matched quote: the rules' answer when ``model`` is None."""
    right = 0
    for rows, y in zip(samples.rows, samples.labels, strict=True):
        pick = 0 if model is None else model.choose(rows)
        right += bool(y[pick])
    return right, len(samples.labels)


def cross_validate(samples: Samples, **settings) -> dict[str, dict[str, int]]:
    """Leave one gold set out at a time: train on the others, score it."""
    out = {}
    for held in sorted(set(samples.sets)):
        model = fit(samples.subset(lambda s: s != held), **settings)  # noqa: B023 (used at once)
        test = samples.subset(lambda s: s == held)  # noqa: B023
        rules, n = accuracy(test, None)
        learned, _ = accuracy(test, model)
        oracle = sum(bool(y.any()) for y in test.labels)
        out[held] = {"quotes": n, "rules": rules, "model": learned, "oracle": oracle}
    return out


__all__ = ["FEATURES", "Samples", "accuracy", "collect", "cross_validate", "fit"]
