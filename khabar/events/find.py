"""The events stage: triggers, their frames, and who did what to whom, where and when.

Reading order, one sentence at a time: every trigger is read with its frame (subject,
object, the preposition of its target), an event noun with its genitive, possessive, the
light verb that carries it (أجرى محادثات) or the relative clause after it (العقوبات التي
فرضها الغرب على روسيا). Then, across the document: a reporting cue that is an event
(اتهم، طالب، حذر) takes its quote's speaker; a meeting named in a reporting frame ("وقال
لافروف … بعد محادثات مع نظيره") is the speaker's; a complement that is an event gives
its actor as target (ندد بالعقوبات → the sanctions' actor); an action that is only the
content of an agreement, demand, refusal or threat is part of that event.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from khabar.document import Agent, Document, Quote
from khabar.events.arguments import NOTHING, Found, Frames
from khabar.events.lexicon import ActorLexicon, EventLexicon, actor_lexicon, event_lexicon
from khabar.events.modality import hypothetical, negated
from khabar.events.model import Event, Participant
from khabar.events.participants import PLACE_TYPES, Candidate, Participants
from khabar.events.triggers import Hit, find_triggers
from khabar.quotes.lexicon import quote_lexicon
from khabar.spans import Span
from khabar.tokens import Tokens

# Events whose complement is a wish or a plan, not a deed: what they govern is their content.
INTENT_TYPES = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "CONSULT"})
# Meetings the speaker of a reporting frame took part in ("قال لافروف بعد محادثات مع …").
FRAME_TYPES = frozenset({"CONSULT"})
# A light verb carries the noun it governs within this many tokens (its subject between).
MAX_LIGHT_DISTANCE = 10
# A governing intent reaches the noun it holds within this many tokens.
MAX_CONTENT_DISTANCE = 8
# A relative clause (التي فرضها) follows its noun after at most this many adjectives.
MAX_RELATIVE_GAP = 5
# An event noun's target preposition follows it (or its genitive) within this many tokens.
NOUN_SLOT_REACH = 7
# A place after في belongs to the event within this many tokens after the trigger.
MAX_PLACE_DISTANCE = 6
# Time expressions that date an event (not durations or sets).
DATING = frozenset({"DATE", "TIME"})
# Pronouns a possessive suffix can point back to, and the candidates each agrees with.
_POSSESSIVE_KINDS = {"ه": ("PERSON",), "ها": ("GPE", "ORG", "GROUP"), "هم": ("GROUP", "NORP", "ORG", "PERSON")}
# Subject pronouns glued to إن/أن that point to the speaker of the quote ("قالت إنها أجرت").
_SPEAKER_PRONOUNS = frozenset({"انه", "انها", "انهم", "انهما", "بانه", "بانها"})


@dataclass
class Draft:
    hit: Hit
    type: str
    cameo: str
    actors: list[Participant] = field(default_factory=list)
    targets: list[Participant] = field(default_factory=list)
    target_event: int | None = None  # token of an event the target slot holds
    quote: int | None = None
    speech: bool = False  # the trigger is a quote's cue
    sentence: int = 0
    ends: list[int] = field(default_factory=list)  # offsets of what it spans


def find_events(doc: Document) -> Document:
    """Add the ``events`` layer (reads tokens, sentences, entities, times, quotes)."""
    lex = event_lexicon()
    toks = doc.tokens
    forms = toks.normalized_words()
    hits = find_triggers(toks, forms, lex)
    if not any(h.pos != "light" for h in hits):
        return doc.replace(events=())
    return doc.replace(events=tuple(_Finder(doc, toks, forms, lex, actor_lexicon(), hits).events()))


class _Finder:
    def __init__(self, doc: Document, toks: Tokens, forms: list[str], lex: EventLexicon, alex: ActorLexicon, hits):
        self.doc, self.toks, self.forms, self.lex = doc, toks, forms, lex
        self.parts = Participants(doc, toks, alex, forms_keys(toks))
        self.frames = Frames(doc, toks, self.parts, lex, alex)
        self.hits: list[Hit] = hits
        self.frames.trigger_tokens = {h.first for h in hits if h.pos != "light"}
        self.frames.verb_tokens = {h.first for h in hits if h.pos in ("verb", "light")}
        self.hit_at = {h.first: h for h in hits}
        self.cue_quote = {}
        for n, q in enumerate(doc.quotes):
            if q.cue is not None:
                k = toks.at(q.cue.start)
                if k is not None:
                    self.cue_quote[k] = n
        self.sentence_starts = [s.start for s in doc.sentences]

    # --- reading -----------------------------------------------------------------------

    def events(self) -> list[Event]:
        drafts: list[Draft] = []
        toks = self.toks
        for n, sent in enumerate(self.doc.sentences):
            rng = toks.between(sent.start, sent.end)
            mine = [h for h in self.hits if rng.start <= h.first < rng.stop]
            if not mine:
                continue
            for h in mine:
                if h.pos == "light":
                    continue
                d = self.read(h, mine, rng.start, rng.stop, drafts)
                if d is not None:
                    d.sentence = n
                    drafts.append(d)
        drafts = self.absorb(drafts)
        by_token = {d.hit.first: d for d in drafts}
        return [self.finish(d, by_token) for d in drafts]

    def read(self, h: Hit, mine: list[Hit], first: int, stop: int, drafts: list[Draft]) -> Draft | None:
        form = h.form
        entry = form.entry
        light = self.light_verb(h, mine, first) if form.pos == "noun" else None
        if form.needs_light and light is None:
            return None
        type_, cameo = entry.type, entry.cameo
        if light is not None:
            for source, to, code in light.form.entry.recode:
                if source == type_:
                    type_, cameo = to, code
        d = Draft(h, type_, cameo)
        quote = self.cue_quote.get(h.first)
        if quote is not None:
            q = self.doc.quotes[quote]
            d.quote, d.speech = quote, True
            d.actors = [self.agent(a) for a in (q.speakers or ((q.speaker,) if q.speaker else ()))]
            found = self.frames.slot(h.last, entry.slots, stop)
            self.fill_target(d, found)
            if not d.targets and q.addressee is not None and entry.slots and entry.slots[0] == "obj":
                d.targets = [self.agent(q.addressee)]
            return d
        if form.pos == "verb":
            self.read_verb(d, h, first, stop, drafts)
        else:
            self.read_noun(d, h, light, first, stop, drafts)
        return d

    def read_verb(self, d: Draft, h: Hit, first: int, stop: int, drafts: list[Draft]) -> None:
        subject = self.frames.subject_after(h.last, stop)
        after = subject.end if subject.candidates else h.last
        if not subject.candidates:
            subject = self.frames.subject_before(h.first, first)
        d.actors = [c.participant for c in subject.candidates]
        self.fill_target(d, self.frames.slot(after, d.hit.form.entry.slots, stop), subject.candidates)
        if not d.actors:
            d.actors = self.dropped_subject(h, first, drafts)

    def read_noun(self, d: Draft, h: Hit, light: Hit | None, first: int, stop: int, drafts: list[Draft]) -> None:
        entry = d.hit.form.entry
        gen = self.frames.object_after(h.last, min(stop, h.last + 3))
        after = h.last
        if gen.candidates:
            after = gen.end
            if entry.genitive_is_target:
                d.targets = [c.participant for c in gen.candidates]
            else:
                d.actors = [c.participant for c in gen.candidates]
        if not d.actors and d.hit.form.possessive and not entry.genitive_is_target:
            d.actors = self.possessor(h, first)
        if not d.actors and light is not None:
            subject = self.frames.subject_after(light.last, h.first)
            if not subject.candidates:
                subject = self.frames.subject_before(light.first, first)
            d.actors = [c.participant for c in subject.candidates] or self.dropped_subject(light, first, drafts)
        if not d.actors:
            relative = self.relative_clause(h, stop)
            if relative is not None:
                verb, subject = relative
                d.actors = [c.participant for c in subject.candidates]
                after = subject.end if subject.candidates else verb + 1
        if not d.actors:
            d.actors = [c.participant for c in self.agent_phrase(after, stop).candidates]
        if not d.targets:
            self.fill_target(d, self.frames.slot(after, entry.slots, stop, NOUN_SLOT_REACH))
        if not d.targets:
            undergoer = self.undergoer(h, first)
            if undergoer is not None:
                d.targets = [c.participant for c in undergoer.candidates]

    def fill_target(self, d: Draft, found: Found, exclude: tuple[Candidate, ...] = ()) -> None:
        if found.event_token is not None and not found.candidates:
            d.target_event = found.event_token
            return
        taken = {(p.entity, p.name) for p in d.actors}
        d.targets = [c.participant for c in found.candidates if (c.participant.entity, c.participant.name) not in taken]

    # --- helpers of the frames ---------------------------------------------------------

    def light_verb(self, h: Hit, mine: list[Hit], first: int) -> Hit | None:
        """The light verb carrying the noun at ``h`` (أجرت يلين محادثات), if any."""
        for other in reversed(mine):
            if other.first >= h.first:
                continue
            if h.first - other.first > MAX_LIGHT_DISTANCE:
                return None
            if any(self.frames.ends_clause(k) for k in range(other.last, h.first)):
                return None
            if other.pos == "light":
                return other
            if other.pos == "verb":
                return None
        return None

    def relative_clause(self, h: Hit, stop: int) -> tuple[int, Found] | None:
        """ "العقوبات غير القانونية التي فرضها الغرب": the subject of the verb after the relative."""
        k = h.last
        limit = min(stop, h.last + MAX_RELATIVE_GAP)
        while k < limit:
            if self.lex.has("relative", self.forms[k]):
                verb = k + 1
                if verb < stop and verb in self.hit_at and self.hit_at[verb].pos in ("light", "verb"):
                    return verb, self.frames.subject_after(verb + 1, stop)
                return None
            if self.toks.kind(k) == "punct" and self.toks.surface(k) not in '"«»“”':
                return None
            k += 1
        return None

    def agent_phrase(self, k: int, stop: int) -> Found:
        """ "من قبل X"، "على يد X" after an event noun: its actor."""
        for j in range(k, min(stop, k + 6)):
            if self.lex.has("agent", self.forms[j]) and j > 0 and self.forms[j - 1] in ("من", "علي"):
                return self.frames.after_prep(j + 1, stop)
        return NOTHING

    def undergoer(self, h: Hit, first: int) -> Found | None:
        """ "تعرضت المدينة لقصف": who underwent the event is its target."""
        for j in range(h.first - 1, max(first, h.first - 4) - 1, -1):
            if self.lex.has("undergo", self.forms[j]):
                found = self.frames.subject_after(j + 1, h.first)
                if not found.candidates:
                    found = self.frames.subject_before(j, first)
                return found if found.candidates else None
        return None

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
            if q.speaker is not None and (suffix, gender) in (("ه", "m"), ("ها", "f"), ("هم", "p")):
                return [self.agent(a) for a in (q.speakers or (q.speaker,))]
        kinds = _POSSESSIVE_KINDS.get(suffix, ())
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
        cue = quote_lexicon().cue(self.doc.text[q.cue.start : q.cue.end])
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
        if self.toks.surface(h.first).startswith(("و", "ف")) and drafts:
            prev = drafts[-1]
            if prev.hit.first >= first and prev.actors and not prev.speech:
                return list(prev.actors)
        return []

    def quote_holding(self, offset: int) -> int | None:
        for n, q in enumerate(self.doc.quotes):
            if q.start <= offset < q.end:
                return n
        return None

    def agent(self, a: Agent) -> Participant:
        return Participant(a.name, a.entity, a.mention, self.parts.codes.get(a.entity) if a.entity else None)

    # --- across the document -----------------------------------------------------------

    def absorb(self, drafts: list[Draft]) -> list[Draft]:
        """Drop an action named only as the content of an intent (اتفقتا على مناقشة،
        طالب بالإفراج، هدد بعقوبات): it has no actor of its own and follows the intent's
        trigger in the same clause."""
        out: list[Draft] = []
        for d in drafts:
            if d.hit.form.pos == "noun" and not d.actors and out:
                prev = out[-1]
                gap = range(prev.hit.last, d.hit.first)
                if (
                    prev.type in INTENT_TYPES
                    and prev.sentence == d.sentence
                    and len(gap) <= MAX_CONTENT_DISTANCE
                    and not any(self.frames.ends_clause(k) for k in gap)
                ):
                    continue
            out.append(d)
        return out

    def finish(self, d: Draft, by_token: dict[int, Draft]) -> Event:
        toks, doc = self.toks, self.doc
        h = d.hit
        start, end = toks.starts[h.first], toks.ends[h.last - 1]
        if d.quote is None:
            d.quote = self.quote_holding(start)
        q: Quote | None = doc.quotes[d.quote] if d.quote is not None else None
        place = None
        if not d.actors and d.type in FRAME_TYPES and not d.speech:
            framing = self.framing_quote(start)
            if framing is not None:
                fq = doc.quotes[framing]
                d.actors = [self.agent(a) for a in (fq.speakers or ((fq.speaker,) if fq.speaker else ()))]
                place = self.agent(fq.place) if fq.place is not None else None
        if d.target_event is not None and not d.targets:
            other = by_token.get(d.target_event)
            if other is not None and other is not d:
                d.targets = [a for a in other.actors if a not in d.actors]
        sent = doc.sentences[d.sentence]
        rng = toks.between(sent.start, sent.end)
        neg = negated(toks, self.forms, self.lex, h.first, rng.start)
        if q is not None and d.quote is not None and not d.speech and q.cue is not None:
            if self.lex.has("deny", self.forms[toks.at(q.cue.start) or 0]):
                neg = True
        hyp = hypothetical(toks, self.forms, self.lex, h.first, rng.start, h.form.tense == "present")
        time = self.time_of(d, q, start, sent.start, sent.end)
        location = place or self.location_of(d, q, h, rng.stop)
        spans = [Span(start, end)] + [p.mention for p in (*d.actors, *d.targets) if p.mention]
        inside = [s for s in spans if sent.start <= s.start and s.end <= sent.end] or spans[:1]
        ev_start, ev_end = min(s.start for s in inside), max(s.end for s in inside)
        return Event(
            ev_start,
            ev_end,
            trigger=Span(start, end),
            type=d.type,
            cameo=d.cameo,
            actor=d.actors[0] if d.actors else None,
            target=d.targets[0] if d.targets else None,
            location=location,
            time=time,
            negated=neg,
            hypothetical=hyp,
            quote=d.quote,
            actors=tuple(d.actors) if len(d.actors) > 1 else (),
            targets=tuple(d.targets) if len(d.targets) > 1 else (),
        )

    def framing_quote(self, offset: int) -> int | None:
        """The quote whose reporting frame (its sentence, outside what was said) holds
        ``offset``: "وقال لافروف في بكين بعد محادثات مع نظيره: …"."""
        s = bisect_right(self.sentence_starts, offset) - 1
        if s < 0:
            return None
        sent = self.doc.sentences[s]
        for n, q in enumerate(self.doc.quotes):
            if q.cue is None or not (sent.start <= q.cue.start < sent.end):
                continue
            if q.start <= offset < q.end:
                continue
            if offset < q.start or offset >= q.end:
                if not any(o.start <= offset < o.end for o in self.doc.quotes):
                    return n
        return None

    def time_of(self, d: Draft, q: Quote | None, start: int, first: int, last: int) -> int | None:
        """The time expression dating the event: in its clause after the trigger, else
        before it in the sentence; a speech act's is its quote's."""
        times = self.doc.times
        if d.speech and q is not None and q.time is not None:
            return next((n for n, t in enumerate(times) if t.start == q.time.start and t.end == q.time.end), None)
        after = [n for n, t in enumerate(times) if t.type in DATING and start <= t.start < last]
        if after:
            return after[0]
        before = [n for n, t in enumerate(times) if t.type in DATING and first <= t.start and t.end <= start]
        return before[-1] if before else None

    def location_of(self, d: Draft, q: Quote | None, h: Hit, stop: int) -> Participant | None:
        """A place after في in the event's clause, or the place of its quote's frame."""
        if d.speech and q is not None and q.place is not None:
            return self.agent(q.place)
        taken = {p.entity for p in (*d.actors, *d.targets)}
        for j in range(h.last, min(stop, h.last + MAX_PLACE_DISTANCE)):
            if self.toks.surface(j) in ".؟?!؛":
                break
            if self.forms[j] in ("في", "وفي"):
                c = self.parts.at(j + 1)
                if c is not None and c.kind in PLACE_TYPES and c.participant.entity not in taken:
                    return c.participant
            c = self.parts.at(j)
            if c is not None and c.governed == "ب" and c.kind in PLACE_TYPES and c.participant.entity not in taken:
                return c.participant
        return None


def forms_keys(toks: Tokens) -> list[str]:
    from khabar.events.arguments import key

    return [key(w) for w in toks.words()]
