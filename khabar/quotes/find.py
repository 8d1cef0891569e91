"""Finds the quotes of one Document: contents first, speakers second, in reading order.

Contents must all be known before speakers are resolved, so that a name inside what
somebody said is never taken for the next bare verb's speaker.
"""

from __future__ import annotations

from bisect import bisect_left

from khabar.document import Document
from khabar.frames.clauses import find_clauses, find_sources
from khabar.frames.lexicon import cue_lexicon
from khabar.frames.marks import inside_quotation, quoted_spans
from khabar.frames.triggers import trigger_tokens
from khabar.quotes.attribute import Observer, attribute
from khabar.quotes.contents import Draft, clause_drafts, cue_after_drafts, uncued_drafts
from khabar.quotes.ranker import SpeakerModel, default_model


def find_quotes(
    doc: Document, *, model: SpeakerModel | None = None, rules_only: bool = False, observe: Observer | None = None
) -> Document:
    """Add the ``quotes`` layer (REQUIRES sentences; reads entities and times if set).

    Speakers come from the rules and the shipped speaker model (``ranker``), or ``model``;
    ``rules_only`` leaves the model out. ``observe(draft, options)`` sees each cued quote's
    speaker candidates (``khabar train quotes`` collects them)."""
    lex = cue_lexicon()
    toks = doc.tokens
    text = doc.text
    quoted = [q for p in doc.paragraphs for q in quoted_spans(text, p.start, p.end)]
    quoted_at = {q.outer_start: q for q in quoted if q.opened}
    # a lone closer ('… شرق أوكرانيا." واصفا') runs back to the paragraph start by guess:
    # a cue inside it still reports
    marked = [q for q in quoted if q.opened]
    drafts: list[Draft] = []
    framed: list[tuple[int, int]] = []  # frames (cue to content): their marks are names
    silent: list[Draft] = []
    candidates = trigger_tokens(toks, lex.triggers)
    for sent in doc.sentences:
        rng = toks.between(sent.start, sent.end)
        mine = candidates[bisect_left(candidates, rng.start) : bisect_left(candidates, rng.stop)]
        clauses = find_clauses(toks, lex, rng.start, rng.stop, quoted_at, mine)
        sources = find_sources(toks, lex, rng.start, rng.stop, mine)
        clauses = [c for c in clauses if not inside_quotation(toks.starts[c.cue_token], marked)]
        for c in clauses:
            if not c.silent:
                framed.append((toks.starts[c.cue_token], c.content_start))
        drafts += clause_drafts(doc, toks, sent, [c for c in clauses if not c.silent], sources, quoted)
        silent += [
            Draft(toks.starts[c.cue_token], toks.starts[c.cue_token], "", sent.start, c, silent=True)
            for c in clauses
            if c.silent
        ]
    drafts += cue_after_drafts(doc, toks, quoted, drafts, framed)
    drafts += uncued_drafts(doc, quoted, drafts, framed)
    drafts += [d for d in silent if not any(q.start <= d.start < q.end for q in drafts)]
    drafts.sort(key=lambda d: d.start)
    chosen = None if rules_only else (model or default_model())
    return doc.replace(quotes=tuple(attribute(doc, toks, drafts, quoted, chosen, observe)))
