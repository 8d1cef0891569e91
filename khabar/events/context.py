"""What every rule of the events stage reads: the document, its tokens and their matching
forms, the lexicons, who can take part (``Participants``), the frame reader (``Frames``)
and the triggers found, built once per document.

``Rules`` is the base of each group of rules (noun frames, references, finishing): it
takes the shared context and answers the two questions they all ask (which quote holds an
offset, a quote's speaker as a participant).
"""

from __future__ import annotations

from khabar.arabic import normalize
from khabar.document import Agent, Document
from khabar.events.arguments import Frames
from khabar.events.lexicon import ActorLexicon, Entry, EventLexicon
from khabar.events.model import Participant
from khabar.events.participants import Participants
from khabar.events.triggers import TriggerHit
from khabar.tokens import Tokens


class Context:
    """One document as the rules read it; ``hits`` are the triggers kept for reading."""

    def __init__(
        self,
        doc: Document,
        toks: Tokens,
        forms: list[str],
        lex: EventLexicon,
        alex: ActorLexicon,
        hits: list[TriggerHit],
    ):
        self.doc, self.toks, self.forms, self.lex = doc, toks, forms, lex
        self.parts = Participants(doc, toks, alex)
        self.frames = Frames(doc, toks, self.parts, lex, alex)
        self.hits = hits
        self.frames.trigger_tokens = {h.first for h in hits if h.pos != "light"}
        self.frames.verb_tokens = {h.first for h in hits if h.pos in ("verb", "light")}
        self.hit_at = {h.first: h for h in hits}
        self.cue_quote: dict[int, int] = {}  # token of a quote's cue -> the quote's index
        for n, q in enumerate(doc.quotes):
            if q.cue is not None:
                k = toks.at(q.cue.start)
                if k is not None:
                    self.cue_quote[k] = n
        self.sentence_starts = [s.start for s in doc.sentences]
        # tokens that head a clause: verbs (event or light) and the cues of quotes
        self.clause_heads = sorted(self.frames.verb_tokens | set(self.cue_quote))
        self.merged: set[int] = set()  # verbs that retell the noun before them (التفجير الذي استهدف)
        self._slot_words: dict[str, frozenset[str]] = {}

    def slot_words(self, entry: Entry) -> frozenset[str]:
        """The matching forms of an entry's target prepositions, alone or with a pronoun
        (مع، معه، فيها، عليهم): a noun followed by one is read as an event."""
        found = self._slot_words.get(entry.lemma)
        if found is None:
            preps = [s for s in entry.slots if s not in ("obj", "gen")]
            found = frozenset(normalize(p + suffix) for p in preps for suffix in _PRONOUN_SUFFIXES)
            self._slot_words[entry.lemma] = found
        return found


# a preposition alone or with a pronoun: في، فيه، فيها; على، عليه; ب → به، بها
_PRONOUN_SUFFIXES = ("", "ه", "ها", "هم", "هما")


class Rules:
    """A group of rules over one document's context (its fields copied for short reading)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.doc, self.toks, self.forms, self.lex = ctx.doc, ctx.toks, ctx.forms, ctx.lex
        self.parts, self.frames = ctx.parts, ctx.frames
        self.hit_at, self.sentence_starts = ctx.hit_at, ctx.sentence_starts

    def quote_holding(self, offset: int) -> int | None:
        for n, q in enumerate(self.doc.quotes):
            if q.start <= offset < q.end:
                return n
        return None

    def agent(self, a: Agent) -> Participant:
        return Participant(a.name, a.entity, a.mention, self.parts.codes.get(a.entity) if a.entity else None)
