"""Finding entities by name in test assertions."""

from khabar import arabic


def by_name(doc, name: str):
    """The entity whose name or an alias is ``name`` (compared in matching form, so the
    test does not depend on which spelling the grouping kept as the name)."""
    want = arabic.normalize(name)
    for e in doc.entities:
        if want in {arabic.normalize(n) for n in (e.name, *e.aliases)}:
            return e
    found = [(e.type, e.name) for e in doc.entities]
    raise AssertionError(f"no entity named {name!r}; found {found}")
