"""Cross-document entities: link each document's entity to one corpus-level entity.

Conservative on purpose: a wrong merge puts one person's words in another's mouth,
while a missed merge only splits a profile. So only these links are made:

- the same type and the same name in matching form (أحمد / احمد);
- a person's full name that differs from a known one in a single long word by a single
  letter (كاترينا يو / كاترين يو), when exactly one known person fits;
- a lone surname (بوتين) to the one known person whose full name ends with it; when
  two known people share it, the surname stays an entity of its own;
- any type: a name equal to a known alias of exactly one entity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from khabar import arabic
from khabar.document import Entity

PERSON = "PERSON"
MIN_VARIANT_LENGTH = 5  # shorter words differ by one letter too often (محمد / احمد)
_SPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The matching form of a name: normalised letters, single spaces."""
    return _SPACE.sub(" ", arabic.normalize(name)).strip()


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


@dataclass
class EntityIndex:
    """The corpus-level entities known so far, as the lookups the rules need."""

    by_key: dict[tuple[str, str], int] = field(default_factory=dict)
    by_alias: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    by_surname: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    tokens: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def add(self, entity_id: int, etype: str, key: str) -> None:
        self.by_key[(etype, key)] = entity_id
        words = tuple(key.split())
        self.tokens[entity_id] = words
        if len(words) > 1:
            self.by_surname[(etype, words[-1])].add(entity_id)

    def add_alias(self, entity_id: int, etype: str, alias_key: str) -> None:
        self.by_alias[(etype, alias_key)].add(entity_id)

    def resolve(self, etype: str, name: str, aliases: tuple[str, ...] = ()) -> int | None:
        """The known entity this (type, name) is, or None when it is a new one."""
        key = name_key(name)
        words = tuple(key.split())
        if etype == PERSON and len(words) == 1:  # a known full name beats an earlier lone surname
            found = self._unique(self.by_surname.get((etype, words[0]), ()))
            if found is not None:
                return found
        found = self.by_key.get((etype, key))
        if found is not None:
            return found
        if etype == PERSON and len(words) > 1:
            found = self._unique(
                i for i in self.by_surname.get((etype, words[-1]), ()) if self._variant(words, self.tokens[i])
            )
            if found is not None:
                return found
        for alias in (key, *(name_key(a) for a in aliases)):
            found = self._unique(self.by_alias.get((etype, alias), ()))
            if found is not None:
                return found
        return None

    @staticmethod
    def _variant(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        if len(a) != len(b):
            return False
        differ = [(x, y) for x, y in zip(a, b) if x != y]
        return (
            len(differ) == 1
            and min(len(differ[0][0]), len(differ[0][1])) >= MIN_VARIANT_LENGTH
            and one_edit_apart(*differ[0])
        )

    @staticmethod
    def _unique(ids) -> int | None:
        ids = set(ids)
        return ids.pop() if len(ids) == 1 else None


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

    def load(self, names: Iterable[tuple[int, str, str]], aliases: Iterable[tuple[int, str, str]]) -> None:
        """Stored entities ``(id, type, name key)`` and aliases ``(entity id, type, alias key)``."""
        for eid, etype, key in names:
            self.index.add(eid, etype, key)
        for eid, etype, key in aliases:
            self.index.add_alias(eid, etype, key)
        self.loaded = True

    def link(self, entity: Entity, create: Callable[[Entity, str], int]) -> int:
        """The corpus entity id of ``entity``; ``create(entity, key)`` stores a new one and
        returns its id when no known entity fits. Its name and aliases are remembered."""
        eid = self.index.resolve(entity.type, entity.name, entity.aliases)
        if eid is None:
            key = name_key(entity.name)
            eid = create(entity, key)
            self.index.add(eid, entity.type, key)
        for alias in (entity.name, *entity.aliases):
            self.index.add_alias(eid, entity.type, name_key(alias))
        return eid
