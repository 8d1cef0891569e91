"""Scores the quotes stage against a gold file (format and rules: docs/quotes.md).

Gold quotes point into an article's raw ``content`` by offsets, so the gold file holds
no article text; the articles are read from SaudiNewsNet zips at evaluation time, and
predicted spans are mapped back to raw offsets through the cleaning offset map.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khabar.arabic import match_key
from khabar.document import Document

# A predicted quote matches a gold one when their contents share at least this share of
# the shorter span: a cue-to-full-stop clause still meets the gold fragment it holds.
MIN_OVERLAP = 0.5


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the line."""


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    kind: str
    speakers: tuple[tuple[str, ...], ...]  # per speaker: accepted names (empty: nobody)
    cue: tuple[int, int] | None = None


@dataclass(frozen=True)
class GoldArticle:
    url: str
    file: str
    quotes: tuple[GoldQuote, ...]


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    kind: str
    speakers: tuple[str, ...]


@dataclass
class Report:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_correct: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [gold, found]
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.matched if self.matched else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_correct": self.speaker_correct,
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "recall_by_kind": {k: {"gold": g, "found": f} for k, (g, f) in sorted(self.by_kind.items())},
        }


def load_gold(path: Path) -> list[GoldArticle]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            d = json.loads(line)
            quotes = tuple(
                GoldQuote(
                    q["start"],
                    q["end"],
                    q["kind"],
                    tuple(tuple([s["name"], *s.get("aliases", ())]) for s in q.get("speakers", ())),
                    tuple(q["cue"]) if q.get("cue") else None,
                )
                for q in d["quotes"]
            )
            out.append(GoldArticle(d["url"], d["file"], quotes))
        except (KeyError, TypeError, ValueError) as err:
            raise GoldError(f"{path}:{n}: not a gold article ({err}); see docs/quotes.md") from err
    return out


class SaudiNewsNet:
    """Articles of the SaudiNewsNet zips, looked up by URL (each zip read once)."""

    def __init__(self, folder: Path):
        if not folder.is_dir():
            raise FileNotFoundError(f"no SaudiNewsNet folder at {folder}; pass --data DIR")
        self.folder = folder
        self._by_zip: dict[str, dict[str, dict[str, Any]]] = {}

    def article(self, file: str, url: str) -> dict[str, Any]:
        if file not in self._by_zip:
            with zipfile.ZipFile(self.folder / file) as z:
                items = json.loads(z.read(z.namelist()[0]).decode("utf-8"))
            self._by_zip[file] = {a["url"]: a for a in items}
        try:
            return self._by_zip[file][url]
        except KeyError:
            raise KeyError(f"{url} is not in {file}") from None


def analyse_article(raw: dict[str, Any]) -> Document:
    """A SaudiNewsNet article analysed as ``khabar analyze`` would: its ``date_extracted``
    as the publication date, its content as plain text (gold offsets count in it)."""
    from khabar.pipeline import analyze

    return analyze(
        raw["content"],
        title=raw.get("title"),
        published=raw.get("date_extracted"),
        url=raw.get("url"),
        source=raw.get("source"),
        input_format="text",
    )


def predictions(doc: Document) -> list[Predicted]:
    """The document's quotes in raw offsets."""
    out = []
    for q in doc.quotes:
        start, end = doc.offsets.span_to_raw(q.start, q.end) if doc.offsets else (q.start, q.end)
        names = tuple(a.name for a in (q.speakers or ((q.speaker,) if q.speaker else ())))
        out.append(Predicted(start, end, q.kind, names))
    return out


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters over the shorter span's length."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared / shorter if shared > 0 and shorter > 0 else 0.0


def match(gold: Iterable[GoldQuote], pred: list[Predicted]) -> list[tuple[GoldQuote, Predicted]]:
    """One-to-one pairs, best overlaps first, each at least ``MIN_OVERLAP``."""
    gold = list(gold)
    scored = sorted(
        (
            (overlap((g.start, g.end), (p.start, p.end)), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
        ),
        reverse=True,
    )
    used_g, used_p, pairs = set(), set(), []
    for score, gi, pi in scored:
        if score < MIN_OVERLAP:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    return pairs


def _words(name: str) -> set[str]:
    return {match_key(w) for w in name.split()}


def speaker_right(g: GoldQuote, p: Predicted) -> bool:
    """Every gold speaker is named by a predicted one: all the words of one of its
    accepted names appear in a predicted speaker's name. No gold speaker: none predicted."""
    if not g.speakers:
        return not p.speakers
    predicted = [_words(n) for n in p.speakers]
    return all(any(_words(name) <= words for name in accepted for words in predicted) for accepted in g.speakers)


def evaluate(
    gold: list[GoldArticle],
    corpus: SaudiNewsNet,
    analyze: Callable[[dict[str, Any]], Document],
    progress: Callable[[], None] = lambda: None,
) -> Report:
    report = Report()
    for art in gold:
        raw = corpus.article(art.file, art.url)
        pred = predictions(analyze(raw))
        pairs = match(art.quotes, pred)
        report.articles += 1
        report.gold += len(art.quotes)
        report.predicted += len(pred)
        report.matched += len(pairs)
        found = {id(g) for g, _ in pairs}
        for g in art.quotes:
            slot = report.by_kind.setdefault(g.kind, [0, 0])
            slot[0] += 1
            slot[1] += id(g) in found
        content = raw["content"]
        for g, p in pairs:
            if speaker_right(g, p):
                report.speaker_correct += 1
            else:
                report.errors.append(
                    {
                        "url": art.url,
                        "error": "speaker",
                        "text": content[g.start : g.end],
                        "gold": [s[0] for s in g.speakers],
                        "predicted": list(p.speakers),
                    }
                )
        matched_p = {id(p) for _, p in pairs}
        for g in art.quotes:
            if id(g) not in found:
                report.errors.append(
                    {
                        "url": art.url,
                        "error": "missed",
                        "text": content[g.start : g.end],
                        "gold": [s[0] for s in g.speakers],
                    }
                )
        for p in pred:
            if id(p) not in matched_p:
                report.errors.append(
                    {
                        "url": art.url,
                        "error": "spurious",
                        "text": content[p.start : p.end],
                        "predicted": list(p.speakers),
                    }
                )
        progress()
    return report
