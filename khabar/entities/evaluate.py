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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from khabar.document import Document, Paragraph, Sentence
from khabar.entities import find_entities
from khabar.entities.tagger import Tagger
from khabar.train.conll import TaggedSentence, spans

TO_ANERCORP = {"PERSON": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "MISC": "MISC"}
ARTICLE_SENTENCES = 20


@dataclass(frozen=True, slots=True)
class SpanError:
    """One scoring miss, for error analysis: ``kind`` is ``type`` (same tokens, other
    type), ``boundary`` (overlapping tokens), ``missed`` (no prediction overlaps the
    gold span) or ``spurious`` (no gold span overlaps the prediction)."""

    kind: str
    gold_type: str
    pred_type: str
    gold_text: str
    pred_text: str
    context: str

    def to_dict(self) -> dict[str, str]:
        """As ``khabar eval ner --errors`` lists it (the ``error`` key, as every eval's)."""
        return {
            "error": self.kind,
            "gold_type": self.gold_type,
            "predicted_type": self.pred_type,
            "gold": self.gold_text,
            "predicted": self.pred_text,
            "context": self.context,
        }


def span_errors(
    gold: set[tuple[int, int, str]], pred: set[tuple[int, int, str]], words: Sequence[str]
) -> list[SpanError]:
    """The misses of one article, each gold or predicted span reported once: a wrong
    prediction is paired with the gold span it overlaps, when there is one."""

    def text(a: int, b: int) -> str:
        return " ".join(words[a:b])

    def context(a: int, b: int) -> str:
        return f"{text(max(a - 3, 0), a)} [{text(a, b)}] {text(b, b + 3)}".strip()

    out = []
    wrong_gold, wrong_pred = sorted(gold - pred), sorted(pred - gold)
    paired: set[tuple[int, int, str]] = set()
    for g in wrong_gold:
        overlapping = [p for p in wrong_pred if p[0] < g[1] and g[0] < p[1]]
        if not overlapping:
            out.append(SpanError("missed", g[2], "", text(g[0], g[1]), "", context(g[0], g[1])))
            continue
        for p in overlapping:
            paired.add(p)
            kind = "type" if p[:2] == g[:2] else "boundary"
            lo, hi = min(g[0], p[0]), max(g[1], p[1])
            out.append(SpanError(kind, g[2], p[2], text(g[0], g[1]), text(p[0], p[1]), context(lo, hi)))
    for p in wrong_pred:
        if p not in paired:
            out.append(SpanError("spurious", "", p[2], "", text(p[0], p[1]), context(p[0], p[1])))
    return out


@dataclass
class Report:
    true_pos: Counter = field(default_factory=Counter)
    false_pos: Counter = field(default_factory=Counter)
    false_neg: Counter = field(default_factory=Counter)
    tokens: int = 0
    seconds: float = 0.0  # CPU seconds of the scoring pass (every word new to the tagger)
    known_seconds: float = 0.0  # the same articles again (every word known)
    errors: list[SpanError] = field(default_factory=list)

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(100 * p, 2),
            "recall": round(100 * r, 2),
            "f1": round(100 * f, 2),
            "support": tp + fn,
        }

    def to_dict(self) -> dict:
        total = self._prf(sum(self.true_pos.values()), sum(self.false_pos.values()), sum(self.false_neg.values()))
        kinds = sorted(set(self.true_pos) | set(self.false_pos) | set(self.false_neg))
        return {
            **{k: total[k] for k in ("precision", "recall", "f1")},
            "per_type": {k: self._prf(self.true_pos[k], self.false_pos[k], self.false_neg[k]) for k in kinds},
            "tokens": self.tokens,
            "tokens_per_second": round(self.tokens / self.seconds) if self.seconds else None,
            "tokens_per_second_known_words": round(self.tokens / self.known_seconds) if self.known_seconds else None,
        }

    def table(self, title: str = "NER"):
        from rich.table import Table

        d = self.to_dict()
        t = Table(title=title)
        for col in ("type", "precision", "recall", "F1", "gold spans"):
            t.add_column(col, justify="right" if col != "type" else "left")
        for kind, s in d["per_type"].items():
            t.add_row(kind, f"{s['precision']:.1f}", f"{s['recall']:.1f}", f"{s['f1']:.1f}", str(s["support"]))
        t.add_row(
            "all",
            f"{d['precision']:.1f}",
            f"{d['recall']:.1f}",
            f"{d['f1']:.1f}",
            str(sum(s["support"] for s in d["per_type"].values())),
            style="bold",
        )
        t.caption = (
            f"{d['tokens']} tokens; tagging + grouping, per CPU-second: {d['tokens_per_second']} tokens/s "
            f"with every word new, {d['tokens_per_second_known_words']} with the words known"
        )
        return t

    def error_table(self):
        """Counts of the misses by kind and (gold, else predicted) type."""
        from rich.table import Table

        counts = Counter((e.kind, e.gold_type or e.pred_type) for e in self.errors)
        kinds = ("missed", "boundary", "type", "spurious")
        types = sorted({t for _, t in counts})
        t = Table(title="Errors (boundary/type: by gold type; spurious: by predicted type)")
        t.add_column("type")
        for k in kinds:
            t.add_column(k, justify="right")
        for typ in types:
            t.add_row(typ, *(str(counts[k, typ]) for k in kinds))
        return t

    def write_errors(self, path) -> None:
        """The misses as TSV, one per line: kind, gold type, predicted type, gold text,
        predicted text, context with the span in brackets."""
        with open(path, "w", encoding="utf-8") as f:
            f.write("kind\tgold_type\tpred_type\tgold\tpredicted\tcontext\n")
            for e in self.errors:
                f.write("\t".join((e.kind, e.gold_type, e.pred_type, e.gold_text, e.pred_text, e.context)) + "\n")


def as_document(sentences: Sequence[TaggedSentence]) -> tuple[Document, list[int], list[int]]:
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
    sentences: Sequence[TaggedSentence],
    article_sentences: int = ARTICLE_SENTENCES,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Scores of the entities stage on gold sentences, grouped into pseudo-articles.

    Speed is taken per CPU-second twice: on the scoring pass, where the tagger meets
    every word for the first time (a lower bound), and on a second pass over the same
    articles, where it knows them (an upper bound); a long-running process lies between."""
    report = Report()
    articles = []
    for k in range(0, len(sentences), article_sentences):
        chunk = sentences[k : k + article_sentences]
        doc, starts, ends = as_document(chunk)
        articles.append(doc)
        t0 = time.process_time()
        doc = find_entities(doc, tagger)
        report.seconds += time.process_time() - t0
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
        report.errors += span_errors(gold, pred, [w for s in chunk for w in s.words])
        if progress:
            progress(len(chunk))
    t0 = time.process_time()
    for doc in articles:
        find_entities(doc, tagger)
    report.known_seconds = time.process_time() - t0
    return report
