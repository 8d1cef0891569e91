"""Finding entities by name in test assertions."""

from khabar import arabic


def _words(name: str) -> tuple[str, ...]:
    return tuple(arabic.normalize(w) for w in name.split())


def by_name(doc, name: str, loose: bool = False):
    """The entity whose name or an alias is ``name`` (compared in matching form, so the
    test does not depend on which spelling the grouping kept as the name).

    ``loose`` also accepts a name that contains ``name`` word for word or is contained
    in it: organisation names differ by their head ("قناة الجزيرة" / "الجزيرة"), and
    khabar follows ANERcorp there (see docs/ner.md)."""
    want = _words(name)
    for e in doc.entities:
        if want in {_words(n) for n in (e.name, *e.aliases)}:
            return e
    if loose:
        for e in doc.entities:
            for n in (e.name, *e.aliases):
                have = _words(n)
                if _inside(want, have) or _inside(have, want):
                    return e
    found = [(e.type, e.name) for e in doc.entities]
    raise AssertionError(f"no entity named {name!r}; found {found}")


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))
