"""Numbers in digits or words, as they appear in dates and durations: ٣، 15، ثلاثة،
خمسة وعشرين، الحادي عشر، التاسع. Counts and ordinals; no fractions or large sums."""

from __future__ import annotations

from khabar.arabic import to_western_digits

from .lexicon import LexiconHit


def digits_value(surface: str) -> int | None:
    """The integer a digit token spells (Western, Eastern or Persian digits), or None."""
    plain = to_western_digits(surface).replace(",", "").replace("\u066c", "")
    return int(plain) if plain.isdecimal() else None


def word_number(hits_at, i: int, n: int, ordinal: bool) -> tuple[int, int] | None:
    """(value, end token) of a number written in words starting at token ``i``.

    ``hits_at(j)`` gives the lexicon hits of token j. Ordinals accept the ordinal forms
    (التاسع، الحادي) and, for 20, 30 ..., the cardinal tens with the article (العشرين)."""

    def number_hit(j: int, kinds: tuple[str, ...]) -> LexiconHit | None:
        if j >= n:
            return None
        for h in hits_at(j):
            if h.entry.category == "number" and h.entry.extra in kinds and h.length == 1:
                return h
        return None

    first_kinds = ("ordinal", "cardinal") if ordinal else ("cardinal", "hundred")
    h = number_hit(i, first_kinds)
    if h is None:
        return None
    value, j = int(h.entry.value), i + 1
    if ordinal and h.entry.extra == "cardinal" and value < 20 and value != 10:
        return None  # "ثلاثة" is not an ordinal; العاشر/العشرين are
    if value < 10:
        teen = number_hit(j, ("cardinal",))
        if teen is not None and teen.entry.value == 10 and teen.proclitic == "":
            return value + 10, j + 1
        tens = number_hit(j, ("cardinal",))
        if tens is not None and tens.proclitic == "و" and int(tens.entry.value) >= 20:
            return value + int(tens.entry.value), j + 1
    return value, j
