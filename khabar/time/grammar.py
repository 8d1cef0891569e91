"""Finds temporal expressions in a sentence's tokens and reads what they say.

A hand-written grammar over tokens, not characters: each ``_match_*`` function tries one
kind of expression at a token and returns a ``Reading`` (the tokens it covers and its
meaning, still unresolved) or None. ``readings`` keeps the longest match at each place,
then joins neighbours (a weekday and its date, a date and its hour, the two ends of a
range). Spans follow Wojood's conventions: introducing words such as بتاريخ، منذ، خلال،
قبل، يوم، عام are inside the span, في is not.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .lexicon import Hit, lexicon
from .numbers import word_number
from .reading import Reading
from .sentence import Sentence
from .tense import clause_tense

YEAR_MIN, YEAR_MAX = 1000, 2200
BARE_YEAR_MIN, BARE_YEAR_MAX = 1900, 2100  # a year without عام/سنة or an era suffix
SEPARATORS = frozenset("/-.")
DASHES = frozenset("-–—")
_CLOCK_UNITS = frozenset({"H", "MI", "S"})
_DECADE = re.compile(r"^(?:ال)?(\w+?)(?:يات|ات)$")


# --- numbers of days and years ---------------------------------------------------------


def _day_number(s: Sentence, i: int) -> tuple[int, int] | None:
    """A day of the month in digits or ordinal words (التاسع، الحادي والعشرين)."""
    v = s.number(i)
    if v is not None:
        return (v, i + 1) if 1 <= v <= 31 and len(s.surface[i]) <= 2 else None
    got = word_number(s.hits, i, s.n, ordinal=True)
    if got and 1 <= got[0] <= 31:
        return got
    return None


def _year_number(s: Sentence, i: int) -> tuple[int, int] | None:
    """A year in digits, possibly in parentheses: 2022, ( 1948 )."""
    if s.punct(i, "("):
        got = _year_number(s, i + 1)
        if got and s.punct(got[1], ")"):
            return got[0], got[1] + 1
        return None
    v = s.number(i)
    if v is not None and YEAR_MIN <= v <= YEAR_MAX and len(s.surface[i]) == 4:
        return v, i + 1
    return None


def _era(s: Sentence, i: int) -> tuple[str, int] | None:
    h = s.hit(i, "era")
    if h is None:
        return None
    return str(h.entry.value), i + h.length


def _with_era(s: Sentence, r: Reading) -> Reading:
    era = _era(s, r.end)
    if era:
        r.calendar, r.end = era
    return r


# --- dates ---------------------------------------------------------------------------


def _match_numeric(s: Sentence, i: int) -> Reading | None:
    """15/1/1959, 2024-04-09, 9/10/10/1940 (days 9 to 10), with the year in parentheses."""
    nums, j = [], i
    while True:
        if s.punct(j, "(") and nums:
            got = _year_number(s, j)
            if got is None:
                break
            nums.append(got[0])
            j = got[1]
            break
        v = s.number(j)
        if v is None:
            break
        nums.append(v)
        j += 1
        if len(nums) == 4 or not (s.punct(j, SEPARATORS) and (s.number(j + 1) is not None or s.punct(j + 1, "("))):
            break
        j += 1
    if len(nums) < 3:
        return None
    if nums[0] >= YEAR_MIN and len(nums) == 3:
        y, m, d = nums
    else:
        *days, m, y = nums
        d = days[0]
        if m > 12 and d <= 12 and len(days) == 1:
            d, m = m, d
    if not (1 <= m <= 12 and 1 <= d <= 31 and YEAR_MIN <= y <= YEAR_MAX):
        return None
    r = Reading(i, j, year=y, month=m, day=d)
    if len(nums) == 4 and 1 <= nums[1] <= 31 and nums[1] > d:
        r.until = Reading(i, j, year=y, month=m, day=nums[1])
    return _with_era(s, r)


def _month_at(s: Sentence, i: int) -> tuple[Hit, int] | None:
    h = s.hit(i, "month")
    if h is None:
        return None
    return h, i + h.length


def _paired_month(s: Sentence, j: int, month: int) -> int:
    """Skip "/ يناير", "( يناير )" or "يناير" after a month naming the same month."""
    same = _month_at(s, j)
    if same and same[0].entry.value == month:
        return same[1]
    if s.punct(j, "/-–("):
        got = _month_at(s, j + 1)
        if got and got[0].entry.value == month:
            k = got[1]
            if s.surface[j] == "(" and s.punct(k, ")"):
                k += 1
            return k
    return j


def _match_month(s: Sentence, i: int) -> Reading | None:
    """[day] [من] month [/ month] [year | (date)] [era]: 9 أبريل 2024، التاسع من أبريل،
    كانون الثاني/يناير 2016، شباط ( 28 / 2 / 1945 )، 15 رمضان 1445 هـ."""
    start, day, until_day, j = i, None, None, i
    if s.hit(i, "temporalprep") and s.norm[i] == "من" and _day_number(s, i + 1):
        j = i + 1  # من 13 وحتى 15 نوفمبر
    got_day = _day_number(s, j)
    if got_day:
        day, j = got_day
        h = s.hit(j, "rangeto") or ((s.punct(j, DASHES) or s.norm[j : j + 1] == ["و"]) and "dash")
        if h:  # 13 حتى 15، 13 - 15، 28 و29
            step = 1 if h == "dash" else h.length
            second = _day_number(s, j + step)
            if second and second[0] > day:
                until_day, j = second
        if s.norm[j : j + 1] == ["من"] or s.punct(j, "/"):
            j += 1  # التاسع من أبريل، 20 / شعبان / 1428
    else:
        start = j = i
    got = _month_at(s, j)
    if got is None:
        return _day_of_relative_month(s, start, j, day, until_day)
    h, j = got
    month = int(h.entry.value)
    calendar = str(h.entry.extra)
    if day is None and h.article:
        return None  # "الآذار"، "الصفر": an article means another word
    paired = _paired_month(s, j, month)
    j = paired
    r = Reading(start, j, month=month, day=day, calendar=calendar)
    if s.punct(j, "/") and _year_number(s, j + 1):
        j += 1  # كانون اول / ( 1986 )، 20 / شعبان / 1428
    yw = s.hit(j, "unit", article=None)
    if yw and yw.entry.value == "Y" and yw.entry.extra == 1 and _year_number(s, j + 1):
        j += 1  # رمضان عام 1445
    year = _year_number(s, j)
    if year:
        r.year, r.end = year[0], year[1]
    elif s.punct(j, "("):
        inner = _match_numeric(s, j + 1)
        if inner and inner.month == month and s.punct(inner.end, ")"):
            r.year, r.day, r.end = inner.year, inner.day, inner.end + 1
    if calendar == "hijri" and s.hit(r.end, "honorific"):
        r.end += 1
    r = _with_era(s, r)
    sh = s.hit(r.end, "shift") if r.year is None else None
    if sh:  # مايو المقبل، أفريل الجاري
        r.direction, r.end = int(sh.entry.value) or None, r.end + 1
    elif r.year is None and s.norm[r.end : r.end + 1] == ["من"]:
        of = _match_relative_unit(s, r.end + 1) or _match_year(s, r.end + 1)
        if of is not None and (of.year is not None or of.shift_unit == "Y") and of.until is None:
            r.year, r.shift_unit, r.shift, r.end = of.year, of.shift_unit, of.shift, of.end  # سبتمبر من العام الماضي
    if h.entry.needs_context and any(c in h.proclitic for c in "بلك"):
        return None  # "باب" is not ب + آب
    if h.entry.needs_context and not (
        day is not None or r.year is not None or paired != got[1] or _temporal_before(s, start)
    ):
        return None
    if _blocked(s, start):
        return None
    if until_day is not None:
        r.until = replace(r, day=until_day, until=None)
    return r


def _day_of_relative_month(s: Sentence, start: int, j: int, day: int | None, until: int | None) -> Reading | None:
    """15 من الشهر الجاري، يوم 20 الجاري، 5 من الشهر المقبل: a day of a month counted from
    the publication date."""
    if day is None:
        return None
    k = j + 1 if s.norm[j : j + 1] == ["من"] else j
    month = _match_relative_unit(s, k)
    if month is not None and month.shift_unit == "M" and month.kind == "date":
        shift, end = month.shift, month.end
    else:
        sh = s.hit(j, "shift")  # يوم 20 الجاري
        if sh is None or not s.norm[j].startswith("ال"):
            return None
        shift, end = int(sh.entry.value), j + 1
    r = Reading(start, end, day=day, shift_unit="M", shift=shift)
    if until is not None:
        r.until = replace(r, day=until, until=None)
    return r


def _temporal_before(s: Sentence, i: int) -> bool:
    """The word before token i makes a bare month name read as a month (في مايو، بين
    يناير ومارس، شهر رمضان)."""
    return bool(
        s.hit(i - 1, "temporalprep")
        or s.hit(i - 1, "mod")
        or s.hit(i - 1, "anchor")
        or s.hit(i - 1, "month")
        or (s.hit(i - 1, "unit") is not None and s.hit(i - 1, "unit").entry.value == "M")
    )


def _blocked(s: Sentence, i: int) -> bool:
    """A name word before token i (or before the day number in front of it): شارع 26 يوليو."""
    if s.hit(i - 1, "blocker", article=False) is not None:
        return True
    return s.number(i - 1) is not None and s.hit(i - 2, "blocker", article=False) is not None


def _match_year(s: Sentence, i: int) -> Reading | None:
    """[عام|سنة|العام] [(] year [- year] [)] [era], or a bare year where its neighbours
    say it is one: عام 2022، عام ( 1325 ) هجري، 1936 - 1939، سنة ( 1931 / 1932 )."""
    start, j, worded = i, i, False
    h = s.hit(i, "unit")
    if h and h.entry.value == "Y" and h.entry.extra == 1:
        j, worded = i + 1, True
    elif h and h.entry.value == "Y" and h.entry.extra == 2 and s.norm[i].endswith("ي"):
        return _year_pair(s, i)  # عامي 1960 و1975
    paren = s.punct(j, "(")
    k = j + 1 if paren else j
    v = s.number(k)
    if v is None or not (YEAR_MIN <= v <= YEAR_MAX and len(s.surface[k]) == 4):
        return None
    r = Reading(start, k + 1, year=v)
    # a range: 1936 - 1939, 1931 / 1932, 2010 إلى 2015
    link = s.punct(r.end, DASHES | {"/"}) or s.hit(r.end, "rangeto") is not None
    second = s.number(r.end + 1) if link else None
    if second is not None and len(s.surface[r.end + 1]) == 4 and v < second <= YEAR_MAX:
        r.until = Reading(r.end + 1, r.end + 2, year=second)
        r.end += 2
    if paren:
        if not s.punct(r.end, ")"):
            return None
        r.end += 1
    era = _era(s, r.end)
    usual = BARE_YEAR_MIN <= v <= BARE_YEAR_MAX
    if era and (worded or paren or usual or len(s.surface[r.end]) > 1):
        r.calendar, r.end = era
        if r.until:
            r.until.calendar = r.calendar
    elif not worded and not _bare_year_ok(s, start, r.end if r.until is None else k + 1):
        # a range (2010 إلى 2015) is checked at its first year: the noun after its end
        # is the sentence's object (نموا كبيرا), not a count
        return None
    if paren and not worded and not era and r.end == k + 2:
        # "( 1948 )": the parentheses are punctuation around the year, not part of it
        r.start, r.end = k, k + 1
    return r


def _year_pair(s: Sentence, i: int) -> Reading | None:
    first, second = s.number(i + 1), s.number(i + 3)
    if first is None or second is None or s.norm[i + 2] != "و" or not (YEAR_MIN <= first < second <= YEAR_MAX):
        return None
    return Reading(i, i + 4, year=first, until=Reading(i + 3, i + 4, year=second))


def _bare_year_ok(s: Sentence, i: int, end: int) -> bool:
    """A four-digit number alone is a year when it is in the usual range, is not a
    reference number (رقم 1056), a part of an address (edu:2048) or counting the noun
    after it (2000 شخص)."""
    k = i + 1 if s.punct(i, "(") else i
    if not BARE_YEAR_MIN <= (s.number(k) or 0) <= BARE_YEAR_MAX:
        return False
    before = i - 1
    if s.hit(before, "notyear") or s.punct(end, "%") or s.hit(end, "countnoun"):
        return False
    if s.hit(before, "yearname") or (before > 0 and s.kinds[before] == "arabic" and s.hit(before - 1, "yearname")):
        return False  # رؤية 2030، رؤية المملكة 2030، ميراج 2000
    if any(0 <= j < s.n and s.kinds[j] == "latin" for j in (i - 2, i - 1, end, end + 1)):
        return False
    if s.number(end + 1) is not None and s.punct(end, DASHES) or s.norm[end].startswith("و") if end < s.n else False:
        return True  # 1936 - 1939، 1948 وحرب ...
    if end < s.n and s.kinds[end] == "arabic" and not s.hit(end, "month"):
        # "الانتفاضة الأولى 1987 صادر": a definite word or a temporal word before it
        if s.norm[end].endswith("ا") and not s.norm[end].startswith("ال"):
            return False  # an accusative noun after it is what it counts (1995 صوتا)
        prev_definite = before >= 0 and s.kinds[before] == "arabic" and s.norm[before].startswith("ال")
        return bool(prev_definite or s.hit(before, "temporalprep") or s.hit(before, "mod"))
    return True


def _match_weekday(s: Sentence, i: int) -> Reading | None:
    """[يوم] weekday [الماضي|المقبل] [الموافق date | date]."""
    start, j = i, i
    h = s.hit(i, "unit")
    if h and h.entry.value == "D" and h.entry.extra == 1 and not h.article:
        j = i + 1
    w = s.hit(j, "weekday")
    if w is None:
        return None
    j += w.length
    if _blocked(s, start):
        return None
    r = Reading(start, j, weekday=int(w.entry.value))
    sh = s.hit(j, "shift")
    two = None if sh else _two_away(s, j)
    if sh:
        r.weekday_shift, r.end = int(sh.entry.value), j + 1
    elif two:
        r.weekday_shift, r.end = two, j + 2  # السبت بعد المقبل، الجمعة قبل الماضية
    date = _agreed_date(s, r.end)
    if date is not None:
        date.start, date.weekday = start, r.weekday
        return date
    return r


def _agreed_date(s: Sentence, k: int) -> Reading | None:
    """The date a weekday falls on, after it: "الموافق 9 أبريل"، "9 أبريل 2024"."""
    if s.hit(k, "agree"):
        k += 1
        if s.punct(k, ":"):
            k += 1
    date = _match_numeric(s, k) or _match_month(s, k)
    return date if date is not None and date.day is not None else None


def _match_dayref(s: Sentence, i: int) -> Reading | None:
    """أمس، اليوم، غدا، أول أمس، بعد غد; هذا اليوم."""
    start = i
    if s.hit(i, "this"):
        u = s.hit(i + 1, "unit", article=True)
        if u and u.entry.value == "D" and u.entry.extra == 1:
            return Reading(i, i + 2, shift_unit="D", shift=0)
        return None
    h = s.hit(i, "dayref")
    if h is None:
        return None
    j = i + h.length
    if int(h.entry.value) == 0 and _not_today(s, j):
        return None
    r = Reading(start, j, shift_unit="D", shift=int(h.entry.value))
    w = s.hit(j, "weekday")  # "اليوم الثلاثاء"، "أمس الاثنين": the weekday adds nothing
    if w:
        r.end = j + w.length
        date = _agreed_date(s, r.end)
        if date is not None:  # اليوم الثلاثاء الموافق 9 أبريل 2024: the date says it all
            date.start = start
            return date
    elif s.punct(j, "(") and (w := s.hit(j + 1, "weekday")) and s.punct(j + 1 + w.length, ")"):
        r.end = j + 2 + w.length  # "اليوم (الاثنين)"، "أمس (الأربعاء)"
    return r


def _not_today(s: Sentence, j: int) -> bool:
    """اليوم الأول، اليوم العالمي: اليوم as a noun, not as "today"."""
    if j >= s.n:
        return False
    if word_number(s.hits, j, s.n, ordinal=True):
        return True
    return s.hit(j, "daynoun") is not None


def _match_tonight(s: Sentence, i: int) -> Reading | None:
    h = s.hit(i, "tonight")
    if h is None:
        return None
    r = Reading(i, i + h.length, kind="time", shift_unit="D", shift=0, part=str(h.entry.value))
    sh = s.hit(r.end, "shift")
    if sh and int(sh.entry.value) < 0:  # الليلة الماضية: last night
        r.shift, r.end = -1, r.end + 1
    return r


def _match_partnoun(s: Sentence, i: int) -> Reading | None:
    """صباح اليوم، مساء أمس، فجر الاثنين، ليلة 9 أبريل، صباح هذا اليوم."""
    h = s.hit(i, "partnoun")
    if h is None:
        return None
    j = i + h.length
    inner = (
        _match_dayref(s, j)
        or _match_weekday(s, j)
        or _match_prefixed(s, j)
        or _match_month(s, j)
        or _match_numeric(s, j)
    )
    if inner is None or not inner.has_day:
        return None
    inner.start, inner.kind, inner.part = i, "time", str(h.entry.value)
    return inner


def _match_relative_unit(s: Sentence, i: int) -> Reading | None:
    """الأسبوع الماضي، العام المقبل، الشهر الجاري، هذا العام؛ الأيام العشرة الأخيرة
    (a duration); الأيام الماضية (a vague past)."""
    j, this = i, False
    if s.hit(i, "this"):
        j, this = i + 1, True
    u = s.hit(j, "unit", article=True)
    if u is None:
        return None
    unit, count = str(u.entry.value), int(u.entry.extra)
    j += 1
    if count == 1:
        sh = s.hit(j, "shift")
        if sh:
            return Reading(i, j + 1, shift_unit=unit, shift=int(sh.entry.value))
        two = _two_away(s, j)
        if two:  # العام قبل الماضي، الأسبوع بعد المقبل
            return Reading(i, j + 2, shift_unit=unit, shift=two)
        if this:
            return Reading(i, j, shift_unit=unit, shift=0)
        if unit == "CE":  # القرن العشرين، القرن الحادي والعشرين
            got = word_number(s.hits, j, s.n, ordinal=True)
            if got:
                return Reading(i, got[1], century=got[0] - 1)
        return None
    if this:
        return None
    n = None  # plural: الأيام [العشرة] الماضية; dual: الأسبوعين الماضيين
    if count == 2:
        sh = s.hit(j, "shift")
        if sh is None or int(sh.entry.value) == 0:
            return None
        return Reading(
            i, j + 1, kind="duration", count=2, unit=unit, anchor="recent" if int(sh.entry.value) < 0 else "coming"
        )
    if s.norm[j : j + 1] == ["ال"] and s.number(j + 1) is not None:
        j += 1  # الساعات الـ24 الماضية
    got = word_number(s.hits, j, s.n, ordinal=False) or ((s.number(j), j + 1) if s.number(j) is not None else None)
    if got:
        n, j = got
    elif s.hit(j, "few") and s.norm[j].startswith("ال"):
        j += 1  # الأيام القليلة الماضية
    sh = s.hit(j, "shift")
    if sh is None or int(sh.entry.value) == 0:
        return None
    if n is not None:
        return Reading(
            i, j + 1, kind="duration", count=n, unit=unit, anchor="recent" if int(sh.entry.value) < 0 else "coming"
        )
    return Reading(i, j + 1, kind="ref", ref="PAST_REF" if int(sh.entry.value) < 0 else "FUTURE_REF")


def _two_away(s: Sentence, j: int) -> int | None:
    """-2 for "قبل الماضي", +2 for "بعد المقبل" at token j, else None."""
    sh = s.hit(j + 1, "shift")
    if sh is None or s.norm[j : j + 1] not in (["قبل"], ["بعد"]):
        return None
    step = int(sh.entry.value)
    if (s.norm[j] == "قبل" and step < 0) or (s.norm[j] == "بعد" and step > 0):
        return 2 * step
    return None


def _match_duration(s: Sentence, i: int) -> Reading | None:
    """ثلاثة أيام، 45 يوما، يومين، عدة أشهر، خمسة عشر عاما، ساعة ونصف."""
    j, n = i, None
    f = s.hit(i, "few")
    if f:
        j = i + 1
    else:
        got = word_number(s.hits, i, s.n, ordinal=False)
        if got:
            n, j = got
        elif s.number(i) is not None:
            n, j = s.number(i), i + 1
    u = s.hit(j, "unit", article=False, bare=True) if j > i else s.hit(j, "unit", article=False)
    if u is None:
        return None
    unit, count = str(u.entry.value), int(u.entry.extra)
    if j == i:  # no number: only a dual is a duration by itself (يومين) ...
        half = s.hit(j + 1, "half")
        one = s.hit(j + 1, "unitadj", article=False) if not u.proclitic else None
        if count == 1 and half and half.proclitic == "و":
            n = 1  # ... or a unit and a half (ساعة ونصف)
        elif one and (count == 1 or s.norm[j].endswith("ا")) and unit not in ("DE", "CE"):
            # ... or ساعة كاملة، أسبوعا إضافيا (not عقدا كاملا: عقد is as often a contract)
            return Reading(i, j + 2, kind="duration", count=1, unit=unit)
        elif count != 2:
            return None
        else:
            n = 2
    elif count == 2 or (count == 1 and n is not None and 1 < n < 11):
        return None  # "رقم 9 عام": 3-10 take the plural (تسعة أعوام)
    if s.hit(i - 1, "notyear"):
        return None
    if n is not None and n == 0:
        return None
    r = Reading(i, j + 1, kind="duration", count=n, unit=unit)
    if s.norm[i - 1 : i] == ["ال"] and s.number(i) is not None:
        r.start = i - 1  # الـ 24 ساعة
    if unit == "H" and (extra := _and_minutes(s, r.end)):
        r.minute, r.end = extra  # ساعتين وعشر دقائق
        return r
    sh = s.hit(r.end, "shift")
    if sh and int(sh.entry.value) and n is not None and r.start < i:
        r.end += 1  # الـ 24 ساعة الماضية
        r.anchor = "recent" if int(sh.entry.value) < 0 else "coming"
        return r
    half = s.hit(r.end, "half")
    if half and half.proclitic == "و" and n is not None:
        r.half, r.end = True, r.end + 1  # ساعة ونصف، ثلاث سنوات ونصف [السنة]
        again = s.hit(r.end, "unit", article=True)
        if again and again.entry.value == unit:
            r.end += 1
    return r


# half and a quarter of a unit, in a smaller unit: نصف قرن = 50 years, ربع عام = 3 months
_FRACTIONS = {
    ("Y", 30): (6, "M"),
    ("Y", 15): (3, "M"),
    ("CE", 30): (50, "Y"),
    ("CE", 15): (25, "Y"),
    ("DE", 30): (5, "Y"),
    ("M", 30): (15, "D"),
    ("D", 30): (12, "H"),
}


def _match_half_unit(s: Sentence, i: int) -> Reading | None:
    """نصف ساعة، ربع ساعة، نصف قرن، ربع قرن، نصف عام."""
    h = s.hit(i, "half") or s.hit(i, "quarter")
    if h is None or h.article or h.proclitic:
        return None
    u = s.hit(i + 1, "unit", article=False)
    if u is None or u.entry.extra != 1:
        return None
    if u.entry.value == "H":
        return Reading(i, i + 2, kind="duration", count=0, unit="H", minute=int(h.entry.value))
    got = _FRACTIONS.get((str(u.entry.value), int(h.entry.value)))
    if got is None:
        return None
    return Reading(i, i + 2, kind="duration", count=got[0], unit=got[1])


def _match_set(s: Sentence, i: int) -> Reading | None:
    """يوميا، أسبوعيا، كل عام، كل ثلاثة أشهر، كل يوم جمعة، كل خميس."""
    h = s.hit(i, "setadv")
    if h:
        return Reading(i, i + 1, kind="set", count=1, unit=str(h.entry.value))
    t = s.hit(i, "times") or (s.hit(i + 1, "times") if _count_word(s, i) else None)
    if t is not None:  # مرتين في الأسبوع، ثلاث مرات كل عام
        j = i + (1 if s.hit(i, "times") else 2)
        if s.norm[j : j + 1] == ["في"] or s.hit(j, "every"):
            u = s.hit(j + 1, "unit")
            if u and u.entry.extra == 1:
                return Reading(i, j + 2, kind="set", count=1, unit=str(u.entry.value))
        return None
    if not s.hit(i, "every") or i + 1 >= s.n:
        return None
    j = i + 1
    u = s.hit(j, "unit", article=False)
    if u and u.entry.value == "D" and u.entry.extra == 1 and j + 1 < s.n:
        weekday = _weekday(s, j + 1)
        if weekday:
            return Reading(i, j + 2, kind="set", weekday=weekday)
    weekday = _weekday(s, j)
    if weekday:
        return Reading(i, j + 1, kind="set", weekday=weekday)
    if u and u.entry.extra == 1:
        return Reading(i, j + 1, kind="set", count=1, unit=str(u.entry.value))
    d = _match_duration(s, j) or _match_half_unit(s, j)  # كل ثلاثة أشهر، كل ربع سنة
    if d and d.count:
        return Reading(i, d.end, kind="set", count=d.count, unit=d.unit)
    return None


def _count_word(s: Sentence, i: int) -> bool:
    return s.number(i) is not None or s.hit(i, "number") is not None


def _weekday(s: Sentence, i: int) -> int | None:
    """A weekday at token i, with or without ال (كل خميس، كل يوم جمعة)."""
    h = s.hit(i, "weekday")
    if h:
        return int(h.entry.value)
    for e in lexicon().single.get("ال" + s.norm[i], ()):
        if e.category == "weekday":
            return int(e.value)
    return None


def _match_clock(s: Sentence, i: int) -> Reading | None:
    """الساعة 10:30، الساعة العاشرة والنصف صباحا، 8 مساء، الواحدة ظهرا."""
    j, said_hour = i, False
    h = s.hit(i, "unit", article=True)
    if h and h.entry.value == "H" and h.entry.extra == 1:
        j, said_hour = i + 1, True
    hour = minute = None
    v = s.number(j)
    if v is not None:
        if v > 24:
            return None
        hour, j = v, j + 1
        if s.punct(j, ":") and s.number(j + 1) is not None:
            minute, j = s.number(j + 1), j + 2
            if minute > 59:
                return None
    else:
        got = word_number(s.hits, j, s.n, ordinal=True)
        one = s.hit(j, "number", article=True)
        if got is None and one is not None and one.entry.value == 1 and s.norm[j].endswith("ه"):
            got = (1, j + 1)  # الواحدة: one o'clock is a cardinal
        if got is not None and got[0] > 12 and got[1] == j + 2:
            got = word_number(s.hits, j, j + 1, ordinal=True)  # الرابعة وعشرين دقيقة: 4:20
        if got is None or not 1 <= got[0] <= 12:
            return None
        hour, j = got
    # و النصف / والربع / وعشر دقائق / و 10 دقائق
    half = s.hit(j, "half") or s.hit(j, "quarter")
    if half and half.proclitic == "و" and minute is None:
        minute, j = int(half.entry.value), j + 1
    elif minute is None and (extra := _and_minutes(s, j)):
        minute, j = extra
    part = s.hit(j, "partadv")
    if part:
        j += part.length
    then_part = s.norm[j : j + 1] == ["من"] and s.hit(j + 1, "partnoun") is not None and not s.hit(i - 1, "unit")
    if not said_hour and part is None and not then_part and (minute is None or v is None):
        return None  # an hour needs الساعة, a part of the day, or minutes: 10:30
    return Reading(i, j, kind="time", hour=hour, minute=minute or 0, part=str(part.entry.value) if part else None)


def _and_minutes(s: Sentence, j: int) -> tuple[int, int] | None:
    """(minutes, end) of "وعشر دقائق", "و 10 دقائق", "وخمس وعشرين دقيقة" after an hour."""
    k = j + 1 if s.norm[j : j + 1] == ["و"] else j
    got = word_number(s.hits, k, s.n, ordinal=False)
    if got is not None:
        if k == j and not any(h.proclitic == "و" for h in s.hits(j)):
            return None
    elif k > j and s.number(k) is not None:
        got = (s.number(k), k + 1)
    if got is None or not 1 <= got[0] <= 59:
        return None
    u = s.hit(got[1], "unit", article=False, bare=True)
    if u is None or u.entry.value != "MI" or u.entry.extra == 2:
        return None
    return got[0], got[1] + 1


def _match_part_alone(s: Sentence, i: int) -> Reading | None:
    """A part of the day on its own, on the publication day: ظهرا، مساء، منتصف الليل
    (T24:00). Not before an adjective that agrees with it (ليلا طويلا) or a noun it
    governs (مساء الخير): then it is a noun, not a time."""
    m = s.hit(i, "midnight")
    if m is not None:
        return Reading(i, i + m.length, kind="time", hour=int(m.entry.value), minute=0)
    h = s.hit(i, "partalone", article=False)
    if h is None or h.proclitic not in ("", "و"):  # not المساء (a newspaper), بالليل
        return None
    j = i + h.length
    if j < s.n and s.kinds[j] == "arabic" and not s.hits(j):
        nxt = s.norm[j]
        if (s.norm[i].endswith("ا") and nxt.endswith("ا")) or (not s.norm[i].endswith("ا") and nxt.startswith("ال")):
            return None
    return Reading(i, j, kind="time", part=str(h.entry.value))


_UNTIL = frozenset({"حتي", "لحد", "لغايه", "وحتي"})


def _match_until_now(s: Sentence, i: int) -> Reading | None:
    """حتى الساعة، حتى اللحظة: "until now" (the present), when no hour follows."""
    if s.hit(i, "nowword", article=None) is None or i == 0 or s.norm[i - 1] not in _UNTIL:
        return None
    if s.number(i + 1) is not None or word_number(s.hits, i + 1, s.n, ordinal=True):
        return None
    return Reading(i, i + 1, kind="time", ref="PRESENT_REF")


def _match_ref(s: Sentence, i: int) -> Reading | None:
    h = s.hit(i, "ref")
    if h is None:
        return None
    ref = str(h.entry.value)
    return Reading(i, i + h.length, kind="time" if ref == "PRESENT_REF" else "ref", ref=ref)


def _match_decade(s: Sentence, i: int) -> Reading | None:
    """الستينيات، التسعينات [من القرن الماضي]."""
    m = _DECADE.match(s.norm[i]) if i < s.n and s.kinds[i] == "arabic" else None
    if m is None:
        return None
    for e in lexicon().single.get(m.group(1), ()):
        if e.category == "number" and e.extra == "cardinal" and 20 <= int(e.value) <= 90:
            r = Reading(i, i + 1, decade=190 + int(e.value) // 10)
            k = i + 2 if s.norm[i + 1 : i + 2] == ["من"] else i + 1
            if s.hit(k, "unit", article=True):  # [من] القرن الماضي / العشرين
                century = _match_relative_unit(s, k)
                if century is not None and (century.century is not None or century.shift_unit == "CE"):
                    r.end = century.end
                    if century.century is not None:
                        r.decade = century.century * 10 + int(e.value) // 10
            return r
    return None


def _match_season(s: Sentence, i: int) -> Reading | None:
    """فصل الشتاء، الصيف الماضي، صيف 2022، صيف العام المقبل (a bare الربيع stays out:
    الربيع العربي)."""
    j, said = i, False
    if s.hit(i, "seasonword"):
        j, said = i + 1, True
    h = s.hit(j, "season")
    if h is None:
        return None
    r = Reading(i, j + 1, season=str(h.entry.value))
    sh = s.hit(j + 1, "shift")
    year = _year_number(s, j + 1)
    of = _match_relative_unit(s, j + 1) if not h.article else None
    if sh:
        r.direction, r.end = int(sh.entry.value), j + 2
    elif year and not h.article:
        r.year, r.end = year
    elif of is not None and of.shift_unit == "Y" and of.kind == "date":
        r.shift_unit, r.shift, r.end = "Y", of.shift, of.end  # صيف العام المقبل
    elif not said:
        return None
    return r


def _match_quarter(s: Sentence, i: int) -> Reading | None:
    """الربع الأول من العام، النصف الثاني من 2023، الربع الأخير من العام الماضي; a
    quarter alone (في الربع الأول) is this year's; الربع الأول من المباراة is not a time."""
    h = s.hit(i, "quarter", article=True) or s.hit(i, "half", article=True)
    if h is None:
        return None
    size = 4 if h.entry.category == "quarter" else 2
    n = word_number(s.hits, i + 1, s.n, ordinal=True)
    last = s.hit(i + 1, "shift")
    if n is None and last is not None and s.norm[i + 1].startswith("الاخير"):
        n = (size, i + 2)  # الربع الأخير
    if n is None or not 1 <= n[0] <= size:
        return None
    j = n[1]
    if s.norm[j : j + 1] != ["من"]:
        if size == 2:
            return None  # "النصف الثاني" alone is too often something else's half
        return Reading(i, j, shift_unit="Y", shift=0, season=f"Q{n[0]}")
    year = _match_year(s, j + 1) or _match_relative_unit(s, j + 1)
    if year is None:
        u = s.hit(j + 1, "unit", article=True)
        if u is None or u.entry.value != "Y" or u.entry.extra != 1:
            return None
        year = Reading(j + 1, j + 2, shift_unit="Y", shift=0)
    if year.year is None and year.shift_unit != "Y":
        return None
    year.start, year.season = i, f"{'Q' if size == 4 else 'H'}{n[0]}"
    return year


def _match_weekend(s: Sentence, i: int) -> Reading | None:
    """عطلة نهاية الأسبوع [الماضية|المقبلة]: a weekend, counted like a weekday."""
    h = s.hit(i, "weekend")
    if h is None:
        return None
    r = Reading(i, i + h.length, season="WE")
    sh = s.hit(r.end, "shift")
    if sh:
        r.direction, r.end = int(sh.entry.value) or None, r.end + 1
    return r


def _match_period(s: Sentence, i: int) -> Reading | None:
    """الفترة العثمانية، العهد المملوكي، فترة الحكم العثماني: a DATE with no value."""
    h = s.hit(i, "periodword")
    if h is None:
        return None
    p = s.hit(i + 1, "period")
    if p is None:
        return None
    return Reading(i, i + 1 + p.length)


def _match_prefixed(s: Sentence, i: int) -> Reading | None:
    """يوم 30 مارس، شهر رمضان، شهر مايو المقبل: the noun stays in the span."""
    u = s.hit(i, "unit", article=False)
    if u is None or u.entry.extra != 1 or u.entry.value not in ("D", "M"):
        return None
    inner = _match_month(s, i + 1) or _match_numeric(s, i + 1)
    if inner is None and u.entry.value == "D":
        inner = _match_dayref(s, i + 1)  # يوم أمس، يوم غد
        if inner is not None and inner.shift == 0 and not s.hit(i + 1, "this"):
            inner = None  # "يوم اليوم" is not said
    if inner is None or (u.entry.value == "D") != inner.has_day:
        return None
    inner.start = i
    return inner


_CORE = (
    _match_quarter,
    _match_prefixed,
    _match_period,
    _match_numeric,
    _match_weekday,
    _match_month,
    _match_year,
    _match_dayref,
    _match_tonight,
    _match_partnoun,
    _match_relative_unit,
    _match_duration,
    _match_half_unit,
    _match_set,
    _match_clock,
    _match_ref,
    _match_part_alone,
    _match_until_now,
    _match_decade,
    _match_season,
    _match_weekend,
)


# which matchers can start at a token, by the categories of its lexicon entries
_STARTS = {
    "digits": (_match_numeric, _match_month, _match_year, _match_duration, _match_clock, _match_set),
    "paren": (_match_year,),
    "unit": (
        _match_prefixed,
        _match_year,
        _match_weekday,
        _match_relative_unit,
        _match_duration,
        _match_clock,
        _match_until_now,
    ),
    "this": (_match_dayref, _match_relative_unit),
    "month": (_match_month,),
    "weekday": (_match_weekday,),
    "dayref": (_match_dayref,),
    "tonight": (_match_tonight,),
    "partnoun": (_match_partnoun,),
    "number": (_match_month, _match_duration, _match_clock, _match_set),
    "few": (_match_duration,),
    "half": (_match_half_unit, _match_quarter),
    "quarter": (_match_half_unit, _match_quarter),
    "times": (_match_set,),
    "setadv": (_match_set,),
    "every": (_match_set,),
    "ref": (_match_ref,),
    "season": (_match_season,),
    "weekend": (_match_weekend,),
    "seasonword": (_match_season,),
    "periodword": (_match_period,),
    "decade": (_match_decade,),
    "partalone": (_match_part_alone,),
    "midnight": (_match_part_alone,),
    "nowword": (_match_until_now,),
    "temporalprep": (_match_month,),  # من 13 حتى 15 نوفمبر: tried only before a number
}
# categories whose words send the grammar looking (في، من are too common to do so)
STARTER_CATEGORIES = (frozenset(_STARTS) - {"temporalprep"}) | {"mod", "anchor"}


def categories(s: Sentence, i: int) -> set[str]:
    """What token i could begin: its lexicon categories, "digits", "paren", "decade"."""
    cats = s._categories.get(i)
    if cats is not None:
        return cats
    kind = s.kinds[i] if i < s.n else None
    if kind is None:
        cats = set()
    elif kind == "number":
        cats = {"digits"}
    elif kind == "punct":
        cats = {"paren"} if s.surface[i] == "(" else set()
    else:
        cats = {h.entry.category for h in s.hits(i)}
        if _DECADE.match(s.norm[i]):
            cats.add("decade")
    s._categories[i] = cats
    return cats


def _core(s: Sentence, i: int) -> Reading | None:
    best = None
    wanted = set()
    for c in categories(s, i):
        wanted.update(_STARTS.get(c, ()))
    for match in _CORE:
        if match not in wanted:
            continue
        r = match(s, i)
        if r is not None and (best is None or r.end > best.end):
            best = r
    return best


def _match_mod(s: Sentence, i: int) -> Reading | None:
    """أواخر 2022، منتصف الشهر، مطلع العام المقبل، بداية يناير."""
    h = s.hit(i, "mod")
    if h is None:
        return None
    j = i + h.length
    inner = _core(s, j)
    if inner is None:
        u = s.hit(j, "unit", article=True)
        if u and u.entry.extra == 1 and u.entry.value in ("W", "M", "Y", "DE", "CE"):
            inner = Reading(j, j + 1, shift_unit=str(u.entry.value), shift=0)
        elif s.norm[j : j + 1] == ["من"]:
            inner = _core(s, j + 1)
    if inner is None or inner.kind not in ("date",) or inner.day is not None or inner.weekday is not None:
        return None
    if inner.shift_unit == "D":
        return None
    inner.start, inner.mod = i, str(h.entry.value)
    return inner


def _match_anchored(s: Sentence, i: int) -> Reading | None:
    """منذ عامين، قبل ثلاثة أيام، خلال الأسبوع الماضي، بتاريخ ( 15 / 1 / 1959 ), منذ شهر."""
    h = s.hit(i, "anchor")
    if h is None:
        return None
    j = i + h.length
    if s.punct(j, ":"):
        j += 1
    approx = s.hit(j, "approx")
    if approx is not None:
        j += approx.length  # قبل نحو أسبوعين، منذ أكثر من عام
    paren = s.punct(j, "(")
    inner = _expression(s, j + 1 if paren else j, anchored=True)
    if inner is None and paren:
        inner = _expression(s, j, anchored=True)
        paren = False
    if inner is None:
        u = s.hit(j, "unit", article=False, bare=True)
        if (
            u is None
            or u.entry.extra == 2
            or (u.entry.value in ("DE", "CE") and not _decade_word(s, j, str(h.entry.value)))
        ):
            return None
        inner = Reading(j, j + 1, kind="duration", count=1 if u.entry.extra == 1 else None, unit=str(u.entry.value))
    if paren:
        if not s.punct(inner.end, ")"):
            return None
        inner.end += 1
        inner = _with_era(s, inner)
    anchor = str(h.entry.value)
    if anchor == "during" and inner.kind == "duration" and inner.unit in _CLOCK_UNITS and not paren:
        return inner  # Wojood leaves خلال, لمدة out of a TIME duration: خلال [30 دقيقة]
    if (
        anchor in ("before", "after")
        and inner.kind == "date"
        and inner.year is None
        and inner.shift_unit is None
        and inner.month is None
        and inner.season is None
    ):
        return None
    inner.start, inner.anchor = i, anchor
    if anchor in ("before", "after") and inner.kind == "duration" and _event_after(s, inner.end):
        inner.anchor = f"event {anchor}"  # بعد يوم من الإعلان: from the event, not the publication
    return inner


_OF = frozenset({"من", "علي"})
_NOT_EVENTS = frozenset({"يد", "ايدي", "الاقل", "الاكثر"})  # قبل 25 عاما على يد ...، على الأقل


_AFTER_DECADE = frozenset({"من", "في", "و"})


def _decade_word(s: Sentence, j: int, anchor: str) -> bool:
    """عقد/قرن alone after an introducing word is a decade or a century after منذ/قبل,
    and after خلال only when nothing it could govern follows (خلال عقد من الزمن, but
    "خلال عقد الاجتماع", "بعد عقد اتفاقية": عقد there is "holding")."""
    if anchor in ("since", "before"):
        return True
    if anchor != "during":
        return False
    nxt = s.norm[j + 1] if j + 1 < s.n else None
    return nxt is None or s.kinds[j + 1] != "arabic" or nxt in _AFTER_DECADE


def _event_after(s: Sentence, j: int) -> bool:
    """ "من/على" + a word that is not a time (الإعلان، توقيع) after قبل/بعد + a duration."""
    if s.norm[j : j + 1] and s.norm[j] in _OF and j + 1 < s.n and s.kinds[j + 1] == "arabic":
        if s.norm[j + 1] in _NOT_EVENTS:
            return False
        return not (s.hit(j + 1, "ref") or s.hit(j + 1, "dayref") or s.hit(j + 1, "month") or s.hit(j + 1, "unit"))
    return False


def _expression(s: Sentence, i: int, anchored: bool = False) -> Reading | None:
    if i >= s.n:
        return None
    best = None
    cats = categories(s, i)
    matchers = [_core]
    if "anchor" in cats and not anchored:
        matchers.append(_match_anchored)  # after _core: on a tie "بعد غد" is a day
    if "mod" in cats:
        matchers.append(_match_mod)
    for match in matchers:
        r = match(s, i)
        if r is not None and (best is None or r.end > best.end):
            best = r
    if best is not None:
        best = _tail(s, best)
    return best


def _tail(s: Sentence, r: Reading) -> Reading:
    """What may follow a day: a part of the day (الاثنين مساء) or an hour (الساعة 10)."""
    if r.kind in ("date", "time") and r.has_day and r.hour is None:
        j = r.end
        if s.punct(j, "،,"):
            j += 1
        clock = _match_clock(s, j)
        if clock is not None:
            r.kind, r.hour, r.minute, r.end = "time", clock.hour, clock.minute, clock.end
            r.part = clock.part or r.part
            return r
        part = s.hit(r.end, "partadv")
        if part and r.part is None:
            r.kind, r.part, r.end = "time", str(part.entry.value), r.end + part.length
    return r


def readings(s: Sentence, starts: list[int] | None = None) -> list[Reading]:
    """Every temporal expression in a sentence, left to right, none overlapping.

    ``starts``: the token indices worth trying (those that may begin an expression,
    ascending); all tokens when None."""
    out: list[Reading] = []
    done = 0
    for i in range(s.n) if starts is None else starts:
        if i < done:
            continue
        r = _expression(s, i)
        if r is None:
            continue
        out.append(r)
        done = r.end
    joined = _join(s, out)
    for r in joined:
        if _open_direction(r):
            r.tense = clause_tense(s, r.start)
    return joined


def _open_direction(r: Reading) -> bool:
    """A bare weekday or a month without a year: its own words do not say past or future."""
    if r.anchor is not None or r.year is not None or r.shift_unit is not None or r.until is not None:
        return False
    if r.weekday is not None:
        return r.weekday_shift is None and r.day is None and r.month is None
    return (r.month is not None or r.season == "WE") and r.direction is None


def _bare_years(a: Reading, b: Reading) -> bool:
    """Two plain years, the first before the second (بين 1900 و1980)."""
    plain = all(r.year is not None and r.month is None and r.season is None and r.until is None for r in (a, b))
    return plain and a.year < b.year


def _join(s: Sentence, found: list[Reading]) -> list[Reading]:
    """An hour then its day (الساعة العاشرة من صباح اليوم), and بين X وY, as one."""
    out: list[Reading] = []
    for r in found:
        prev = out[-1] if out else None
        if prev is not None:
            gap = s.norm[prev.end : r.start]
            if prev.clock_only and r.has_day and gap in ([], ["من"], ["،"], [","]):
                r.start, r.kind, r.hour, r.minute = prev.start, "time", prev.hour, prev.minute
                r.part = r.part or prev.part
                out[-1] = r
                continue
            linked = (gap == [] and any(h.proclitic.startswith("و") for h in s.hits(r.start))) or (
                gap == ["و"] and _bare_years(prev, r)  # و1980: the digits are a token of their own
            )
            if (
                linked
                and prev.kind == "date"
                and r.kind == "date"
                and prev.until is None
                and s.norm[prev.start - 1 : prev.start] in (["بين"], ["وبين"])
                and (prev.month is not None and r.month is not None or _bare_years(prev, r))
            ):
                prev.start -= 1
                prev.until, prev.end = r, r.end
                continue
        out.append(r)
    return out
