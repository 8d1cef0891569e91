"""PLOVER-style actor codes: a country (ISO-3166 alpha-3) and a sector, from what the
text says of an actor.

A state is its country (الصين → CHN; a capital standing for its government, موسكو → RUS).
A person takes the country and sector of their roles and descriptions ("وزيرة الخزانة
الأمريكية" → USA GOV). An organisation is a non-state body (الأمم المتحدة → IGO) or takes
the country and sector of its name (وكالة الأنباء الروسية → RUS JRN). A group named
without a proper name keeps its lexicon code, with the nationality after it (الجيش
اليمني → YEM MIL). Nothing is guessed: no country or sector in the words, no code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from khabar.document import Entity
from khabar.events.lexicon import ActorLexicon, actor_lexicon, nationality_key, words_key

STATE_TYPES = frozenset({"GPE"})
# PLOVER's sector codes (a code of three capitals that is none of these is a country).
SECTORS = frozenset(
    "GOV JUD LEG MIL COP OPP PTY REB PRM SPY UAF CVL ELI BUS EDU MED LAB AGR JRN REF REL SOC CRM".split()
)
NON_STATE = frozenset({"IGO", "NGO", "MNC", "IMG", "WST"})


def join_code(country: str | None, sector: str | None) -> str | None:
    code = " ".join(c for c in (country, sector) if c)
    return code or None


def country_in(words: tuple[str, ...], lex: ActorLexicon) -> str | None:
    """The first country the words name, by nationality (الروسي) or by name (روسيا)."""
    for n in range(len(words)):
        for size in (3, 2, 1):
            found = lex.countries.get(words_key(" ".join(words[n : n + size])))
            if found and n + size <= len(words):
                return found
        found = lex.nationalities.get(nationality_key(words[n]))
        if found:
            return found
    return None


def sector_in(words: tuple[str, ...], lex: ActorLexicon) -> str | None:
    """The sector of the first sector word (or pair of words) in the phrase."""
    keys = [words_key(w)[0] if w else "" for w in words]
    for n in range(len(keys)):
        for size in (3, 2, 1):
            found = lex.sectors.get(tuple(keys[n : n + size]))
            if found and n + size <= len(keys):
                return found
    return None


def body_code(name: str, lex: ActorLexicon) -> str | None:
    return lex.bodies.get(words_key(name))


def entity_code(entity: Entity, descriptions: Iterable[str]) -> str | None:
    """The code of an entity; ``descriptions`` are the texts of its description mentions."""
    return _code(entity.type, entity.name, entity.aliases, entity.roles, tuple(descriptions))


@lru_cache(maxsize=1 << 13)  # the same people and states recur across a corpus
def _code(
    type_: str, name: str, aliases: tuple[str, ...], roles: tuple[str, ...], descriptions: tuple[str, ...]
) -> str | None:
    lex = actor_lexicon()
    entity = Entity("", type_, name, aliases, roles)
    if entity.type in STATE_TYPES:
        for name in (entity.name, *entity.aliases):
            found = lex.countries.get(words_key(name))
            if found:
                return found
        return None
    if entity.type == "ORG":
        for name in (entity.name, *entity.aliases):
            found = body_code(name, lex)
            if found:
                return found
        words = tuple(entity.name.split())
        return join_code(country_in(words, lex), sector_in(words, lex))
    if entity.type == "NORP":
        return lex.nationalities.get(nationality_key(entity.name)) or body_code(entity.name, lex)
    if entity.type == "PERSON":
        texts = [*entity.roles, *descriptions]
        country = next((c for t in texts if (c := country_in(tuple(t.split()), lex))), None)
        sector = next((s for t in texts if (s := sector_in(tuple(t.split()), lex))), None)
        return join_code(country, sector)
    return None


def group_code(base: str, words: tuple[str, ...], lex: ActorLexicon) -> str | None:
    """A group's code: its own, with the country its words name (الجيش اليمني)."""
    if base == "-":
        return None
    if base in NON_STATE:
        return base
    return join_code(country_in(words, lex), base)
