"""Shared Arabic helpers: character classes, normalisation for matching, light clitics.

Every stage that compares words goes through ``normalize`` so that أحمد, احمد and
أَحْمَد match; the document text itself is never rewritten with these forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from khabar.lexicon import data_lines

# --- character classes -------------------------------------------------------------

ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f"
DIACRITICS = "\u064b-\u065f\u0670\u06d6-\u06ed"
TATWEEL = "\u0640"
EASTERN_DIGITS = "\u0660-\u0669"  # ٠-٩
PERSIAN_DIGITS = "\u06f0-\u06f9"  # ۰-۹
ARABIC_WORD_CHARS = ARABIC_LETTERS + DIACRITICS + TATWEEL

ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")
DIACRITICS_RE = re.compile(f"[{DIACRITICS}]")

# --- normalisation for matching ------------------------------------------------------

_NORMALIZE_TABLE = str.maketrans(
    {
        **{c: "ا" for c in "أإآٱ"},
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        TATWEEL: None,
        **{chr(c): None for c in range(0x064B, 0x0660)},
        "\u0670": None,
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "ک": "ك",
        "ی": "ي",
        "ھ": "ه",
    }
)

_DIGITS_TABLE = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)


def normalize(text: str) -> str:
    """Matching form: alef variants to ا, ى to ي, ة to ه, hamza seats folded,
    diacritics and tatweel dropped, Eastern digits to Western. Not length-preserving."""
    return text.translate(_NORMALIZE_TABLE)


def strip_diacritics(text: str) -> str:
    return DIACRITICS_RE.sub("", text).replace(TATWEEL, "")


def to_western_digits(text: str) -> str:
    """Eastern Arabic and Persian digits to 0-9 (length-preserving)."""
    return text.translate(_DIGITS_TABLE)


def is_arabic(text: str) -> bool:
    """True when the text holds at least one Arabic letter."""
    return ARABIC_LETTER_RE.search(text) is not None


# --- light clitic analysis -----------------------------------------------------------

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
FUTURE = "س"
ARTICLE = "ال"
IMPERFECT = ("ي", "ت", "ن", "أ")  # the prefixes of a present-tense verb that س can precede
# Longest first, so that "هما" wins over "ها" and "ه".
PRONOUN_SUFFIXES = ("كما", "هما", "كم", "كن", "هم", "هن", "نا", "ني", "ها", "ه", "ك", "ي")
MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Clitics:
    """A word split into proclitics, stem and pronoun suffix.

    Offsets are relative to the word, so ``word[stem_start:stem_end]`` is the stem and
    the token's surface span stays whole.
    """

    word: str
    prefixes: tuple[str, ...]
    stem_start: int
    stem_end: int
    suffix: str

    @property
    def stem(self) -> str:
        return self.word[self.stem_start : self.stem_end]

    @property
    def has_article(self) -> bool:
        return ARTICLE in self.prefixes


@lru_cache(maxsize=32768)
def clitics(word: str) -> Clitics:
    """Light, rule-based clitic analysis: و/ف, then ب/ل/ك or س, then ال; a pronoun suffix.

    Deliberately conservative: a stem keeps at least two letters, so short words
    (ولد، بلد) are left whole. ``لل`` is read as ل + ال.
    """
    i, n = 0, len(word)
    prefixes: list[str] = []
    if n - i > MIN_STEM + 1 and word[i] in CONJUNCTIONS:
        prefixes.append(word[i])
        i += 1
    if word[i : i + 1] == FUTURE and word[i + 1 : i + 2] in IMPERFECT and n - i - 1 >= 4:
        prefixes.append(FUTURE)  # سيعلن، وستواصل
        i += 1
    elif word.startswith("لل", i) and n - i > MIN_STEM + 2:
        prefixes += ["ل", ARTICLE]
        i += 2
    else:
        if n - i > MIN_STEM + 1 and word[i] in PREPOSITIONS:
            # only split a preposition when what follows is an article or a long stem
            if word.startswith(ARTICLE, i + 1) or n - i - 1 >= 4:
                prefixes.append(word[i])
                i += 1
        if word.startswith(ARTICLE, i) and n - i - 2 >= MIN_STEM:
            prefixes.append(ARTICLE)
            i += 2
    end = n
    if ARTICLE not in prefixes:  # an article and a pronoun suffix never co-occur
        for suf in PRONOUN_SUFFIXES:
            if word.endswith(suf) and end - len(suf) - i >= MIN_STEM + 1:
                end -= len(suf)
                break
    return Clitics(word, tuple(prefixes), i, end, word[end:])


def strip_clitics(word: str) -> str:
    """The stem of ``word`` in matching form (normalised)."""
    c = clitics(word)
    return normalize(c.stem)


# endings an inflected form adds to a listed word: وزيرة، وزارتها، فرنسي، فلسطينيين (longest first)
_INFLECTIONS = ("يين", "يون", "يات", "هما", "ات", "ان", "ين", "ون", "يه", "ها", "هم", "نا", "كم", "ي", "ه", "ا")


@cache
def _initial_letter_words() -> frozenset[str]:
    """Words whose first letter و/ف is their own (``data/initial_letters.tsv``)."""
    return frozenset(normalize(row[1]) for row in data_lines("initial_letters.tsv"))


def initial_letter_is_own(w: str) -> bool:
    """Whether the leading و/ف of ``w`` (in matching form) belongs to the word (وزير،
    وزارتها، فرنسي، فلسطينيين) rather than being the conjunction (والصين، فقال): by the word
    list, directly or through an inflection of a listed word."""
    words = _initial_letter_words()
    if w in words:
        return True
    for ending in _INFLECTIONS:
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            stem = w[: -len(ending)]
            if stem in words or stem + "ا" in words or (stem[-1] == "ت" and stem[:-1] + "ه" in words):
                return True
    return False


def match_key(word: str) -> str:
    """Normalised form without a leading و/ف and article: the key that lets
    "والصين" find "الصين" and "الصين" find "صين". A و/ف that is the word's own first
    letter stays (وزير، واشنطن، فرنسا): ``initial_letter_is_own``."""
    w = normalize(word)
    if len(w) > 3 and w[0] in CONJUNCTIONS and not initial_letter_is_own(w):
        w = w[1:]
    if w.startswith("لل") and len(w) > 4:
        w = w[2:]
    elif len(w) > 3 and w[0] in PREPOSITIONS and w[1:3] == ARTICLE:
        w = w[3:]
    elif w.startswith(ARTICLE) and len(w) > 3:
        w = w[2:]
    return w


# --- script detection ----------------------------------------------------------------

_NOT_ARABIC = re.compile(f"[^{ARABIC_LETTERS}]+")
_NOT_LATIN = re.compile(r"[^A-Za-z\u00c0-\u024f]+")
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|that|for|with|was)\b", re.I)
_FRENCH_WORDS = re.compile(r"\b(?:le|la|les|des|et|est|une|dans|pour|qui)\b", re.I)


def detect_language(text: str, sample: int = 1000) -> str:
    """A script-based guess: ``ar`` when Arabic letters dominate, ``en``/``fr`` for Latin
    text with those languages' function words, ``und`` otherwise."""
    head = text[:sample]
    arabic = len(_NOT_ARABIC.sub("", head))
    if arabic * 3 > len(head):
        return "ar"  # the common case, decided without counting Latin letters
    latin = len(_NOT_LATIN.sub("", head))
    if arabic == 0 and latin == 0:
        return "und"
    if arabic >= latin:
        return "ar"
    en = len(_ENGLISH_WORDS.findall(head))
    fr = len(_FRENCH_WORDS.findall(head))
    if en == fr == 0:
        return "und"
    return "en" if en >= fr else "fr"
