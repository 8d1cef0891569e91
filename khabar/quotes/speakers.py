"""Who speaks: the subject of a cue, resolved to an entity when the text allows.

The subject phrase of a frame gives, in order: a person named in it (joint speakers
joined by و, the addressee after أبلغ), a role recorded on an entity (كبير الدبلوماسيين
الصينيين), another entity in it (organisations anywhere, places only at its head), an
entity whose name or alias it spells, an earlier speaker whose words it repeats (رئيس
النادي), or the phrase itself, unresolved (مصدر مسؤول). A bare verb, a pronoun or a
participle (وأضاف، لكنه قال، سموه، مؤكدا) points back: to a speaker earlier in the same
sentence, a titled person for an honorific, the subject of the sentence, the last
speaker agreeing with the verb's gender and number, the nearest person named before.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from khabar import arabic
from khabar.arabic import match_key, strip_clitics
from khabar.document import Agent, Document, Entity, Span
from khabar.frames.byline import body_start
from khabar.frames.lexicon import CueForm, CueLexicon, cue_lexicon, matching_form
from khabar.frames.marks import MARKS
from khabar.tokens import PUNCT, Tokens

PERSON = "PERSON"
# Which entity in a subject phrase speaks: "وزيرة الخزانة الأمريكية جانيت يلين" is Yellen.
TYPE_RANK = {PERSON: 0, "ORG": 1, "GPE": 2, "NORP": 3, "LOC": 4, "MISC": 5}
# Places speak only as the head of their phrase ("تقول الصين"), never from inside it
# ("مسؤولون بمقاطعة فرانكلين").
PLACE_LIKE = frozenset({"GPE", "LOC", "NORP"})
# Who, besides people, speaks as the subject of a sentence (a club, a ministry, a state).
SPEAKING_GROUPS = frozenset({"ORG", "GPE"})
# A title running through a preposition (المشرف على برنامج …) to a name stays this short.
MAX_TITLE_TOKENS = 16
# A name in apposition after the subject's comma (…، النقيب عمر الأكلبي،) is this short.
MAX_APPOSITION_TOKENS = 6
# "مصادر في الاتحاد الأوروبي إن": an unnamed source keeps its whole frame up to this long.
MAX_SOURCE_FRAME = 7
# A sentence's subject sits within its first words (particle, verb, name).
SUBJECT_POSITION_TOKENS = 4
# Honorific pronouns with titles in quote_words.tsv (honorific_pronoun_X, X_title).
HONORIFIC_KINDS = ("prince", "minister")
# How many sentences back a bare verb with nobody before it may look for a subject.
EARLIER_SENTENCES = 2
# The subject after a sentence's opening verb, for its participles, is at most this long.
MAX_OPENING_SUBJECT_TOKENS = 6
# A person a place is named after is named in this many words ("الملك عبدالعزيز الدولي"),
# or with بن ("الأمير سلطان بن عبدالعزيز"); a longer mention ran on into someone else.
MAX_NAMED_AFTER_WORDS = 2
# A name in quotation marks inside a subject phrase (مجلة "فارايتي") is this short.
MAX_QUOTED_NAME_TOKENS = 3
# Punctuation a remembered subject phrase may carry ("عميد شؤون الطلاب، الدكتور …")
PHRASE_PUNCT = "،,.:؛;"
# A last name standing for a person ("الهريفي") is at least this long.
MIN_SURNAME_LETTERS = 4
# A description must be this long to be matched against recorded roles ("الوزير" is not).
MIN_ROLE_WORDS = 2
# The word classes whose words can head a phrase that speaks (can_speak).
SPEAKING_CLASSES = (
    "speaker_noun",
    "source_head",
    "name_title",
    "construct_title",
    "back_person",
    "back_body",
    "feminine_title",
    "statement_noun",
    "outlet",
    "honorific",
    "quantifier",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity mention on token edges, as a possible speaker: where it stands and whose it
    is (``entities.mentions.Mention`` is the tagger's span, before entities are grouped)."""

    start: int
    end: int
    entity: Entity


@dataclass(frozen=True, slots=True)
class Subject:
    """What a clause's frame says about its speaker."""

    speakers: tuple[Agent, ...]
    addressee: Agent | None
    phrase: range  # token range of the subject noun phrase (may be empty)
    anaphoric: bool  # nobody named: a bare verb or a pronoun


@dataclass(frozen=True, slots=True)
class Said:
    """A speaker already found, remembered for the verbs that point back to it."""

    agents: tuple[Agent, ...]
    gender: str  # m | f | -
    end: int  # where the quote ends
    keys: tuple[frozenset[str], ...] = ()  # each agent's name words in match_key form
    plural: bool = False  # said with a dual or plural verb (اعترفا، قالوا)
    heads: frozenset[str] = frozenset()  # the first word of the speaker's phrase, as keys


class SpeakerResolver:
    """Resolves subjects for one document, remembering who has spoken."""

    def __init__(self, doc: Document, toks: Tokens, lex: CueLexicon, excluded: list[tuple[int, int]]):
        self.doc, self.toks, self.lex = doc, toks, lex
        every = [Candidate(m.start, m.end, e) for e in doc.entities for m in e.mentions if _on_tokens(toks, m)]
        self.body = body_start(doc)  # the byline's names never speak
        self.mentions = sorted(
            (m for m in every if m.start >= self.body and not self._named_after(m)), key=lambda m: m.start
        )
        kept = {m.entity.id for m in self.mentions}
        self._speaking = {e.id for e in doc.entities} - ({m.entity.id for m in every} - kept)
        self._phrases: dict[tuple[int, int, bool], range] = {}
        self._starts = [m.start for m in self.mentions]
        self.excluded = excluded  # content spans: names inside what was said never speak
        self.said: list[Said] = []
        self._sentence_starts = [s.start for s in doc.sentences]
        self.quoted: list = []  # quotations of the document (their words never speak)
        self.gender = self._titled_genders()
        self._honorifics = {_key(w) for w in lex.words["honorific"]}

    @cached_property
    def _names(self) -> list[tuple[tuple[str, ...], Entity]]:
        """Every name and alias of the entities that may speak, as match keys (built on
        first use: most articles never need it)."""
        names = [
            (tuple(_key(w) for w in form.split()), e)
            for e in self.doc.entities
            if e.id in self._speaking
            for form in (e.name, *e.aliases)
            if form.strip()
        ]
        return names + self._surnames()

    @cached_property
    def _time_starts(self) -> frozenset[int]:
        return frozenset(t.start for t in self.doc.times)

    @cached_property
    def _roles(self) -> list[tuple[str, Entity]]:
        return [(r, e) for e in self.doc.entities if e.id in self._speaking for r in e.roles if r.strip()]

    def _surnames(self) -> list[tuple[tuple[str, ...], Entity]]:
        """ "وقال الهريفي" after "فهد الهريفي": a person's last name alone, where the
        tagger missed it, when no other person of the article shares it."""
        owners: dict[str, list[Entity]] = {}
        for e in self.doc.entities:
            words = e.name.split()
            if e.type == PERSON and e.id in self._speaking and len(words) > 1 and len(words[-1]) >= MIN_SURNAME_LETTERS:
                owners.setdefault(_key(words[-1]), []).append(e)
        return [((key,), found[0]) for key, found in owners.items() if len(found) == 1]

    def _is_surname(self, form: tuple[str, ...], entity: Entity) -> bool:
        return len(form) == 1 and entity.type == PERSON and len(entity.name.split()) > 1

    def _named_after(self, m: Candidate) -> bool:
        """A person inside the name of a place or body named after them ("مركز الملك
        سلمان للإغاثة", "مطار الملك عبدالعزيز الدولي"): not a speaker."""
        if m.entity.type != PERSON:
            return False
        k = self.toks.at(m.start)
        if k is None:
            return False
        j = k - 1 if k > 0 and self.lex.has("name_title", self.toks.surface(k - 1)) else k
        if j == 0 or _stem(self.toks.surface(j - 1)) not in self.lex.words["named_after"]:
            return False
        # "جامعة الملك سعود عبد الله الصقعبي": a longer mention ran on into the speaker
        words = self.doc.text[m.start : m.end].split()
        return len(words) <= MAX_NAMED_AFTER_WORDS or any(w in self.lex.exact["lineage"] for w in words)

    # --- memory -------------------------------------------------------------------------

    def remember(self, agents: tuple[Agent, ...], cue: CueForm | None, end: int, phrase: str = "") -> None:
        """Note who spoke; ``phrase`` is the subject as written ("رئيس الوزراء …"), whose
        words a later description may repeat."""
        if not agents:
            return
        gender = cue.gender if cue is not None and cue.number == "s" else "-"
        for a in agents:
            if a.entity and gender != "-":
                self.gender.setdefault(a.entity, gender)
        extra = _word_keys(phrase) if len(agents) == 1 else frozenset()
        keys = tuple(_word_keys(a.name) | extra for a in agents)
        heads = (
            _word_keys(" ".join([*phrase.split()[:1], *agents[0].name.split()[:1]]))
            if len(agents) == 1
            else frozenset()
        )
        plural = cue is not None and cue.number in ("d", "p")
        self.said.append(Said(agents, gender, end, keys, plural, heads))

    def _titled_genders(self) -> dict[str, str]:
        """Entities named right after a feminine title (وزيرة، السيدة) are women."""
        out: dict[str, str] = {}
        for m in self.mentions:
            k = self.toks.at(m.start)
            if k is not None and k > 0 and self.lex.has("feminine_title", self.toks.surface(k - 1)):
                out[m.entity.id] = "f"
        return out

    # --- subjects -----------------------------------------------------------------------

    def noun_phrase(self, frame: range, source: bool = False) -> range:
        key = (frame.start, frame.stop, source)
        if key not in self._phrases:  # a clause's phrase is asked for its speaker and again for its words
            self._phrases[key] = self._noun_phrase(frame, source)
        return self._phrases[key]

    def _noun_phrase(self, frame: range, source: bool = False) -> range:
        """The subject noun phrase opening a frame: up to a preposition, time word,
        punctuation or time expression. After a source word (بحسب) the first word may
        carry a preposition of its own (وفقا لوكالة …)."""
        toks, lex = self.toks, self.lex
        time_starts = self._time_starts
        skipped = False
        while frame and lex.has("np_skip", toks.surface(frame.start)):
            frame, skipped = range(frame.start + 1, frame.stop), True
        frame = range(self._past_outlet(frame, after_object=skipped), frame.stop)
        if frame and toks.surface(frame.start) in MARKS:  # وقال "النايف": a quoted name
            inner = range(frame.start + 1, frame.stop)
            close = next((j for j in inner if toks.surface(j) in MARKS), None)
            return range(frame.start + 1, close) if close is not None else range(frame.start, frame.start)
        k = frame.start + 1 if source and frame else frame.start
        while k < frame.stop:
            s = toks.surface(k)
            boundary = self._boundary(s)
            if (
                boundary
                and k in (frame.start + 1, frame.start + 2)
                and lex.has("quantifier", toks.surface(frame.start))
            ):
                boundary = False  # "عدد من الصحف الهولندية", "عدد كبير من اليمنيين"
            if s in MARKS and k > frame.start:  # ذكرت مجلة "فارايتي" الأميركية
                close = next(
                    (
                        j
                        for j in range(k + 1, min(frame.stop, k + 2 + MAX_QUOTED_NAME_TOKENS))
                        if toks.surface(j) in MARKS
                    ),
                    None,
                )
                if close is not None and close > k + 1:
                    k = close + 1
                    continue
            if toks.kind(k) == PUNCT or boundary or toks.starts[k] in time_starts:
                break
            if lex.cue(s) is not None and k > frame.start:
                break
            k += 1
        return self._apposition(range(frame.start, k), frame)

    def _prepositional(self, k: int) -> bool:
        """ "ودعا لسائر الشهداء بالمغفرة": a phrase opening with لـ/بـ is no subject,
        unless a name starts there (لافروف)."""
        prefixes = self.toks.clitics(k).prefixes
        if not (set(prefixes) & {"ل", "ب"} and "ال" in prefixes):
            return False  # only with the article: بلدية is a word, بالمغفرة a phrase
        start = self.toks.starts[k]
        return not any(m.start == start for m in self._mentions_in(start, self.toks.ends[k] + 200))

    def _past_outlet(self, frame: range, after_object: bool = False) -> int:
        """ "أوضح لـ«عكاظ» مصدر مسؤول", "قال لصحيفة الحياة مسؤول": the outlet the words
        were given to stands between the cue and its subject; where the subject starts.
        After "ذلك" any لـ-word is the outlet ("أوضح ذلك لسبق مدير …")."""
        toks, k = self.toks, frame.start
        if not frame:
            return k
        word = toks.surface(k)
        stem = _stem(word)
        if word.rstrip("\u0640") == "ل" and k + 1 < frame.stop:
            k += 1  # لـ «عكاظ»، لـ سبق
        elif word.startswith("ل") and stem in self.lex.words["outlet"] and k + 1 < frame.stop:
            k += 1  # لصحيفة الحياة، لوكالة «رويترز»
        elif after_object and word.startswith("ل") and len(word) > 3 and k + 1 < frame.stop:
            return k + 2 if toks.surface(k + 1) in ("،", ",") else k + 1
        else:
            return frame.start
        if toks.surface(k) in MARKS:
            close = next((j for j in range(k + 1, frame.stop) if toks.surface(j) in MARKS), None)
            if close is None:
                return frame.start
            k = close + 1
        elif toks.kind(k) == "arabic":
            k += 1
        else:
            return frame.start
        if k < frame.stop and toks.surface(k) in ("،", ","):
            k += 1
        return k if k < frame.stop else frame.start

    def _boundary(self, surface: str) -> bool:
        """A word that ends a noun phrase; "علي" spelled so is a name, not على."""
        return self.lex.has("np_boundary", surface) and surface not in self.lex.exact["name_not_boundary"]

    def _apposition(self, np: range, frame: range) -> range:
        """ "المتحدث الإعلامي بحرس الحدود، النقيب عمر الأكلبي، بأن": a name set off by
        commas after the title belongs to the subject."""
        toks, _lex = self.toks, self.lex
        if not np or np.stop >= frame.stop or toks.surface(np.stop) not in ("،", ","):
            return np
        k = np.stop + 1
        while k < frame.stop and toks.kind(k) != PUNCT and not self._boundary(toks.surface(k)):
            k += 1
        closes = k == frame.stop or toks.surface(k) in ("،", ",")
        if closes and k - np.stop - 1 in range(1, MAX_APPOSITION_TOKENS + 1) and k >= frame.stop - 1:
            return range(np.start, k)
        return np

    def subject(self, cue: CueForm | None, frame: range, source: bool = False, strict: bool = False) -> Subject:
        """What the frame says about its speaker. ``strict``: the frame is not right after a
        cue (the subject of a sentence, for its participles), so an unnamed phrase speaks only
        if its head is a word that can speak (``can_speak``)."""
        toks = self.toks
        np = self.noun_phrase(frame, source)
        if np and (
            self.lex.has("not_subject", toks.surface(np.start))
            or self.lex.cue(toks.surface(np.start))
            or (not source and self._prepositional(np.start))
        ):
            np = range(np.start, np.start)  # "بحركة اعتبرت غير مقبولة": a predicate, nobody named
        if not np or self.lex.has("pronoun_subject", toks.surface(np.start)):
            titled = self._titled_name(frame)
            if not titled:
                return Subject((), None, np, True)
            np = titled
        owner = self._statement_owner(np, frame, cue)
        if owner is not None:
            return owner
        np = self._through_title(np, frame)
        a, b = toks.starts[np.start], toks.ends[np.stop - 1]
        inside = [
            m
            for m in self._mentions_in(a, b)
            if (m.entity.type not in PLACE_LIKE or m.start == a) and not self._nisba(m, np)
        ]
        if source:  # "بحسب وكالة رويترز": a name right after the source word, or the phrase
            inside = [m for m in inside if m.start <= toks.ends[min(np.start + 1, np.stop - 1)]]
            if inside:
                return Subject((_agent(inside[0]),), None, np, False)
        spokesperson = self._spokesperson(np, inside)
        if spokesperson is not None:
            return Subject((spokesperson,), None, np, False)
        described, role = self._by_role(a, b)
        named = [m for m in inside if m.entity.type == PERSON and not _words_in(self.doc.text[m.start : m.end], role)]
        if described and not named:  # "الرئيس الأوكراني" is a role even if one word was tagged
            return Subject((described,), None, np, False)
        if inside:
            return self._from_mentions(inside, cue, np)
        found = self._by_name(np) or (None if source else self._said_before(np) or self._described(np))
        if found:
            return Subject((found,), None, np, False)
        name = " ".join("".join(ch for ch in self.doc.text[a:b] if ch not in MARKS).split())  # مجلة "فارايتي"
        if source and name.startswith("ل") and len(name) > 3:  # وفقا لوكالة … → وكالة …
            name, a = ("ا" + name[1:] if name.startswith("لل") else name[1:]), a + 1
        if not can_speak(name, strict):
            return Subject((), None, np, True)  # "وأكد الهجوم", "قال تماما": nobody is named
        return Subject((Agent(name, None, Span(a, b)),), None, np, False)

    def _spokesperson(self, np: range, inside: list[Candidate]) -> Agent | None:
        """ "قالت متحدثة باسم الأمم المتحدة": a spokesperson nobody names speaks for the
        body: the phrase as written, linked to the body's entity."""
        if not self.lex.has("spokesperson", self.toks.surface(np.start)):
            return None
        if any(m.entity.type == PERSON for m in inside):
            return None  # "المتحدث باسم الوزارة اللواء منصور التركي": the person speaks
        a, b = self.toks.starts[np.start], self.toks.ends[np.stop - 1]
        body = next((m for m in inside if m.entity.type in SPEAKING_GROUPS), None)
        name = " ".join("".join(ch for ch in self.doc.text[a:b] if ch not in MARKS).split())
        return Agent(name, body.entity.id if body else None, Span(a, b))

    def _nisba(self, m: Candidate, np: range) -> bool:
        """ "مصدر حكومي يوناني": a one-word "person" closing an unnamed source's phrase is
        the adjective of its nationality, tagged by mistake."""
        toks = self.toks
        k = toks.at(m.start)
        return k is not None and toks.ends[k] == m.end and k > np.start and self._nisba_of_source(np, m.entity)

    def _nisba_of_source(self, np: range, entity: Entity) -> bool:
        return (
            entity.type == PERSON
            and len(entity.name.split()) == 1
            and entity.name.endswith("ي")
            and self.lex.has("source_head", self.toks.surface(np.start))
        )

    def _statement_owner(self, np: range, frame: range, cue: CueForm | None) -> Subject | None:
        """ "وقال بيان لـ«الأونروا» إن": a statement speaks for the body it belongs to."""
        toks = self.toks
        if len(np) != 1 or not self.lex.has("statement_noun", toks.surface(np.start)):
            return None
        if np.stop + 1 >= frame.stop or toks.surface(np.stop).rstrip("\u0640") != "ل":
            return None
        owner = self.subject(cue, range(np.stop + 1, frame.stop))
        return None if owner.anaphoric else owner

    def _through_title(self, np: range, frame: range) -> range:
        """ "المشرف على برنامج إحالتي سليمان الشريع، أن": a title cut short by a
        preposition runs on to the comma that closes the frame, or to the person
        named in it."""
        toks = self.toks
        if np.stop >= frame.stop or not self.lex.has("title_preposition", toks.surface(np.stop)):
            return np
        after = np.stop + 1
        if after < frame.stop and self.lex.has("statement_noun", toks.surface(after)):
            return np  # "الخلية في بيان لها": the occasion, not the title
        if any(m.entity.type == PERSON for m in self._mentions_in(toks.starts[np.start], toks.ends[np.stop - 1])):
            return np  # "وقال لافروف في بكين، … مع نظيره": the subject is named already
        commas = [k for k in frame if toks.surface(k) in ("،", ",") or self.lex.has("subordinator", toks.surface(k))]
        reach = commas[0] if commas and commas[0] > np.stop else frame.stop  # not past "حيث"
        a, b = toks.starts[np.stop], toks.ends[reach - 1]
        people = [m for m in self._mentions_in(a, b) if m.entity.type == PERSON]
        if people:
            return range(np.start, toks.between(toks.starts[np.start], people[0].end).stop)
        titled = self._titled_name(range(np.stop, frame.stop))
        if titled and titled.stop - np.start <= MAX_TITLE_TOKENS:
            return range(np.start, titled.stop)  # الباحث في قضايا المجتمع الدكتور إبراهيم صنبع
        last = frame.stop - 1
        if commas == [last] and last - np.start <= MAX_TITLE_TOKENS:
            return range(np.start, last)
        rest = range(np.stop + 1, frame.stop)
        head = toks.surface(np.start)
        titled_head = self.lex.has("construct_title", head) or self.lex.has("construct_title", head.removesuffix("ة"))
        if (
            titled_head
            and not commas
            and len(frame) <= MAX_TITLE_TOKENS
            and rest
            and not self._mentions_in(toks.starts[np.stop], toks.ends[frame.stop - 1])
            and not any(self._boundary(toks.surface(k)) or toks.kind(k) != "arabic" for k in rest)
        ):
            return range(np.start, frame.stop)  # "مديرة مكتبة كادبوري في الجامعة سوزان ورال إن"
        if not commas and self.lex.has("source_head", toks.surface(np.start)) and len(frame) <= MAX_SOURCE_FRAME:
            end = np.stop + 1  # مصادر في الاتحاد الأوروبي; not "… لـ«الشرق الأوسط»"
            while end < frame.stop and toks.kind(end) != PUNCT and not self.lex.has("np_boundary", toks.surface(end)):
                end += 1
            return range(np.start, end)
        return np

    def _titled_name(self, frame: range) -> range:
        """ "أكد لـ"سبق"، مدير الشؤون الصحية، الدكتور مبارك عسيري، بأن": where the frame
        opens with no subject, a name after an honorific (الدكتور، اللواء) further on."""
        toks, lex = self.toks, self.lex
        for k in frame:
            if lex.has("name_title", toks.surface(k)) and k + 1 < frame.stop and toks.kind(k + 1) == "arabic":
                return self.noun_phrase(range(k, frame.stop))
        return range(frame.start, frame.start)

    def _said_before(self, np: range) -> Agent | None:
        """ "وتابع رئيس النادي": a description every word of which is in the name of
        someone who has already spoken ("رئيس النادي المبتعث عادل الإيداء")."""
        words = {_key(self.toks.surface(k)) for k in np}
        for said in reversed(self.said):
            if len(words) == 1 and not words <= said.heads:
                continue  # one word must head the phrase: "الداخلية" is not "الناطق باسم وزارة الداخلية"
            for agent, keys in zip(said.agents, said.keys):
                if words <= keys and len(keys) > len(words):
                    return agent
        return None

    def _described(self, np: range) -> Agent | None:
        """ "وقال اللاعب", "وأكدت الشركة", "وقال المدرب السابق لمنتخب انجلترا": a generic
        head with nobody named points back to the person (or body) the story is about:
        the last one of that kind who spoke, else the last one named."""
        head = self.toks.surface(np.start)
        if not arabic.clitics(head).has_article:
            return None
        if len(np) == 1 and self.lex.has("statement_noun", head.removeprefix("ال")):
            return self._issuer()  # "وقال البيان": the body that issued it
        kind = PERSON if self.lex.has("back_person", head) else "ORG" if self.lex.has("back_body", head) else None
        if kind is None:
            return None
        key = _key(head)
        for said in reversed(self.said):  # "المدرب ستيف مكلارين" spoke before "المدرب السابق …"
            if len(said.agents) == 1 and said.agents[0].entity and key in said.keys[0]:
                return said.agents[0]
        for said in reversed(self.said):
            if len(said.agents) == 1 and said.agents[0].entity and self._entity_type(said.agents[0]) == kind:
                return said.agents[0]
        before = self._mentions_in(0, self.toks.starts[np.start])
        for m in reversed(before):
            if m.entity.type == kind and not self._quoted(m):
                return _agent(m)
        return None

    def _issuer(self) -> Agent | None:
        """The last body that spoke, for a statement that speaks without its owner's name:
        an organisation or country, or an unnamed phrase reported with a feminine verb
        (bodies take قالت، sources and officials قال)."""
        for said in reversed(self.said):
            agent = said.agents[0]
            if (
                len(said.agents) == 1
                and self._entity_type(agent) in (*SPEAKING_GROUPS, None)
                and not (agent.entity is None and said.gender == "m")
            ):
                return agent
        return None

    def _mentions_in(self, a: int, b: int) -> list[Candidate]:
        i = bisect_left(self._starts, a)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < b:
            if self.mentions[i].end <= b:
                out.append(self.mentions[i])
            i += 1
        return out

    def _from_mentions(self, inside: list[Candidate], cue: CueForm | None, np: range) -> Subject:
        best_rank = min(TYPE_RANK.get(m.entity.type, 9) for m in inside)
        best = [m for m in inside if TYPE_RANK.get(m.entity.type, 9) == best_rank]
        first = best[0]
        speakers = [first]
        addressee = None
        for m in best[1:]:
            between = self.doc.text[speakers[-1].end : m.start]
            if m.entity.id == speakers[-1].entity.id:
                continue
            if _joined(between):
                speakers.append(m)
            elif cue is not None and cue.cls == "address" and addressee is None:
                addressee = _agent(m)
                break
            else:
                break
        if len(speakers) == 1 and len(best) > 1 and (cue is None or cue.cls != "address"):
            last = best[-1]  # "رائد الفضاء الأمريكي سكوت كيلي": the name closes the phrase
            if not _joined(self.doc.text[first.end : last.start]):
                speakers = [last]
        if cue is not None and cue.cls == "address" and addressee is None:
            later = [m for m in inside if m.start >= speakers[-1].end and m.entity.id != first.entity.id]
            addressee = _agent(later[0]) if later else None
        return Subject(tuple(_agent(m) for m in speakers), addressee, np, False)

    def _by_name(self, np: range) -> Agent | None:
        """An entity whose name or alias the phrase spells, where no mention was tagged."""
        keys = [_key(self.toks.surface(k)) for k in np]
        present = set(keys)
        for form, entity in self._names:
            if form[0] not in present:
                continue
            n = len(form)
            for j in range(len(keys) - n + 1):
                if tuple(keys[j : j + n]) != form:
                    continue
                if j > 0 and (
                    entity.type in PLACE_LIKE  # "عضو الحكومة المحلية بالأنبار": a place inside the phrase
                    or self._is_surname(form, entity)  # "علي الدبيخي" is not "محمد سليمان الدبيخي"
                    or n == 1
                    and self._nisba_of_source(np, entity)  # "مصدر حكومي يوناني"
                ):
                    continue
                a, b = self.toks.starts[np.start + j], self.toks.ends[np.start + j + n - 1]
                return Agent(entity.name, entity.id, Span(a, b))
        return None

    def _by_role(self, a: int, b: int) -> tuple[Agent | None, frozenset[str]]:
        """A description that matches a role recorded on an entity (كبير الدبلوماسيين
        الصينيين), and the role's words."""
        if not self._roles:
            return None, frozenset()
        words = {_key(w) for w in self.doc.text[a:b].split()} - self._honorifics
        if len(words) < MIN_ROLE_WORDS:
            return None, frozenset()
        for role, entity in self._roles:
            role_words = frozenset(_key(w) for w in role.split())
            # "الجيش الأوكراني" is inside "المتحدث باسم الجيش الأوكراني" but is not that role
            inside = words <= role_words and _key(role.split()[0]) in words
            if len(role_words) >= MIN_ROLE_WORDS and (inside or role_words <= words):
                return Agent(entity.name, entity.id, Span(a, b)), role_words
        return None, frozenset()

    # --- pointing back ------------------------------------------------------------------

    def antecedent(self, cue: CueForm | None, sentence_start: int, cue_start: int) -> tuple[Agent, ...]:
        """The nearest compatible speaker for a bare verb or pronoun at ``cue_start``.

        A participle or masdar (مؤكدا، قائلا) shares the subject of its sentence's main
        verb: the speaker of an earlier clause of the sentence, else the subject after
        the sentence's opening verb ("وسعى نتنياهو الى … قائلا")."""
        sentence_start = max(sentence_start, self.body)
        gender = cue.gender if cue is not None else "-"
        plural = cue is not None and cue.number in ("p", "d")
        last = self.said[-1] if self.said else None
        if last is not None and last.end >= sentence_start and self._agrees(last, "-", plural):
            return last.agents  # وأشار إلى أن …، وقال "…": the same speaker goes on
        if cue is not None and cue.pos in ("participle", "masdar"):
            main_subject = self._sentence_subject(sentence_start, cue_start)
            if plural and cue.pos == "participle" and not self._group(main_subject):
                people = self._plural_people(sentence_start, cue_start)
                if people is not None:
                    return (people,)  # "وأثار الفيديو غضبا بين رواد المواقع، مطالبين"
            if main_subject:
                return main_subject
        here = [m for m in reversed(self._mentions_in(sentence_start, cue_start)) if not self._quoted(m)]
        opening = self._opening_tokens(sentence_start)
        for m in here:
            if m.entity.type == PERSON and not plural and self._compatible(m.entity, gender) and m.start < opening:
                return (_agent(m),)  # "ووزير الخارجية X … لكنه قال"; not the object of another verb
        for m in here:
            if m.entity.type in SPEAKING_GROUPS and m.start < opening:
                titled = self._titled_person(m, cue_start)
                if titled:
                    return titled  # "ولا يزال مدرب مانشستر يونايتد، الهولندي لويس فان غال …، وأكد"
                return (_agent(m),)  # "لكن نادي القادسية لم يشعر بالرضا بعدما قال"
        for said in reversed(self.said):
            joint = len(said.agents) > 1
            if joint and not plural or plural and not joint and self._entity_type(said.agents[0]) == PERSON:
                continue
            if self._agrees(said, gender, plural):
                return said.agents
        for m in reversed(self._mentions_in(0, sentence_start)):
            if (m.entity.type == PERSON) != plural and self._compatible(m.entity, gender) and not self._quoted(m):
                return (_agent(m),)
        earlier = self._earlier_subject(sentence_start, cue_start, here_too=cue is not None and cue.pos == "past")
        singles = [said for said in self.said if len(said.agents) == 1]
        if not earlier and singles and not plural:
            return singles[-1].agents  # "وأشارت المصدر ذاتها": the verb's gender can be wrong
        return earlier

    def _group(self, agents: tuple[Agent, ...]) -> bool:
        """Whether speakers can go with a plural verb: several, a body, or a plural noun."""
        if len(agents) != 1:
            return len(agents) > 1
        agent = agents[0]
        if agent.entity is not None:
            return self._entity_type(agent) != PERSON
        words = agent.name.split()
        return bool(words) and _plural_head(match_key(words[0]))

    def _plural_people(self, sentence_start: int, cue_start: int) -> Agent | None:
        """For a plural participle whose sentence names no speaking subject: the nearest
        group of people before it in the sentence ("بين رواد مواقع التواصل"، "الأهالي"),
        a phrase whose head is a plural that can speak."""
        toks = self.toks
        span = toks.between(sentence_start, cue_start)
        for k in range(span.stop - 1, span.start - 1, -1):
            if toks.kind(k) != "arabic":
                continue
            key = match_key(toks.surface(k))
            if not (len(key) >= 5 and key.endswith(("ون", "ين")) or key in _speaking_keys()[0] and _plural_head(key)):
                continue
            np = self.noun_phrase(range(k, span.stop))
            if not np or self._mentions_in(toks.starts[np.start], toks.ends[np.stop - 1]):
                continue
            a, b = toks.starts[np.start], toks.ends[np.stop - 1]
            name = " ".join(self.doc.text[a:b].split())
            return Agent(name, None, Span(a, b)) if can_speak(name, strict=True) else None
        return None

    def _titled_person(self, m: Candidate, cue_start: int) -> tuple[Agent, ...]:
        """The person a title over a body names ("مدرب مانشستر يونايتد، … لويس فان غال"):
        the first person named after the body, before the cue."""
        k = self.toks.at(m.start)
        if k is None or k == 0 or not self.lex.has("construct_title", self.toks.surface(k - 1)):
            return ()
        people = [p for p in self._mentions_in(m.end, cue_start) if p.entity.type == PERSON and not self._quoted(p)]
        return (_agent(people[0]),) if people else ()

    def honoured(self, pronoun: str, cue_start: int) -> tuple[Agent, ...]:
        """ "حيث نوه سموه": the last speaker, or the last person named, whose title fits
        the honorific (a prince for سموه, a minister for معاليه); () when none does."""
        titles = next(
            (self._title_keys(kind) for kind in HONORIFIC_KINDS if self.lex.has(f"honorific_pronoun_{kind}", pronoun)),
            None,
        )
        if not titles:
            return ()
        for said in reversed(self.said):
            if len(said.agents) == 1 and said.keys and said.keys[0] & titles:
                return said.agents
        toks = self.toks
        for m in reversed(self._mentions_in(0, cue_start)):
            k = toks.at(m.start)
            if m.entity.type == PERSON and k is not None and not self._quoted(m):
                if {_key(toks.surface(j)) for j in range(max(0, k - 3), k)} & titles:
                    return (_agent(m),)
        return ()

    def _title_keys(self, kind: str) -> frozenset[str]:
        return frozenset(_key(w) for w in self.lex.words[f"{kind}_title"])

    def _earlier_subject(self, sentence_start: int, cue_start: int, here_too: bool) -> tuple[Agent, ...]:
        """Nobody has spoken and no entity is known: the subject after the opening verb
        of this sentence or one just before ("أطلقت مدينة الملك فهد الطبية خدمة … وأوضحت")."""
        i = bisect_left(self._sentence_starts, sentence_start)
        for k in range(i if here_too else i - 1, max(-1, i - 1 - EARLIER_SENTENCES), -1):
            if k >= len(self.doc.sentences):
                continue
            sent = self.doc.sentences[k]
            found = self._sentence_subject(sent.start, min(sent.end, cue_start))
            if found:
                return found
        return ()

    def _opening_tokens(self, sentence_start: int) -> int:
        """Where a sentence's subject position ends: its first few words, unless it
        opens with a preposition ("وعن مفاوضات نادي الأهلي …" has no subject there)."""
        first = self.toks.at(sentence_start)
        if first is None:
            return sentence_start
        word = self.toks.surface(first)
        if self.lex.has("np_boundary", word) or (word[:1] in "وف" and self.lex.has("np_boundary", word[1:])):
            return sentence_start
        last = min(first + SUBJECT_POSITION_TOKENS, len(self.toks)) - 1
        return self.toks.ends[last]

    def _sentence_subject(self, sentence_start: int, cue_start: int) -> tuple[Agent, ...]:
        toks, lex = self.toks, self.lex
        if sentence_start < self.body:  # "محمد أبو شعر- سبق: يواصل …": the verb opens the body
            sentence_start = (
                toks.starts[toks.between(self.body, cue_start).start] if self.body < cue_start else cue_start
            )
        first, cue = toks.at(sentence_start), toks.at(cue_start)
        if cue is None:  # the end of an earlier sentence: up to the first token after it
            cue = bisect_left(toks.starts, cue_start)
        if first is None or cue is None or cue - first < 2 or toks.kind(first) != "arabic":
            return ()
        if first + 2 < cue and lex.has("pronoun_subject", f"{toks.surface(first)} {toks.surface(first + 1)}"):
            first += 2  # "من جهته اكتفى نجم الكرة … قائلا": the verb follows
            if toks.surface(first) in ("،", ","):
                first += 1
        k = first
        while k < cue and lex.has("sentence_particle", toks.surface(k)):
            k += 1  # "غير أن منظمات غير حكومية سارعت …، مؤكدة": the subject follows أن
        if k > first and matching_form(toks.surface(k - 1)) in lex.words["complementizer"]:
            start = k  # subject first after أن
        else:
            opener = toks.surface(k)
            if k != first or lex.has("np_boundary", opener):
                return ()
            start = k + 1  # after the opening verb: "وسعى نتنياهو الى …"
        frame = range(start, min(cue, start + MAX_OPENING_SUBJECT_TOKENS))
        subj = self.subject(None, frame, strict=True)
        if subj.anaphoric:
            return ()
        if subj.speakers[0].entity is None and subj.phrase:
            named = self._named_apposition(subj.phrase.stop, cue) or self._titled_after(subj.phrase, cue)
            if named:
                return (named,)
        return subj.speakers

    def _titled_after(self, np: range, stop: int) -> Agent | None:
        """ "رحب الخبير في شؤون الخليج الدكتور يورجين تودنهوفر بالبيان": a description's
        title runs on to a name after an honorific, with no comma between."""
        toks = self.toks
        end = min(stop, np.start + MAX_TITLE_TOKENS)
        for k in range(np.start + 1, end):
            if toks.kind(k) == PUNCT:
                return None
            if self.lex.has("name_title", toks.surface(k)) and k + 1 < end:
                people = [
                    m
                    for m in self._mentions_in(toks.starts[k + 1], toks.ends[end - 1])
                    if m.entity.type == PERSON and toks.at(m.start) == k + 1
                ]
                return _agent(people[0]) if people else None
        return None

    def _named_apposition(self, k: int, stop: int) -> Agent | None:
        """ "يواصل الكاتب الرياضي …، فهد الهريفي، انتقاداته": the person named between
        commas right after a description."""
        toks = self.toks
        if k >= stop or toks.surface(k) not in ("،", ","):
            return None
        people = [
            m
            for m in self._mentions_in(toks.starts[k], toks.ends[min(stop, k + MAX_APPOSITION_TOKENS) - 1])
            if m.entity.type == PERSON
        ]
        if not people or toks.at(people[0].start) != k + 1:
            return None
        after = toks.between(people[0].end, toks.ends[stop - 1]).start
        return _agent(people[0]) if after < stop and toks.surface(after) in ("،", ",") else None

    @staticmethod
    def _agrees(said: Said, gender: str, plural: bool) -> bool:
        """A singular verb never continues what a dual or plural verb reported (مضيفة after
        "المحتجزين اعترفا"); gender must not clash."""
        if said.plural and not plural:
            return False
        return gender == "-" or said.gender in ("-", gender)

    def _compatible(self, entity: Entity, gender: str) -> bool:
        known = self.gender.get(entity.id, "-")
        return gender == "-" or known == "-" or known == gender

    def _entity_type(self, agent: Agent) -> str | None:
        for e in self.doc.entities:
            if e.id == agent.entity:
                return e.type
        return None

    def _quoted(self, m: Candidate) -> bool:
        return any(a <= m.start and m.end <= b for a, b in self.excluded)


@cache
def _speaking_keys() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Match keys of the words that can head a speaking phrase, of the determiners before
    such a head, and of the words that never can (from data/quote_words.tsv)."""
    lex = cue_lexicon()
    heads = frozenset(match_key(w) for kind in SPEAKING_CLASSES for w in lex.words[kind])
    determiners = frozenset(match_key(w) for w in lex.words["speaker_determiner"])
    return heads, determiners, frozenset(match_key(w) for w in lex.words["not_speaker"])


def _plural_head(key: str) -> bool:
    """A broken or sound plural of people among the speaking heads (رواد، أهالي، سكان،
    شهود، خبراء), read from its shape: the lexicon lists singulars and plurals alike."""
    return key in _plural_people_keys() or key.endswith(("ون", "ين", "اء"))


@cache
def _plural_people_keys() -> frozenset[str]:
    lex = cue_lexicon()
    return frozenset(match_key(w) for w in lex.words["plural_people"])


def can_speak(phrase: str, strict: bool = False) -> bool:
    """Whether a phrase that names no entity can be a speaker. Never when its head (after
    هذا، أحد، عدد من …) is a verb, pronoun, adverb or event noun of ``not_speaker`` ("وأكد
    الهجوم", "قال تماما"), carries tanween (علنًا) or is a number. ``strict`` (a subject the
    rules infer, not one right after its cue): only when the head is a person, group, body,
    medium or document of the lexicon, a plural in ـون/ـين, a nisba (الأحمدي), or an
    indefinite word, which may be a name the tagger missed (خلفان، أمانو); a definite noun
    the lexicon does not know ("وأثار الفيديو …، مطالبين") does not."""
    words = [w.strip(PHRASE_PUNCT) for w in phrase.split()]
    words = [w for w in words if w]
    if not words:
        return False
    heads, determiners, never = _speaking_keys()
    i = 0
    while i < len(words) - 1 and match_key(words[i]) in determiners:
        i += 1
        if words[i] == "من" and i < len(words) - 1:
            i += 1
    word = words[i]
    key = match_key(word)
    if key in heads or (len(key) >= 5 and key.endswith(("ون", "ين"))):
        return True
    if key in never or "\u064b" in word:
        return False
    if not arabic.is_arabic(word) and any(c.isdigit() for c in word):
        return False
    if not strict:
        return True
    return not arabic.clitics(word).has_article or (key.endswith("ي") and len(key) >= 4)


@lru_cache(maxsize=1 << 14)
def _key(word: str) -> str:
    return match_key(word)


@lru_cache(maxsize=1 << 12)
def _word_keys(text: str) -> frozenset[str]:
    """The match keys of a phrase's words, each also as it reads after ال: match_key takes
    the و of "وزارة" for a conjunction, and "الوزارة" must still find it."""
    words = [w.strip(PHRASE_PUNCT) for w in text.split()]
    return frozenset(_key(w) for w in words if w) | frozenset(
        _key("ال" + w) for w in words if w and not w.startswith("ال")
    )


@lru_cache(maxsize=1 << 14)
def _stem(word: str) -> str:
    return strip_clitics(word)


def _words_in(phrase: str, words: frozenset[str]) -> bool:
    return bool(words) and all(_key(w) in words for w in phrase.split())


def _on_tokens(toks: Tokens, span: Span) -> bool:
    """A mention that starts and ends on token edges (not الصين inside الصينيين)."""
    k = toks.at(span.start)
    j = toks.at(span.end - 1) if span.end > span.start else None
    return k is not None and j is not None and toks.starts[k] == span.start and toks.ends[j] == span.end


def _joined(between: str) -> bool:
    """Two names joined by و (بوتين والرئيس الصيني شي): a joint statement."""
    words = between.split()
    return bool(words) and words[0].startswith("و") and "،" not in between and len(words) <= 4


def _agent(m: Candidate) -> Agent:
    return Agent(m.entity.name, m.entity.id, Span(m.start, m.end))
