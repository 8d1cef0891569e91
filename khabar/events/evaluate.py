"""Scores the events stage against gold files (format and rules: docs/events.md).

Gold events point into an article's raw ``content`` by offsets, so the gold files hold
no article text; the articles are read from the SaudiNewsNet zips at evaluation time and
predicted triggers are mapped back to raw offsets through the cleaning offset map.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khabar.arabic import match_key
from khabar.document import Document
from khabar.events.lexicon import TYPES
from khabar.events.model import Event
from khabar.quotes.evaluate import SaudiNewsNet

__all__ = ["GoldError", "Report", "SaudiNewsNet", "evaluate", "load_gold"]


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the line."""


Names = tuple[tuple[str, ...], ...]  # per participant: its accepted names


@dataclass(frozen=True)
class GoldEvent:
    start: int
    end: int
    type: str
    actors: Names
    targets: Names


@dataclass(frozen=True)
class GoldArticle:
    url: str
    file: str
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    type: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    light: tuple[int, int] | None = None  # the light verb's span: a gold trigger may mark it instead


@dataclass
class Report:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    type_correct: int = 0
    actor_correct: int = 0
    target_correct: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # gold type -> [gold, found, typed right]
    errors: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def _share(a: int, b: int) -> float:
        return a / b if b else 0.0

    @property
    def precision(self) -> float:
        return self._share(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return self._share(self.matched, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "type_correct": self.type_correct,
            "type_accuracy": round(self._share(self.type_correct, self.matched), 4),
            "actor_correct": self.actor_correct,
            "actor_accuracy": round(self._share(self.actor_correct, self.matched), 4),
            "target_correct": self.target_correct,
            "target_accuracy": round(self._share(self.target_correct, self.matched), 4),
            "by_type": {t: {"gold": g, "found": f, "typed": r} for t, (g, f, r) in sorted(self.by_type.items())},
        }


def _names(items: Any, path: Path, n: int) -> Names:
    if items is None:
        return ()
    return tuple(tuple([p["name"], *p.get("aliases", ())]) for p in items)


def load_gold(path: Path) -> list[GoldArticle]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            d = json.loads(line)
            events = []
            for e in d["events"]:
                if e["type"] not in TYPES:
                    raise ValueError(f"{e['type']!r} is not a PLOVER type")
                start, end = e["trigger"]
                events.append(
                    GoldEvent(
                        start, end, e["type"], _names(e.get("actors"), path, n), _names(e.get("targets"), path, n)
                    )
                )
            out.append(GoldArticle(d["url"], d["file"], tuple(events)))
        except (KeyError, TypeError, ValueError) as err:
            raise GoldError(f"{path}:{n}: not a gold article ({err}); see docs/events.md") from err
    return out


def predictions(doc: Document) -> list[Predicted]:
    """The document's events, triggers in raw offsets."""
    out = []
    for e in doc.layer("events"):
        assert isinstance(e, Event)
        t = e.trigger
        start, end = doc.offsets.span_to_raw(t.start, t.end) if doc.offsets else (t.start, t.end)
        light = None
        if e.light is not None:
            light = doc.offsets.span_to_raw(e.light.start, e.light.end) if doc.offsets else (e.light.start, e.light.end)
        actors = tuple(p.name for p in (e.actors or ((e.actor,) if e.actor else ())))
        targets = tuple(p.name for p in (e.targets or ((e.target,) if e.target else ())))
        out.append(Predicted(start, end, e.type, actors, targets, light))
    return out


def _shared(g: GoldEvent, p: Predicted) -> int:
    """Characters a gold trigger shares with a predicted trigger or its light verb."""
    spans = [(p.start, p.end)] + ([p.light] if p.light else [])
    return max(min(g.end, b) - max(g.start, a) for a, b in spans)


def match(gold: list[GoldEvent], pred: list[Predicted]) -> list[tuple[GoldEvent, Predicted]]:
    """One-to-one pairs of overlapping triggers (a predicted event's light verb counts as
    its trigger too: "ألقت الشرطة القبض"), the largest overlaps first."""
    scored = sorted(
        ((_shared(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred) if _shared(g, p) > 0),
        reverse=True,
    )
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in scored:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    return pairs


def _words(name: str) -> set[str]:
    """A name's words in match_key form, quotation marks and brackets dropped."""
    return {match_key(w.strip("«»\"“”'()[]،,.:")) for w in name.split()} - {""}


def names_right(gold: Names, predicted: tuple[str, ...]) -> bool:
    """Every gold participant is named by a predicted one (all the words of one of its
    accepted names appear in a predicted name); none in gold: none predicted."""
    if not gold:
        return not predicted
    found = [_words(n) for n in predicted]
    return all(any(_words(name) <= words for name in accepted for words in found) for accepted in gold)


def evaluate(
    gold: list[GoldArticle],
    corpus: SaudiNewsNet,
    analyze: Callable[[dict[str, Any]], Document],
    progress: Callable[[], None] = lambda: None,
) -> Report:
    report = Report()
    for art in gold:
        raw = corpus.article(art.file, art.url)
        content = raw["content"]
        pred = predictions(analyze(raw))
        events = list(art.events)
        pairs = match(events, pred)
        report.articles += 1
        report.gold += len(events)
        report.predicted += len(pred)
        report.matched += len(pairs)
        found = {id(g): p for g, p in pairs}
        for g in events:
            slot = report.by_type.setdefault(g.type, [0, 0, 0])
            slot[0] += 1
            p = found.get(id(g))
            if p is None:
                report.errors.append(
                    {"url": art.url, "error": "missed", "trigger": content[g.start : g.end], "type": g.type}
                )
                continue
            slot[1] += 1
            errors = []
            if p.type == g.type:
                report.type_correct += 1
                slot[2] += 1
            else:
                errors.append("type")
            if names_right(g.actors, p.actors):
                report.actor_correct += 1
            else:
                errors.append("actor")
            if names_right(g.targets, p.targets):
                report.target_correct += 1
            else:
                errors.append("target")
            if errors:
                report.errors.append(
                    {
                        "url": art.url,
                        "error": "+".join(errors),
                        "trigger": content[g.start : g.end],
                        "gold": {
                            "type": g.type,
                            "actors": [a[0] for a in g.actors],
                            "targets": [t[0] for t in g.targets],
                        },
                        "predicted": {"type": p.type, "actors": list(p.actors), "targets": list(p.targets)},
                    }
                )
        matched_p = {id(p) for _, p in pairs}
        for p in pred:
            if id(p) not in matched_p:
                report.errors.append(
                    {"url": art.url, "error": "spurious", "trigger": content[p.start : p.end], "type": p.type}
                )
        progress()
    return report
