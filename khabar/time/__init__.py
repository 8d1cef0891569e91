"""The time stage: temporal expressions, resolved against the publication date.

``tag_times(doc)`` adds ``doc.times``; ``find_times(text, published)`` does the same for a
plain string; later stages (quotes, events) date a clause with ``khabar.frames.timing.time_in``.
See docs/time.md for what is recognised and the value formats.
"""

from __future__ import annotations

from bisect import bisect_left

from khabar.document import Document, TimeExpr
from khabar.segment import Tokens, tokenize

from .grammar import readings
from .resolve import parse_published, resolve
from .triggers import candidates
from .window import TokenWindow

_FROM = frozenset({"من"})

REQUIRES = ("sentences",)
ASSIGNS = ("times",)


def _tokens(tokens: Tokens) -> tuple[list[str], list[str], list[int], list[int]]:
    """Surface and matching forms (the lists the earlier stages share) and offsets of
    every token, as plain lists (the grammar indexes them a lot, and slices them per
    sentence)."""
    return tokens.words(), tokens.normalized_words(), tokens.starts.tolist(), tokens.ends.tolist()


def _times(text: str, spans: list[tuple[int, int]], published, tokens, trace: list | None = None) -> list[TimeExpr]:
    words, norms, starts, ends = tokens
    cands = candidates(words, norms)
    times: list[TimeExpr] = []
    k = 0
    for a, b in spans:
        if k >= len(cands):
            break
        first, last = bisect_left(starts, a), bisect_left(starts, b)
        tries = []
        while k < len(cands) and cands[k] < last:
            c = cands[k]
            k += 1
            if c < first:
                continue
            if c > first and (words[c - 1] == "(" or words[c - 1] in _FROM):
                tries.append(c - 1 - first)  # "( 1948 ) م"، "من 13 حتى 15 نوفمبر" begin earlier
            tries.append(c - first)
        if not tries:
            continue
        s = TokenWindow(words[first:last], norms[first:last], starts[first:last], ends[first:last])
        for r in readings(s, sorted(set(tries))):
            res = resolve(r, published)
            times.append(TimeExpr(s.starts[r.start], s.ends[r.end - 1], res.type, res.value, res.relative, res.mod))
            if trace is not None:
                trace.append(r.rules)
    return times


def tag_times(doc: Document) -> Document:
    """Add the ``times`` layer: every temporal expression, typed and resolved. Uses (and
    so builds, for the stages after it) the document's token layer."""
    spans = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
    tokens = _tokens(doc.tokens)
    return doc.replace(times=tuple(_times(doc.text, spans, parse_published(doc.published), tokens)))


def find_times(text: str, published: str | None = None) -> list[TimeExpr]:
    """Temporal expressions of a plain string (one sentence or several)."""
    from khabar.segment import sentences

    return _times(text, sentences(text) or [(0, len(text))], parse_published(published), _tokens(tokenize(text)))


def explain(text: str, published: str | None = None) -> list[tuple[TimeExpr, tuple[str, ...]]]:
    """The temporal expressions of a plain string, each with the rules of
    khabar/data/time_rules.toml that read it (innermost first): which rule to look at
    when a value is wrong."""
    from khabar.segment import sentences

    trace: list[tuple[str, ...]] = []
    found = _times(
        text, sentences(text) or [(0, len(text))], parse_published(published), _tokens(tokenize(text)), trace
    )
    return list(zip(found, trace, strict=True))
