"""Scoring the entities stage against a CoNLL file (``khabar eval ner``).

Each pseudo-article of ``ARTICLE_SENTENCES`` gold sentences (ANERcorp has no article
boundaries) becomes a Document whose text is the gold tokens joined by spaces, one
sentence per line, so the whole stage runs: tagger, repairs, grouping. Predicted
mentions (descriptions excluded) are mapped back onto the gold tokens they cover and
scored with CoNLL-2003 rules: a span counts only when its tokens and type are exact.
khabar's types map onto ANERcorp's: PERSON->PERS, ORG->ORG, GPE and LOC->LOC,
MISC->MISC; NORP is dropped (ANERcorp leaves nationality words untagged).
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

from khabar.document import Document, Paragraph, Sentence
from khabar.entities import find_entities
from khabar.entities.tagger import Tagger
from khabar.train.conll import Sentence as GoldSentence
from khabar.train.conll import spans

TO_ANERCORP = {"PERSON": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "MISC": "MISC"}
ARTICLE_SENTENCES = 20


@dataclass
class Report:
    true_pos: Counter = field(default_factory=Counter)
    false_pos: Counter = field(default_factory=Counter)
    false_neg: Counter = field(default_factory=Counter)
    tokens: int = 0
    seconds: float = 0.0

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2), "support": tp + fn}

    def to_dict(self) -> dict:
        total = self._prf(sum(self.true_pos.values()), sum(self.false_pos.values()), sum(self.false_neg.values()))
        kinds = sorted(set(self.true_pos) | set(self.false_pos) | set(self.false_neg))
        return {
            **{k: total[k] for k in ("precision", "recall", "f1")},
            "per_type": {k: self._prf(self.true_pos[k], self.false_pos[k], self.false_neg[k]) for k in kinds},
            "tokens": self.tokens,
            "tokens_per_second": round(self.tokens / self.seconds) if self.seconds else None,
        }

    def table(self, title: str = "NER"):
        from rich.table import Table

        d = self.to_dict()
        t = Table(title=title)
        for col in ("type", "precision", "recall", "F1", "gold spans"):
            t.add_column(col, justify="right" if col != "type" else "left")
        for kind, s in d["per_type"].items():
            t.add_row(kind, f"{s['precision']:.1f}", f"{s['recall']:.1f}", f"{s['f1']:.1f}", str(s["support"]))
        t.add_row("all", f"{d['precision']:.1f}", f"{d['recall']:.1f}", f"{d['f1']:.1f}", str(sum(s["support"] for s in d["per_type"].values())), style="bold")
        t.caption = f"{d['tokens']} tokens, {d['tokens_per_second']} tokens/s (tagging + grouping)"
        return t


def as_document(sentences: Sequence[GoldSentence]) -> tuple[Document, list[int], list[int]]:
    """The gold tokens as one Document, with each token's start and end offset."""
    parts, starts, ends, sents = [], [], [], []
    pos = 0
    for s in sentences:
        first = pos
        for w in s.words:
            starts.append(pos)
            ends.append(pos + len(w))
            parts.append(w)
            pos += len(w) + 1
        sents.append((first, pos - 1))
    text = "\n".join(" ".join(s.words) for s in sentences)
    spans_ = tuple(Sentence(a, b) for a, b in sents)
    doc = Document(text=text, paragraphs=tuple(Paragraph(a, b) for a, b in sents), sentences=spans_)
    return doc, starts, ends


def predicted_tags(doc: Document, starts: list[int], ends: list[int]) -> set[tuple[int, int, str]]:
    out = set()
    for e in doc.entities:
        kind = TO_ANERCORP.get(e.type)
        if not kind:
            continue
        described = set(e.descriptions)
        for m in e.mentions:
            if m in described:
                continue
            a = bisect_right(starts, m.start) - 1
            b = bisect_left(ends, m.end) + 1
            out.add((max(a, 0), b, kind))
    return out


def score_conll(
    tagger: Tagger,
    sentences: Sequence[GoldSentence],
    article_sentences: int = ARTICLE_SENTENCES,
    progress: Callable[[int], None] | None = None,
) -> Report:
    report = Report()
    for k in range(0, len(sentences), article_sentences):
        chunk = sentences[k : k + article_sentences]
        doc, starts, ends = as_document(chunk)
        t0 = time.perf_counter()
        doc = find_entities(doc, tagger)
        report.seconds += time.perf_counter() - t0
        report.tokens += len(starts)
        gold = set()
        offset = 0
        for s in chunk:
            gold |= {(a + offset, b + offset, t) for a, b, t in spans(s.tags)}
            offset += len(s.words)
        pred = predicted_tags(doc, starts, ends)
        for _, _, t in pred & gold:
            report.true_pos[t] += 1
        for _, _, t in pred - gold:
            report.false_pos[t] += 1
        for _, _, t in gold - pred:
            report.false_neg[t] += 1
        if progress:
            progress(len(chunk))
    return report
