"""The tokens that name an event, or carry one (light verbs): a set lookup of each
token's matching form, cut once by the earlier stages; a set phrase of several words
(وقف إطلاق النار) wins over the words it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from khabar.arabic import match_key, strip_diacritics
from khabar.events.lexicon import EventLexicon, Form
from khabar.tokens import Tokens


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger occurrence: tokens ``first..last-1`` and how they read."""

    first: int
    last: int
    form: Form

    @property
    def pos(self) -> str:
        return self.form.pos


def find_triggers(toks: Tokens, forms: list[str], lex: EventLexicon) -> list[TriggerHit]:
    """Every trigger and light verb, in order. A token with two readings (رفض: he
    refused / refusal) is read as a verb when nothing marks it as a noun (an article,
    a preposition, a pronoun after it, or a light verb or preposition before it)."""
    hits: list[TriggerHit] = []
    resume = 0
    table, phrases, exact = lex.forms, lex.phrases, lex.exact
    stop, names = lex.words.get("not_trigger", frozenset()), lex.words.get("not_after", frozenset())
    starters = lex.starters
    for i in [i for i, f in enumerate(forms) if f in starters]:
        if i < resume or forms[i] in stop:
            continue
        if i > 0 and not forms[i - 1].startswith("ال") and match_key(forms[i - 1]) in names:
            continue  # رئيس التحرير، هيئة تحرير الشام: a title or a name (not "وجه الرئيس انتقادات")
        if forms[i] in exact:
            form = exact[forms[i]].get(strip_diacritics(toks.surface(i)))
            if form is not None:
                hits.append(TriggerHit(i, i + 1, form))
            continue
        phrase = next((p for p in phrases.get(forms[i], ()) if _follows(toks, forms, i, p[0])), None)
        if phrase is not None:
            rest, entry = phrase
            hits.append(TriggerHit(i, i + 1 + len(rest), Form(entry, "noun")))
            resume = i + 1 + len(rest)
            continue
        readings = table.get(forms[i])
        if readings:
            form = _reading(readings, toks, forms, i, lex)
            if form.pos != "noun" and form.tense in ("past", "present") and toks.surface(i).endswith("ة"):
                continue  # "واستعادة": ة is no verb's object pronoun ه, whatever the matching form says
            hits.append(TriggerHit(i, i + 1, form))
    return hits


def _reading(readings: tuple[Form, ...], toks: Tokens, forms: list[str], i: int, lex: EventLexicon) -> Form:
    if len(readings) == 1:
        return readings[0]
    nouns = [r for r in readings if r.pos == "noun"]
    others = [r for r in readings if r.pos != "noun"]
    if not nouns or not others:
        return readings[0]
    if nouns[0].light:
        return nouns[0]  # "وقعت الوزارة عقدا": the noun its own light verb carries (checked later)
    word = forms[i]
    before = forms[i - 1] if i > 0 else ""
    marked_noun = (
        word.startswith(("ال", "بال", "لل", "وال"))
        or toks.surface(i).endswith("ة")  # a verb never ends in ta marbuta: إدانة
        or before in lex.forms
        and any(r.pos == "noun" for r in lex.forms[before])
        or nouns[0].possessive
        or lex.has("prep", before)
        or lex.has("noun_before", before)
        or before in lex.forms
        and any(r.pos == "light" for r in lex.forms[before])
    )
    return nouns[0] if marked_noun else others[0]


def _follows(toks: Tokens, forms: list[str], i: int, rest: tuple[str, ...]) -> bool:
    for n, word in enumerate(rest, 1):
        j = i + n
        if j >= len(forms) or forms[j] != word:
            return False
    return True
