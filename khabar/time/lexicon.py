"""The time lexicon: month, weekday, number, unit and other temporal words from the data
files, keyed by their matching form so that a token is looked up in one dict probe."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from khabar.arabic import normalize
from khabar.lexicon import data_lines


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a word: ``category`` (month, weekday, number, unit, or a category of
    time_words.tsv) with its ``value``; ``extra`` holds a second field where there is one
    (calendar of a month, count of a unit, kind of a number)."""

    category: str
    value: str | int
    extra: str | int | None = None
    needs_context: bool = False


@dataclass(frozen=True, slots=True)
class LexiconHit:
    """A lexicon entry found at a token: it spans ``length`` tokens; ``article`` says
    whether the first token carried ال, ``proclitic`` the و/ف/ب/ل/ك stripped before it."""

    entry: Entry
    length: int
    article: bool
    proclitic: str


class TimeLexicon:
    """Single-word entries by key, and several-word entries by the key of their first word."""

    def __init__(self) -> None:
        self.single: dict[str, list[Entry]] = {}
        self.multi: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        # per matching form: its one-word hits and the several-word entries it may begin
        self._word_cache: dict[str, tuple[list[LexiconHit], list[tuple[tuple[str, ...], LexiconHit]]]] = {}
        self._by_category: dict[str, dict[str, list[LexiconHit]]] = {}  # words no longer entry begins with

    def add(self, form: str, entry: Entry) -> None:
        words = [normalize(w) for w in form.split()]
        if len(words) == 1:
            self.single.setdefault(words[0], []).append(entry)
        else:
            self.multi.setdefault(words[0], []).append((tuple(words[1:]), entry))

    def keys(self, word: str) -> list[tuple[str, str, bool]]:
        """(key, proclitic, article) readings of a normalised word, the whole word first.

        Clitics are stripped here rather than with ``arabic.clitics`` because temporal
        words are short (أمس، غدا) and its minimum-stem rule would keep بأمس whole."""
        out = [(word, "", False)]
        rest, pro = word, ""
        if len(rest) > 2 and rest[0] in "وف":
            pro, rest = rest[0], rest[1:]
            out.append((rest, pro, False))
        if rest.startswith("لل") and len(rest) > 3:
            out.append((rest[2:], pro + "ل", True))
            out.append((rest[1:], pro + "ل", False))
            return out
        if len(rest) > 2 and rest[0] in "بلك":
            pro, rest = pro + rest[0], rest[1:]
            out.append((rest, pro, False))
        if rest.startswith("ال") and len(rest) > 3:
            out.append((rest[2:], pro, True))
        return out

    def word_hits(self, word: str) -> tuple[list[LexiconHit], list[tuple[tuple[str, ...], LexiconHit]]]:
        """The one-word hits of a normalised word and the several-word entries it may begin."""
        return self._word(word)

    def _word(self, word: str) -> tuple[list[LexiconHit], list[tuple[tuple[str, ...], LexiconHit]]]:
        cached = self._word_cache.get(word)
        if cached is None:
            single: list[LexiconHit] = []
            multi: list[tuple[tuple[str, ...], LexiconHit]] = []
            for key, pro, article in self.keys(word):
                single.extend(LexiconHit(entry, 1, article, pro) for entry in self.single.get(key, ()))
                multi.extend(
                    (rest, LexiconHit(entry, 1 + len(rest), article, pro)) for rest, entry in self.multi.get(key, ())
                )
            if len(self._word_cache) > 200_000:
                self._word_cache.clear()
            cached = self._word_cache[word] = (single, multi)
        return cached

    @property
    def categories(self) -> frozenset[str]:
        """Every category of the lexicon (a rule naming another fails at load)."""
        single = {e.category for entries in self.single.values() for e in entries}
        return frozenset(single | {e.category for rest in self.multi.values() for _, e in rest})

    def categories_of(self, word: str) -> set[str]:
        """The categories of the entries a normalised word can begin, with any clitics."""
        single, multi = self._word(word)
        return {h.entry.category for h in single} | {h.entry.category for _, h in multi}

    def by_category(self, norms: list[str], i: int) -> dict[str, list[LexiconHit]]:
        """The hits at token ``i`` by category, the longest first; remembered per word
        when no entry of several words can begin with it (the hits are then the word's)."""
        word = norms[i]
        found = self._by_category.get(word)
        if found is not None:
            return found
        by: dict[str, list[LexiconHit]] = {}
        for h in sorted(self.hits(norms, i), key=lambda h: -h.length):
            by.setdefault(h.entry.category, []).append(h)
        if not self._word(word)[1]:
            if len(self._by_category) > 200_000:
                self._by_category.clear()
            self._by_category[word] = by
        return by

    def hits(self, norms, i: int) -> list[LexiconHit]:
        """Every entry that matches at token ``i`` of a sentence's normalised tokens."""
        single, multi = self._word(norms[i])
        if not multi:
            return single
        found = list(single)
        for rest, hit in multi:
            n = len(rest)
            if tuple(norms[i + 1 : i + 1 + n]) == rest:
                found.append(hit)
        return found


@cache
def lexicon() -> TimeLexicon:
    lex = TimeLexicon()
    for form, calendar, month, needs in data_lines("time_months.tsv"):
        lex.add(form, Entry("month", int(month), calendar, needs.strip() == "1"))
    for form, weekday in data_lines("time_weekdays.tsv"):
        lex.add(form, Entry("weekday", int(weekday)))
    for form, kind, value in data_lines("time_numbers.tsv"):
        lex.add(form, Entry("number", int(value), kind))
    for form, unit, count in data_lines("time_units.tsv"):
        lex.add(form, Entry("unit", unit, int(count)))
    for form, calendar, month, day in data_lines("time_holidays.tsv"):
        lex.add(form, Entry("holiday", int(month) * 100 + int(day), calendar))
    for row in data_lines("time_words.tsv"):
        form, category = row[0], row[1]
        value = row[2].strip() if len(row) > 2 else ""
        lex.add(form, Entry(category, int(value) if value.lstrip("-").isdigit() else value))
    return lex


@cache
def context_words(kind: str, raw: bool = False) -> frozenset[str]:
    """A word list of time_context.tsv: words the grammar's checks read that are not
    lexicon entries. Normalised, unless ``raw`` (surface forms, word endings)."""
    rows = [row[0].strip() for row in data_lines("time_context.tsv") if row[1].strip() == kind]
    if not rows:
        raise KeyError(f"no {kind!r} list in time_context.tsv")
    return frozenset(rows if raw else (normalize(w) for w in rows))
