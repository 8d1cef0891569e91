"""Speakers for the contents found, in reading order: who speaks, to whom, through
whom, where and when.
"""

from __future__ import annotations

from collections.abc import Callable

from khabar import arabic
from khabar.document import Agent, Document, Quote, Span
from khabar.frames.clauses import Clause
from khabar.frames.lexicon import CueForm, CueLexicon, cue_lexicon
from khabar.frames.marks import Quoted, inside_quotation
from khabar.frames.place import place_in
from khabar.frames.timing import time_in
from khabar.quotes.candidates import CandidateFinder, Options
from khabar.quotes.contents import Draft
from khabar.quotes.ranker import SpeakerModel
from khabar.quotes.speakers import PLACE_LIKE, SpeakerResolver, Subject, can_speak
from khabar.tokens import PUNCT, Tokens

# "عميد شؤون الطلاب، الدكتور X": a comma and titles between a description and its name.
MAX_APPOSITION_GAP = 3
# A subject between أن and its verb ("أن أمير قطر الشيخ تميم بن حمد آل ثاني أشار") is this short.
MAX_EMBEDDED_SUBJECT_TOKENS = 9

Observer = Callable[[Draft, Options], None]


def attribute(
    doc: Document,
    toks: Tokens,
    drafts: list[Draft],
    quoted: list[Quoted],
    model: SpeakerModel | None = None,
    observe: Observer | None = None,
) -> list[Quote]:
    """Quotes for the drafts, in reading order. With a ``model``, the rules' speaker of each
    cued quote competes with the other candidates (``candidates``) and the model picks;
    ``observe`` sees every quote's candidates (to train a model)."""
    lex = cue_lexicon()
    resolver = SpeakerResolver(doc, toks, lex, [(d.start, d.end) for d in drafts if not d.silent])
    resolver.quoted = quoted
    finder = CandidateFinder(doc, toks, resolver) if model is not None or observe is not None else None
    quotes: list[Quote] = []
    last: tuple[Agent, ...] = ()
    for d in drafts:
        c = d.clause
        if d.silent:
            assert c is not None  # a silent draft is made from its clause
            subj = resolver.subject(c.cue, c.subject)
            if not subj.anaphoric and _heads_phrase(toks, subj):  # not "يؤكد اهتمامه بضم راموس"
                resolver.remember(subj.speakers, c.cue, d.end)
            continue
        addressee = via = None
        if d.heading:
            speakers: tuple[Agent, ...] = ()
        elif c is None:  # continuation
            speakers = last
        else:
            speakers, addressee, via, subj = _speakers(doc, toks, resolver, c, d)
            if finder is not None:
                options = finder.options(c, subj, speakers, (d.start, d.end))
                if observe is not None:  # as the quote would name them ("عبدالرحمن بن" completed)
                    completed = tuple(tuple(_completed(doc, toks, lex, a) for a in agents) for agents in options.agents)
                    observe(d, Options(completed, options.features))
                if model is not None:
                    speakers = options.agents[model.choose(options.features)]
        speakers = tuple(_completed(doc, toks, lex, a) for a in speakers)
        if d.via is not None:
            relay = resolver.subject(None, d.via.subject, source=True).speakers
            if speakers:
                via = via or (relay[0] if relay else None)
            else:
                speakers = relay
        if not d.heading:
            said_by = c.cue if c and c.cue and c.cue.cls != "relay" else None  # نقلت: the relay's gender
            phrase = _phrase(doc, toks, resolver, c, speakers[0]) if c is not None and speakers else ""
            resolver.remember(speakers, said_by, d.end, phrase)
            last = speakers or last
        cue_span = Span(toks.starts[c.cue_token], toks.ends[c.cue_token]) if c and c.cue else None
        frame = c.subject if c else range(0)
        quotes.append(
            Quote(
                d.start,
                d.end,
                d.kind,
                cue_span,
                speakers[0] if speakers else None,
                addressee,
                via,
                time_in(doc, d.frame_start, min(d.start, c.content_start) if c and c.marker != "after" else d.start)
                if c
                else None,
                speakers=speakers if len(speakers) > 1 else (),
                place=place_in(doc, toks, frame) if c else None,
                heading=d.heading,
            )
        )
    return quotes


def _speakers(
    doc: Document, toks: Tokens, resolver: SpeakerResolver, c: Clause, d: Draft
) -> tuple[tuple[Agent, ...], Agent | None, Agent | None, Subject]:
    """(speakers, addressee, via, what the frame says) for one clause."""
    cue: CueForm | None = c.cue
    frame = c.subject
    via = None
    if cue is not None and cue.cls == "container" and frame:
        frame = range(frame.start + 1, frame.stop)  # وجاء في البيان أن: the statement speaks
    if cue is not None and cue.cls == "relay":
        relay_words = resolver.lex.exact["relay_from"]
        split = next((k for k in frame if toks.surface(k) in relay_words), None)
        if (
            split is not None
            and split == frame.start
            and toks.surface(split) in resolver.lex.exact["relay_from_pronoun"]
        ):
            # "وقالت كما نقلت عنها الوكالة «…»": the relay comes after; she speaks
            relay = resolver.subject(None, range(split + 1, frame.stop)).speakers
            via = relay[0] if relay else None
            frame = range(split, split)
        elif split is not None:
            relay = resolver.subject(None, range(frame.start, split)).speakers
            via = relay[0] if relay else None
            frame = range(split + 1, frame.stop)
    if cue is not None and cue.pos in ("participle", "masdar"):
        frame = range(frame.start, frame.start)  # مؤكدا حرص الجهات على: an object, never a subject
    subj: Subject = resolver.subject(cue, frame, source=c.is_source)
    if _called_on(resolver, toks, c, subj):
        subj = Subject((), None, range(frame.start, frame.start), True)
    speakers = subj.speakers
    if subj.anaphoric and (c.is_source or cue is not None and cue.pos == "passive"):
        speakers = ()  # أُعلن أن، قيل إن: nobody is named
    elif subj.anaphoric:
        pronoun = toks.surface(subj.phrase.start) if subj.phrase else ""
        speakers = (
            (resolver.honoured(pronoun, toks.starts[c.cue_token]) if pronoun else ())
            or _subject_before(resolver, toks, c)
            or resolver.antecedent(cue, d.sentence_start, toks.starts[c.cue_token])
        )
    return speakers, subj.addressee, via, subj


def _heads_phrase(toks: Tokens, subj: Subject) -> bool:
    """The phrase after a silent cue is its subject ("لم يذكر وانغ …"), not an object
    owned by a pronoun ("يؤكد اهتمامه بضم راموس")."""
    return not subj.phrase or not toks.clitics(subj.phrase.start).suffix


def _called_on(resolver: SpeakerResolver, toks: Tokens, c: Clause, subj: Subject) -> bool:
    """ "ودعا جميع المستفيدين إلى": after a coordinated call, a phrase naming nobody (no
    entity, no title, no source) is whom the speaker called on."""
    lex = resolver.lex
    if c.cue is None or subj.anaphoric or not resolver.said or not subj.phrase:
        return False
    if not lex.has("object_cue", c.cue.lemma) or toks.surface(c.cue_token)[:1] not in "وف":
        return False
    if any(a.entity for a in subj.speakers):
        return False
    head = toks.surface(subj.phrase.start)
    return not any(
        lex.has(kind, head) or lex.has(kind, head.removesuffix("ة"))
        for kind in ("name_title", "construct_title", "source_head", "back_person", "back_body")
    )


def _completed(doc: Document, toks: Tokens, lex: CueLexicon, agent: Agent) -> Agent:
    """ "عبدالرحمن بن" is a name cut after its connector: the next word completes it."""
    words = agent.name.split()
    if agent.mention is None or not words or not lex.has("name_connector", words[-1]):
        return agent
    k = toks.at(agent.mention.end - 1)
    if k is None or k + 1 >= len(toks) or toks.kind(k + 1) != "arabic":
        return agent
    if doc.text[agent.mention.end : toks.starts[k + 1]].strip():
        return agent  # punctuation between: the name really stops there
    return Agent(f"{agent.name} {toks.surface(k + 1)}", agent.entity, Span(agent.mention.start, toks.ends[k + 1]))


def _phrase(doc: Document, toks: Tokens, resolver: SpeakerResolver, c: Clause, speaker: Agent) -> str:
    """The subject phrase of a clause as written, for descriptions that repeat it; only
    a phrase that names the speaker itself ("رئيس الوزراء … خليفة بن سلمان") or has
    the name in apposition ("عميد شؤون الطلاب، الدكتور X،")."""
    np = resolver.noun_phrase(c.subject)
    if not np or c.is_source or speaker.mention is None:
        return ""
    a, b = toks.starts[np.start], toks.ends[np.stop - 1]
    if a <= speaker.mention.start and speaker.mention.end <= b:
        return doc.text[a:b]
    gap = toks.between(b, speaker.mention.start)
    if (
        speaker.mention.start >= b
        and len(gap) <= MAX_APPOSITION_GAP
        and all(toks.kind(k) == PUNCT or resolver.lex.has("name_title", toks.surface(k)) for k in gap)
    ):
        return doc.text[a : speaker.mention.end]
    return ""


def _subject_before(resolver: SpeakerResolver, toks: Tokens, c: Clause) -> tuple[Agent, ...]:
    """A subject named just before its verb: "والصين تقول إن"."""
    lex = cue_lexicon()
    if c.cue is None or not c.cue.is_verb:
        return ()  # a participle or masdar has no subject of its own
    cue_word = toks.surface(c.cue_token)
    if cue_word[0] == "ف":  # أما المواطن عبدالله فأوضح: the topic is the subject
        for k in range(c.cue_token - 1, max(-1, c.cue_token - 12), -1):
            if lex.has("topic", toks.surface(k)):
                subj = resolver.subject(None, range(k + 1, c.cue_token))
                return subj.speakers if not subj.anaphoric else ()
    if cue_word[0] in "وف":
        return ()  # a coordinated verb (وحذرت) shares the subject of the verb before it
    if _opens_with_topic(resolver, toks, c.cue_token):
        return ()  # "وعن ترشحه لخلافة بلاتر قال": what is spoken about, not who speaks
    k = c.cue_token - 1
    particles = lex.exact["verb_particle"]
    while k >= 0 and (
        toks.surface(k) in particles or toks.surface(k) in ("،", ",") or lex.has("relative", toks.surface(k))
    ):
        k -= 1
    if k < 0 or toks.kind(k) == PUNCT:
        return ()
    end = toks.ends[k]
    for m in resolver.mentions:
        if m.end == end:
            if _after_preposition(resolver, toks, m.start, own_prefix=m.entity.type in PLACE_LIKE):
                return ()  # "… في الأرجنتين، أكد", "وعن راموس قال": where or whom, not who
            return (Agent(m.entity.name, m.entity.id, Span(m.start, m.end)),)
    return _embedded_subject(resolver, toks, k) or _definite_before(resolver, toks, k)


def _opens_with_topic(resolver: SpeakerResolver, toks: Tokens, cue: int) -> bool:
    """The words before the cue are one prepositional phrase opening the sentence."""
    k = cue - 1
    while k >= 0 and toks.kind(k) != PUNCT:
        k -= 1
    if k + 1 >= cue:
        return False
    word = toks.surface(k + 1)
    lex = resolver.lex
    bare = word[1:] if word[:1] in "وف" and len(word) > 2 else word
    if lex.has("relative", word) or lex.has("relative", bare) or lex.has("complementizer", bare):
        return False  # "، والذي ذكر أن": a relative clause has its antecedent as subject
    return lex.has("np_boundary", word) or lex.has("np_boundary", bare)


def _after_preposition(resolver: SpeakerResolver, toks: Tokens, start: int, own_prefix: bool) -> bool:
    """A name inside a prepositional phrase: after في/عن, or (a place) written with بـ/لـ."""
    k = toks.at(start)
    if k is None:
        return False
    if own_prefix and set(arabic.clitics(toks.surface(k)).prefixes) & {"ب", "ل"}:
        return True
    before = toks.surface(k - 1) if k > 0 else ""
    return resolver.lex.has("np_boundary", before) or (
        before[:1] in "وف" and resolver.lex.has("np_boundary", before[1:])
    )


def _in_phrase_of(lex, word: str) -> bool:
    """A word that puts what follows it inside a prepositional phrase."""
    return lex.has("np_boundary", word) or bool(set(arabic.clitics(word).prefixes) & {"ب", "ل"})


def _embedded_subject(resolver: SpeakerResolver, toks: Tokens, k: int) -> tuple[Agent, ...]:
    """ "ذكر نجيب أن أمير قطر الشيخ تميم بن حمد أشار إلى أن": inside a reported clause the
    subject comes first, between أن and its verb."""
    lex = resolver.lex
    j = k
    while j >= 0 and k - j < MAX_EMBEDDED_SUBJECT_TOKENS and toks.kind(j) == "arabic":
        word = toks.surface(j)
        if lex.has("complementizer", word):
            if j == k or inside_quotation(toks.starts[j], resolver.quoted):
                return ()
            subj = resolver.subject(None, range(j + 1, k + 1))
            return () if subj.anaphoric else subj.speakers
        if (
            lex.cue(word) is not None
            or lex.has("relative", word)
            or (lex.has("np_boundary", word) and not lex.has("title_preposition", word))
        ):
            return ()
        j -= 1
    return ()


def _definite_before(resolver: SpeakerResolver, toks: Tokens, k: int) -> tuple[Agent, ...]:
    """ "وأحدث التقارير ذكرت أن": with no entity there, a definite noun phrase right
    before the verb (up to three words) is its subject."""
    lex = resolver.lex
    word = toks.surface(k)
    if toks.kind(k) != "arabic" or toks.ends[k] + 1 < toks.starts[k + 1] or toks.kind(k + 1) == PUNCT:
        return ()  # only the word right before the verb, no comma between ("وعن طريقة العرض، قال")
    parts = arabic.clitics(word)
    if not parts.has_article or set(parts.prefixes) - {"و", "ال"} or lex.has("np_boundary", word):
        return ()  # بالمواعيد، للمباراة: a prepositional phrase, not a subject
    if inside_quotation(toks.starts[k], resolver.quoted):
        return ()
    if any(lex.has("relative", toks.surface(j)) for j in range(max(0, k - 8), k)):
        return ()  # "لاعب وسط يونايتد الذي ينافس في الدوري الممتاز أكد": not this phrase
    first = k
    while first > k - 2 and first > 0 and toks.kind(first - 1) == "arabic":
        prev = toks.surface(first - 1)
        if (
            lex.has("np_boundary", prev)
            or lex.cue(prev) is not None
            or lex.has("relative", prev)
            or lex.has("sentence_particle", prev)
        ):
            break  # not "وكان" in "وكان الادعاء طالب"
        first -= 1
    if first > 0 and _in_phrase_of(lex, toks.surface(first - 1)):
        return ()  # "وحول تغير القناة … لقناة الإخبارية، قال": inside a prepositional phrase
    a, b = toks.starts[first], toks.ends[k]
    name = resolver.doc.text[a:b]
    return (Agent(name, None, Span(a, b)),) if can_speak(name, strict=True) else ()
