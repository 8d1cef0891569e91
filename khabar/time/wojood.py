"""Span evaluation of the time stage against Wojood-style files.

Wojood (Jarrar et al. 2022) writes one ``token TAG1 [TAG2 ...]`` per line, one column per
nesting level, a blank line between sentences. Its DATE covers dates, durations and
recurrences; its TIME covers times of day, the present moment and durations under a day
(30 ثانية، ساعتين). khabar's types are mapped onto those two labels the same way, and a
span counts only when its first and last tokens and its label all match.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from khabar.document import Document, TimeExpr
from khabar.segment import segment

from . import tag_times

LABELS = ("DATE", "TIME")


class WojoodFormatError(ValueError):
    pass


@dataclass(frozen=True)
class GoldSentence:
    tokens: tuple[str, ...]
    spans: frozenset[tuple[int, int, str]]  # (first token, end token, label)


def read_wojood(path: Path) -> list[GoldSentence]:
    """The sentences of a Wojood file with their DATE and TIME spans (any nesting level).
    Lines starting with "# " before the first token are a header (provenance, licence)."""
    sentences: list[GoldSentence] = []
    rows: list[list[str]] = []
    header = True
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if header and line.startswith("# "):
                continue
            header = False
            parts = line.split()
            if not parts:
                if rows:
                    sentences.append(_sentence(rows))
                    rows = []
                continue
            if len(parts) < 2:
                raise WojoodFormatError(f"{path}:{number}: expected 'token TAG [TAG ...]', got {line.strip()!r}")
            rows.append(parts)
    if rows:
        sentences.append(_sentence(rows))
    return sentences


def _sentence(rows: list[list[str]]) -> GoldSentence:
    spans = set()
    levels = max(len(r) for r in rows) - 1
    for level in range(1, levels + 1):
        open_label, open_start = None, 0
        for i, row in enumerate(rows + [["", "O"]]):
            tag = row[level] if level < len(row) else "O"
            if open_label and tag != f"I-{open_label}":
                spans.add((open_start, i, open_label))
                open_label = None
            if tag[2:] in LABELS and tag.startswith("B-"):
                open_label, open_start = tag[2:], i
    return GoldSentence(tuple(r[0] for r in rows), frozenset(spans))


def wojood_label(t: TimeExpr) -> str:
    if t.type == "TIME" or (t.type == "DURATION" and (t.value or "").startswith("PT")):
        return "TIME"
    return "DATE"


def predict(sentence: GoldSentence) -> set[tuple[int, int, str]]:
    """Tag the sentence (tokens joined by spaces) and map the spans back onto tokens."""
    text, starts, ends, pos = [], [], [], 0
    for tok in sentence.tokens:
        starts.append(pos)
        ends.append(pos + len(tok))
        text.append(tok)
        pos += len(tok) + 1
    doc = tag_times(segment(Document(text=" ".join(text))))
    found = set()
    for t in doc.times:
        first = bisect_left(ends, t.start + 1)
        last = bisect_right(starts, t.end - 1)
        if first < last:
            found.add((first, last, wojood_label(t)))
    return found


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "gold": self.tp + self.fn,
            "predicted": self.tp + self.fp,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in (*LABELS, "ALL")})
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, label, text in context)

    def to_dict(self) -> dict:
        return {k: v.to_dict() for k, v in self.scores.items()}


def evaluate(sentences: Iterable[GoldSentence], progress: Callable[[Iterable], Iterator] = iter) -> Evaluation:
    ev = Evaluation()
    for sent in progress(sentences):
        pred = predict(sent)
        for kind, spans in (("tp", pred & sent.spans), ("fp", pred - sent.spans), ("fn", sent.spans - pred)):
            for a, b, label in spans:
                for key in (label, "ALL"):
                    setattr(ev.scores[key], kind, getattr(ev.scores[key], kind) + 1)
                if kind != "tp":
                    ctx = (
                        " ".join(sent.tokens[max(0, a - 4) : a])
                        + " ["
                        + " ".join(sent.tokens[a:b])
                        + "] "
                        + " ".join(sent.tokens[b : b + 3])
                    )
                    ev.errors.append((kind.upper(), label, ctx))
    return ev
