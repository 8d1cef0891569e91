"""Normalisation evaluation: does each expression of a gold list get the right value?

A gold file is tab-separated: ``published`` (ISO date or ``-``), a sentence, the
expression in it, the expected type (DATE TIME DURATION SET, or NONE when it must not be
tagged) and the expected value (``-`` for null). Lines starting with # are comments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import find_times


class ValuesFormatError(ValueError):
    pass


@dataclass(frozen=True)
class ValueCase:
    published: str | None
    sentence: str
    expression: str
    type: str
    value: str | None


def read_cases(path: Path) -> list[ValueCase]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise ValuesFormatError(f"{path}:{number}: expected 5 tab-separated columns, got {len(parts)}")
        published, sentence, expression, kind, value = parts
        if expression not in sentence:
            raise ValuesFormatError(f"{path}:{number}: {expression!r} is not in its sentence")
        cases.append(
            ValueCase(
                None if published == "-" else published, sentence, expression, kind, None if value == "-" else value
            )
        )
    return cases


def check(case: ValueCase) -> str | None:
    """None when the case is right, else what went wrong."""
    at = case.sentence.index(case.expression)
    end = at + len(case.expression)
    found = [t for t in find_times(case.sentence, case.published) if t.start < end and at < t.end]
    if case.type == "NONE":
        return None if not found else f"tagged {[case.sentence[t.start : t.end] for t in found]}"
    if not found:
        return "not found"
    t = max(found, key=lambda t: min(t.end, end) - max(t.start, at))
    if (t.type, t.value) != (case.type, case.value):
        return f"{case.sentence[t.start : t.end]!r} read as {t.type} {t.value}"
    return None


@dataclass
class ValuesReport:
    total: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)
    misses: list[tuple[ValueCase, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        n = sum(self.total.values())
        return sum(self.right.values()) / n if n else 0.0

    def to_dict(self) -> dict:
        return {
            "cases": sum(self.total.values()),
            "right": sum(self.right.values()),
            "share": round(self.share, 4),
            "by_type": {k: {"cases": v, "right": self.right[k]} for k, v in sorted(self.total.items())},
            "misses": [
                {"expression": c.expression, "published": c.published, "expected": [c.type, c.value], "got": why}
                for c, why in self.misses
            ],
        }

    def add(self, case: ValueCase, why: str | None) -> None:
        """Count a checked case (``why``: what went wrong, None when right)."""
        self.total[case.type] += 1
        if why is None:
            self.right[case.type] += 1
        else:
            self.misses.append((case, why))


def evaluate_values(cases: list[ValueCase], checked: Iterable[tuple[ValueCase, str | None]] = ()) -> ValuesReport:
    """The report on sentence cases, and on cases already checked (news gold: news.py)."""
    report = ValuesReport()
    for case in cases:
        report.add(case, check(case))
    for case, why in checked:
        report.add(case, why)
    return report
