"""From a draft to an ``Event``: the meeting a reporting frame names is the speaker's,
a complement that is an event gives its actor as target, generic mentions and prayers are
dropped, an official protest is an accusation, towns are places, and the event gets its
negation, hypothetical mood, time and place.
"""

from __future__ import annotations

from khabar.arabic import normalize
from khabar.document import Quote
from khabar.events.context import Context, Rules
from khabar.events.draft import FRAME_TYPES, GENERIC_NOUN_TYPES, VERBAL_TYPES, Draft
from khabar.events.lexicon import words_key
from khabar.events.modality import hypothetical, negated
from khabar.events.model import Event, Participant
from khabar.events.participants import PLACE_TYPES
from khabar.events.references import References
from khabar.events.triggers import TriggerHit
from khabar.frames.timing import time_in
from khabar.spans import Span

# A place after في belongs to the event within this many tokens after the trigger.
MAX_PLACE_DISTANCE = 6
# Time expressions that date an event (not durations or sets).
DATING = frozenset({"DATE", "TIME"})


class Finisher(Rules):
    def __init__(self, ctx: Context, refs: References):
        super().__init__(ctx)
        self.refs = refs

    def finish(self, d: Draft, by_token: dict[int, Draft]) -> Event | None:
        toks, doc = self.toks, self.doc
        h = d.hit
        start, end = toks.starts[h.first], toks.ends[h.last - 1]
        if d.light is not None and d.light.last == h.first:  # "فرض عقوبات"، "توقيع الاتفاق": one trigger
            start = toks.starts[d.light.first]
        if d.quote is None:
            d.quote = self.quote_holding(start)
        q: Quote | None = doc.quotes[d.quote] if d.quote is not None else None
        place = None
        if d.type in FRAME_TYPES and not d.speech:
            framing = self.refs.framing_quote(start)
            if framing is not None:
                fq = doc.quotes[framing]
                if not d.actors:
                    d.actors = [self.agent(a) for a in (fq.speakers or ((fq.speaker,) if fq.speaker else ()))]
                place = self.agent(fq.place) if fq.place is not None else None
        if d.target_event is not None and not d.targets:
            other = by_token.get(d.target_event)
            if other is not None and other is not d:
                d.targets = [a for a in other.actors if a not in d.actors]
        if self.generic(d) or self.prayer(d):
            return None
        if (
            d.type == "PROTEST"
            and self.lex.has("official", normalize(d.hit.form.entry.lemma))
            and self.official(d.actors)
        ):
            d.type, d.cameo = "ACCUSE", "11"  # "الجامعة العربية تحتج على": an official complaint
        if d.hit.form.pos == "noun":  # "اتفاق فيينا"، "قمة الرياض": a city named after a noun is where
            cities = [p for p in d.actors if self.is_city(p)]
            d.actors = [p for p in d.actors if p not in cities]
            place = place or (cities[0] if cities else None)
        towns = [p for p in (*d.targets, *d.actors) if self.is_town(p)]
        d.targets = [p for p in d.targets if p not in towns]
        d.actors = [p for p in d.actors if p not in towns]  # "اعتداء سوروتش": where, not who
        if towns and place is None:
            place = towns[0]  # "تحرير الرمادي": a town is where, not whom
        sent = doc.sentences[d.sentence]
        rng = toks.between(sent.start, sent.end)
        neg = negated(toks, self.forms, self.lex, h.first, rng.start)
        if q is not None and d.quote is not None and not d.speech and q.cue is not None:
            if self.lex.has("deny", self.forms[toks.at(q.cue.start) or 0]):
                neg = True
        hyp = hypothetical(toks, self.forms, self.lex, h.first, rng.start, h.form.tense == "present")
        if d.light is not None:  # "قد تفرض الصين عقوبات", "لن تجري محادثات"
            light = d.light
            hyp = hyp or hypothetical(toks, self.forms, self.lex, light.first, rng.start, light.form.tense == "present")
            neg = neg or negated(toks, self.forms, self.lex, light.first, rng.start)
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
            light=Span(toks.starts[d.light.first], toks.ends[d.light.last - 1]) if d.light is not None else None,
        )

    def prayer(self, d: Draft) -> bool:
        """ "أيده الله"، "داعيا الله أن …": a formula or a prayer, no event."""
        k = d.hit.last
        while k < len(self.forms) and self.toks.surface(k) in "-–ـ(":
            k += 1
        return k < len(self.forms) and self.lex.has("not_target", self.forms[k]) and self.forms[k] == "الله"

    def official(self, actors: list[Participant]) -> bool:
        """A state, a government or an organisation (not a crowd)."""
        for p in actors:
            kind = self.parts.entity_type(p.entity)
            code = (p.code or "").split()
            if kind in ("GPE", "ORG") or any(c in ("GOV", "IGO", "LEG", "JUD") for c in code):
                return True
        return False

    def generic(self, d: Draft) -> bool:
        """A verbal act with nobody acting and nobody acted on: "الجماعات التي تؤيدها"،
        "لتهديدات السلم" (an agreement, a demand or an apology named as a thing stays)."""
        if d.actors or d.targets or d.speech or d.target_event is not None:
            return False
        if d.type not in VERBAL_TYPES and not (d.type == "CONSULT" and d.hit.form.pos == "verb"):
            return False  # "تتصل باحتجاجات": a verb of meeting with nobody meeting
        return d.hit.form.pos == "verb" or (d.light is None and d.type in GENERIC_NOUN_TYPES)

    def is_city(self, p: Participant) -> bool:
        """A place that is no country (a capital included)."""
        if self.parts.entity_type(p.entity) not in PLACE_TYPES:
            return False
        return words_key(p.name) not in self.frames.actors.country_names

    def is_town(self, p: Participant) -> bool:
        """A place that is no state and no capital standing for one (a town, a province)."""
        return self.parts.entity_type(p.entity) in PLACE_TYPES and p.code is None

    def time_of(self, d: Draft, q: Quote | None, start: int, first: int, last: int) -> int | None:
        """The time expression dating the event: in its clause after the trigger, else
        before it in the sentence; a speech act's is its quote's."""
        times = self.doc.times
        found = (
            q.time if d.speech and q is not None and q.time is not None else time_in(self.doc, first, last, near=start)
        )
        if found is None or found.type not in DATING:
            return None  # "تستغرق يومين": a duration dates nothing
        return next((n for n, t in enumerate(times) if t.start == found.start and t.end == found.end), None)

    def location_of(self, d: Draft, q: Quote | None, h: TriggerHit, stop: int) -> Participant | None:
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
