"""What a store holds over a period: articles per outlet per day, who spoke, who was
mentioned, and the stories of the moment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from khabar.store.base import EntityCount, OutletDay, Store, StorySummary

PERIOD_DAYS = 30  # without dates: the last month the store has articles for


@dataclass(frozen=True, slots=True)
class Overview:
    date_from: str | None
    date_to: str | None
    daily: list[OutletDay]
    speakers: list[EntityCount]
    entities: list[EntityCount]
    stories: list[StorySummary]


def default_period(counts: list[OutletDay], days: int = PERIOD_DAYS) -> tuple[str | None, str | None]:
    """The last ``days`` days up to the newest dated article of ``counts`` (from the first
    one, when there are fewer); (None, None) without dates."""
    if not counts:
        return None, None
    first, last = dt.date.fromisoformat(counts[0].day), dt.date.fromisoformat(counts[-1].day)
    return max(first, last - dt.timedelta(days=days - 1)).isoformat(), last.isoformat()


def overview(store: Store, date_from: str | None = None, date_to: str | None = None, top: int = 10) -> Overview:
    """The overview of the period; without either end, the default period."""
    if date_from is None and date_to is None:
        every = store.daily_counts()
        date_from, date_to = default_period(every)
        daily = [d for d in every if date_from and date_to and date_from <= d.day <= date_to]
    else:
        daily = store.daily_counts(date_from, date_to)
    return Overview(
        date_from,
        date_to,
        daily,
        store.top_speakers(date_from, date_to, top),
        store.top_entities(date_from, date_to, top),
        store.stories(limit=top, order="recent"),
    )
