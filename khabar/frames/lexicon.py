"""The cue lexicon and the function words of reported speech, loaded once from data.

Everything is keyed by ``arabic.normalize`` form, so spelling variants (أعلن/اعلن,
ى/ي) meet. Vocalised passives (أُعلن) are kept apart, keyed by their diacritics. Word
classes (``data/quote_words.tsv``, first column) are looked up by name; a name the data
does not define raises ``UnknownWordClass`` rather than reading as an empty class.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from khabar.arabic import normalize, strip_diacritics
from khabar.lexicon import data_lines

# Word classes compared letter for letter (``CueLexicon.exact``), because normalising would
# merge them with others (the name علي with the preposition على; بنت with بنه), or because
# they are matched as the start of a surface word (فإن… opens a main clause; فأن does not).
SURFACE_KINDS = frozenset(
    {"name_not_boundary", "source_then", "main_clause", "lineage", "relay_from", "relay_from_pronoun", "verb_particle"}
)


class UnknownWordClass(LookupError):
    """A word class that ``data/quote_words.tsv`` does not define: a misspelt name in code."""


class WordClasses(dict[str, frozenset[str]]):
    """Word class name -> its words; a missing name raises instead of reading as empty."""

    def __missing__(self, kind: str) -> frozenset[str]:
        where = "compared letter for letter: read it from CueLexicon.exact" if kind in SURFACE_KINDS else "misspelt?"
        raise UnknownWordClass(
            f"no word class {kind!r} here ({where}); khabar/data/quote_words.tsv defines {', '.join(sorted(self))}"
        )


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
class CueLexicon:
    cues: dict[str, CueForm]
    passives: dict[str, CueForm]  # keyed by the vocalised form, tatweel dropped
    words: WordClasses  # kind -> normalised words
    exact: WordClasses  # kind -> words as written, for SURFACE_KINDS
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
        """Whether the word's matching form is in class ``kind``; raises
        ``UnknownWordClass`` for a class the data does not define."""
        return matching_form(surface) in self.words[kind]


# Every token of every sentence is looked up several times; news vocabulary repeats, so
# remembering the normalised forms of the most recent words makes the lookups cheap.
@lru_cache(maxsize=1 << 14)
def matching_form(surface: str) -> str:
    return normalize(surface)


@cache
def cue_lexicon() -> CueLexicon:
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
    exact: dict[str, set[str]] = {}
    for kind, word in data_lines("quote_words.tsv"):
        if kind in SURFACE_KINDS:
            exact.setdefault(kind, set()).add(word)
        else:
            words.setdefault(kind, set()).add(normalize(word))
    triggers = frozenset(cues) | {normalize(strip_diacritics(f)) for f in passives}
    triggers |= words["source"] | words["as_cue"] | words["source_noun"]
    return CueLexicon(
        cues,
        passives,
        WordClasses({k: frozenset(v) for k, v in words.items()}),
        WordClasses({k: frozenset(v) for k, v in exact.items()}),
        triggers,
        frozenset(wasl),
    )
