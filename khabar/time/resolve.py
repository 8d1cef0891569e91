"""Resolves a Reading to a TIMEX3-style value against the publication date.

Newsroom conventions: a bare weekday is the most recent such day (the publication day
itself if it falls on it), or the coming one in a future clause; الماضي is strictly
before and المقبل/القادم strictly after; a month without a year takes the year nearest
the publication date, or the side its clause's tense says. With no publication date a
relative expression gets ``value=None`` and a ``relative`` description, never today's
clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .hijri import (
    hijri_month_end,
    hijri_month_of,
    hijri_month_start,
    hijri_to_gregorian,
    hijri_year_of,
    hijri_year_start,
)
from .reading import Reading

WEEKDAY_CODES = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
_CLOCK_UNITS = ("H", "MI", "S")
_PERIOD = {"D": "D", "W": "W", "M": "M", "Y": "Y", "H": "H", "MI": "M", "S": "S"}
_YEARS_IN = {"DE": 10, "CE": 100}


@dataclass(frozen=True, slots=True)
class Resolved:
    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    relative: str | None = None
    mod: str | None = None


def parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve(r: Reading, published: dt.date | None) -> Resolved:
    """The type, value and (for relative expressions) the description of a Reading."""
    mod = r.mod or {"before": "BEFORE", "after": "AFTER"}.get(r.anchor or "") if r.kind == "date" else r.mod
    if r.kind == "set":
        return Resolved("SET", _set_value(r))
    if r.kind == "duration":
        if r.anchor in ("before", "after") or (r.anchor == "since" and r.count is None):
            return _anchored_duration(r, published)
        duration = _duration_value(r.count, r.unit, r.minute, r.half)
        if (r.anchor or "").startswith("event"):  # بعد يوم من الإعلان: the offset from an event
            return Resolved("DURATION", duration, f"{r.anchor} {duration}")
        return Resolved("DURATION", duration)
    if r.kind == "ref":
        return Resolved("DATE", r.ref, mod=r.mod)
    if r.ref == "PRESENT_REF":
        return Resolved("TIME", "PRESENT_REF")
    value, relative = _date_value(r, published)
    if r.until is not None and value is not None:
        end, end_relative = _date_value(r.until, published)
        value = f"{value.split('/')[0]}/{end.split('/')[-1]}" if end else value  # the ends may be spans
        relative = relative or end_relative
    if r.kind == "time" or r.hour is not None or r.part is not None:
        value, relative = _with_time(r, value, relative, published)
        return Resolved("TIME", value, relative, r.mod)
    return Resolved("DATE", value, relative, mod)


# --- dates ---------------------------------------------------------------------------


def _date_value(r: Reading, pub: dt.date | None) -> tuple[str | None, str | None]:
    if r.holiday == "eid":
        return _eid_value(pub, r.anchor or _TENSE_ANCHOR.get(r.tense or ""))
    if r.calendar == "hijri" and r.month is not None or (r.calendar == "hijri" and r.year is not None):
        return _hijri_value(r, pub)
    if r.shift_unit == "D" and r.weekday is not None and r.month is None and r.day is None:
        return _named_day(r.shift or 0, r.weekday, pub)
    if r.season == "WE" and r.shift_unit == "W":  # نهاية الأسبوع المقبل: next week's weekend
        week, desc = _shifted("W", r.shift or 0, pub)
        return (f"{week}-WE" if week else None), f"{desc} WE"
    if r.season == "WE":
        ahead = r.tense in ("future", "present") or r.anchor == "after"  # بعد عطلة نهاية الأسبوع
        return _weekend_value(r.direction or (1 if ahead else None), pub)
    if r.season is not None:
        return _season_value(r, pub)
    if r.year is not None:
        if r.month is None:
            return f"{r.year:04d}", None
        if r.day is None:
            return f"{r.year:04d}-{r.month:02d}", None
        return _checked_day(r.year, r.month, r.day), None
    if r.month is not None:
        desc = f"XXXX-{r.month:02d}" + (f"-{r.day:02d}" if r.day else "")
        if r.direction:
            desc = f"month {r.direction:+d} {r.month:02d}"
        elif r.shift_unit == "Y":
            desc = f"Y {r.shift:+d} {desc}"
        if pub is None:
            return None, desc
        year = pub.year + (r.shift or 0 if r.shift_unit == "Y" else 0)  # سبتمبر من العام الماضي
        if not r.direction and r.shift_unit != "Y":
            year = _nearest_year(r.month, r.day, pub, r.anchor or _TENSE_ANCHOR.get(r.tense or ""))
        if r.direction and r.direction < 0 and r.month >= pub.month:
            year -= 1  # مارس الماضي: the last March strictly before this month
        elif r.direction and r.direction > 0 and r.month <= pub.month:
            year += 1
        if r.day is None:
            return f"{year:04d}-{r.month:02d}", desc
        return _checked_day(year, r.month, r.day), desc
    if r.day is not None and r.shift_unit == "M":  # 15 من الشهر الجاري
        month, desc = _shifted("M", r.shift or 0, pub)
        desc = f"{desc} day {r.day:02d}"
        if month is None:
            return None, desc
        return _checked_day(int(month[:4]), int(month[5:]), r.day), desc
    if r.weekday is not None:
        return _weekday_value(r.weekday, r.weekday_shift, pub, r.tense in ("future", "present"))
    if r.decade is not None:
        return f"{r.decade:03d}", None
    if r.century is not None:
        return f"{r.century:02d}", None
    if r.shift_unit is not None:
        return _shifted(r.shift_unit, r.shift or 0, pub)
    return None, None


# a clause's tense acts as منذ (at or before the publication date) or بعد (at or after)
_TENSE_ANCHOR = {"past": "since", "future": "after"}


def _nearest_year(month: int, day: int | None, pub: dt.date, anchor: str | None) -> int:
    """The year that puts a month (and day) nearest the publication date: "في يناير"
    written on 28 December is next January, "في نوفمبر" written on 2 January last
    November. After منذ/قبل it is at or before the publication date, after بعد at or
    after it. A tie goes to the past."""
    here = pub.toordinal()

    def when(year: int) -> int:
        return dt.date(year, month, min(day or 15, 28)).toordinal()

    years = [pub.year - 1, pub.year, pub.year + 1]
    if anchor in ("since", "before"):
        years = [y for y in years if when(y) <= here] or years
    elif anchor == "after":
        years = [y for y in years if when(y) >= here] or years
    return min(years, key=lambda y: (abs(when(y) - here), y))


def _nearest_hijri_year(month: int, day: int | None, pub: dt.date, anchor: str | None) -> int:
    """As ``_nearest_year``, in the Hijri calendar: the Hijri year that puts a month (and
    day) nearest the publication date, on the side an introducing word or the tense says."""
    here, now = pub.toordinal(), hijri_year_of(pub)

    def when(year: int) -> int:
        d = hijri_to_gregorian(year, month, min(day or 15, 29))
        return d.toordinal() if d else here

    years = [now - 1, now, now + 1]
    if anchor in ("since", "before"):
        years = [y for y in years if when(y) <= here] or years
    elif anchor == "after":
        years = [y for y in years if when(y) >= here] or years
    return min(years, key=lambda y: (abs(when(y) - here), y))


# the two Eids (الفطر: 1 Shawwal, الأضحى: 10 Dhu al-Hijja), for "العيد" alone
_EIDS = ((10, 1), (12, 10))


def _eid_value(pub: dt.date | None, anchor: str | None) -> tuple[str | None, str]:
    """العيد alone: the Eid nearest the publication date (the one just past or coming, or
    the side the tense says), as its first day."""
    desc = "eid"
    if pub is None:
        return None, desc
    here, now = pub.toordinal(), hijri_year_of(pub)
    days = [d for y in (now - 1, now, now + 1) for m, dd in _EIDS if (d := hijri_to_gregorian(y, m, dd))]
    if anchor in ("since", "before"):
        days = [d for d in days if d.toordinal() <= here] or days
    elif anchor == "after":
        days = [d for d in days if d.toordinal() >= here] or days
    return min(days, key=lambda d: (abs(d.toordinal() - here), d)).isoformat(), desc


def _named_day(shift: int, weekday: int, pub: dt.date | None) -> tuple[str | None, str]:
    """أمس السبت، اليوم الأحد: the day counted from the publication date, unless the
    weekday named with it disagrees: then the latest day of that name at or before the
    counted one. Copy is dated when it is published (or crawled), never before it was
    written, so a disagreeing weekday is earlier (wire copy written the day before)."""
    desc = f"D {shift:+d}"
    if pub is None:
        return None, desc
    day = pub + dt.timedelta(days=shift)
    diff = -((day.isoweekday() - weekday) % 7)  # -6 .. 0
    if diff:
        desc = f"{desc} {WEEKDAY_CODES[weekday - 1]}"
    return (day + dt.timedelta(days=diff)).isoformat(), desc


# the month each season starts in; winter is named by the year its December falls in
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season_value(r: Reading, pub: dt.date | None) -> tuple[str | None, str | None]:
    """صيف 2022، الصيف الماضي (the last one that is over), الشتاء المقبل (the next one
    to begin), فصل الشتاء (this year's)."""
    season = r.season or ""
    if r.year is not None:
        return f"{r.year:04d}-{season}", None
    if season[0] in "QH" or r.shift_unit == "Y":  # الربع الأول، صيف العام المقبل
        shifted, desc = _shifted("Y", r.shift or 0, pub)
        return (f"{shifted}-{season}" if shifted else None), f"{desc} {season}"
    desc = f"season {r.direction or 0:+d} {season}"
    if pub is None:
        return None, desc
    start = _SEASON_START[season]
    if not r.direction:
        return f"{pub.year:04d}-{r.season}", desc
    here = pub.year * 12 + pub.month - 1
    for year in range(pub.year, pub.year - 3, -1) if r.direction < 0 else range(pub.year - 1, pub.year + 3):
        first = year * 12 + start - 1
        if r.direction < 0 and first + 3 <= here or r.direction > 0 and first > here:
            return f"{year:04d}-{r.season}", desc
    return None, desc


def _weekend_value(direction: int | None, pub: dt.date | None) -> tuple[str | None, str]:
    """عطلة نهاية الأسبوع: the most recent weekend (this one if it has begun), the next one
    to come (المقبلة, or in a future clause), or the one before (الماضية)."""
    desc = f"weekend {direction or 0:+d}"
    if pub is None:
        return None, desc
    begun = pub.isoweekday() >= 6
    weeks = {None: 0 if begun else -1, -1: -1, 1: 1 if begun else 0}[direction]
    y, w, _ = (pub + dt.timedelta(weeks=weeks)).isocalendar()
    return f"{y:04d}-W{w:02d}-WE", desc


def _checked_day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _weekday_value(
    weekday: int, shift: int | None, pub: dt.date | None, future: bool = False
) -> tuple[str | None, str]:
    """The day a weekday names; ``future``: a bare weekday in a future clause is the
    next such day, today included (سيعقد المجلس جلسته الخميس)."""
    code = WEEKDAY_CODES[weekday - 1]
    if shift is None and future:
        desc = f"weekday +0 {code}"
    elif shift is None:
        desc = f"weekday -0 {code}"  # the most recent, today included
    elif shift == 0:
        desc = f"weekday this {code}"
    else:
        desc = f"weekday {shift:+d} {code}"
    if pub is None:
        return None, desc
    today = pub.isoweekday()
    if shift is None and future:
        day = pub + dt.timedelta(days=(weekday - today) % 7)
    elif shift is None:
        day = pub - dt.timedelta(days=(today - weekday) % 7)
    elif shift < 0:  # الماضي: the last one; قبل الماضي (shift -2): the one before it
        day = pub - dt.timedelta(days=((today - weekday) % 7 or 7) + 7 * (-shift - 1))
    elif shift > 0:  # المقبل: the next one; بعد المقبل (shift 2): the one after it
        day = pub + dt.timedelta(days=((weekday - today) % 7 or 7) + 7 * (shift - 1))
    else:
        day = pub + dt.timedelta(days=weekday - today)
    return day.isoformat(), desc


def _shifted(unit: str, n: int, pub: dt.date | None) -> tuple[str | None, str]:
    desc = f"{unit} {n:+d}"
    if pub is None:
        return None, desc
    return _shift_from(pub, unit, n), desc


def _shift_from(pub: dt.date, unit: str, n: int) -> str:
    if unit in ("D", "H", "MI", "S"):
        return (pub + dt.timedelta(days=n if unit == "D" else 0)).isoformat()
    if unit == "W":
        y, w, _ = (pub + dt.timedelta(weeks=n)).isocalendar()
        return f"{y:04d}-W{w:02d}"
    if unit == "M":
        k = pub.year * 12 + pub.month - 1 + n
        return f"{k // 12:04d}-{k % 12 + 1:02d}"
    if unit == "Y":
        return f"{pub.year + n:04d}"
    if unit == "DE":
        return f"{pub.year // 10 + n:03d}"
    return f"{(pub.year - 1) // 100 + n:02d}"  # CE: القرن الماضي = the 20th = "19"


def _hijri_value(r: Reading, pub: dt.date | None) -> tuple[str | None, str | None]:
    """A Hijri date; a month without a day is the span of its days (رمضان 1436 =
    2015-06-18/2015-07-16). Without a year: the one nearest the publication date, or the
    side its words or clause say (رمضان المقبل، كان قد ... في رمضان)."""
    year, desc = r.year, None
    if year is None:
        desc = f"hijri XXXX-{r.month:02d}" + (f"-{r.day:02d}" if r.day else "")
        if r.direction:
            desc = f"hijri month {r.direction:+d} {r.month:02d}"
        if pub is None:
            return None, desc
        year = hijri_year_of(pub)
        month = r.month or 0
        if r.direction:  # رمضان المقبل / الماضي, against the publication day's Hijri month
            month_now = hijri_month_of(pub)
            if r.direction > 0 and month <= month_now:
                year += 1
            elif r.direction < 0 and month >= month_now:
                year -= 1
        elif month and r.direction is None:  # الجاري/الحالي (0) keeps the current Hijri year
            year = _nearest_hijri_year(month, r.day, pub, r.anchor or _TENSE_ANCHOR.get(r.tense or ""))
    if r.month is None:
        return f"{hijri_year_start(year).year:04d}", desc
    if r.day is None:
        start, end = hijri_month_start(year, r.month), hijri_month_end(year, r.month)
        return (f"{start.isoformat()}/{end.isoformat()}" if start and end else None), desc
    day = hijri_to_gregorian(year, r.month, r.day)
    return (day.isoformat() if day else None), desc


# --- times of day ----------------------------------------------------------------------


def _with_time(
    r: Reading, value: str | None, relative: str | None, pub: dt.date | None
) -> tuple[str | None, str | None]:
    if value is None and relative is None and r.has_day is False:
        # an hour alone is on the publication day
        relative = "D +0"
        value = pub.isoformat() if pub else None
    if r.hour is not None:
        hour = _24h(r.hour, r.part)
        clock = f"T{hour:02d}:{r.minute or 0:02d}"
    else:
        clock = f"T{r.part}"
    return (value + clock if value else None), (relative + " " + clock if relative else None)


def _24h(hour: int, part: str | None) -> int:
    """العاشرة مساء = 22, الواحدة ظهرا = 13, الثانية ليلا = 2."""
    if part in ("AF", "EV") and hour < 12:
        return hour + 12
    if part == "MI" and hour < 6:
        return hour + 12
    if part == "NI" and 6 <= hour < 12:
        return hour + 12
    if part == "MO" and hour == 12:
        return 0
    return hour if hour == 24 else hour % 24  # 24:00, midnight at the end of the day


# --- durations and sets -----------------------------------------------------------------


def _duration_value(count: int | None, unit: str | None, minute: int | None = None, half: bool = False) -> str:
    """P3D, PT2H, P20Y (عقدين); "and a half" adds half a unit (P3Y6M, PT1H30M, P2DT12H)."""
    n = "X" if count is None else str(count)
    if unit in _YEARS_IN:
        years = None if count is None else count * _YEARS_IN[unit] + (_YEARS_IN[unit] // 2 if half else 0)
        return f"P{'X' if years is None else years}Y"
    if unit in _CLOCK_UNITS:
        minutes = minute or (30 if half and unit == "H" else 0)
        if minutes and unit == "H":
            return f"PT{count}H{minutes}M" if count else f"PT{minutes}M"
        return f"PT{n}{_PERIOD[unit]}"
    extra = (
        {"Y": "6M", "M": "15D", "D": "T12H", "W": "3DT12H"}.get(unit or "D", "") if half and count is not None else ""
    )
    if unit == "W" and extra and count is not None:
        return f"P{count * 7 + 3}DT12H"
    return f"P{n}{_PERIOD.get(unit or 'D', 'D')}{extra}"


def _anchored_duration(r: Reading, pub: dt.date | None) -> Resolved:
    """قبل ثلاثة أيام / منذ عامين (a point in the past), بعد أسبوعين (in the future)."""
    sign = 1 if r.anchor == "after" else -1
    if r.count is None:
        return Resolved("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF")
    unit = r.unit or "D"
    years = _YEARS_IN.get(unit)
    if years:
        unit, n = "Y", sign * r.count * years
    else:
        n = sign * r.count
    if unit in _CLOCK_UNITS:
        desc = f"D +0 ({'+' if sign > 0 else '-'}{_duration_value(r.count, r.unit)})"
        return Resolved("DATE", pub.isoformat() if pub else None, desc)
    value, desc = _shifted(unit, n, pub)
    return Resolved("DATE", value, desc)


def _set_value(r: Reading) -> str:
    if r.weekday is not None:
        return f"XXXX-WXX-{r.weekday}"
    return _duration_value(r.count, r.unit)
