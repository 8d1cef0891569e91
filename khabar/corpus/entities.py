"""Cross-document entities: link each document's entity to one corpus-level entity.

Conservative on purpose: a wrong merge puts one person's words in another's mouth,
while a missed merge only splits a profile. A document's entity is taken to be a known
one, of the same type, when:

- its name has the same key (``name_key``: matching form, a clitic on the first word
  dropped, عبد/أبو joined: والرياض، للأمم المتحدة، عبدالفتاح / عبد الفتاح);
- a person's name is a spelling variant of a known one (بوتن / بوتين, سيرجي / سيرغي: a
  long vowel letter more or less, or letters outlets write for one foreign sound), or a
  shorter or longer form of it (عادل الجبير / عادل بن أحمد الجبير, محمد بن سلمان /
  محمد بن سلمان بن عبدالعزيز); a lone surname (بوتين) is the one known person whose
  surname it is, a lone given name (سلمان) the one known by a name of descent. Each of
  these only when exactly one known person fits, or one is in ``DOMINANT_RATIO`` times
  more documents than the next, so two people who share a name part (بوتين / ماريا بوتينا, دونالد ترامب /
  إيفانكا ترامب) stay two;
- an organisation's name is a known one after a descriptor (تنظيم داعش / داعش);
- a place's or organisation's name is a known one's spelling variant (سوريا / سورية), or
  known under the neighbouring type (a place as GPE or LOC, an organisation as ORG or MISC);
- its name is an alias of exactly one entity, or its Latin name (``Entity.latin``) is
  exactly one entity's.

Words glued to a name by the tagger do not make a new entity: a leading particle (فإن
لافروف) is dropped, and a coordination of people (دونالد ترامب وفلاديمير بوتين) is taken
as its first person. An alias is kept only when it names the entity: the name itself, a
spelling variant, a short form of it (a surname, a leading part of a name of descent);
never a coordination, a longer name, or the name of another known entity. Name
knowledge (particles, descriptors, similar letters) is in ``data/corpus_names.tsv``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from khabar import arabic
from khabar.document import Entity
from khabar.entities.knowledge import word_kinds
from khabar.lexicon import data_lines

PERSON = "PERSON"
_SPACE = re.compile(r"\s+")
LONG_VOWELS = "اوي"
MIN_VARIANT = 4  # a shorter word one letter from another is another word (حسن / حسين)
MIN_FIRST_VARIANT = 6  # first names are stricter still (سلمان / سليمان, but فلادمير / فلاديمير)
# a lone name part is the person of the known ones bearing it who is in this many times
# more documents than the next one (أوباما: Barack Obama, not the one-article names a
# tagger glued to it), and in a few at least
DOMINANT_RATIO = 5
DOMINANT_DOCS = 3
# types one name is often tagged as, for the same thing
NEIGHBOURS = {"GPE": ("LOC",), "LOC": ("GPE",), "ORG": ("MISC",), "MISC": ("ORG",)}


@dataclass(frozen=True)
class NameWords:
    nasab: frozenset[str]
    family: frozenset[str]
    joined: frozenset[str]
    lead: frozenset[str]
    descriptors: frozenset[str]
    similar: dict[str, str]  # letter -> the class it shares with the letters outlets swap for it


@cache
def name_words() -> NameWords:
    kinds: dict[str, set[str]] = defaultdict(set)
    for kind, word, _example in data_lines("corpus_names.tsv"):
        kinds[kind].add(arabic.normalize(word))
    classes: dict[str, str] = {}
    for pair in kinds.pop("similar"):
        root = classes.get(pair[0], pair[0])
        for letter in pair:
            classes[letter] = root
    nasab, family, joined, lead, descriptors = (
        frozenset(kinds[k]) for k in ("nasab", "family", "joined", "lead", "descriptor")
    )
    return NameWords(nasab, family, joined, lead, descriptors, classes)


def name_key(name: str) -> str:
    """The matching form of a name: normalised letters, single spaces, a clitic on the
    first word dropped (والرياض، للأمم، بالرياض), عبد/أبو joined to the next word."""
    words = _SPACE.sub(" ", arabic.normalize(name)).strip().split(" ")
    if not words[0]:
        return ""
    words[0] = _without_proclitic(words[0])
    joined = name_words().joined
    out: list[str] = []
    for w in words:
        if out and out[-1] in joined:
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out)


def _without_proclitic(w: str) -> str:
    """A name's first word without a clitic that is surely one: و/ف before the article or
    before a word of ``arabic.initial_letter_is_own``'s list (وفرنسا), ل/ب/ك before the
    article (للأمم، بالرياض). A foreign name may begin with ف or و (فلادمير)."""
    if len(w) > 3 and w[0] in arabic.CONJUNCTIONS and not arabic.initial_letter_is_own(w):
        rest = w[1:]
        if rest.startswith(arabic.ARTICLE) or rest.startswith("لل") or arabic.initial_letter_is_own(rest):
            w = rest
    if w.startswith("لل") and len(w) > 4:
        return "ال" + w[2:]
    if w[:1] in ("ب", "ك") and w[1:3] == arabic.ARTICLE and len(w) > 5:
        return w[1:]
    return w


def one_edit_apart(a: str, b: str) -> bool:
    """True when one insertion, deletion or substitution turns ``a`` into ``b``."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def spelling_variant(a: str, b: str, *, first: bool = False) -> bool:
    """Two spellings of one word: a long vowel letter more or less inside it (بوتن / بوتين,
    ترمب / ترامب), or one letter outlets swap for a foreign sound or an ending (سيرجي /
    سيرغي, سوريا / سورية). First names need longer words (سلمان / سليمان are two names)."""
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_VARIANT or a[0] != b[0]:
        return False
    if first and a.startswith("عبد"):  # عبدالله / عبدالاله are two names
        return False
    if len(a) != len(b):
        if first and min(len(a), len(b)) < MIN_FIRST_VARIANT:
            return False
        short, long = sorted((a, b), key=len)
        # a final ا is no spelling but a feminine surname (بوتين / بوتينا); in a first name
        # it is a spelling (كاترين / كاترينا)
        last = len(long) if first else len(long) - 1
        return any(long[i] in LONG_VOWELS and long[:i] + long[i + 1 :] == short for i in range(1, last))
    differ = [(x, y) for x, y in zip(a, b) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    similar = name_words().similar
    # outside first names, one long vowel for another too (ترامب / ترومب)
    return similar.get(x, "") == similar.get(y, "?") or (not first and x in LONG_VOWELS and y in LONG_VOWELS)


def skeleton(word: str) -> str:
    """The letters no spelling variant changes: the first, then the consonants, each by
    its class of similar letters (بوتين and بوتن are both بتن)."""
    similar = name_words().similar
    return word[:1] + "".join(similar.get(c, c) for c in word[1:] if c not in LONG_VOWELS + "ه")


# --- the shape of a person's name ----------------------------------------------------------


def has_surname(words: tuple[str, ...]) -> bool:
    """A name that ends with a surname (عادل بن أحمد الجبير), not with a father's or a
    family's name (محمد بن سلمان، سلمان بن عبدالعزيز آل سعود)."""
    nw = name_words()
    return len(words) >= 2 and words[-2] not in nw.nasab | nw.family and words[-1] not in nw.nasab | nw.family


def _words_match(a: tuple[str, ...], b: tuple[str, ...], *, person: bool = True) -> bool:
    """Word for word the same name. In a person's name the first word is a given name,
    and so is a word after بن (a father's): given names differ by a letter (سلمان /
    سليمان), so a word after بن must be spelt the same."""
    if len(a) != len(b):
        return False
    nasab = name_words().nasab
    return all(
        x == y if person and i and a[i - 1] in nasab else spelling_variant(x, y, first=person and i == 0)
        for i, (x, y) in enumerate(zip(a, b))
    )


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two full names (two words or more) name one person: spelling variants of
    each other, or one a short form of the other with the same first name and surname
    (عادل الجبير / عادل بن أحمد الجبير) or a leading part of a name of descent (محمد بن
    سلمان / محمد بن سلمان بن عبدالعزيز)."""
    if len(a) < 2 or len(b) < 2:
        return False
    if len(a) == len(b):
        return _words_match(a, b)
    short, long = sorted((a, b), key=len)
    if not spelling_variant(short[0], long[0], first=True):
        return False
    if has_surname(long):
        if not (has_surname(short) and spelling_variant(short[-1], long[-1])):
            return False
        rest = iter(long[1:-1])
        return all(any(w == x for x in rest) for w in short[1:-1])
    nasab = name_words().nasab
    return len(short) >= 3 and short[1] in nasab and _words_match(short, long[: len(short)])


def is_short_form(alias: tuple[str, ...], name: tuple[str, ...], etype: str) -> bool:
    """Whether ``alias`` is the name, a spelling variant or a short form of it: a person's
    surname or shorter full name, the last words of another thing's name (الأمم المتحدة
    of منظمة الأمم المتحدة)."""
    if len(alias) > len(name) or not alias:
        return False
    if _words_match(alias, name, person=etype == PERSON):
        return True
    if etype == PERSON:
        if len(alias) == 1:
            return has_surname(name) and spelling_variant(alias[0], name[-1])
        return same_person(alias, name)
    return alias == name[len(name) - len(alias) :] and alias[0] not in name_words().descriptors


def clean_words(words: tuple[str, ...], etype: str) -> tuple[str, ...]:
    """The name without what the tagger glued to it: a leading particle (فإن لافروف), and
    for a person, a trailing title (محمد بن سلمان ولي) and whatever follows a
    coordinating و (دونالد ترامب وفلاديمير بوتين)."""
    lead = name_words().lead
    while len(words) > 1 and words[0] in lead:
        words = words[1:]
    if etype == PERSON:
        while len(words) > 2 and "title" in word_kinds(words[-1]):  # محمد بن سلمان ولي (العهد)
            words = words[:-1]
        for i in range(1, len(words)):
            w = words[i]
            if len(w) > 3 and w[0] == "و" and not arabic.initial_letter_is_own(w):
                return words[:i]
    return words


# --- the index ----------------------------------------------------------------------------


@dataclass
class EntityIndex:
    """The corpus-level entities known so far, as the lookups the rules need."""

    by_key: dict[tuple[str, str], int] = field(default_factory=dict)
    names: dict[int, list[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(list))
    types: dict[int, str] = field(default_factory=dict)
    by_alias: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    by_surname: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    by_ends: dict[tuple[str, str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    by_first: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # people by given name
    by_skeleton: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    by_core: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    by_latin: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    articles: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # articles linked to each

    def add(self, entity_id: int, etype: str, key: str) -> None:
        """Know ``key`` as a name of the entity (its first name, or one it was linked by)."""
        if (etype, key) in self.by_key:
            return
        self.by_key[(etype, key)] = entity_id
        self.types[entity_id] = etype
        words = tuple(key.split())
        if not words:
            return
        self.names[entity_id].append(words)
        self.by_skeleton[(etype, " ".join(map(skeleton, words)))].add(entity_id)
        if etype == PERSON and len(words) > 1:
            self.by_first[words[0]].add(entity_id)
            if has_surname(words):
                self.by_surname[(etype, skeleton(words[-1]))].add(entity_id)
                self.by_ends[(etype, skeleton(words[0]), skeleton(words[-1]))].add(entity_id)
            if len(words) >= 3 and words[1] in name_words().nasab:
                self.by_ends[(etype, skeleton(words[0]), "بن " + skeleton(words[2]))].add(entity_id)
        if etype != PERSON and len(words) > 1 and words[0] in name_words().descriptors:
            self.by_core[(etype, " ".join(words[1:]))].add(entity_id)

    def add_alias(self, entity_id: int, etype: str, alias_key: str) -> None:
        self.by_alias[(etype, alias_key)].add(entity_id)

    def add_latin(self, entity_id: int, etype: str, latin: str) -> None:
        self.by_latin[(_type_group(etype), latin_key(latin))].add(entity_id)

    def resolve(self, etype: str, name: str, latin: str | None = None) -> int | None:
        """The known entity this (type, name) is, or None when it is a new one."""
        words = tuple(name_key(name).split())
        if not words:
            return None
        found = self._resolve(etype, words)
        if found is None:
            cleaned = clean_words(words, etype)
            if cleaned != words:
                found = self._resolve(etype, cleaned)
        if found is None and words[0][:1] in ("و", "ف", "ب", "ل", "ك") and len(words[0]) > 3:
            found = self._resolve(etype, (words[0][1:], *words[1:]))  # وبوتين، لبوتين: when that is known
        if found is None and latin:
            found = self._unique(self.by_latin.get((_type_group(etype), latin_key(latin)), ()))
        return found

    def _resolve(self, etype: str, words: tuple[str, ...]) -> int | None:
        key = " ".join(words)
        if etype == PERSON and len(words) == 1:  # a known full name beats an earlier lone surname
            found = self._surname(words[0])
            if found is None:  # a given name alone: الملك سلمان
                found = self._given_name(words[0])
            if found is not None:
                return found
        found = self.by_key.get((etype, key))
        if found is not None:
            return found
        if etype == PERSON and len(words) > 1:
            return self._person(words)
        found = self._unique(
            i
            for i in self.by_skeleton.get((etype, " ".join(map(skeleton, words))), ())
            if any(_words_match(words, n, person=etype == PERSON) for n in self.names[i])
        )
        if found is not None:
            return found
        if len(words) > 1 and words[0] in name_words().descriptors:
            rest = " ".join(words[1:])
            found = self._unique(
                self.by_key[(t, rest)] for t in (etype, *NEIGHBOURS.get(etype, ())) if (t, rest) in self.by_key
            )
            if found is not None:
                return found
        found = self._unique(self.by_core.get((etype, key), ()))
        if found is not None:
            return found
        found = self._unique(self.by_key[(t, key)] for t in NEIGHBOURS.get(etype, ()) if (t, key) in self.by_key)
        if found is not None:
            return found
        return self._unique(self.by_alias.get((etype, key), ()))

    def _surname(self, word: str) -> int | None:
        """The known person whose surname is ``word`` (the only one, or the dominant one);
        failing that, whose surname is a spelling variant of it."""
        people = self.by_surname.get((PERSON, skeleton(word)), set())
        for same in (lambda w: w == word, lambda w: spelling_variant(word, w)):
            fits = {i for i in people if any(has_surname(n) and same(n[-1]) for n in self.names[i])}
            if fits:
                return self._dominant(fits)
        return None

    def _given_name(self, word: str) -> int | None:
        """The person known by a name of descent who dominates those with this given name
        (سلمان: سلمان بن عبدالعزيز), when the word is no one's surname."""
        people = self.by_first.get(word, set())
        top = self._dominant(people)
        nasab = name_words().nasab
        if top is None or not any(len(n) > 2 and n[1] in nasab for n in self.names[top]):
            return None
        return top

    def _dominant(self, ids: set[int]) -> int | None:
        """The one id, or the one in ``DOMINANT_RATIO`` times more documents than the next."""
        if not ids:
            return None
        if len(ids) == 1:
            return next(iter(ids))
        top, second = sorted(ids, key=lambda i: (-self.articles[i], i))[:2]
        docs = self.articles[top]
        return top if docs >= DOMINANT_DOCS and docs >= DOMINANT_RATIO * self.articles[second] else None

    def _person(self, words: tuple[str, ...]) -> int | None:
        """A full name: a known person it is a variant or a form of; else a lone surname
        known as its own entity, when no known full name has that surname."""
        ends = {(PERSON, skeleton(words[0]), skeleton(words[-1]))}
        if len(words) >= 3 and words[1] in name_words().nasab:
            ends.add((PERSON, skeleton(words[0]), "بن " + skeleton(words[2])))
        ids = {i for e in ends for i in self.by_ends.get(e, ())} | self.by_skeleton.get(
            (PERSON, " ".join(map(skeleton, words))), set()
        )
        found = self._dominant({i for i in ids if any(same_person(words, n) for n in self.names[i])})
        if found is not None:
            return found
        if has_surname(words):
            lone = self.by_key.get((PERSON, words[-1]))
            if lone is not None:
                others = {
                    i
                    for i in self.by_surname.get((PERSON, skeleton(words[-1])), ())
                    if any(has_surname(n) and n[-1] == words[-1] for n in self.names[i])
                }
                if self._dominant(others | {lone}) == lone:
                    return lone
        return self._unique(self.by_alias.get((PERSON, " ".join(words)), ()))

    def admits(self, entity_id: int, etype: str, alias: str) -> bool:
        """Whether ``alias`` may be kept as a name of the entity (see the module's docstring)."""
        words = tuple(name_key(alias).split())
        key = " ".join(words)
        owner = self.by_key.get((etype, key))
        if owner is not None:
            return owner == entity_id
        return any(is_short_form(words, n, etype) for n in self.names[entity_id])

    @staticmethod
    def _unique(ids: Iterable[int]) -> int | None:
        found = set(ids)
        return found.pop() if len(found) == 1 else None


def latin_key(latin: str) -> str:
    """A Latin name for look-ups: lower case, letters and digits only, single spaces
    (Al-Jubeir, al Jubeir and AL JUBEIR are one)."""
    return " ".join(re.findall(r"[^\W_]+", latin.casefold()))


def _type_group(etype: str) -> str:
    return min((etype, *NEIGHBOURS.get(etype, ())))


@dataclass(frozen=True, slots=True)
class Link:
    """Which corpus entity a document's entity is, and which of its names to keep as aliases."""

    entity: int
    aliases: tuple[str, ...]


class EntityLinker:
    """Links each document's entities to corpus entities, by the rules above.

    A backend feeds it what it has stored (``load``) and, while writing a new document,
    asks ``link`` which corpus entity each of its entities is, creating the ones that are
    new through the callback it passes. The rules live here, once, for every backend;
    the backend keeps the rows and its own transactions (``reset`` after a rollback).
    """

    def __init__(self) -> None:
        self.index = EntityIndex()
        self.loaded = False

    def reset(self) -> None:
        self.index = EntityIndex()
        self.loaded = False

    def load(
        self,
        names: Iterable[tuple[int, str, str, int]],
        aliases: Iterable[tuple[int, str, str]],
        latins: Iterable[tuple[int, str, str]] = (),
    ) -> None:
        """Stored entities ``(id, type, name key, articles)``, their aliases
        ``(entity id, type, alias key)`` and Latin names ``(entity id, type, latin)``.
        Loading what a backend stored gives the index that linking the same documents
        built (a person's full-name alias is one of its names)."""
        index = self.index
        for eid, etype, key, docs in names:
            index.add(eid, etype, key)
            index.articles[eid] = docs
        for eid, etype, key in aliases:
            index.add_alias(eid, etype, key)
            if etype == PERSON and " " in key:
                index.add(eid, etype, key)
        for eid, etype, latin in latins:
            self.index.add_latin(eid, etype, latin)
        self.loaded = True

    def link(self, entity: Entity, create: Callable[[Entity, str], int]) -> Link:
        """The corpus entity of ``entity`` and the aliases to keep; ``create(entity, key)``
        stores a new one (named after the cleaned name) and returns its id when no known
        entity fits. The backend then calls ``counted`` with the document's entities."""
        index = self.index
        eid = index.resolve(entity.type, entity.name, entity.latin)
        if eid is None:
            key = " ".join(clean_words(tuple(name_key(entity.name).split()), entity.type))
            eid = create(dataclasses.replace(entity, name=_surface_of(entity.name, key)), key)
            index.add(eid, entity.type, key)
        kept = []
        for alias in dict.fromkeys((entity.name, *entity.aliases)):
            if index.admits(eid, entity.type, alias):
                kept.append(alias)
                key = name_key(alias)
                index.add_alias(eid, entity.type, key)
                if entity.type == PERSON and len(key.split()) > 1:
                    index.add(eid, entity.type, key)  # a full name it was linked by finds it again
        if entity.latin:
            index.add_latin(eid, entity.type, entity.latin)
        return Link(eid, tuple(kept))

    def counted(self, entity_ids: Iterable[int]) -> None:
        """One more document for each of these corpus entities (a document's links): what
        ``load`` reads back as an entity's articles."""
        for eid in set(entity_ids):
            self.index.articles[eid] += 1


def _surface_of(name: str, key: str) -> str:
    """The words of the surface ``name`` whose key is ``key`` (what ``clean_words`` kept),
    without a clitic on the first word (للأمم المتحدة: الأمم المتحدة), so that a new
    entity is stored under its name as written; the whole name when none fits."""
    surface = name.split()
    for start in range(len(surface)):
        for end in range(start + 1, len(surface) + 1):
            if name_key(" ".join(surface[start:end])) == key:
                return " ".join([_first_word(surface[start]), *surface[start + 1 : end]])
    return name


def _first_word(raw: str) -> str:
    """``raw`` without the clitic ``name_key`` drops from it, as written."""
    norm = arabic.normalize(raw)
    bare = _without_proclitic(norm)
    if bare == norm:
        return raw
    if norm.startswith("لل") and bare.startswith(arabic.ARTICLE):
        return "ا" + raw[1:]  # للأمم: الأمم
    for cut in range(1, len(raw)):
        if arabic.normalize(raw[cut:]) == bare:
            return raw[cut:]
    return raw
