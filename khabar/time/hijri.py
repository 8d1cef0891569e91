"""Hijri to Gregorian: the Umm al-Qura calendar (hijridate) where it is defined
(1343-1500 AH, 1924-2077), the arithmetic (tabular) Islamic calendar outside it, so
that archive dates such as 1308 هـ still get a Gregorian year."""

from __future__ import annotations

import datetime as dt

from hijridate import Gregorian, Hijri

_EPOCH = dt.date(622, 7, 19).toordinal() - 1  # day before 1 Muharram 1 AH (Julian 16 July 622)


def _tabular_to_ordinal(year: int, month: int, day: int) -> int:
    return (
        day
        + (295 * (month - 1) + 9) // 10  # ceil(29.5 * (month - 1))
        + 354 * (year - 1)
        + (3 + 11 * year) // 30
        + _EPOCH
    )


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a Hijri one; None for an impossible day (31 رمضان)."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    try:
        return dt.date.fromordinal(Hijri(year, month, day).to_gregorian().toordinal())
    except (ValueError, OverflowError):
        pass
    if day == 30 and month % 2 == 0 and month != 12:
        return None  # even months have 29 days in the tabular calendar
    try:
        return dt.date.fromordinal(_tabular_to_ordinal(year, month, day))
    except ValueError:
        return None


def hijri_month_start(year: int, month: int) -> dt.date | None:
    return hijri_to_gregorian(year, month, 1)


def hijri_month_end(year: int, month: int) -> dt.date | None:
    """The last day of a Hijri month (the day before the next one begins)."""
    following = hijri_to_gregorian(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1) if following else None


def hijri_year_start(year: int) -> dt.date:
    start = hijri_to_gregorian(year, 1, 1)
    assert start is not None
    return start


def hijri_month_of(day: dt.date) -> int:
    """The Hijri month a Gregorian day falls in (Umm al-Qura; arithmetic outside it)."""
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().month
    except (ValueError, OverflowError):
        year = hijri_year_of(day)
        month = 12
        while month > 1 and _tabular_to_ordinal(year, month, 1) > day.toordinal():
            month -= 1
        return month


def hijri_year_of(day: dt.date) -> int:
    """The Hijri year a Gregorian day falls in."""
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        year = round((day.toordinal() - _EPOCH) / 354.367) + 1
        while _tabular_to_ordinal(year, 1, 1) > day.toordinal():
            year -= 1
        while _tabular_to_ordinal(year + 1, 1, 1) <= day.toordinal():
            year += 1
        return year
