"""The tense of the clause before a time expression, for the expressions whose own words
leave the direction open: a bare weekday ("سيعقد المجلس جلسته الخميس" is the coming
Thursday) and a month without a year ("وكان قد زار المدينة في أكتوبر" is the last
October; "منذ فيضانات العاشر من سبتمبر" a September already past).

Only markers that say the tense outright are read: سوف and a future verb (س + an
imperfect verb: سيعقد، ستنطلق), "من المقرر/المنتظر أن"; "كان قد", an earlier منذ and
"بأثر رجعي". The nearest one to the expression wins.
Anything else leaves the newsroom defaults (the most recent weekday, the nearest year).
"""

from __future__ import annotations

from khabar.arabic import normalize

from .sentence import Sentence

_WINDOW = 8  # tokens looked back, within the clause
_CLAUSE_MARKS = frozenset("،,.;؛:!?؟")
_FUTURE_WORDS = frozenset(normalize(w) for w in ("سوف", "المقرر", "المنتظر", "المرتقب", "المزمع"))
_SINCE = normalize("منذ")
_MAY = normalize("قد")
_WAS = frozenset(normalize(w) for w in ("كان", "كانت", "كانوا", "كانا", "كنا", "كنت"))
# endings of nouns that look like س + a verb (سيارة، سندات، سنتين، سينما، سيناء، ستوديو)
_NOUN_ENDINGS = ("ه", "ات", "ا", "و", "ء", "ين", "يه")
_NOT_VERBS = (normalize("سيطر"),)  # سيطرت: a past verb, not س + يطرت
_NOUNS = frozenset(normalize(w) for w in ("سنوي", "سيول", "سيدي", "سنين", "ستين", "سيرك"))
_PAST_WORDS = frozenset({normalize("رجعي")})  # بأثر رجعي: retroactively, even after سيتم


def _bare(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


def is_future_verb(word: str) -> bool:
    """س + an imperfect verb (سيعقد، ستكون، سنواصل), told from nouns by shape."""
    w = _bare(word)
    if len(w) < 4 or w[0] != "س" or w[1] not in "يتن" or w.startswith(_NOT_VERBS) or w in _NOUNS:
        return False
    rest = w[1:]
    return len(rest) <= 7 and rest[1] != "ا" and not rest.endswith(_NOUN_ENDINGS)


def clause_tense(s: Sentence, i: int) -> str | None:
    """"future", "past" or None: what the words before token i, in its clause, say."""
    was = False
    for j in range(i - 1, max(-1, i - 1 - _WINDOW), -1):
        if s.kinds[j] == "punct" and s.surface[j] in _CLAUSE_MARKS:
            break
        w = _bare(s.norm[j])
        if w in _FUTURE_WORDS or is_future_verb(s.norm[j]):
            return "future"
        if w == _SINCE or w in _PAST_WORDS:
            return "past"
        if w in _WAS:
            was = True
    if was and any(_bare(s.norm[j]) == _MAY for j in range(max(0, i - _WINDOW), i)):
        return "past"
    return None
