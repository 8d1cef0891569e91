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

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from khabar.arabic import normalize
from khabar.document import Agent, Document, Quote
from khabar.events.arguments import MAX_SLOT_DISTANCE, NOTHING, Found, Frames
from khabar.events.lexicon import ActorLexicon, EventLexicon, actor_lexicon, event_lexicon, nationality_key, words_key
from khabar.events.modality import hypothetical, negated
from khabar.events.model import Event, Participant
from khabar.events.participants import GROUP, PLACE_TYPES, UNNAMED, Candidate, Participants
from khabar.events.triggers import Hit, find_triggers
from khabar.frames.lexicon import cue_lexicon
from khabar.frames.timing import time_in
from khabar.spans import Span
from khabar.tokens import Tokens

# Events whose complement is a wish or a plan, not a deed: what they govern is their content.
INTENT_TYPES = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "CONSULT"})
# Verbal acts: with nobody acting and nobody acted on, a mention is generic ("تهديدات
# السلم والأمن"، "الجماعات التي تؤيدها"), not an event.
VERBAL_TYPES = frozenset({"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
GENERIC_NOUN_TYPES = frozenset({"SUPPORT", "ACCUSE", "REJECT", "THREATEN"})
# Deeds one side does to another: a nationality after the noun names the doer ("الغزو
# العراقي"، "العقوبات الأمريكية"); after a meeting or an agreement it names the topic
# ("الاتفاق النووي الإيراني").
ONE_SIDED_TYPES = frozenset({"ASSAULT", "SANCTION", "COERCE", "AID", "MOBILIZE", "THREATEN"})
# Meetings the speaker of a reporting frame took part in ("قال لافروف بعد محادثات مع …").
FRAME_TYPES = frozenset({"CONSULT"})
# A light verb carries the noun it governs within this many tokens (its subject between).
MAX_LIGHT_DISTANCE = 10
# A governing intent reaches the noun it holds within this many tokens.
MAX_CONTENT_DISTANCE = 12
# A verb with no subject written continues the event this close before it ("بعد زيارة
# عمل التقى خلالها بالرئيس").
MAX_CHAIN_DISTANCE = 6
# A verb retells the event noun before it (غارة جوية أمريكية في أفغانستان قتلت) this close.
MAX_RETOLD_GAP = 6
# A relative clause (التي فرضها) follows its noun after at most this many adjectives.
MAX_RELATIVE_GAP = 5
# An event noun's target preposition follows it (or its genitive) within this many tokens.
NOUN_SLOT_REACH = 7
# An event noun's genitive (its actor or target) starts right after it; titles may lead to
# the name ("استقالة رئيسة الوزراء الباكستانية بنازير بوتو").
MAX_GENITIVE_REACH = 8
# A place after في belongs to the event within this many tokens after the trigger.
MAX_PLACE_DISTANCE = 6
# Time expressions that date an event (not durations or sets).
DATING = frozenset({"DATE", "TIME"})
# Pronouns a possessive suffix can point back to, and the candidates each agrees with.
_POSSESSIVE_KINDS = {"ه": ("PERSON", "ORG"), "ها": ("GPE", "ORG", "GROUP"), "هم": ("GROUP", "NORP", "ORG")}
# A possessive pronoun points back at most this many tokens in its sentence.
MAX_POSSESSOR_DISTANCE = 14
# لكن with a subject pronoun, and the pronoun it carries
_BUT_PRONOUNS = {"لكنه": "ه", "ولكنه": "ه", "لكنها": "ها", "ولكنها": "ها", "لكنهم": "هم", "ولكنهم": "هم"}
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
    light: Hit | None = None  # the light verb carrying a noun (قد تفرض عقوبات)
    sentence: int = 0


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
        self.parts = Participants(doc, toks, alex)
        self.frames = Frames(doc, toks, self.parts, lex, alex)
        inside = self.name_tokens(doc, toks)
        hits = [h for h in hits if h.first not in inside]  # منظمة حظر الأسلحة، مؤتمر الحوار الوطني
        lights = [h for h in hits if h.pos == "light"]
        kept = []
        for h in hits:  # "قوات" without حشد is no event; "عقد" without وقع is the light verb "held"
            if h.form.light and not self.has_light(h, lights):
                other = next((r for r in lex.forms.get(forms[h.first], ()) if r.pos != "noun"), None)
                if other is None:
                    continue
                h = Hit(h.first, h.last, other)
            kept.append(h)
        hits = kept
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
        self.merged: set[int] = set()  # verbs that retell the noun before them (التفجير الذي استهدف)

    @staticmethod
    def has_light(h: Hit, lights: list[Hit]) -> bool:
        """Whether the light verb a noun needs (حشد قواته، قطع العلاقات) stands shortly before it."""
        return any(v.form.entry.lemma == h.form.light and 0 < h.first - v.first <= MAX_LIGHT_DISTANCE for v in lights)

    @staticmethod
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

    # --- reading -----------------------------------------------------------------------

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
        drafts = self.absorb(self.retold(drafts))
        by_token = {d.hit.first: d for d in drafts}
        events = [self.finish(d, by_token) for d in drafts]
        return [e for e in events if e is not None]

    def read(self, h: Hit, mine: list[Hit], first: int, stop: int, drafts: list[Draft]) -> Draft | None:
        form = h.form
        if form.pos == "verb":  # "أصدر الملك عفوا": after a light verb, the noun reading
            noun = next((r for r in self.lex.forms.get(self.forms[h.first], ()) if r.pos == "noun"), None)
            if noun is not None and self.light_verb(Hit(h.first, h.last, noun), mine, first) is not None:
                form = noun
                h = Hit(h.first, h.last, noun)
        entry = form.entry
        light = self.light_verb(h, mine, first) if form.pos == "noun" else None
        lacks_light = form.needs_light and (light is None or (form.light and light.form.entry.lemma != form.light))
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
            said = {(a.entity, a.name) for a in d.actors}
            if subject.candidates and not any(
                (c.participant.entity, c.participant.name) in said for c in subject.candidates
            ):
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
        if lacks_light and not d.targets:
            return None  # "الحوار" alone is a topic; "حوار مع الولايات المتحدة" an event
        return d if d.type else None

    def read_verb(self, d: Draft, h: Hit, first: int, stop: int, drafts: list[Draft]) -> None:
        told = (
            h.first > first and (h.first - 1) in self.frames.trigger_tokens and self.hit_at[h.first - 1].pos == "noun"
        )
        if h.first > first and self.lex.has("relative", self.forms[h.first - 1]) and not told:
            antecedent = self.parts.ending_before(h.first - 1, first)  # "المالكي الذي اتهم المملكة"
            if antecedent is not None and antecedent.last == h.first - 1:
                d.actors = [antecedent.participant]
                self.fill_target(d, self.frames.slot(h.last, d.hit.form.entry.slots, stop, adjuncts=2))
                return
        before = NOTHING if told else self.frames.subject_before(h.first, first)
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
        elif not subject.candidates and not told:
            subject = self.frames.subject_before(h.first, first)
        if not subject.candidates:  # "قتل عنصر … على يد قوات الأمن": the passive's agent
            agent = self.agent_phrase(h.last, stop, (), False)
            if agent.candidates:
                subject = agent
        d.actors = [c.participant for c in subject.candidates]
        entry = d.hit.form.entry
        if entry.slots and entry.slots[0] == "obj" and self.not_object(after):
            d.type = ""  # احتل المركز الأول: no event
            return
        self.fill_target(d, self.frames.slot(after, entry.slots, stop, adjuncts=2), subject.candidates)
        if not d.actors:
            d.actors = self.dropped_subject(h, first, drafts)

    def read_noun(self, d: Draft, h: Hit, light: Hit | None, first: int, stop: int, drafts: list[Draft]) -> None:
        entry = d.hit.form.entry
        definite = self.forms[h.first].lstrip("وفبل").startswith("ال") or self.forms[h.first].startswith("لل")
        gen = NOTHING if definite else self.frames.object_after(h.last, min(stop, h.last + MAX_GENITIVE_REACH))
        after = h.last
        if gen.candidates:
            after = gen.end
            agentive = d.type in VERBAL_TYPES and gen.candidates[0].kind in ("PERSON", "ORG", GROUP, UNNAMED)
            if entry.genitive_is_target and not agentive:  # "استنكار الجمعية": who condemns
                d.targets = [c.participant for c in gen.candidates]
            else:
                d.actors = [c.participant for c in gen.candidates]
        if not d.actors and not entry.genitive_is_target and not gen.candidates and d.type in ONE_SIDED_TYPES:
            d.actors = self.nationality_after(h, stop)  # "الغزو العراقي للكويت"، "العقوبات الأمريكية"
            if d.actors and d.actors[0].mention:
                after = max(after, (self.toks.at(d.actors[0].mention.end - 1) or h.last) + 1)
        if not d.actors and d.hit.form.possessive:
            owner = self.possessor(h, first)
            if (
                not entry.genitive_is_target
                or self.frames.prep_slot(h.last, "ل", stop, min(stop, h.last + 2)).candidates
            ):
                d.actors = owner  # "استنكارها للجريمة": the pronoun acts when a ل-object follows
            elif not d.targets:
                d.targets = owner  # "أعلنت الشرطة اعتقاله": the pronoun is acted on
        if not d.actors and light is not None:
            subject = self.frames.subject_after(light.last, h.first)
            if not subject.candidates:
                subject = self.frames.subject_before(light.first, first)
            passive = self.lex.has("passive_light", self.forms[light.first])
            if not passive:  # "جرى خلال اللقاء بحث …": nobody is named
                d.actors = [c.participant for c in subject.candidates] or self.dropped_subject(light, first, drafts)
        if not d.actors:
            relative = self.relative_clause(h, stop)
            if relative is not None:
                verb, subject = relative
                d.actors = [c.participant for c in subject.candidates]
                after = subject.end if subject.candidates else verb + 1
                told = self.hit_at[verb]
                if told.pos == "verb" and told.form.entry.type == d.type:
                    self.merged.add(verb)  # "التفجير الذي استهدف مسجد …": one event, the verb's object its target
                    self.fill_target(d, self.frames.slot(after, told.form.entry.slots, stop, adjuncts=2))
        if not d.actors:
            d.actors = self.both_sides(after, stop)
        if not d.actors:
            d.actors = [
                c.participant for c in self.agent_phrase(after, stop, entry.slots, d.type in VERBAL_TYPES).candidates
            ]
        if not d.actors and not entry.genitive_is_target:
            owned = self.owner_after(after, stop)
            if owned.candidates and owned.candidates[0].kind in ("PERSON", UNNAMED):
                d.actors = [c.participant for c in owned.candidates]  # "زيارة … لوزير الدفاع آشتون كارتر"
        if not d.actors:
            d.actors = self.claimant(h, first)
        if not d.actors and d.type in FRAME_TYPES:
            d.actors = self.adjunct_subject(h, first, drafts)
        if not d.actors:
            d.actors = self.speaker_of_content(h)
        for p in d.actors:  # "زيارة … لوزير الدفاع آشتون كارتر إلى بغداد": the target after the actor
            k = self.toks.at(p.mention.end - 1) if p.mention else None
            if k is not None and h.last <= k < h.last + MAX_SLOT_DISTANCE:
                after = max(after, k + 1)
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
                return other if self.subject_between(other.last, h.first) else None
            if other.pos == "verb":
                return None
        return None

    def subject_between(self, k: int, end: int) -> bool:
        """Whether tokens ``k..end-1`` can be a light verb's subject before its object:
        names, titles, time words ("أجرت الوزيرة الأمريكية جانيت يلين أمس محادثات")."""
        while k < end:
            c = self.parts.at(k)
            if c is not None:
                k = c.last
                continue
            if self.forms[k] == "في" and k + 1 < end and self.frames.in_time(k + 1):
                k += 1  # "قلل في يناير الماضي من الحظر"
                continue
            if self.lex.has("adjunct", self.forms[k]) and k + 2 <= end:
                k += 2  # "تم خلال الاجتماع بحث …"
                continue
            skipped = self.frames.adjunct_end(k, end)
            if skipped > k:
                k = skipped  # "عقد الأمير … في مكتبه بجدة أمس اجتماعاً"
                continue
            last = k == end - 1 and (self.frames.is_prep(k) or self.forms[k] in ("ب", "كل", "جميع"))
            if not (self.frames.is_title(k) or self.frames.in_time(k) or self.toks.surface(k) in '«»"“”' or last):
                return False  # "توصلت إيران إلى اتفاق": the light verb's own preposition may come last
            k += 1
        return True

    def relative_clause(self, h: Hit, stop: int) -> tuple[int, Found] | None:
        """ "العقوبات غير القانونية التي فرضها الغرب": the subject of the verb after the relative."""
        k = h.last
        limit = min(stop, h.last + MAX_RELATIVE_GAP)
        if not self.forms[h.first].lstrip("وفب").startswith(("ال", "لل")):
            return None  # "استهداف المواقع التي …": the relative clause is the genitive's
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

    def agent_phrase(self, k: int, stop: int, slots: tuple[str, ...], verbal: bool = True) -> Found:
        """ "من قبل X"، "على يد X" after an event noun, or "من X" right after it when من
        is not its target's preposition ("ودعوة من المرجع … السيستاني"): its actor."""
        for j in range(k, min(stop, k + 6)):
            if self.lex.has("agent", self.forms[j]) and j > 0 and self.forms[j - 1] in ("من", "علي"):
                return self.frames.after_prep(j + 1, stop)
        if k < stop and self.forms[k] == "من" and "من" not in slots and verbal:
            found = self.frames.phrase_at(k + 1, stop, subject=True)
            if found.candidates and found.candidates[0].kind in ("PERSON", "ORG", GROUP, UNNAMED):
                return found
        return NOTHING

    def nationality_after(self, h: Hit, stop: int) -> list[Participant]:
        """A nationality right after an event noun (one adjective may come between:
        "غارة جوية أمريكية") names the state that acts."""
        for k in range(h.last, min(stop, h.last + 2)):
            if self.frames.is_nationality(k) and self.parts.at(k) is None:
                surface = self.toks.surface(k)
                start, end = self.toks.starts[k], self.toks.ends[k]
                code = self.frames.actors.nationalities.get(nationality_key(surface))
                return [Participant(surface, None, Span(start, end), code)]
            if self.toks.kind(k) != "arabic" or self.parts.at(k) is not None or self.frames.is_prep(k):
                return []
        return []

    def both_sides(self, k: int, stop: int) -> list[Participant]:
        """ "لقاء بين سليماني وبوتين"، "اشتباكات بين الجيش والمسلحين": both sides act."""
        for j in range(k, min(stop, k + 1)):
            if self.lex.has("between", self.forms[j]):
                found = self.frames.phrase_at(j + 1, stop, subject=True)
                if len(found.candidates) > 1:
                    return [c.participant for c in found.candidates]
                return []
        return []

    def owner_after(self, k: int, stop: int) -> Found:
        """ "زيارة … لوزير الدفاع آشتون كارتر": a person after لـ, before any other
        preposition, owns the event."""
        for j in range(k, min(stop, k + NOUN_SLOT_REACH)):
            if self.frames.is_prep(j) or self.frames.is_punct(j):
                break
            surface = self.toks.surface(j)
            if surface.startswith("ل") and (self.frames.is_title(j) or self.parts.at(j) is not None):
                c = self.parts.at(j)
                if c is not None and c.governed == "ل":
                    return self.frames.joined(c, stop)
                return self.frames.phrase_at(j, stop, subject=False)
        return NOTHING

    def claimant(self, h: Hit, first: int) -> list[Participant]:
        """ "أعلن التنظيم مسؤوليته عن الهجوم": who claims the event did it."""
        j = h.first - 1
        if j - 1 < first or self.forms[j] not in ("عن", "عنها") or not self.lex.has("claim", self.forms[j - 1]):
            return []
        verb = j - 2
        while verb >= first and verb not in self.frames.verb_tokens and j - verb < MAX_LIGHT_DISTANCE:
            verb -= 1
        if verb < first or verb not in self.frames.verb_tokens:
            return []
        found = self.frames.subject_after(verb + 1, j - 1)
        if not found.candidates:
            found = self.frames.subject_before(verb, first)
        return [c.participant for c in found.candidates]

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

    def not_object(self, k: int) -> bool:
        """An object that makes the verb no event (احتل المركز الأول)."""
        return k < len(self.forms) and self.lex.has("not_object", self.forms[k])

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

    def quote_holding(self, offset: int) -> int | None:
        for n, q in enumerate(self.doc.quotes):
            if q.start <= offset < q.end:
                return n
        return None

    def agent(self, a: Agent) -> Participant:
        return Participant(a.name, a.entity, a.mention, self.parts.codes.get(a.entity) if a.entity else None)

    # --- across the document -----------------------------------------------------------

    def retold(self, drafts: list[Draft]) -> list[Draft]:
        """ "أن غارة جوية قتلت قيادياً"، "الغارة استهدفت أبا خليل": a verb whose subject is
        an event noun of its type retells that event; its object is the noun's target."""
        out: list[Draft] = []
        for d in drafts:
            prev = out[-1] if out else None
            if (
                prev is not None
                and d.hit.form.pos == "verb"
                and not d.actors
                and prev.hit.form.pos == "noun"
                and prev.type == d.type
                and prev.sentence == d.sentence
                and 0 <= d.hit.first - prev.hit.last <= MAX_RETOLD_GAP
                and not any(self.frames.ends_clause(k) for k in range(prev.hit.last, d.hit.first))
            ):
                if not prev.targets:
                    prev.targets = d.targets
                continue
            out.append(d)
        return out

    def absorb(self, drafts: list[Draft]) -> list[Draft]:
        """Drop an action named only as the content of an intent (اتفقتا على مناقشة،
        طالب بالإفراج، هدد بعقوبات): it has no actor of its own and follows the intent's
        trigger in the same clause."""
        out: list[Draft] = []
        for d in drafts:
            if d.hit.form.pos == "noun" and not d.actors and out and out[-1].hit.form.pos == "verb":
                prev = out[-1]
                gap = range(prev.hit.last, d.hit.first)
                own = {p.mention.start for p in (*prev.actors, *prev.targets) if p.mention}
                others = [
                    c
                    for c in self.parts.within(gap.start, gap.stop)
                    if c.participant.mention and c.participant.mention.start not in own
                ]
                if (
                    prev.type in INTENT_TYPES
                    and prev.sentence == d.sentence
                    and len(gap) <= MAX_CONTENT_DISTANCE
                    and not others  # "زار روسيا في خرق لقرار … حظر سفره": another name between: not its content
                    and not any(self.toks.surface(k) in ".؟?!؛:" for k in gap)
                ):
                    continue
            out.append(d)
        return out

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
            framing = self.framing_quote(start)
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
