"""The time grammar's vocabulary in code: the parts a rule's pattern names (numbers in
digits or words, years, numeric dates, clock minutes) and the checks its conditions call
(is a bare number a year, is a month name a name). Each looks at tokens only; what they
mean, and the rules built from them, are in ``khabar/data/time_rules.toml``.

A part is called as ``part(window, i, captures, args)`` and returns ``(value, end)`` or
None; a check as ``check(window, rule start, position, captures)`` and returns a bool.
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon import context_words, lexicon
from .numbers import word_number
from .pattern import Cap, check, part, token_category
from .reading import Reading
from .window import TokenWindow

YEAR_MIN, YEAR_MAX = 1000, 2200
BARE_YEAR_MIN, BARE_YEAR_MAX = 1900, 2100  # a year without عام/سنة or an era suffix
SEPARATORS = "/-."
DASHES = "-–—"

Caps = dict[str, Cap]


# --- numbers ---------------------------------------------------------------------------------


@part("digits", starts=("digits",))
def digits(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """A number in digits; ``digits[0-24]``: within a range."""
    v = s.number(i)
    if v is None or (args and not args[0] <= v <= args[1]):
        return None
    return v, i + 1


@part("cardinal", starts=("number",))
def cardinal(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """A count in words: ثلاثة، خمسة عشر، خمسة وعشرين، مئة."""
    return word_number(s.hits, i, s.n, ordinal=False)


@part("count", starts=("digits", "number"))
def count(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """A count in words or digits."""
    got = word_number(s.hits, i, s.n, ordinal=False)
    if got:
        return got
    v = s.number(i)
    return None if v is None else (v, i + 1)


@part("ordinal", starts=("number",))
def ordinal(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """An ordinal in words (التاسع، الحادي والعشرين, and العاشر/العشرين); ``ordinal[1-4]``:
    within a range."""
    got = word_number(s.hits, i, s.n, ordinal=True)
    if got is None or (args and not args[0] <= got[0] <= args[1]):
        return None
    return got


@part("day", starts=("digits12", "number"))
def day(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """A day of the month in digits (one or two) or ordinal words (التاسع، الحادي والعشرين)."""
    v = s.number(i)
    if v is not None:
        return (v, i + 1) if 1 <= v <= 31 and len(s.surface[i]) <= 2 else None
    got = word_number(s.hits, i, s.n, ordinal=True)
    if got and 1 <= got[0] <= 31:
        return got
    return None


@part("year4", starts=("digits4",))
def year4(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """A year in four digits (1000-2200)."""
    v = s.number(i)
    if v is not None and YEAR_MIN <= v <= YEAR_MAX and len(s.surface[i]) == 4:
        return v, i + 1
    return None


@part("year", starts=("digits4", "paren"))
def year(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """A year in four digits, possibly in parentheses: 2022, ( 1948 )."""
    if s.punct(i, "("):
        got = year(s, i + 1, c, args)
        if got and s.punct(got[1], ")"):
            return got[0], got[1] + 1
        return None
    return year4(s, i, c, args)


@part("numeric_date", starts=("digits",))
def numeric_date(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[Reading, int] | None:
    """15/1/1959, 2024-04-09, 9/10/10/1940 (days 9 to 10), 15 / 1 / ( 1959 ): day, month
    and year in either order, told apart by their sizes."""
    nums: list[int] = []
    j = i
    while True:
        if s.punct(j, "(") and nums:
            got = year(s, j, c, ())
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
    return r, j


@part("and_minutes")
def and_minutes(s: TokenWindow, j: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """The minutes after an hour: "وعشر دقائق", "و 10 دقائق", "وخمس وعشرين دقيقة"."""
    k = j + 1 if s.norm[j : j + 1] == ["و"] else j
    got = word_number(s.hits, k, s.n, ordinal=False)
    if got is not None:
        if k == j and not any(h.proclitic == "و" for h in s.hits(j)):
            return None
    elif k > j and (digits := s.number(k)) is not None:
        got = (digits, k + 1)
    if got is None or not 1 <= got[0] <= 59:
        return None
    u = s.hit(got[1], "unit", article=False, bare=True)
    if u is None or u.entry.value != "MI" or u.entry.extra == 2:
        return None
    return got[0], got[1] + 1


@part("hour_word", starts=("number",))
def hour_word(s: TokenWindow, j: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """An hour in words, 1 to 12: العاشرة، الحادية عشرة، الواحدة (a cardinal)."""
    got = word_number(s.hits, j, s.n, ordinal=True)
    one = s.hit(j, "number", article=True)
    if got is None and one is not None and one.entry.value == 1 and s.norm[j].endswith("ه"):
        got = (1, j + 1)
    if got is not None and got[0] > 12 and got[1] == j + 2:
        got = word_number(s.hits, j, j + 1, ordinal=True)  # الرابعة وعشرين دقيقة: 4:20
    if got is None or not 1 <= got[0] <= 12:
        return None
    return got


@part("any_weekday")
def any_weekday(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """A weekday with or without ال (كل خميس، كل يوم جمعة)."""
    h = s.hit(i, "weekday")
    if h:
        return int(h.entry.value), i + 1
    if i < s.n:
        for e in lexicon().single.get("ال" + s.norm[i], ()):
            if e.category == "weekday":
                return int(e.value), i + 1
    return None


@cache
def decade_form() -> re.Pattern:
    """A word that may be a decade: [ال] + a stem + one of the endings of time_context.tsv."""
    suffixes = "|".join(sorted(context_words("decade_suffix", raw=True), key=len, reverse=True))
    return re.compile(rf"^(?:ال)?(\w+?)(?:{suffixes})$")


@token_category("decade")
def _decade_shaped(norm: str) -> bool:
    return decade_form().match(norm) is not None


@part("decade_word", starts=("decade",))
def decade_word(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[int, int] | None:
    """الستينيات، التسعينات: the tens (60, 90) a decade word is made from."""
    m = decade_form().match(s.norm[i]) if i < s.n and s.kinds[i] == "arabic" else None
    if m is None:
        return None
    for e in lexicon().single.get(m.group(1), ()):
        if e.category == "number" and e.extra == "cardinal" and 20 <= int(e.value) <= 90:
            return int(e.value), i + 1
    return None


@part("arabic")
def arabic_word(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[str, int] | None:
    """Any word in Arabic script."""
    return (s.norm[i], i + 1) if i < s.n and s.kinds[i] == "arabic" else None


@part("prev")
def previous(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[Reading, int] | None:
    """The reading a join rule joins from (it must begin here)."""
    p = c["prev"]
    return (p.value, p.end) if i == p.start else None


@part("next")
def following(s: TokenWindow, i: int, c: Caps, args: tuple) -> tuple[Reading, int] | None:
    """The reading a join rule joins to (it must begin here)."""
    n = c["next"]
    return (n.value, n.end) if i == n.start else None


# --- checks ----------------------------------------------------------------------------------


@check("blocked")
def blocked(s: TokenWindow, start: int, end: int, c: Caps) -> bool:
    """A name word before the rule (or before the number in front of it): شارع 26 يوليو،
    سوق الخميس, مسرح 23 يوليو."""
    if s.hit(start - 1, "blocker", article=False) is not None:
        return True
    return s.number(start - 1) is not None and s.hit(start - 2, "blocker", article=False) is not None


@check("bare_year")
def bare_year(s: TokenWindow, start: int, end: int, c: Caps) -> bool:
    """A four-digit number alone is a year when it is in the usual range, is not a
    reference number (رقم 1056), a part of an address (edu:2048), a year that ends a name
    (رؤية 2030) or counting the noun after it (2000 شخص). A range (2010 إلى 2015) is
    checked at its first year: the noun after its end is the sentence's object."""
    i = start
    if "u" in c:
        end = c["y"].end
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


@check("noun_follows")
def noun_follows(s: TokenWindow, start: int, end: int, c: Caps) -> bool:
    """A part of the day that is a noun, not a time: before an adjective that agrees with
    it (ليلا طويلا) or a noun it governs (مساء الخير)."""
    if end < s.n and s.kinds[end] == "arabic" and not s.hits(end):
        nxt = s.norm[end]
        if s.norm[start].endswith("ا"):
            return nxt.endswith("ا")
        return nxt.startswith("ال")
    return False


@check("participle_before")
def participle_before(s: TokenWindow, start: int, end: int, c: Caps) -> bool:
    """The word before is a participle (المنضم، المعين، منشأ): it begins with م or الم."""
    return start > 0 and s.kinds[start - 1] == "arabic" and s.norm[start - 1].startswith(("م", "الم"))


@check("bare_years")
def bare_years(s: TokenWindow, start: int, end: int, c: Caps) -> bool:
    """Two plain years, the first before the second (بين 1900 و1980)."""
    a, b = c["prev"].value, c["next"].value
    plain = all(r.year is not None and r.month is None and r.season is None and r.until is None for r in (a, b))
    return plain and a.year < b.year


@check("next_wa")
def next_wa(s: TokenWindow, start: int, end: int, c: Caps) -> bool:
    """The next reading's first word carries و (وبين يناير ومارس: و1980 is one token)."""
    return any(h.proclitic.startswith("و") for h in s.hits(c["next"].start))
