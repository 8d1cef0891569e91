"""Finds the places where a time expression may begin, cheaply.

The grammar is Python, so running it at every token would cost more than the rest of
the analysis. Instead each distinct spelling is classified once (is it a starting word of
the lexicon, with any clitic combination, or a number?) and remembered, so that finding
the candidates of a text is a set lookup per token; only those are handed to the grammar.

Some starting words only begin an expression when another temporal word follows (هذا
العام، بعد يومين، ثلاثة أيام، الأول من مايو): these *weak* starters, and short numbers,
count only when the next word is a starting word, a linking word or a number.
"""

from __future__ import annotations

from functools import cache

from khabar import arabic

from .grammar import starter_categories
from .lexicon import context_words, lexicon

_PROCLITICS = [c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك")]
# categories whose words begin an expression only with another temporal word after them
WEAK_CATEGORIES = frozenset(
    {
        "this",
        "anchor",
        "every",
        "mod",
        "few",
        "times",
        "number",
        "periodword",
        "seasonword",
        "half",
        "quarter",
        "partnoun",
        "multi",
        "unitword",
        "hundred",
        "periodnoun",
    }
)
# categories where the article makes a different word of the same key (العام، الأول)
_ARTICLE_CATEGORIES = frozenset(
    {
        "unit",
        "unitword",
        "hundred",
        "number",
        "season",
        "half",
        "quarter",
        "mod",
        "few",
        "decade",
        "dayref",
        "periodword",
        "anchor",
        "periodnoun",
    }
)
# words after a weak starter or a number that may continue an expression without being
# starters themselves: في، من، حتى، صباحا، الماضي، العثمانية، هـ ...
_LINK_CATEGORIES = frozenset(
    {"rangeto", "partadv", "shift", "period", "era", "agree", "honorific", "approx", "unitadj", "refadj"}
)


def _starter_categories() -> dict[str, set[str]]:
    """Matching form (without clitics) -> starting categories, for every starting word."""
    lex = lexicon()
    starters = starter_categories()
    found: dict[str, set[str]] = {}
    for key, entries in lex.single.items():
        for e in entries:
            if e.category == "unit" and e.extra != 2:
                found.setdefault(key, set()).add("unitword")  # weak: العام alone is "general"
            elif e.category == "number" and e.extra == "hundred":
                found.setdefault(key, set()).add("hundred")  # weak, and not a number link
            elif e.category in starters:
                found.setdefault(key, set()).add(e.category)
    for key, rest in lex.multi.items():
        for _, e in rest:
            if e.category in starters:
                found.setdefault(key, set()).add("multi")  # weak: the rest must follow
    tens = [
        k
        for k, entries in lex.single.items()
        if k.endswith("ين")
        and any(e.category == "number" and e.extra == "cardinal" and 20 <= int(e.value) <= 90 for e in entries)
    ]
    for t in tens:  # decades: الستينات، التسعينيات
        for suffix in ("ات", "يات"):
            found[t + suffix] = {"decade"}
    return found


@cache
def starter_forms() -> dict[str, bool]:
    """Every starting word with every proclitic combination -> whether it is strong."""
    forms: dict[str, bool] = {}

    def add(form: str, strong: bool) -> None:
        forms[form] = forms.get(form, False) or strong

    for w, cats in _starter_categories().items():
        strong = not cats <= WEAK_CATEGORIES
        article = bool(cats & _ARTICLE_CATEGORIES)
        for pro in _PROCLITICS:
            add(pro + w, strong)
            if article:
                add((pro + "ل" + w) if pro.endswith("ل") else (pro + "ال" + w), strong)
            if w.startswith("ال") and pro.endswith("ل"):
                add(pro + w[1:], strong)  # ل + الشهر = للشهر
    return forms


@cache
def _links() -> frozenset[str]:
    """Words that may follow a weak starter without being starters themselves: the rest
    of a several-word entry (أول من أمس، بعد غد), صباحا، الماضي، العثمانية، هـ ..."""
    lex = lexicon()
    words = {k for k, entries in lex.single.items() if any(e.category in _LINK_CATEGORIES for e in entries)}
    words |= {"و"} | {k for k, rest in lex.multi.items() if any(e.category in _LINK_CATEGORIES for _, e in rest)}
    words |= {r[0] for rest in lex.multi.values() for r, _ in rest if len(r[0]) > 2}  # not من
    # a weekday without its article (كل ثلاثاء) and the عشر of 11-19
    words |= {k[2:] for k, entries in lex.single.items() if any(e.category == "weekday" for e in entries)}
    words |= context_words("link")  # the عشر of 11-19; الـ: السنوات الـ15 الأخيرة
    return frozenset(words | {p + w for w in words for p in ("و", "ف")})


# spellings met so far: strong or weak starters, or neither; set operations on these
# keep the per-word work in C once a corpus has been going a while
_strong: set[str] = set()
_weak: set[str] = set()
_numbers: set[str] = set()  # weak starters that من may follow: numbers, بداية، أواخر ...
_counts: set[str] = set()  # weak starters that في may follow: مرة، مرتين، مرات
_starters: set[str] = set()  # _strong | _weak
_others: set[str] = set()
_SEEN_LIMIT = 500_000
_FOLLOW_MARKS = frozenset("(/-–:.")


def _learn(words: set[str]) -> None:
    unknown = words - _starters - _others
    if not unknown:
        return
    if len(_others) + len(_starters) > _SEEN_LIMIT:  # numbers make the vocabulary open-ended
        for seen in (_others, _starters, _strong, _weak, _numbers, _counts):
            seen.clear()
    forms, numbers = starter_forms(), _number_forms()
    for w in unknown:
        key = arabic.normalize(w)
        strong: bool | None
        if w[0].isdecimal():
            strong = len(w) == 4  # a year stands alone; a shorter number needs company
            number = True
        else:
            strong, number = forms.get(key), key in numbers
        if strong is None:
            _others.add(w)
        else:
            (_strong if strong else _weak).add(w)
            _starters.add(w)
            if number and not strong:
                _numbers.add(w)
            if not strong and key in _times_forms():
                _counts.add(w)


@cache
def _times_forms() -> frozenset[str]:
    lex = lexicon()
    keys = {k for k, entries in lex.single.items() if any(e.category == "times" for e in entries)}
    return frozenset(f for f in starter_forms() if any(f.endswith(k) for k in keys))


@cache
def _number_forms() -> frozenset[str]:
    lex = lexicon()
    keys = {
        k
        for k, entries in lex.single.items()
        if any((e.category == "number" and e.extra != "hundred") or e.category == "mod" for e in entries)
    }
    return frozenset(f for f in starter_forms() if any(f.endswith(k) for k in keys))


def candidates(words: list[str], norms: list[str]) -> list[int]:
    """Indices of the tokens where an expression may begin: strong starters, and weak
    ones (هذا، بعد، ثلاثة، 15) followed by a word that can continue an expression."""
    _learn(set(words))
    n, links = len(words), _links()
    out = []
    for i in [i for i, w in enumerate(words) if w in _starters]:
        if words[i] in _strong:
            out.append(i)
            continue
        nxt = words[i + 1] if i + 1 < n else None
        if nxt is None:
            continue
        if nxt in _starters or nxt in _FOLLOW_MARKS:
            out.append(i)
            continue
        key = norms[i + 1]
        if key in links or (key == "من" and words[i] in _numbers) or (key == "في" and words[i] in _counts):
            out.append(i)
    return out
