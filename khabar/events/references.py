"""Whom a pronoun, a dropped subject or a reporting frame points to: the speaker of the
quote a verb opens ("قالت إنها أجرت"), the actor of the clause a verb is joined to ("زار
لافروف بكين والتقى …"), the owner of a possessive ("زيارتها"), the subject of the clause
a meeting is named in ("بعد زيارة"), and the quote whose frame holds a meeting ("وقال
لافروف … بعد محادثات مع نظيره").
"""

from __future__ import annotations

from bisect import bisect_right

from khabar.document import Quote
from khabar.events.context import Rules
from khabar.events.draft import Draft
from khabar.events.model import Participant
from khabar.events.participants import GROUP, UNNAMED
from khabar.events.triggers import Hit
from khabar.frames.lexicon import cue_lexicon

# A verb with no subject written continues the event this close before it ("بعد زيارة
# عمل التقى خلالها بالرئيس").
MAX_CHAIN_DISTANCE = 6
# Pronouns a possessive suffix can point back to, and the candidates each agrees with.
_POSSESSIVE_KINDS = {"ه": ("PERSON", "ORG"), "ها": ("GPE", "ORG", "GROUP"), "هم": ("GROUP", "NORP", "ORG")}
# A possessive pronoun points back at most this many tokens in its sentence.
MAX_POSSESSOR_DISTANCE = 14
# لكن with a subject pronoun, and the pronoun it carries
_BUT_PRONOUNS = {"لكنه": "ه", "ولكنه": "ه", "لكنها": "ها", "ولكنها": "ها", "لكنهم": "هم", "ولكنهم": "هم"}
# Subject pronouns glued to إن/أن that point to the speaker of the quote ("قالت إنها أجرت").
_SPEAKER_PRONOUNS = frozenset({"انه", "انها", "انهم", "انهما", "بانه", "بانها"})


class References(Rules):
    def adjunct_subject(self, h: Hit, first: int, drafts: list[Draft]) -> list[Participant]:
        """A meeting named in a time phrase (بعد زيارة، خلال لقاء) belongs to the subject of
        its clause: the first name of the sentence that no preposition governs."""
        k = h.first - 1
        while k >= first and self.toks.surface(k) in '«»"“”':
            k -= 1
        if k < first or not self.lex.has("adjunct", self.forms[k]):
            return []
        for d in reversed(drafts):  # "اجتمع … مع جعجع، وجرى خلال الاجتماع": the meeting's own actor
            if d.type == "CONSULT" and d.actors and self.toks.starts[d.hit.first] >= self.toks.starts[first]:
                return list(d.actors)
        for c in self.parts.within(first, h.first):
            if (
                c.kind in ("PERSON", "ORG", GROUP)
                and not c.governed
                and not (c.first > first and self.frames.is_prep(c.first - 1))
            ):
                return [c.participant]
        return []

    def possessor(self, h: Hit, first: int) -> list[Participant]:
        """Whom a possessive pronoun on an event noun points to: in what someone said, the
        speaker when the pronoun agrees with the cue ("قالت إنها … خلال زيارتها"); else the
        nearest candidate before it in the sentence of a kind the pronoun agrees with (a
        person for ه), or a person in the sentence before."""
        suffix = h.form.possessive
        quote = self.quote_holding(self.toks.starts[h.first])
        if quote is not None:
            q = self.doc.quotes[quote]
            gender = self.cue_gender(q)
            if q.speaker is not None and ((suffix, gender) in (("ه", "m"), ("ها", "f"), ("هم", "p")) or suffix == "نا"):
                return [self.agent(a) for a in (q.speakers or (q.speaker,))]
        kinds = _POSSESSIVE_KINDS.get(suffix, ())
        first = max(first, h.first - MAX_POSSESSOR_DISTANCE)
        c = self.parts.ending_before(h.first, first)
        while c is not None:
            if c.kind in kinds and not c.governed:
                return [c.participant]
            c = self.parts.ending_before(c.first, first)
        if "PERSON" in kinds:
            s = bisect_right(self.sentence_starts, self.toks.starts[h.first]) - 1
            if s > 0:
                prev = self.toks.between(self.doc.sentences[s - 1].start, self.doc.sentences[s - 1].end)
                c = self.parts.ending_before(prev.stop, prev.start)
                while c is not None:
                    if c.kind == "PERSON":
                        return [c.participant]
                    c = self.parts.ending_before(c.first, prev.start)
        return []

    def cue_gender(self, q: Quote) -> str:
        """m, f or p: the gender or number of the verb reporting a quote ("قالت" is f)."""
        if q.cue is None:
            return "-"
        cue = cue_lexicon().cue(self.doc.text[q.cue.start : q.cue.end])
        if cue is None:
            return "-"
        return "p" if cue.number in ("p", "d") else cue.gender

    def dropped_subject(self, h: Hit, first: int, drafts: list[Draft]) -> list[Participant]:
        """A verb with no subject written: the speaker when it opens a quote with إنه/إنها
        ("قالت إنها أجرت"), or the actor of the verb it is joined to by و in the same
        sentence ("زار لافروف بكين والتقى …")."""
        quote = self.quote_holding(self.toks.starts[h.first])
        if quote is not None:
            q = self.doc.quotes[quote]
            k = self.toks.at(q.start)
            if k is not None and k > 0 and 0 <= h.first - k <= 2 and self.forms[k - 1] in _SPEAKER_PRONOUNS:
                return [self.agent(a) for a in (q.speakers or ((q.speaker,) if q.speaker else ()))]
        pronoun = self.forms[h.first - 1] if h.first > first else ""
        if pronoun in _BUT_PRONOUNS:  # "ولكنها اتفقت مع الولايات المتحدة": the clause before's subject
            kinds = _POSSESSIVE_KINDS[_BUT_PRONOUNS[pronoun]]
            near = max(first, h.first - MAX_POSSESSOR_DISTANCE)
            c = self.parts.ending_before(h.first - 1, near)
            while c is not None:
                if c.kind in kinds and not c.governed:
                    return [c.participant]
                c = self.parts.ending_before(c.first, near)
        if (
            h.first - 2 >= first
            and self.forms[h.first - 1] == "ان"
            and self.lex.has("adjunct", self.forms[h.first - 2])
        ):
            for c in self.parts.within(first, h.first - 2):  # "شهدت حكومة آبي انخفاضا بعد أن وافقت"
                if c.kind in ("PERSON", "ORG", "GPE", GROUP, UNNAMED) and not c.governed:
                    return [c.participant]
        if drafts and h.form.tense != "masdar":
            prev = drafts[-1]
            joined = self.toks.surface(h.first).startswith(("و", "ف")) or h.form.tense == "participle"
            joined = joined or (h.first > first and self.forms[h.first - 1] in ("كما", "ثم", "وكما"))
            ends = [prev.hit.last] + [
                k + 1
                for p in (*prev.actors, *prev.targets)
                if p.mention and (k := self.toks.at(p.mention.end - 1)) is not None
            ]
            close = h.first - max(ends) <= MAX_CHAIN_DISTANCE
            if prev.hit.first >= first and prev.actors and (joined or close):
                return list(prev.actors)
        return []

    def speaker_of_content(self, h: Hit) -> list[Participant]:
        """ "قالت الخارجية … أنها غير مهتمة بحوار مع …": an event noun opening what someone
        said about themselves (إنه، أنها) is the speaker's."""
        quote = self.quote_holding(self.toks.starts[h.first])
        if quote is None:
            return []
        q = self.doc.quotes[quote]
        k = self.toks.at(q.start)
        if k is None or k == 0 or self.forms[k - 1] not in _SPEAKER_PRONOUNS or not 0 <= h.first - k <= 3:
            return []
        return [self.agent(a) for a in (q.speakers or ((q.speaker,) if q.speaker else ()))]

    def framing_quote(self, offset: int) -> int | None:
        """The quote whose reporting frame (its sentence, outside what was said) holds
        ``offset``: "وقال لافروف في بكين بعد محادثات مع نظيره: …"."""
        s = bisect_right(self.sentence_starts, offset) - 1
        if s < 0:
            return None
        sent = self.doc.sentences[s]
        if any(o.start <= offset < o.end for o in self.doc.quotes):
            return None  # inside what someone said
        k = self.toks.at(offset)
        adjunct = k is not None and k > 0 and self.lex.has("adjunct", self.forms[k - 1])
        for n, q in enumerate(self.doc.quotes):
            if q.cue is None or not (sent.start <= q.cue.start < sent.end):
                continue
            if q.cue.end <= offset < q.start or (adjunct and offset < q.cue.start):
                return n
        return None
