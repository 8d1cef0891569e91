"""The tense of the clause before a time expression, for the expressions whose own words
leave the direction open: a bare weekday ("سيعقد المجلس جلسته الخميس" is the coming
Thursday) and a month without a year ("وكان قد زار المدينة في أكتوبر" is the last
October; "منذ فيضانات العاشر من سبتمبر" a September already past).

Markers read, the nearest to the expression first: سوف and a future verb (س + an
imperfect verb: سيعقد، ستنطلق), "من المقرر/المنتظر أن" (future); an imperfect verb in
ي (يجتمع سفراء الحلف الثلاثاء: "present", which news uses for what is scheduled, so a
weekday after it is the coming one; a month is left to the nearest-year rule); "كان قد",
an earlier منذ and "بأثر رجعي" (past). The look-back stops at the clause's edge:
punctuation, a relative pronoun, إن, and a reporting verb (قال، يقول: the time after it
belongs to the saying, not to a schedule). Anything else leaves the newsroom defaults
(the most recent weekday, the nearest year).
"""

from __future__ import annotations

from functools import cache

from khabar.arabic import normalize
from khabar.lexicon import data_lines

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
_NOUNS = frozenset(
    normalize(w)
    for w in (
        *("سنوي", "سيول", "سيدي", "سنين", "ستين", "سيرك", "سنتر", "سيناتور"),
        *("سيتي", "ستوك", "ستيفن", "ستيفان", "ستيف", "سيسيلي", "سيمون", "سيدني", "ستيوارت"),  # names
    )
)
_PAST_WORDS = frozenset({normalize("رجعي")})  # بأثر رجعي: retroactively, even after سيتم
_CLAUSE_WORDS = frozenset(
    normalize(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "حيث", "عندما", "بعدما")
)
_THAT = frozenset({"إن", "وإن", "بأن", "لأن"})  # surface forms: أن after المقرر/يتوقع does not end a clause
# words in ي or ت that look like imperfect verbs and are not (names, places: يوسف، تونس،
# تشيلسي), and verbs that describe, not schedule (ويأتي ذلك بعد ...: "this comes after")
_Y_NOUNS = frozenset(
    normalize(w)
    for w in (
        *("يوسف", "يحيى", "يزيد", "يونس", "يعقوب", "ياسر", "ياسين", "يسرى", "ينبع", "يهود", "يمين"),
        *("يأتي", "يعد", "يعتبر", "يبدو"),
        *("تونس", "تلفزيون", "تشيلسي", "توتنهام"),
    )
)


@cache
def _scheduling_verbs() -> frozenset[str]:
    """Four-letter imperfect verbs in ت that schedule (تعقد، تبدأ), from time_verbs.tsv."""
    return frozenset(normalize(row[0].strip()) for row in data_lines("time_verbs.tsv"))


@cache
def _reporting_verbs() -> frozenset[str]:
    """Every form of a reporting cue (قال، يقول، أكد ...), from the quotes stage's list."""
    return frozenset(normalize(row[0]) for row in data_lines("cues.tsv"))


def _bare(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


def is_future_verb(word: str) -> bool:
    """س + an imperfect verb (سيعقد، ستكون، سنواصل), told from nouns by shape."""
    w = _bare(word)
    if len(w) < 4 or w[0] != "س" or w[1] not in "يتن" or w.startswith(_NOT_VERBS) or w in _NOUNS:
        return False
    rest = w[1:]
    return len(rest) <= 7 and rest[1] != "ا" and not rest.endswith(_NOUN_ENDINGS)


def is_present_verb(s: Sentence, j: int) -> bool:
    """An imperfect verb opening its clause (يجتمع سفراء الحلف، ويعقد المجلس، وتنطلق
    البطولة), told from nouns and names by shape: not a word of the time lexicon (يوم،
    يومي، يونيو), not a name (يوسف). Only the clause's first word counts: inside a clause
    a word in ي is too often a name (يونايتد) or a verb of a relative clause (التي
    يرتكبها)."""
    w = _bare(s.norm[j])
    opens = j == 0 or (s.kinds[j - 1] == "punct" and s.surface[j - 1] in _CLAUSE_MARKS)
    if not opens or s.kinds[j] != "arabic" or w in _Y_NOUNS or s.hits(j) or not 4 <= len(w) <= 7:
        return False
    if w[0] == "ي":
        return not w.startswith("يوم") and not w.endswith(("ه", "ات"))
    return w[0] == "ت" and (_feminine_imperfect(w) or w in _scheduling_verbs())


def _feminine_imperfect(w: str) -> bool:
    """تنطلق، تجتمع، تستضيف: ت + a verb of five letters or more that cannot be a past
    verb or a noun. Four letters are left to a list (time_verbs.tsv: تعقد "is held" and
    تقدم "advanced" look alike), and so are تـا (تراجع، تعاون: past verbs and nouns),
    تفعيل nouns (تقرير، تمويل) and past endings (تمكنت)."""
    return len(w) >= 5 and w[2] != "ا" and w[3] != "ي" and not w.endswith(("ت", "ه", "ا", "ين", "ون"))


def clause_tense(s: Sentence, i: int) -> str | None:
    """ "future", "present", "past" or None: what the words before token i, in its
    clause, say."""
    was = False
    reporting = _reporting_verbs()
    for j in range(i - 1, max(-1, i - 1 - _WINDOW), -1):
        if s.kinds[j] == "punct" and s.surface[j] in _CLAUSE_MARKS:
            break
        w = _bare(s.norm[j])
        if w in _CLAUSE_WORDS or s.surface[j] in _THAT:
            break
        if s.norm[j] in reporting and s.norm[j - 1 : j] != [_MAY]:
            break  # "قال الأحد"; but "كان قد وعد في نوفمبر" reads on to كان قد
        if w in _FUTURE_WORDS or is_future_verb(s.norm[j]):
            return "future"
        if w == _SINCE or w in _PAST_WORDS:
            return "past"
        if is_present_verb(s, j):
            return "present"
        if w in _WAS:
            was = True
    if was and any(_bare(s.norm[j]) == _MAY for j in range(max(0, i - _WINDOW), i)):
        return "past"
    return None
