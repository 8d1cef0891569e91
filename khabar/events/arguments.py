"""Who acts and on whom: the subject and complements of a trigger, read from the words
around it.

Arabic news puts the verb first: the subject follows it, after its titles ("زار وزير
الخارجية الروسي سيرغي لافروف بكين"), then the object. A subject may also come first
("روسيا والصين اتفقتا"), and two actors joined by و act together. A target stands where
the trigger's frame puts it (the object, or after مع، على، ضد، إلى، لـ، بـ …); an event
noun takes its actor as genitive (زيارة لافروف), or its target when its verb is
transitive (اعتقال المتهم). A complement that is itself an event (ندد بالعقوبات) points
to that event, whose actor is then the target. Nothing is filled in from beyond the
clause: what the words do not say stays empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from khabar.arabic import match_key
from khabar.document import Document
from khabar.events.lexicon import ActorLexicon, EventLexicon, nationality_key
from khabar.events.participants import Candidate, Participants
from khabar.lexicon import data_lines
from khabar.tokens import PUNCT, Tokens

# A subject's name follows its verb within this many title words ("وزير الخارجية
# الأمريكي" is three; "خادم الحرمين الشريفين الملك" four).
MAX_TITLE_WORDS = 7
# A target follows its preposition within this many words (titles, "نظيره").
MAX_AFTER_PREP = 5
# How far a frame reaches for a preposition of the target, in tokens.
MAX_SLOT_DISTANCE = 14
# A subject before its verb stands at most this many tokens before it (a quotation
# mark, قد, a negator between).
MAX_BEFORE_GAP = 3
CLAUSE_END = frozenset(".؟?!؛;:")
QUOTE_MARKS = frozenset("\"'«»“”„‘’")
# ner_triggers.tsv kinds whose words are titles
_TITLE_KINDS = frozenset({"title", "leader", "minister", "diplomat", "describe"})


@cache
def title_keys() -> frozenset[str]:
    keys = {match_key(word) for kind, word in data_lines("ner_triggers.tsv") if kind in _TITLE_KINDS}
    keys |= {match_key(word) for kind, word in data_lines("event_words.tsv") if kind == "title"}
    return frozenset(keys)


@lru_cache(maxsize=1 << 14)
def key(surface: str) -> str:
    return match_key(surface)


@dataclass(frozen=True, slots=True)
class Found:
    """What a frame slot holds: candidates (joined actors), or an event trigger's token."""

    candidates: tuple[Candidate, ...] = ()
    event_token: int | None = None
    end: int = -1  # the token after what was found


NOTHING = Found()


class Frames:
    """Reads subjects and complements in one document."""

    def __init__(self, doc: Document, toks: Tokens, parts: Participants, lex: EventLexicon, actors: ActorLexicon):
        self.doc, self.toks, self.parts, self.lex, self.actors = doc, toks, parts, lex, actors
        self.forms = toks.normalized_words()
        self.titles = title_keys()
        self.trigger_tokens: set[int] = set()  # tokens that name an event (set by the stage)
        self.verb_tokens: set[int] = set()  # tokens of verbs, event or light (set by the stage)

    # --- words -------------------------------------------------------------------------

    def is_punct(self, k: int) -> bool:
        return self.toks.kind(k) == PUNCT

    def ends_clause(self, k: int) -> bool:
        s = self.toks.surface(k)
        return s in CLAUSE_END or s in ("،", ",")

    def is_prep(self, k: int) -> bool:
        return self.lex.has("prep", self.forms[k])

    def is_stop(self, k: int) -> bool:
        return self.lex.has("stop", self.forms[k]) or self.lex.has("relative", self.forms[k])

    def is_title(self, k: int) -> bool:
        surface = self.toks.surface(k)
        if self.toks.kind(k) != "arabic":
            return False
        if key(surface) in self.titles:
            return True
        return nationality_key(surface) in self.actors.nationalities

    # --- subjects ----------------------------------------------------------------------

    def subject_after(self, k: int, stop: int) -> Found:
        """The subject right after a verb ending at token ``k``: a candidate after at
        most a few title words, with the candidates joined to it by و."""
        titles = 0
        while k < stop and titles <= MAX_TITLE_WORDS:
            c = self.parts.at(k)
            if c is not None:
                if c.governed:
                    return NOTHING
                return self.joined(c, stop)
            if self.is_punct(k) or self.is_prep(k) or self.is_stop(k) or k in self.trigger_tokens:
                return NOTHING
            if not self.is_title(k):
                return NOTHING  # an ordinary noun: a subject the text does not name
            titles += 1
            k += 1
        return NOTHING

    def joined(self, c: Candidate, stop: int) -> Found:
        """``c`` and the candidates joined to it by و ("روسيا والصين"، "الجبير ونظيره")."""
        out = [c]
        k = c.last
        while k < stop:
            nxt = self.parts.at(k)
            if nxt is not None and nxt.joined and not nxt.governed:
                out.append(nxt)
                k = nxt.last
                continue
            if self.toks.surface(k) == "و" and k + 1 < stop:
                nxt = self.parts.at(k + 1)
                if nxt is not None and not nxt.governed:
                    out.append(nxt)
                    k = nxt.last
                    continue
            break
        return Found(tuple(out), None, out[-1].last)

    def subject_before(self, i: int, first: int) -> Found:
        """A subject standing before its verb at token ``i`` ("إن روسيا والصين اتفقتا")."""
        k = i - 1
        gap = 0
        while k >= first and gap <= MAX_BEFORE_GAP:
            s = self.toks.surface(k)
            if s in QUOTE_MARKS or self.lex.has("negator", self.forms[k]) or self.lex.has("may", self.forms[k]):
                k -= 1
                gap += 1
                continue
            break
        c = self.parts.ending_before(k + 1, first)
        if c is None or c.last != k + 1 or c.governed:
            return NOTHING
        if c.first > first and (self.is_prep(c.first - 1) or (c.first - 1) in self.trigger_tokens):
            return NOTHING  # "على روسيا"، "زيارة روسيا": a complement, not a subject
        found = [c]
        while c.joined or (c.first > first and self.toks.surface(c.first - 1) == "و"):
            end = c.first if c.joined else c.first - 1
            prev = self.parts.ending_before(end, first)
            if prev is None or prev.last != end or prev.governed:
                break
            found.insert(0, prev)
            c = prev
        if found[0].first > first and self.is_prep(found[0].first - 1):
            return NOTHING
        return Found(tuple(found), None, i)

    # --- complements -------------------------------------------------------------------

    def object_after(self, k: int, stop: int) -> Found:
        """The direct object starting at token ``k``, after at most a few title words."""
        titles = 0
        while k < stop and titles <= MAX_TITLE_WORDS:
            c = self.parts.at(k)
            if c is not None:
                return NOTHING if c.governed else self.joined(c, stop)
            if k in self.trigger_tokens:
                return Found((), k, k + 1)
            if self.is_punct(k) or self.is_prep(k) or self.is_stop(k) or not self.is_title(k):
                return NOTHING
            titles += 1
            k += 1
        return NOTHING

    def after_prep(self, k: int, stop: int) -> Found:
        """What a free-standing preposition at token ``k - 1`` governs (a quotation mark
        may open it: بـ”العقوبات")."""
        titles = 0
        while k < stop and self.toks.surface(k) in QUOTE_MARKS:
            k += 1
        while k < stop and titles < MAX_AFTER_PREP:
            c = self.parts.at(k)
            if c is not None:
                return NOTHING if c.governed else self.joined(c, stop)
            if k in self.trigger_tokens:
                return Found((), k, k + 1)
            if self.is_punct(k) or self.is_prep(k) or not self.is_title(k):
                return NOTHING
            titles += 1
            k += 1
        return NOTHING

    def slot(self, k: int, slots: tuple[str, ...], stop: int, reach: int = MAX_SLOT_DISTANCE) -> Found:
        """The target: the first slot of the frame that the words after token ``k`` fill;
        a preposition must stand within ``reach`` tokens. A noun's frame (a short reach)
        ends at the next name: "زيارته … لرحلة بوتين إلى بكين" is Putin's trip's."""
        stop = min(stop, k + MAX_SLOT_DISTANCE)
        for slot in slots:
            if slot == "obj":
                found = self.object_after(k, stop)
            elif slot == "gen":
                found = self.object_after(k, min(stop, k + 3))
            else:
                found = self.prep_slot(k, slot, stop, min(stop, k + reach), reach < MAX_SLOT_DISTANCE)
            if found.candidates or found.event_token is not None:
                return found
        return NOTHING

    def prep_slot(self, k: int, prep: str, stop: int, reach: int, stop_at_names: bool = False) -> Found:
        """What the preposition ``prep`` governs, free-standing (مع الصين) or attached
        (بالعقوبات، للصين), first met after token ``k`` (before ``reach``) in the clause."""
        attached = prep in ("ب", "ل")
        j = k
        while j < reach:
            if j > k and (self.ends_clause(j) and self.toks.surface(j) not in ("،", ",") or self.is_verb_trigger(j)):
                break
            if self.forms[j] == prep or self.forms[j] == "و" + prep:
                found = self.after_prep(j + 1, stop)
                if found.candidates or found.event_token is not None:
                    return found
            elif attached:
                c = self.parts.at(j)
                if c is not None and c.governed == prep:
                    return self.joined(c, stop)
                if j in self.trigger_tokens and self.toks.surface(j).lstrip("و").startswith(prep):
                    return Found((), j, j + 1)
            if stop_at_names and self.parts.at(j) is not None:
                break
            j += 1
        return NOTHING

    def is_verb_trigger(self, j: int) -> bool:
        return j in self.verb_tokens
