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
from khabar.events.draft import CARRIED_TYPES, Draft
from khabar.events.model import Participant
from khabar.events.participants import GROUP, UNNAMED
from khabar.events.triggers import TriggerHit
from khabar.frames.lexicon import cue_lexicon
from khabar.tokens import NUMBER

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
# A verb opens its sentence when at most this many linking words stand before it ("كما", "ثم").
MAX_OPENING_WORDS = 4


class References(Rules):
    def adjunct_subject(self, h: TriggerHit, first: int, drafts: list[Draft]) -> list[Participant]:
        """A meeting named in a time phrase (بعد زيارة، خلال لقاء) belongs to the subject of
        its clause: the first name of the sentence that no preposition governs."""
        k = h.first - 1
        while k >= first and self.toks.surface(k) in '«»"“”':
            k -= 1
        if k >= first and self.forms[k] in ("في", "وفي") and not self.forms[h.first].startswith("ال"):
            return self.nearest_subject(k, first)  # "سيغادر الأمير إلى مصر في زيارة عمل"
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

    def nearest_subject(self, k: int, first: int) -> list[Participant]:
        """The nearest name before token ``k`` in its sentence that no preposition governs
        (a person, a body or a group): who went "في زيارة"."""
        c = self.parts.ending_before(k, first)
        while c is not None:
            free = not c.governed and not (c.first > first and self.frames.is_prep(c.first - 1))
            if free and c.kind in ("PERSON", "ORG", GROUP):  # not a place: "سيغادر إلى جمهورية مصر في زيارة"
                return [c.participant]
            c = self.parts.ending_before(c.first, first)
        return []

    def possessor(self, h: TriggerHit, first: int) -> list[Participant]:
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

    def dropped_subject(self, h: TriggerHit, first: int, drafts: list[Draft], type_: str) -> list[Participant]:
        """A verb with no subject written: the speaker when it opens a quote with إنه/إنها
        ("قالت إنها أجرت"), the actor of the verb it is joined to by و in the same
        sentence ("زار لافروف بكين والتقى …"), or the subject it carries from the clause or
        sentence before (``carried_subject``); ``type_`` is the event's type."""
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
        return self.carried_subject(h, first, drafts, type_)

    def joined_noun(self, h: TriggerHit, first: int, drafts: list[Draft]) -> list[Participant]:
        """ "تضامن الجامعة العربية مع الحكومة ومساندة جهودها": an event noun joined by و to the
        event just before it, with no actor of its own, shares that event's actors."""
        if not drafts or not self.toks.surface(h.first).startswith("و"):
            return []
        prev = drafts[-1]
        if prev.hit.first < first or not prev.actors:
            return []
        ends = [prev.hit.last] + [
            k + 1
            for p in (*prev.actors, *prev.targets)
            if p.mention and (k := self.toks.at(p.mention.end - 1)) is not None
        ]
        return list(prev.actors) if 0 <= h.first - max(ends) <= MAX_CHAIN_DISTANCE else []

    def speaker_of(self, h: TriggerHit) -> list[Participant]:
        """The speaker of the quote that holds the trigger: who says "ندين" or "رفضنا"."""
        quote = self.quote_holding(self.toks.starts[h.first])
        if quote is None:
            return []
        q = self.doc.quotes[quote]
        return [self.agent(a) for a in (q.speakers or ((q.speaker,) if q.speaker else ()))]

    def carried_subject(self, h: TriggerHit, first: int, drafts: list[Draft], type_: str) -> list[Participant]:
        """A verbal act with no subject written carries the subject of the clause before it:
        in its sentence when it is joined to it ("أعرب الوزير عن … وأشاد بـ"، "… مؤكدا
        دعم"), else the subject of the sentence before when it opens its own ("… . ودعا
        إلى"). Acts that are often passive (قُتل 3) carry nothing: only the types of
        ``CARRIED_TYPES``, and never before a number."""
        if type_ not in CARRIED_TYPES or h.form.tense == "masdar" or self.passive_looking(h) or self.unread_subject(h):
            return []
        heads = self.ctx.clause_heads
        i = bisect_right(heads, h.first - 1) - 1
        joined = self.toks.surface(h.first).startswith(("و", "ف")) or h.form.tense == "participle"
        joined = joined or (h.first > first and self.forms[h.first - 1] in ("كما", "ثم", "وكما"))
        s = bisect_right(self.sentence_starts, self.toks.starts[h.first]) - 1
        if joined and i >= 0 and heads[i] >= first:
            return self.agreeing(h, self.clause_subject(heads[i], s, drafts))
        if s > 0 and self.opens_sentence(h, first):
            prev = self.toks.between(self.doc.sentences[s - 1].start, self.doc.sentences[s - 1].end)
            j = bisect_right(heads, prev.start - 1)
            if j < len(heads) and heads[j] < prev.stop:
                return self.agreeing(h, self.clause_subject(heads[j], s - 1, drafts))
        return []

    def clause_subject(self, k: int, s: int, drafts: list[Draft]) -> list[Participant]:
        """Who acts in the clause of the verb at token ``k`` (in sentence ``s``): a quote's
        speaker when ``k`` is its cue, the actors of the event read there, or the subject
        written after or before it."""
        quote = self.ctx.cue_quote.get(k)
        if quote is not None:
            q = self.doc.quotes[quote]
            return [self.agent(a) for a in (q.speakers or ((q.speaker,) if q.speaker else ()))]
        for d in reversed(drafts):
            if d.hit.first == k or (d.light is not None and d.light.first == k):
                return list(d.actors)
        rng = self.toks.between(self.doc.sentences[s].start, self.doc.sentences[s].end)
        hit = self.hit_at.get(k)
        found = self.frames.subject_after(hit.last if hit else k + 1, rng.stop)
        if not found.candidates:
            found = self.frames.subject_before(k, rng.start)
        return [c.participant for c in found.candidates]

    def agreeing(self, h: TriggerHit, actors: list[Participant]) -> list[Participant]:
        """``actors`` when a verb of that number could have them as subject: a dual or
        plural verb wants two actors or a group, a singular one a single actor."""
        if not actors:
            return []
        if h.form.number in ("d", "p"):
            many = len(actors) > 1 or self.parts.entity_type(actors[0].entity) in (None, "NORP", "ORG")
            return actors if many else []
        return actors if len(actors) == 1 else []

    def opens_sentence(self, h: TriggerHit, first: int) -> bool:
        """Whether nothing but linking words (و، كما، ثم، من جهته) or punctuation stand before the verb."""
        if h.first - first > MAX_OPENING_WORDS:
            return False
        return all(
            self.lex.has("linking", self.forms[k]) or self.toks.kind(k) == "punct" for k in range(first, h.first)
        )

    def unread_subject(self, h: TriggerHit) -> bool:
        """A word right after the verb that may be a subject the frames could not read
        ("ونصح المخلوع حلفاءه"): an Arabic word that is no preposition, name, time, stop
        word or trigger. "وأشاد بـ"، "ودعا إلى" have none."""
        k = h.last
        if k >= len(self.forms) or self.toks.kind(k) != "arabic":
            return False
        return not (
            self.frames.is_prep(k)
            or self.frames.is_stop(k)
            or self.parts.at(k) is not None
            or self.frames.in_time(k)
            or k in self.frames.trigger_tokens
            or self.toks.surface(k).startswith(("ب", "ل"))
        )

    def passive_looking(self, h: TriggerHit) -> bool:
        """A verb followed by a number is read as passive ("قتل 3 أشخاص"): nobody to carry."""
        k = h.last
        return k < len(self.forms) and self.toks.kind(k) == NUMBER

    def speaker_of_content(self, h: TriggerHit) -> list[Participant]:
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
