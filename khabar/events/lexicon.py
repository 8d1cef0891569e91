"""The events lexicon, loaded once from data: triggers, function words, actors, countries.

Everything is keyed by ``arabic.normalize`` form (or ``arabic.match_key`` for words of
names), so spelling variants (أعلن/اعلن, ى/ي, ة/ه) meet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from khabar.arabic import match_key, normalize, strip_diacritics
from khabar.events.forms import first_person_forms, noun_forms, participle_forms, past_forms, present_forms
from khabar.lexicon import data_lines

TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
TARGET_SLOTS = frozenset({"obj", "gen", "-", "مع", "على", "ضد", "إلى", "ل", "ب", "من", "عن", "في", "بحق", "تجاه"})


class LexiconError(ValueError):
    """A row of an events data file that cannot be read; the message names it."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of event_triggers.tsv."""

    kind: str  # verb | noun | phrase | light
    lemma: str  # the first listed form
    type: str  # PLOVER type; "*" for a light verb that keeps its noun's
    cameo: str
    slots: tuple[str, ...]  # target slots in order of preference, normalised prepositions
    example: str
    recode: tuple[tuple[str, str, str], ...] = ()  # light verbs: (from type, to type, cameo)

    @property
    def genitive_is_target(self) -> bool:
        """A verbal noun of a transitive verb takes its object as genitive (اعتقال X)."""
        return bool(self.slots) and self.slots[0] in ("gen", "obj")


@dataclass(frozen=True, slots=True)
class Form:
    """A surface form of a trigger: which entry, as verb or noun, and its shape."""

    entry: Entry
    pos: str  # verb | noun | light
    number: str = "s"  # s | d | p (verbs)
    tense: str = ""  # past | present | participle (verbs)
    possessive: str = ""  # a noun's pronoun suffix (ه، ها، هم)
    needs_light: bool = False  # an event only as a light verb's object (فتح تحقيقا)
    light: str = ""  # the light verbs it needs, when only some will do (قطع العلاقات، أطلق/فتح النار), comma-separated
    person: str = "3"  # 1: a verb in the first person (ندين، رفضنا): its speaker acts

    def takes_light(self, lemma: str) -> bool:
        """Whether the light verb ``lemma`` carries this noun (any does when none is named)."""
        return not self.light or lemma in self.light.split(",")


@dataclass(frozen=True)
class EventLexicon:
    forms: dict[str, tuple[Form, ...]]  # normalised form -> its readings
    exact: dict[str, dict[str, Form]]  # normalised form -> surface (no diacritics) -> reading
    phrases: dict[str, tuple[tuple[tuple[str, ...], Entry], ...]]  # first word -> (rest, entry), longest first
    words: dict[str, frozenset[str]]  # kind -> normalised words (event_words.tsv)
    multiword: dict[str, tuple[tuple[str, ...], ...]]  # kind -> phrases of several words
    entries: tuple[Entry, ...]

    def has(self, kind: str, form: str) -> bool:
        """Whether a normalised token is a word of ``kind``."""
        return form in self.words.get(kind, frozenset())

    @cached_property
    def starters(self) -> frozenset[str]:
        """Every matching form a trigger can start with: one set test per token."""
        return frozenset(self.forms) | frozenset(self.phrases) | frozenset(self.exact)


def _slots(cell: str) -> tuple[str, ...]:
    slots = tuple(cell.split())
    bad = [s for s in slots if s not in TARGET_SLOTS]
    if bad:
        raise LexiconError(f"event_triggers.tsv: unknown target slot {', '.join(bad)}")
    return tuple(normalize(s) if s not in ("obj", "gen", "-") else s for s in slots if s != "-")


def _entry(row: list[str]) -> Entry:
    if len(row) != 6:
        raise LexiconError(f"event_triggers.tsv: expected 6 columns, got {len(row)}: {row!r}")
    kind, forms, type_, cameo, target, example = row
    recode: tuple[tuple[str, str, str], ...] = ()
    if kind == "light" and ">" in type_:
        source, to = type_.split(">")
        recode = ((source, to, cameo),)
    elif type_ != "*" and type_ not in TYPES:
        raise LexiconError(f"event_triggers.tsv: {type_!r} is not a PLOVER type ({forms})")
    if type_ != "*" and not (len(cameo) == 2 and cameo.isdigit() and 1 <= int(cameo) <= 20):
        raise LexiconError(f"event_triggers.tsv: {cameo!r} is not a CAMEO root code ({forms})")
    lemma = forms.split("|")[0].split()[0].removeprefix(BARE)
    return Entry(kind, lemma if lemma != "-" else forms.split()[-1], type_, cameo, _slots(target), example, recode)


def _add(table: dict[str, list[Form]], surface: str, form: Form) -> None:
    key = normalize(surface)
    readings = table.setdefault(key, [])
    if not any(r.entry is form.entry and r.pos == form.pos for r in readings):
        readings.append(form)


BARE = "="  # before a noun whose first letters ال are its own, not the article (=التزام)
TRIGGER_FILES = ("event_triggers.tsv", "event_derived.tsv")  # written by hand; generated from event_lemmas.tsv


def trigger_rows() -> list[list[str]]:
    """Every trigger row: the hand-written ones, then those derived from the lemma table."""
    return [row for name in TRIGGER_FILES for row in data_lines(name)]


@cache
def event_lexicon() -> EventLexicon:
    table: dict[str, list[Form]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
    entries: list[Entry] = []
    lights: dict[str, Entry] = {}
    exact: dict[str, dict[str, Form]] = {}
    for row in trigger_rows():
        entry = _entry(row)
        kind, forms = row[0], row[1]
        if kind == "light" and entry.lemma in lights:  # a second recoding of the same verb
            known = lights[entry.lemma]
            merged = Entry(known.kind, known.lemma, "*", "", (), known.example, known.recode + entry.recode)
            lights[entry.lemma] = merged
            entries.append(entry)
            continue
        entries.append(entry)
        if kind in ("verb", "light"):
            past, present, *participle = forms.split()
            pos = "light" if kind == "light" else "verb"
            if kind == "light":
                lights[entry.lemma] = entry
            transitive = kind == "light" or "obj" in entry.slots
            if past != "-":
                for surface, number in past_forms(past, transitive):
                    _add(table, surface, Form(entry, pos, number, "past"))
            if present != "-":
                for surface, number in present_forms(present, transitive):
                    _add(table, surface, Form(entry, pos, number, "present"))
            if kind == "verb":
                for surface, number, tense in first_person_forms(past, present):
                    _add(table, surface, Form(entry, pos, number, tense, person="1"))
            for word in participle:
                if kind == "light":  # a light verb's third form is its masdar: فرض عقوبات، تخفيف العقوبات
                    for surface, _ in noun_forms(word):
                        _add(table, surface, Form(entry, pos, "s", "masdar"))
                    continue
                for surface in participle_forms(word):
                    _add(table, surface, Form(entry, pos, "s", "participle"))
        elif kind == "noun":
            for listed in forms.split():
                word, star, light = listed.partition("*")
                bare = word.startswith(BARE)
                for surface, suffix in noun_forms(word.removeprefix(BARE), bare):
                    _add(table, surface, Form(entry, "noun", possessive=suffix, needs_light=bool(star), light=light))
        elif kind == "exact":
            for surface in forms.split("|"):
                exact.setdefault(normalize(surface), {})[strip_diacritics(surface)] = Form(entry, "verb", "s", "past")
        elif kind == "phrase":
            for phrase in forms.split("|"):
                first, *rest = normalize(phrase).split()
                if rest:
                    phrases.setdefault(first, []).append((tuple(rest), entry))
                else:
                    _add(table, first, Form(entry, "noun"))
        else:
            raise LexiconError(f"event_triggers.tsv: unknown kind {kind!r}")
    # light verbs carry every recoding of their rows (رفع: SANCTION>RETREAT, and keep others)
    final: dict[str, tuple[Form, ...]] = {}
    for key, readings in table.items():
        fixed = []
        for r in readings:
            if r.pos == "light":
                merged = lights[r.entry.lemma]
                r = Form(merged, "light", r.number, r.tense, person=r.person)
            fixed.append(r)
        final[key] = tuple(fixed)
    words: dict[str, set[str]] = {}
    multiword: dict[str, list[tuple[str, ...]]] = {}
    for kind, word in data_lines("event_words.tsv"):
        form = normalize(word)
        if " " in form:
            multiword.setdefault(kind, []).append(tuple(form.split()))
        else:
            words.setdefault(kind, set()).add(form)
    return EventLexicon(
        final,
        exact,
        {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in phrases.items()},
        {k: frozenset(v) for k, v in words.items()},
        {k: tuple(v) for k, v in multiword.items()},
        tuple(entries),
    )


@dataclass(frozen=True)
class ActorLexicon:
    """Actor words and codes: groups named without a proper name, sector words,
    organisations with non-state codes, and countries by name, capital and nationality."""

    groups: dict[tuple[str, ...], str]  # match_key words -> code
    sectors: dict[tuple[str, ...], str]
    bodies: dict[tuple[str, ...], str]
    countries: dict[tuple[str, ...], str]  # name or capital -> alpha-3
    country_names: dict[tuple[str, ...], str]  # name only -> alpha-3
    nationalities: dict[str, str]  # adjective stem (روسي) -> alpha-3
    longest: int  # words in the longest phrase
    openers: frozenset[str] = frozenset()  # the matching forms (any prefix) a group or country name starts with

    def country_at(self, keys: Sequence[str], i: int) -> tuple[int, str] | None:
        """(words, alpha-3) of a country's name starting at ``keys[i]`` (not a capital:
        a city name is too often a person's or a street's)."""
        return _longest(self.country_index, keys, i)

    def group_at(self, keys: Sequence[str], i: int) -> tuple[int, str] | None:
        """(words, code) of the longest group or body phrase starting at ``keys[i]``."""
        return _longest(self.group_index, keys, i)

    @cached_property
    def group_index(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        return _index({**self.bodies, **self.groups})

    @cached_property
    def country_index(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        return _index(self.country_names)


def words_key(phrase: str) -> tuple[str, ...]:
    return tuple(match_key(w) for w in phrase.split())


@lru_cache(maxsize=1 << 14)
def nationality_key(word: str) -> str:
    """The adjective stem of a nationality in any gender, number or case: الروسية،
    الصينيين، الأمريكيون → روسي، صيني، امريكي (matching form)."""
    w = match_key(word)
    for ending in ("يين", "يون", "ين", "ون", "يه", "ه", "ان"):
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            w = w[: -len(ending)]
            if not w.endswith("ي"):
                w += "ي"
            break
    return w


@cache
def actor_lexicon() -> ActorLexicon:
    tables: dict[str, dict[tuple[str, ...], str]] = {"group": {}, "sector": {}, "body": {}}
    for kind, phrase, code in data_lines("event_actors.tsv"):
        tables[kind].setdefault(words_key(phrase), code)
    countries: dict[tuple[str, ...], str] = {}
    names: dict[tuple[str, ...], str] = {}
    nationalities: dict[str, str] = {}
    for code, kind, form in data_lines("event_countries.tsv"):
        if kind == "adjective":
            nationalities.setdefault(nationality_key(form) if " " not in form else form, code)
        else:
            countries.setdefault(words_key(form), code)
            if kind == "name" and len(form) > 3:
                names.setdefault(words_key(form), code)
    longest = max(len(k) for t in tables.values() for k in t)
    firsts = {k[0] for t in (tables["group"], tables["body"], names) for k in t}
    openers = frozenset(p + w for w in firsts for p in _OPENER_PREFIXES)
    return ActorLexicon(
        tables["group"], tables["sector"], tables["body"], countries, names, nationalities, longest, openers
    )


def _index(table: dict[tuple[str, ...], str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> (words, code) of each phrase, longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, code in table.items():
        out.setdefault(words[0], []).append((words, code))
    return {k: sorted(v, key=lambda p: -len(p[0])) for k, v in out.items()}


def _longest(
    index: dict[str, list[tuple[tuple[str, ...], str]]], keys: Sequence[str], i: int
) -> tuple[int, str] | None:
    for words, code in index.get(keys[i], ()):
        n = len(words)
        if i + n <= len(keys) and all(keys[i + j] == words[j] for j in range(1, n)):
            return n, code
    return None


# what match_key strips from a word's front: a token whose matching form is one of these
# plus a name's first key may open that name
_OPENER_PREFIXES = ("", "ال", "و", "ف", "وال", "فال", "بال", "كال", "لل", "ول", "ب", "ل")
