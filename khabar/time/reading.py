"""A Reading: what a temporal expression says, between the grammar that finds it and the
resolver that turns it into a value against the publication date."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Reading:
    """What a temporal expression says, before it is resolved against a date.

    Tokens ``[start, end)`` of the sentence. ``kind``: date, time, duration, set or ref.
    Relative parts: ``shift`` units of ``shift_unit`` from the publication date (أمس =
    -1 D), a weekday with ``weekday_shift`` (None: the most recent; -1 strictly before;
    +1 strictly after; 0 this week's). ``count``/``unit`` hold durations and sets (count
    None: "several"). ``anchor`` is the introducing word's meaning (since, before ...).
    """

    start: int
    end: int
    kind: str = "date"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    calendar: str = "gregorian"
    weekday: int | None = None
    weekday_shift: int | None = None
    shift_unit: str | None = None
    shift: int | None = None
    hour: int | None = None
    minute: int | None = None
    part: str | None = None
    count: int | None = None
    unit: str | None = None
    half: bool = False  # ثلاث سنوات ونصف، ساعة ونصف
    ref: str | None = None
    mod: str | None = None
    decade: int | None = None
    century: int | None = None
    season: str | None = None
    direction: int | None = None  # مايو المقبل، الصيف الماضي: the next or last such month/season
    anchor: str | None = None
    tense: str | None = None  # "future" or "past": the clause's, where the words leave it open
    holiday: str | None = None  # "eid": العيد alone, the Eid nearest the publication date
    until: Reading | None = None
    rules: tuple[str, ...] = ()  # the rules that made it, innermost first (khabar.time.explain)

    @property
    def has_day(self) -> bool:
        return self.day is not None or self.weekday is not None or self.shift_unit == "D"

    @property
    def clock_only(self) -> bool:
        return self.kind == "time" and self.hour is not None and not self.has_day and self.year is None
