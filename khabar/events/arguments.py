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

from dataclasses import dataclass, replace

from khabar.document import Document
from khabar.events.codes import SECTORS, country_in, join_code, sector_in
from khabar.events.lexicon import ActorLexicon, EventLexicon, nationality_key
from khabar.events.model import Participant
from khabar.events.participants import GROUP, UNNAMED, Candidate, Participants, clitic_prefix
from khabar.events.titles import bare, title_keys, word_variants
from khabar.spans import Span
from khabar.tokens import PUNCT, Tokens

# A subject's name follows its verb within this many title words ("وزير الخارجية
# الأمريكي" is three; "خادم الحرمين الشريفين الملك" four).
MAX_TITLE_WORDS = 7
# Once a title has opened a phrase, its name may come this many words later ("معالي
# الأمين العام لمجلس التعاون لدول الخليج العربية الدكتور عبداللطيف الزياني").
MAX_TITLED_WORDS = 12
# Titles in apposition after a name run at most this many words.
MAX_APPOSITION_WORDS = 14
# A title naming someone unnamed is at most this many words (رئيس هيئة الأركان العامة).
MAX_UNNAMED_WORDS = 4
# How far a frame reaches for a preposition of the target, in tokens.
MAX_SLOT_DISTANCE = 14
# A subject before its verb stands at most this many tokens before it (a quotation
# mark, قد, a negator between).
MAX_BEFORE_GAP = 3
# A relative pronoun's antecedent may end this many adjectives before it (one: with two,
# "الإمارات … الجريمة الإرهابية التي" would reach past the noun the pronoun stands for).
MAX_ANTECEDENT_ADJECTIVES = 1
CLAUSE_END = frozenset(".؟?!؛;:")
QUOTE_MARKS = frozenset("\"'«»“”„‘’")


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
        if any(v in self.titles for v in word_variants(surface)):
            return True
        return nationality_key(surface) in self.actors.nationalities

    # --- subjects ----------------------------------------------------------------------

    def subject_after(self, k: int, stop: int) -> Found:
        """The subject right after a verb ending at token ``k``: a candidate after at
        most a few title words, with the candidates joined to it by و."""
        return self.phrase_at(k, stop, subject=True)

    def phrase_at(self, k: int, stop: int, subject: bool) -> Found:
        """The actor a noun phrase starting at token ``k`` names: a candidate after at most
        a few title words. Once a title has opened the phrase, a body or place inside it
        ("رئيس مجلس النواب العراقي سليم الجبوري", "رئيس إقليم كردستان مسعود بارزاني")
        gives way to the person it leads to."""
        titles = 0
        titled = False
        fallback: Candidate | None = None
        while k < stop and (self.toks.surface(k) in QUOTE_MARKS or self.lex.has("adverb", self.forms[k])):
            k += 1  # "ضربت أيضا متمردي الحزب"
        opening = k
        if subject and k < stop and self.governed_title(k):
            return NOTHING  # "التقى برئيس الوزراء …": a complement, not the subject
        if subject and k < stop and self.lex.has("counterpart", self.forms[k]):
            return NOTHING  # "يلتقي نظيره روي ماشيتي": his counterpart is met, not meeting
        while k < stop and titles <= (MAX_TITLED_WORDS if titled else MAX_TITLE_WORDS):
            if self.toks.surface(k) in QUOTE_MARKS:
                k += 1  # تنظيم «داعش»
                continue
            if titled and self.forms[k] in ("الي", "لدي", "في") and k + 1 < stop:
                place = self.parts.at(k + 1)
                if place is not None and place.kind in ("GPE", "LOC") and not place.prefix:
                    titles += place.last - k  # "مبعوث الأمين العام إلى اليمن إسماعيل ولد الشيخ"
                    k = place.last
                    continue
            c = self.parts.at(k)
            if c is not None:
                if c.governed and not titled:
                    return NOTHING
                if titled and c.kind != "PERSON":  # "رئيس حزب القوات اللبنانية سمير جعجع"
                    fallback = fallback or c
                    titles += c.last - c.first
                    k = c.last
                    continue
                return self.titled(self.joined(c, stop), opening, c.first)
            if titled and self.toks.surface(k) in ("،", ",") and k + 1 < stop and self.is_title(k + 1):
                k += 1  # "رئيس تكتل التغيير والإصلاح، العماد ميشال عون"
                continue
            if self.is_punct(k) or self.is_prep(k) or self.is_stop(k) or k in self.trigger_tokens:
                break
            if self.lex.has("place_head", bare(self.forms[k])) and not titled:
                nxt = self.parts.at(k + 1)
                if nxt is not None and nxt.kind in ("GPE", "LOC") and not nxt.prefix:
                    return self.joined(nxt, stop)  # مدينة تعز
                return NOTHING
            if self.is_title(k):
                if titled and self.is_leader(k) and self.is_nationality(k - 1) and self.forms[k].startswith("ال"):
                    break  # "هنأ الرئيس الفرنسي الأمير محمد": a second, definite title starts the object
                    # (an indefinite one is in apposition: "نائب الرئيس اليمني رئيس الوزراء خالد بحاح")
                titled = True
            elif not titled:
                return NOTHING  # an ordinary noun: a subject the text does not name
            titles += 1
            k += 1
        if fallback is not None and not fallback.governed and fallback.kind in ("ORG", GROUP):
            return self.joined(fallback, stop)  # "رئيس المجلس الأعلى للقضاء": the body, when no one is named
        return self.unnamed(opening, stop)

    def titled(self, found: Found, first: int, name: int) -> Found:
        """The first candidate with the country and sector its titles give, where its own
        code lacks them ("وزير الخارجية الروسي سيرغي لافروف" → RUS GOV)."""
        if name <= first or not found.candidates:
            return found
        words = tuple(self.toks.surface(j) for j in range(first, name))
        country, sector = country_in(words, self.actors), sector_in(words, self.actors)
        c = found.candidates[0]
        own = (c.participant.code or "").split()
        own_country = next((x for x in own if len(x) == 3 and x not in SECTORS), None)
        own_sector = next((x for x in own if x in SECTORS), None)
        code = join_code(own_country or country, own_sector or sector)
        if code == c.participant.code:
            return found
        p = replace(c.participant, code=code)
        return Found((replace(c, participant=p), *found.candidates[1:]), found.event_token, found.end)

    def governed_title(self, k: int) -> bool:
        """A title with a preposition attached (برئيس، لوزير)."""
        surface = self.toks.surface(k)
        return surface[:1] in ("ب", "ل", "ك") and bare(surface[1:]) in self.titles

    def skip_apposition(self, k: int, stop: int) -> int:
        """The token after the titles that follow a name ("محمد بن سلمان ولي ولي العهد
        النائب الثاني لرئيس مجلس الوزراء وزير الدفاع"): where the object may start."""
        start = k
        while k < stop and k - start < MAX_APPOSITION_WORDS:
            if self.toks.surface(k) in ("،", ",") and k + 1 < stop and self.is_title(k + 1):
                close = next((j for j in range(k + 1, min(stop, k + 10)) if self.toks.surface(j) in ("،", ",")), None)
                if close is not None:  # "محمد علي جعفري، قائد الحرس الثوري الإيراني، قرار …"
                    k = close + 1
                    continue
            if self.is_punct(k) or self.is_prep(k) or self.is_stop(k) or k in self.trigger_tokens:
                break
            if self.parts.at(k) is not None or self.in_time(k):
                break
            if not (self.is_title(k) or (k > start and self.is_title(k - 1) and self.toks.kind(k) == "arabic")):
                break
            k += 1
        return k

    def joined_word(self, k: int) -> bool:
        """A word with و attached ("وأحد الناجين"), not one that starts with و (وزير)."""
        surface = self.toks.surface(k)
        if not surface.startswith("و") or len(surface) < 4:
            return False
        form = self.forms[k]
        return not (bare(form) in self.titles or self.lex.has("leader", form)) and (
            bare(form[1:]) in self.titles or self.lex.has("leader", form[1:]) or form[1:].startswith("ال")
        )

    def is_leader(self, k: int) -> bool:
        return any(self.lex.has("leader", v) for v in word_variants(self.toks.surface(k)))

    def is_nationality(self, k: int) -> bool:
        return k >= 0 and nationality_key(self.toks.surface(k)) in self.actors.nationalities

    def unnamed(self, k: int, stop: int) -> Found:
        """A title naming someone the text does not name ("انتقد رئيس البلدية"، "الرئيس
        الفرنسي"): the phrase itself, unresolved, up to the next conjunction or stop."""
        if k >= stop or not self.is_leader(k) or self.joined_word(k):
            return NOTHING
        end = k + 1
        while end < stop and end - k < MAX_UNNAMED_WORDS:
            if self.toks.kind(end) != "arabic" or self.joined_word(end) or self.is_prep(end) or self.is_stop(end):
                break
            if end in self.trigger_tokens or end in self.verb_tokens or self.parts.at(end) is not None:
                break
            if self.is_leader(end) and self.is_nationality(end - 1):
                break
            end += 1
        surface = self.toks.surface(k)
        own = self.lex.has("leader", bare(surface)) or bare(surface) in self.titles  # وزارة keeps its و
        start, stop_at = self.toks.starts[k] + (0 if own else len(clitic_prefix(surface))), self.toks.ends[end - 1]
        words = tuple(self.toks.surface(j) for j in range(k, end))
        p = Participant(
            self.doc.text[start:stop_at],
            None,
            Span(start, stop_at),
            join_code(country_in(words, self.actors), sector_in(words, self.actors)),
        )
        return Found((Candidate(k, end, p, UNNAMED, ""),), None, end)

    def joined(self, c: Candidate, stop: int) -> Found:
        """``c`` and the candidates joined to it by و ("روسيا والصين"، "الجبير ونظيره")."""
        out = [c]
        k = c.last
        while k < stop:
            surface = self.toks.surface(k)
            if self.parts.at(k) is None and surface.startswith("و") and bare(surface[1:]) in self.titles:
                more = self.phrase_at(k, stop, subject=False)  # "بوتين ووزير الدفاع الروسي سيرجي شويجو"
                if more.candidates and more.candidates[0].kind in ("PERSON", UNNAMED):
                    out.extend(more.candidates)
                    k = more.end
                    continue
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

    def object_after(self, k: int, stop: int, adjuncts: int = 0) -> Found:
        """The direct object starting at token ``k``, after at most a few title words;
        with ``adjuncts``, that many place or time phrases may stand before it ("استقبل
        الملك في قصر السلام اليوم وزير الدفاع الأمريكي", "التقى … بالرياض، اليوم
        الثلاثاء، الرئيس الفرنسي")."""
        while adjuncts and k < stop:
            skipped = self.adjunct_end(k, stop)
            if skipped == k:
                break
            k = skipped
            adjuncts -= 1
        if k < stop and k in self.trigger_tokens:
            return Found((), k, k + 1)
        return self.phrase_at(k, stop, subject=False)

    def adjunct_end(self, k: int, stop: int) -> int:
        """The token after a place or time phrase opening at ``k`` (في …، بالرياض، اليوم،
        a time expression), with the comma closing it; ``k`` itself when there is none."""
        j = k
        while j < stop and self.toks.surface(j) in ("،", ","):
            j += 1
        if j >= stop:
            return k
        if self.in_time(j):
            while j < stop and self.in_time(j):
                j += 1
        elif self.forms[j] in ("في", "وفي") and j + 1 < stop and self.toks.clitics(j + 1).suffix:
            j += 2  # "في قصره"، "في مكتبه"
            while j < stop and (self.in_time(j) or self.toks.surface(j) in ("،", ",")):
                j += 1
            return j
        elif self.forms[j] in ("في", "وفي"):
            c = self.parts.at(j + 1)
            j = j + 1
            if c is not None and c.kind in ("GPE", "LOC", "ORG"):
                j = c.last
            else:
                n = 0
                while j < stop and n < 4 and not self.is_punct(j) and self.parts.at(j) is None and not self.in_time(j):
                    j, n = j + 1, n + 1
                c = self.parts.at(j)
                if j < stop and self.in_time(j):  # "في قصر السلام اليوم"
                    while j < stop and self.in_time(j):
                        j += 1
                elif c is None or c.kind not in ("GPE", "LOC"):
                    return k  # "في بيان صدر عن المجلس": not a place phrase
                else:
                    j = c.last
            n = 0
            while j < stop and n < 2 and self.forms[j].startswith("ال") and self.parts.at(j) is None:
                if self.is_title(j) or j in self.trigger_tokens:
                    break
                j, n = j + 1, n + 1  # "في القدس المحتلة"
        else:
            c = self.parts.at(j)
            if c is None or c.governed != "ب" or c.kind not in ("GPE", "LOC"):
                return k
            j = c.last
        while j < stop and self.toks.surface(j) in ("،", ","):
            j += 1
        return j

    def in_time(self, k: int) -> bool:
        start = self.toks.starts[k]
        return any(t.start <= start < t.end for t in self.doc.times)

    def after_prep(self, k: int, stop: int) -> Found:
        """What a free-standing preposition at token ``k - 1`` governs (a quotation mark
        may open it: بـ”العقوبات")."""
        while k < stop and self.toks.surface(k) in QUOTE_MARKS:
            k += 1
        if k < stop and k in self.trigger_tokens:
            return Found((), k, k + 1)
        return self.phrase_at(k, stop, subject=False)

    def slot(
        self, k: int, slots: tuple[str, ...], stop: int, reach: int = MAX_SLOT_DISTANCE, adjuncts: int = 0
    ) -> Found:
        """The target: the first slot of the frame that the words after token ``k`` fill;
        a preposition must stand within ``reach`` tokens. A noun's frame (a short reach)
        ends at the next name: "زيارته … لرحلة بوتين إلى بكين" is Putin's trip's."""
        stop = min(stop, k + MAX_SLOT_DISTANCE)
        for slot in slots:
            if slot == "obj":
                found = self.object_after(k, stop, adjuncts)
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
                swallowed = self.parts.at(j)  # the tagger read "على سليماني" as one name
                if swallowed is not None and swallowed.last > j + 1:
                    return self.joined(swallowed, stop)
                found = self.after_prep(j + 1, stop)
                if found.candidates or found.event_token is not None:
                    return found
            elif attached:
                c = self.parts.at(j)
                surface = self.toks.surface(j).lstrip("و")
                if c is not None and c.governed == prep:
                    return self.joined(c, stop)
                if j in self.trigger_tokens and surface.startswith(prep):
                    return Found((), j, j + 1)
                if c is None and surface.startswith(prep) and any(v in self.titles for v in word_variants(surface)):
                    found = self.phrase_at(j, stop, subject=False)  # بفخامة الرئيس …، برئيس الوزراء، للرئيس المصري
                    if found.candidates:
                        return found
            if stop_at_names and self.parts.at(j) is not None:
                break
            j += 1
        return NOTHING

    def adjectives_between(self, k: int, end: int) -> bool:
        """Whether tokens ``k..end-1`` are at most MAX_ANTECEDENT_ADJECTIVES definite words
        that name nobody and no event: the adjectives of a relative pronoun's antecedent
        ("المعارضة السورية المعتدلة التي تقاتل")."""
        if end - k > MAX_ANTECEDENT_ADJECTIVES:
            return False
        return all(
            self.forms[j].startswith("ال") and self.parts.at(j) is None and j not in self.trigger_tokens
            for j in range(k, end)
        )

    def is_verb_trigger(self, j: int) -> bool:
        return j in self.verb_tokens
