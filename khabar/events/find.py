"""The events stage: triggers, their frames, and who did what to whom, where and when.

Reading order, one sentence at a time: every trigger is read with its frame (subject,
object, the preposition of its target), an event noun with its genitive, possessive, the
light verb that carries it (أجرى محادثات) or the relative clause after it (العقوبات التي
فرضها الغرب على روسيا). Then, across the document: a reporting cue that is an event
(اتهم، طالب، حذر) takes its quote's speaker; a meeting named in a reporting frame ("وقال
لافروف … بعد محادثات مع نظيره") is the speaker's; a complement that is an event gives
its actor as target (ندد بالعقوبات → the sanctions' actor); an action that is only the
content of an agreement, demand, refusal or threat is part of that event.

The rules live in their own modules: ``noun_frames`` (who acts in an event noun's frame),
``references`` (pronouns, dropped subjects, reporting frames), ``merging`` (one event, not
two) and ``finishing`` (from a draft to an Event).
"""

from __future__ import annotations

from bisect import bisect_left

from khabar.document import Document
from khabar.events.arguments import MAX_SLOT_DISTANCE, NOTHING, Found
from khabar.events.context import Context, Rules
from khabar.events.draft import FRAME_TYPES, ONE_SIDED_TYPES, VERBAL_TYPES, Draft
from khabar.events.finishing import Finisher
from khabar.events.lexicon import EventLexicon, actor_lexicon, event_lexicon
from khabar.events.merging import absorb, retold
from khabar.events.model import Event, Participant
from khabar.events.noun_frames import MAX_LIGHT_DISTANCE, NOUN_SLOT_REACH, NounFrames
from khabar.events.participants import GROUP, PLACE_TYPES, UNNAMED, Candidate
from khabar.events.references import References
from khabar.events.triggers import TriggerHit, find_triggers
from khabar.tokens import Tokens

# An event noun's genitive (its actor or target) starts right after it; titles may lead to
# the name ("استقالة رئيسة الوزراء الباكستانية بنازير بوتو").
MAX_GENITIVE_REACH = 8


def find_events(doc: Document) -> Document:
    """Add the ``events`` layer (reads tokens, sentences, entities, times, quotes)."""
    lex = event_lexicon()
    toks = doc.tokens
    forms = toks.normalized_words()
    hits = find_triggers(toks, forms, lex)
    if not any(h.pos != "light" for h in hits):
        return doc.replace(events=())
    ctx = Context(doc, toks, forms, lex, actor_lexicon(), kept_hits(doc, toks, forms, lex, hits))
    return doc.replace(events=tuple(_Finder(ctx).events()))


def kept_hits(
    doc: Document, toks: Tokens, forms: list[str], lex: EventLexicon, hits: list[TriggerHit]
) -> list[TriggerHit]:
    """The triggers worth reading: none inside an organisation's name (منظمة حظر الأسلحة،
    مؤتمر الحوار الوطني); a noun that needs its own light verb ("قوات" without حشد is no
    event; "عقد" without وقع is the light verb "held") only with it, or read otherwise."""
    inside = name_tokens(doc, toks)
    hits = [h for h in hits if h.first not in inside]
    lights = [h for h in hits if h.pos == "light"]
    kept = []
    for h in hits:
        if h.form.light and not has_light(h, lights):
            readings = lex.forms.get(forms[h.first], ())
            carried = (
                r for r in readings if r.pos == "noun" and r.light and has_light(TriggerHit(h.first, h.last, r), lights)
            )
            other = next(carried, None) or next((r for r in readings if r.pos != "noun"), None)
            if other is None:
                continue
            h = TriggerHit(h.first, h.last, other)  # "أقامت … علاقات": the reading its light verb gives
        kept.append(h)
    return kept


def has_light(h: TriggerHit, lights: list[TriggerHit]) -> bool:
    """Whether the light verb a noun needs (حشد قواته، قطع العلاقات) stands shortly before it."""
    return any(h.form.takes_light(v.form.entry.lemma) and 0 < h.first - v.first <= MAX_LIGHT_DISTANCE for v in lights)


def name_tokens(doc: Document, toks: Tokens) -> set[int]:
    """Tokens inside the name of an organisation or a work, after a word in construct
    (منظمة حظر الأسلحة، مؤتمر الحوار الوطني; not "المنظمة احتجاز" the tagger ran on)."""
    out: set[int] = set()
    forms = toks.normalized_words()
    for e in doc.entities:
        if e.type not in ("ORG", "MISC"):
            continue
        for m in e.mentions:
            span = toks.between(m.start, m.end)
            out.update(j for j in range(span.start + 1, span.stop) if not forms[j - 1].startswith("ال"))
    return out


class _Finder(Rules):
    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.hits = ctx.hits
        self.cue_quote = ctx.cue_quote
        self.merged = ctx.merged
        self.nouns = NounFrames(ctx)
        self.refs = References(ctx)
        self.finisher = Finisher(ctx, self.refs)

    def events(self) -> list[Event]:
        drafts: list[Draft] = []
        toks = self.toks
        firsts = [h.first for h in self.hits]
        for n, sent in enumerate(self.doc.sentences):
            rng = toks.between(sent.start, sent.end)
            mine = self.hits[bisect_left(firsts, rng.start) : bisect_left(firsts, rng.stop)]
            if not mine:
                continue
            for h in mine:
                if h.pos == "light" or h.first in self.merged:
                    continue
                d = self.read(h, mine, rng.start, rng.stop, drafts)
                if d is not None:
                    d.sentence = n
                    drafts.append(d)
        drafts = absorb(self.ctx, retold(self.ctx, drafts))
        by_token = {d.hit.first: d for d in drafts}
        events = [self.finisher.finish(d, by_token) for d in drafts]
        return [e for e in events if e is not None]

    def read(self, h: TriggerHit, mine: list[TriggerHit], first: int, stop: int, drafts: list[Draft]) -> Draft | None:
        form = h.form
        if form.pos == "verb":  # "أصدر الملك عفوا": after a light verb, the noun reading
            noun = next((r for r in self.lex.forms.get(self.forms[h.first], ()) if r.pos == "noun"), None)
            if noun is not None and self.nouns.light_verb(TriggerHit(h.first, h.last, noun), mine, first) is not None:
                form = noun
                h = TriggerHit(h.first, h.last, noun)
        entry = form.entry
        light = self.nouns.light_verb(h, mine, first) if form.pos == "noun" else None
        lacks_light = form.needs_light and (light is None or not form.takes_light(light.form.entry.lemma))
        if lacks_light and (form.light or light is not None):
            return None
        type_, cameo = entry.type, entry.cameo
        if light is not None:
            for source, to, code in light.form.entry.recode:
                if source == type_:
                    type_, cameo = to, code
        d = Draft(h, type_, cameo, light=light)
        quote = self.cue_quote.get(h.first)
        if quote is not None:
            q = self.doc.quotes[quote]
            d.quote, d.speech = quote, True
            d.actors = [self.agent(a) for a in (q.speakers or ((q.speaker,) if q.speaker else ()))]
            subject = NOTHING if form.tense == "participle" else self.frames.subject_after(h.last, stop)
            if subject.candidates and not any(self.same_speaker(c.participant, d.actors) for c in subject.candidates):
                subject = NOTHING  # "وطالب المحكمة الجنائية بالتحقيق": the speaker spoke before; this is whom
            after = self.frames.skip_apposition(subject.end, stop) if subject.candidates else h.last
            self.fill_target(d, self.frames.slot(after, entry.slots, stop, adjuncts=2), subject.candidates)
            if not d.targets and q.addressee is not None and entry.slots and entry.slots[0] == "obj":
                d.targets = [self.agent(q.addressee)]
            return d
        if form.pos == "verb":
            self.read_verb(d, h, first, stop, drafts)
        else:
            self.read_noun(d, h, light, first, stop, drafts)
        if lacks_light and not d.targets and not self.named_event(h, drafts):
            return None  # "الحوار" alone is a topic; "حوار مع الولايات المتحدة" an event
        return d if d.type else None

    def read_verb(self, d: Draft, h: TriggerHit, first: int, stop: int, drafts: list[Draft]) -> None:
        if h.form.person == "1":  # "ندين الهجوم"، "رفضنا": the speaker acts; what follows is the object
            d.actors = self.refs.speaker_of(h)
            self.fill_target(d, self.frames.slot(h.last, h.form.entry.slots, stop, adjuncts=2))
            return
        before_noun = self.hit_at.get(h.first - 1) if h.first > first else None
        told = (  # "الغارة استهدفت": a verb right after an event noun of its type retells it
            before_noun is not None and before_noun.pos == "noun" and before_noun.form.entry.type == d.type
        )
        if h.first > first and self.lex.has("relative", self.forms[h.first - 1]) and not told:
            antecedent = self.parts.ending_before(h.first - 1, first)  # "المالكي الذي اتهم المملكة"
            if antecedent is not None and self.frames.adjectives_between(antecedent.last, h.first - 1):
                d.actors = [antecedent.participant]
                self.fill_target(d, self.frames.slot(h.last, d.hit.form.entry.slots, stop, adjuncts=2))
                return
        # a verb with و or ف attached opens a clause of its own: the name before it ends the
        # clause before ("اعتقل الجيش المسلحين وقتل آخرين": المسلحين is that clause's object)
        conjoined = self.conjoined(h)
        before = NOTHING if told or conjoined else self.frames.subject_before(h.first, first)
        if before.candidates and before.candidates[-1].last == h.first:
            subject = NOTHING  # "قاسم سليماني زار روسيا": the name right before the verb is its subject
        else:
            before = NOTHING
            subject = (
                NOTHING if told else self.frames.subject_after(h.last, stop)
            )  # "الغارة استهدفت X": X is the object
        after = self.frames.skip_apposition(subject.end, stop) if subject.candidates else h.last
        if before.candidates:
            subject = before
        elif not subject.candidates and not told and not conjoined:
            subject = self.frames.subject_before(h.first, first)
        if not subject.candidates:  # "قتل عنصر … على يد قوات الأمن": the passive's agent
            agent = self.nouns.agent_phrase(h.last, stop, (), False)
            if agent.candidates:
                subject = agent
        d.actors = [c.participant for c in subject.candidates]
        entry = d.hit.form.entry
        if entry.slots and entry.slots[0] == "obj" and self.nouns.not_object(after):
            d.type = ""  # احتل المركز الأول: no event
            return
        self.fill_target(d, self.frames.slot(after, entry.slots, stop, adjuncts=2), subject.candidates)
        if not d.actors:
            d.actors = self.refs.dropped_subject(h, first, drafts, d.type)

    def read_noun(
        self, d: Draft, h: TriggerHit, light: TriggerHit | None, first: int, stop: int, drafts: list[Draft]
    ) -> None:
        entry = d.hit.form.entry
        definite = self.forms[h.first].lstrip("وفبل").startswith("ال") or self.forms[h.first].startswith("لل")
        gen = NOTHING if definite else self.frames.object_after(h.last, min(stop, h.last + MAX_GENITIVE_REACH))
        after = h.last
        if gen.candidates:
            after = gen.end
            lam = self.frames.prep_slot(gen.end, "ل", stop, min(stop, gen.end + 3))
            agentive = d.type in VERBAL_TYPES and (
                gen.candidates[0].kind in ("PERSON", "ORG", GROUP, UNNAMED)
                # "إدانة الولايات المتحدة الشديدة للهجمات": a state with a ل-object after it acts
                or bool(lam.candidates)
                or lam.event_token is not None
            )
            if entry.genitive_is_target and not agentive:  # "استنكار الجمعية": who condemns
                d.targets = [c.participant for c in gen.candidates]
            else:
                d.actors = [c.participant for c in gen.candidates]
        if not d.actors and not entry.genitive_is_target and not gen.candidates and d.type in ONE_SIDED_TYPES:
            d.actors = self.nouns.nationality_after(h, stop)  # "الغزو العراقي للكويت"، "العقوبات الأمريكية"
            if d.actors and d.actors[0].mention:
                after = max(after, (self.toks.at(d.actors[0].mention.end - 1) or h.last) + 1)
        if not d.actors and d.hit.form.possessive:
            owner = self.refs.possessor(h, first)
            visited = d.type in FRAME_TYPES and any(self.parts.entity_type(p.entity) in PLACE_TYPES for p in owner)
            if visited and not d.targets:
                d.targets = owner  # "عدن التي كان يتطلع لزيارتها": the place is visited
            elif (
                not entry.genitive_is_target
                or self.frames.prep_slot(h.last, "ل", stop, min(stop, h.last + 2)).candidates
            ):
                d.actors = owner  # "استنكارها للجريمة": the pronoun acts when a ل-object follows
            elif not d.targets:
                d.targets = owner  # "أعلنت الشرطة اعتقاله": the pronoun is acted on
        if not d.actors and light is not None and self.lex.has("receive", self.forms[light.first]):
            receiver = self.frames.subject_after(light.last, h.first)  # "تلقى الملك اتصالا من الرئيس"
            if not receiver.candidates:
                receiver = self.frames.subject_before(light.first, first)
            d.actors = [c.participant for c in self.nouns.sender_after(after, stop).candidates]
            d.targets = d.targets or [c.participant for c in receiver.candidates]
            light = None  # the caller acts, not the light verb's subject
        if not d.actors and light is not None:
            subject = self.frames.subject_after(light.last, h.first)
            if not subject.candidates:
                subject = self.frames.subject_before(light.first, first)
            passive = self.lex.has("passive_light", self.forms[light.first])
            if not passive:  # "جرى خلال اللقاء بحث …": nobody is named
                d.actors = [c.participant for c in subject.candidates] or self.refs.dropped_subject(
                    light, first, drafts, d.type
                )
        if not d.actors:
            relative = self.nouns.relative_clause(h, stop)
            if relative is not None:
                verb, subject = relative
                d.actors = [c.participant for c in subject.candidates]
                after = subject.end if subject.candidates else verb + 1
                told = self.hit_at[verb]
                if told.pos == "verb" and told.form.entry.type == d.type:
                    self.merged.add(verb)  # "التفجير الذي استهدف مسجد …": one event, the verb's object its target
                    self.fill_target(d, self.frames.slot(after, told.form.entry.slots, stop, adjuncts=2))
        if not d.actors:
            d.actors = self.nouns.both_sides(after, stop)
        if not d.actors:
            d.actors = [
                c.participant
                for c in self.nouns.agent_phrase(after, stop, entry.slots, d.type in VERBAL_TYPES).candidates
            ]
        if not d.actors:
            d.actors = [c.participant for c in self.nouns.belonging_to(after, stop).candidates]
        if not d.actors and not entry.genitive_is_target:
            owned = self.nouns.owner_after(after, stop)
            if owned.candidates and owned.candidates[0].kind in ("PERSON", UNNAMED):
                d.actors = [c.participant for c in owned.candidates]  # "زيارة … لوزير الدفاع آشتون كارتر"
        if not d.actors:
            d.actors = self.nouns.claimant(h, first)
        if not d.actors and d.type in FRAME_TYPES:
            d.actors = self.refs.adjunct_subject(h, first, drafts)
        if not d.actors:
            d.actors = self.refs.speaker_of_content(h)
        if not d.actors:
            d.actors = self.refs.joined_noun(h, first, drafts)
        for p in d.actors:  # "زيارة … لوزير الدفاع آشتون كارتر إلى بغداد": the target after the actor
            k = self.toks.at(p.mention.end - 1) if p.mention else None
            if k is not None and h.last <= k < h.last + MAX_SLOT_DISTANCE:
                after = max(after, k + 1)
        if not d.targets:
            self.fill_target(d, self.frames.slot(after, entry.slots, stop, NOUN_SLOT_REACH))
        if not d.targets:
            undergoer = self.nouns.undergoer(h, first)
            if undergoer is not None:
                d.targets = [c.participant for c in undergoer.candidates]

    def conjoined(self, h: TriggerHit) -> bool:
        """Whether the trigger's first letter is the conjunction و or ف (وقتل), not its own
        (وقع، وافق): the form without it is a form of the same entry."""
        form = self.forms[h.first]
        if not form.startswith(("و", "ف")):
            return False
        return any(r.entry is h.form.entry for r in self.lex.forms.get(form[1:], ()))

    @staticmethod
    def same_speaker(p: Participant, speakers: list[Participant]) -> bool:
        """Whether the subject written after a cue is its quote's speaker: the same entity, or a
        title the speaker's name holds ("ودعا الأمين العام" after "رحب الأمين العام لجامعة …")."""
        words = set(p.name.split())
        return any(
            (p.entity, p.name) == (s.entity, s.name) or (p.entity is None and words <= set(s.name.split()))
            for s in speakers
        )

    def named_event(self, h: TriggerHit, drafts: list[Draft]) -> bool:
        """Whether a noun that is an event only with a light verb names one without it: its
        target's preposition follows it ("والتحقيق فيها"، "حوار مع …"), or, with the article,
        it names again an event of its kind told before ("أجرى … اتصالا … وجرى خلال الاتصال")."""
        k = h.last
        if k < len(self.forms) and self.forms[k] in self.ctx.slot_words(h.form.entry):
            return True
        definite = self.forms[h.first].lstrip("وفبل").startswith("ال") or self.forms[h.first].startswith("لل")
        return definite and any(d.hit.form.entry is h.form.entry for d in drafts)

    def fill_target(self, d: Draft, found: Found, exclude: tuple[Candidate, ...] = ()) -> None:
        if found.event_token is not None and not found.candidates:
            d.target_event = found.event_token
            return
        taken = {(p.entity, p.name) for p in d.actors}
        d.targets = [c.participant for c in found.candidates if (c.participant.entity, c.participant.name) not in taken]
