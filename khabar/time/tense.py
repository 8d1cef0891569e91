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

from dataclasses import dataclass
from functools import cache

from khabar.arabic import normalize
from khabar.lexicon import data_lines

from .lexicon import context_words
from .window import TokenWindow

_WINDOW = 8  # tokens looked back, within the clause
_CLAUSE_MARKS = frozenset("،,.;؛:!?؟")


@dataclass(frozen=True)
class _Words:
    """The word lists of time_context.tsv that the look-back reads."""

    future: frozenset[str]
    past: frozenset[str]  # منذ and بأثر رجعي
    may: str  # قد
    was: frozenset[str]
    clause: frozenset[str]
    that: frozenset[str]  # surface forms
    not_s_verbs: tuple[str, ...]
    s_nouns: frozenset[str]
    noun_endings: tuple[str, ...]
    y_nouns: frozenset[str]
    y_noun_prefixes: tuple[str, ...]
    y_noun_endings: tuple[str, ...]
    t_not_verb_endings: tuple[str, ...]


@cache
def _words() -> _Words:
    (may,) = context_words("may")
    return _Words(
        future=context_words("future"),
        past=context_words("since") | context_words("past"),
        may=may,
        was=context_words("was"),
        clause=context_words("clause"),
        that=context_words("that", raw=True),
        not_s_verbs=tuple(context_words("not_s_verb")),
        s_nouns=context_words("s_noun"),
        noun_endings=tuple(context_words("noun_ending", raw=True)),
        y_nouns=context_words("y_noun"),
        y_noun_prefixes=tuple(context_words("y_noun_prefix", raw=True)),
        y_noun_endings=tuple(context_words("y_noun_ending", raw=True)),
        t_not_verb_endings=tuple(context_words("t_not_verb_ending", raw=True)),
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
    w, words = _bare(word), _words()
    if len(w) < 4 or w[0] != "س" or w[1] not in "يتن" or w.startswith(words.not_s_verbs) or w in words.s_nouns:
        return False
    rest = w[1:]
    return len(rest) <= 7 and rest[1] != "ا" and not rest.endswith(words.noun_endings)


def is_present_verb(s: TokenWindow, j: int) -> bool:
    """An imperfect verb opening its clause (يجتمع سفراء الحلف، ويعقد المجلس، وتنطلق
    البطولة), told from nouns and names by shape: not a word of the time lexicon (يوم،
    يومي، يونيو), not a name (يوسف). Only the clause's first word counts: inside a clause
    a word in ي is too often a name (يونايتد) or a verb of a relative clause (التي
    يرتكبها)."""
    w, words = _bare(s.norm[j]), _words()
    opens = j == 0 or (s.kinds[j - 1] == "punct" and s.surface[j - 1] in _CLAUSE_MARKS)
    if not opens or s.kinds[j] != "arabic" or w in words.y_nouns or s.hits(j) or not 4 <= len(w) <= 7:
        return False
    if w[0] == "ي":
        return not w.startswith(words.y_noun_prefixes) and not w.endswith(words.y_noun_endings)
    return w[0] == "ت" and (_feminine_imperfect(w) or w in _scheduling_verbs())


def _feminine_imperfect(w: str) -> bool:
    """تنطلق، تجتمع، تستضيف: ت + a verb of five letters or more that cannot be a past
    verb or a noun. Four letters are left to a list (time_verbs.tsv: تعقد "is held" and
    تقدم "advanced" look alike), and so are تـا (تراجع، تعاون: past verbs and nouns),
    تفعيل nouns (تقرير، تمويل) and past endings (تمكنت)."""
    return len(w) >= 5 and w[2] != "ا" and w[3] != "ي" and not w.endswith(_words().t_not_verb_endings)


def clause_tense(s: TokenWindow, i: int) -> str | None:
    """ "future", "present", "past" or None: what the words before token i, in its
    clause, say."""
    was = False
    reporting, words = _reporting_verbs(), _words()
    for j in range(i - 1, max(-1, i - 1 - _WINDOW), -1):
        if s.kinds[j] == "punct" and s.surface[j] in _CLAUSE_MARKS:
            break
        w = _bare(s.norm[j])
        if w in words.clause or s.surface[j] in words.that:
            break
        if s.norm[j] in reporting and s.norm[j - 1 : j] != [words.may]:
            break  # "قال الأحد"; but "كان قد وعد في نوفمبر" reads on to كان قد
        if w in words.future or is_future_verb(s.norm[j]):
            return "future"
        if w in words.past:
            return "past"
        if is_present_verb(s, j):
            return "present"
        if w in words.was:
            was = True
    if was and any(_bare(s.norm[j]) == words.may for j in range(max(0, i - _WINDOW), i)):
        return "past"
    return None
