"""Bar charts as SVG geometry computed here, so pages need no chart script (and the
Content-Security-Policy no exception): a template draws the rectangles it is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

# outlet colours: distinguishable, and readable on white (Okabe-Ito, then a few more)
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#7f7f7f",
    "#8c564b",
    "#17becf",
    "#bcbd22",
    "#9467bd",
    "#2ca02c",
    "#d62728",
)
OTHER = "#c7c7c7"


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str  # shown on hover


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (x, label) under the axis
    top: int  # the value the full height stands for
    legend: list[tuple[str, str]]  # (colour, name)


def stacked(
    days: Sequence[str],
    series: dict[str, dict[str, int]],
    width: int = 720,
    height: int = 180,
    colors: int = len(PALETTE),
) -> Chart:
    """One column per day, stacked by series (outlets), the largest series first; beyond
    ``colors`` series, the rest share one grey."""
    order = sorted(series, key=lambda name: (-sum(series[name].values()), name))
    named, rest = order[:colors], order[colors:]
    color = {name: PALETTE[k % len(PALETTE)] for k, name in enumerate(named)}
    totals = [sum(series[name].get(day, 0) for name in order) for day in days]
    top = max(totals, default=0) or 1
    step = width / max(1, len(days))
    bars: list[Bar] = []
    for k, day in enumerate(days):
        y = float(height)
        for name in order:
            value = series[name].get(day, 0)
            if not value:
                continue
            h = height * value / top
            y -= h
            bars.append(Bar(k * step + 1, y, max(1.0, step - 2), h, color.get(name, OTHER), f"{day} · {name}: {value}"))
    every = max(1, len(days) // 8)
    ticks = [(k * step + step / 2, day[5:]) for k, day in enumerate(days) if k % every == 0]
    legend = [(color[name], name) for name in named] + ([(OTHER, "…")] if rest else [])
    return Chart(width, height, bars, ticks, top, legend)


def simple(points: Sequence[tuple[str, int]], width: int = 720, height: int = 120) -> Chart:
    """One bar per day from the first to the last of ``points`` (day, value); days
    without a value show as gaps, so the time axis is true."""
    if not points:
        return Chart(width, height, [], [], 1, [])
    return stacked(days_between(points[0][0], points[-1][0]), {"": dict(points)}, width, height, colors=1)


def days_between(first: str | None, last: str | None, most: int = 366) -> list[str]:
    """Every ISO day from ``first`` to ``last`` (at most ``most`` of them)."""
    if not first or not last:
        return []
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    n = min(max((end - start).days + 1, 0), most)
    return [(start + dt.timedelta(days=k)).isoformat() for k in range(n)]
