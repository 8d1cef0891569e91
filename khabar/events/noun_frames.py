"""Who acts in an event noun's frame beyond its genitive: the light verb that carries it
(أجرت يلين محادثات), the relative clause after it (العقوبات التي فرضها الغرب), an agent
phrase (من قبل X، على يد X), both sides of بين, a person after لـ (زيارة … لوزير الدفاع),
a nationality (الغزو العراقي), who claims it (أعلن التنظيم مسؤوليته عن الهجوم) and who
underwent it (تعرضت المدينة لقصف).
"""

from __future__ import annotations

from khabar.events.arguments import NOTHING, Found
from khabar.events.context import Rules
from khabar.events.lexicon import nationality_key
from khabar.events.model import Participant
from khabar.events.participants import GROUP, PLACE_TYPES, UNNAMED
from khabar.events.triggers import TriggerHit
from khabar.spans import Span

# A light verb carries the noun it governs within this many tokens (its subject between,
# with its titles and an honorific: "تلقى خادم الحرمين الشريفين الملك سلمان … ـ حفظه الله ـ اتصالا").
MAX_LIGHT_DISTANCE = 16
# Dashes and brackets around an honorific formula (ـ حفظه الله ـ) between a light verb and its noun.
ASIDE_MARKS = frozenset("ـ-–—()")
# A relative clause (التي فرضها) follows its noun after at most this many adjectives.
MAX_RELATIVE_GAP = 5
# Who a received call came from is named after من this close after the noun ("اتصالا
# هاتفيا اليوم من الرئيس").
MAX_SENDER_DISTANCE = 5
# An event noun's target preposition follows it (or its genitive) within this many tokens.
NOUN_SLOT_REACH = 7


class NounFrames(Rules):
    def light_verb(self, h: TriggerHit, mine: list[TriggerHit], first: int) -> TriggerHit | None:
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
            if self.forms[k] in ("لدي", "في", "الي") and k + 1 < end:
                place = self.parts.at(k + 1)
                kinds = ("ORG", *PLACE_TYPES) if self.forms[k] == "لدي" else PLACE_TYPES  # لدى الأمم المتحدة
                if place is not None and place.kind in kinds and place.last <= end:
                    k = place.last  # "وقع المندوب الدائم لدى الأمم المتحدة في نيويورك السفير …"
                    continue
            aside = self.lex.has("aside", self.forms[k]) or self.lex.has("adverb", self.forms[k])
            if aside or self.toks.surface(k) in ASIDE_MARKS:
                k += 1  # "تلقى الملك سلمان ـ حفظه الله ـ اتصالا"، "أعلنت الرياض رسميا تأييدها"
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

    def relative_clause(self, h: TriggerHit, stop: int) -> tuple[int, Found] | None:
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

    def belonging_to(self, k: int, stop: int) -> Found:
        """ "سفينة مساعدات تابعة للأمم المتحدة": the owner named after تابع/التابعة لـ right
        after the noun (or its genitive) acts."""
        for j in range(k, min(stop, k + 2)):
            if self.lex.has("belonging", self.forms[j]) and j + 1 < stop:
                c = self.parts.at(j + 1)
                if c is not None and self.toks.surface(j + 1).startswith("ل"):  # للأمم المتحدة, ل read or swallowed
                    return self.frames.joined(c, stop)
                return NOTHING
        return NOTHING

    def sender_after(self, k: int, stop: int) -> Found:
        """ "اتصالا هاتفيا اليوم من الرئيس": who a received event came from, named after من
        within MAX_SENDER_DISTANCE tokens of the noun (or its genitive), in its clause."""
        for j in range(k, min(stop, k + MAX_SENDER_DISTANCE)):
            if self.frames.ends_clause(j):
                break
            if self.forms[j] == "من":
                return self.frames.phrase_at(j + 1, stop, subject=True)
        return NOTHING

    def nationality_after(self, h: TriggerHit, stop: int) -> list[Participant]:
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

    def claimant(self, h: TriggerHit, first: int) -> list[Participant]:
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

    def not_object(self, k: int) -> bool:
        """An object that makes the verb no event (احتل المركز الأول)."""
        return k < len(self.forms) and self.lex.has("not_object", self.forms[k])

    def undergoer(self, h: TriggerHit, first: int) -> Found | None:
        """ "تعرضت المدينة لقصف": who underwent the event is its target."""
        for j in range(h.first - 1, max(first, h.first - 4) - 1, -1):
            if self.lex.has("undergo", self.forms[j]):
                found = self.frames.subject_after(j + 1, h.first)
                if not found.candidates:
                    found = self.frames.subject_before(j, first)
                return found if found.candidates else None
        return None
