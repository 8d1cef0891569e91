"""The cue lexicon and the function words of reported speech, loaded once from data.

Everything is keyed by ``arabic.normalize`` form, so spelling variants (أعلن/اعلن,
ى/ي) meet. Vocalised passives (أُعلن) are kept apart, keyed by their diacritics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from khabar.arabic import normalize, strip_diacritics
from khabar.lexicon import data_lines

# Word kinds compared letter for letter, because normalising would merge them with
# others (the name علي with the preposition على).
SURFACE_KINDS = frozenset({"name_not_boundary"})


@dataclass(frozen=True, slots=True)
class CueForm:
    """One surface form of a reporting verb, participle or masdar."""

    lemma: str
    pos: str  # past | present | participle | masdar | passive
    gender: str  # m | f | -
    number: str  # s | d | p | -
    cls: str  # speech | address | relay
    preps: tuple[str, ...]  # normalised prepositions that can open the content

    @property
    def is_verb(self) -> bool:
        return self.pos in ("past", "present")


@dataclass(frozen=True)
class QuoteLexicon:
    cues: dict[str, CueForm]
    passives: dict[str, CueForm]  # keyed by the vocalised form, tatweel dropped
    words: dict[str, frozenset[str]]  # kind -> normalised words
    triggers: frozenset[str]  # every normalised word that can start a clause or a source
    wasl: frozenset[str] = frozenset()  # normalised forms spelled with hamzat al-wasl (اعتقد)

    def cue(self, surface: str) -> CueForm | None:
        """The cue a token spells, or None. A damma on a vocalised form marks the passive.
        A hamza written on a verb whose past starts with hamzat al-wasl (أعتقد، وأعتبر)
        is the first person present, said inside a quotation, not a report."""
        if "\u064f" in surface:
            passive = self.passives.get(surface.replace("\u0640", ""))
            if passive:
                return passive
        form = matching_form(surface)
        if form in self.wasl and surface.lstrip("وف").startswith("أ"):
            return None
        return self.cues.get(form)

    def has(self, kind: str, surface: str) -> bool:
        return matching_form(surface) in self.words.get(kind, frozenset())


# Every token of every sentence is looked up several times; news vocabulary repeats, so
# remembering the normalised forms of the most recent words makes the lookups cheap.
@lru_cache(maxsize=1 << 14)
def matching_form(surface: str) -> str:
    return normalize(surface)


@cache
def quote_lexicon() -> QuoteLexicon:
    cues: dict[str, CueForm] = {}
    passives: dict[str, CueForm] = {}
    for form, lemma, pos, gender, number, cls, preps in data_lines("cues.tsv"):
        preps_t = tuple(normalize(p) for p in preps.split(",")) if preps != "-" else ()
        entry = CueForm(lemma, pos, gender, number, cls, preps_t)
        if pos == "passive" and strip_diacritics(form) != form:
            passives[form] = entry
        else:
            cues.setdefault(normalize(form), entry)
    wasl = {normalize(form) for form, *_ in data_lines("cues.tsv") if form.lstrip("وف").startswith("ا")}
    words: dict[str, set[str]] = {}
    for kind, word in data_lines("quote_words.tsv"):
        words.setdefault(kind, set()).add(word if kind in SURFACE_KINDS else normalize(word))
    triggers = frozenset(cues) | {normalize(strip_diacritics(f)) for f in passives}
    triggers |= words["source"] | words["as_cue"] | {normalize("لسان")}
    return QuoteLexicon(cues, passives, {k: frozenset(v) for k, v in words.items()}, triggers, frozenset(wasl))
