"""Build Documents by hand, so that logic tests need no model and no shared data."""

from __future__ import annotations

from pathlib import Path

from khabar.document import Document, Entity, Span
from khabar.segment import segment, tokenize

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "000_27d9175388c3cb3c.txt"
DATA = SHARED / "data"


def make_doc(text: str, entities: list[tuple[str, str, list[str]]] = (), published: str | None = None) -> Document:
    """A segmented Document over ``text``; ``entities`` are (type, name, [surface forms])
    whose every occurrence in the text becomes a mention."""
    doc = segment(Document(text=text, published=published))
    ents = []
    for n, (etype, name, forms) in enumerate(entities, 1):
        mentions = []
        for form in forms:
            i = text.find(form)
            while i >= 0:
                mentions.append(Span(i, i + len(form)))
                i = text.find(form, i + len(form))
        aliases = tuple(f for f in forms if f != name)
        ents.append(Entity(f"e{n}", etype, name, aliases, (), tuple(sorted(mentions, key=lambda s: s.start))))
    return doc.replace(entities=tuple(ents))


def hand_tagged(sentence: str, tagged: dict[str, str]):
    """Tokens of ``sentence``, its index range and the tagger's mentions as if the words
    in ``tagged`` had those BIO tags (the rest O): rule tests with no model."""
    from khabar.entities import mentions

    tokens = tokenize(sentence)
    indices = range(len(tokens))
    tags = [tagged.get(tokens.surface(i), "O") for i in indices]
    return tokens, indices, mentions.from_tags(tokens, indices, tags)
