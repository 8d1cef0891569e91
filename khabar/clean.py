"""Scraper junk out, Unicode hygiene, one paragraph per line, and an exact offset map.

Two passes: lines are judged whole (ad placeholders, source lines, "read also" blocks,
share prompts, repeated boilerplate, a headline used as title), then the kept lines are
copied through a character filter (bidi controls, zero-width marks, presentation forms,
decorative tatweel, whitespace). Spelling is never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from khabar import arabic
from khabar.lexicon import junk_patterns
from khabar.offsets import OffsetMap, OffsetMapBuilder

_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")
_OTHER_BREAK = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]")

# Unicode's default-ignorable code points (zero-width marks, bidi controls, the Arabic
# shaping controls U+206A-U+206F, variation selectors, tags, fillers) and the interlinear
# annotation marks: invisible wherever they are, so a junk line hidden behind one
# ("\u2067اقرأ أيضا") is still seen for what it is.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_CONTROL = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
_SPACES = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACE_SET = frozenset(" \t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
_PRESENTATION = "\ufb50-\ufdff\ufe70-\ufefc"
_LETTER = arabic.ARABIC_LETTERS + arabic.DIACRITICS

# Where the character filter may have work: one character class (which the regex
# engine scans fast) plus double spaces, found with str.find.
_CANDIDATE = re.compile(
    rf"[\[{_INVISIBLE}{_CONTROL}{_PRESENTATION}\u0640\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
_LETTER_AHEAD = re.compile(rf"[{_INVISIBLE}{_CONTROL}\u0640]*[{_LETTER}{_PRESENTATION}]")
_LETTER_BEHIND = re.compile(rf"[{_LETTER}{_PRESENTATION}][{_INVISIBLE}{_CONTROL}\u0640]*$")


def _between_letters(raw: str, a: int, i: int, j: int, b: int) -> bool:
    """Whether the tatweel ``raw[i:j]`` joins two letters (decoration), looking past
    invisible marks that cleaning removes anyway, so that cleaning twice changes nothing."""
    return _LETTER_AHEAD.match(raw, j, b) is not None and _LETTER_BEHIND.search(raw, max(a, i - 64), i) is not None


# Shortcodes and ad placeholders left by CMS exports: [ad_1], [adsense], [/caption] ...
SHORTCODE = r"\[/?[A-Za-z][A-Za-z0-9_\-]*(?:\s[^\]\n]{0,200})?\]"

_HYGIENE = re.compile(
    rf"(?P<code>{SHORTCODE})"
    rf"|(?P<drop>[{_INVISIBLE}{_CONTROL}]+)"
    rf"|(?P<pres>[{_PRESENTATION}]+)"
    rf"|(?P<tatweel>\u0640+)"
    rf"|(?P<space>[{_SPACES}]{{2,}}|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000][{_SPACES}]*)"
)
_EDGE = re.compile(rf"[\s{_INVISIBLE}{_CONTROL}]")  # what a line may not start or end with

TITLE_MAX_WORDS = 16
TITLE_MAX_CHARS = 160
TITLE_MAX_SHARE = 0.75  # of the longer of the next two lines
READ_ALSO_MAX_LINKS = 5
BOILERPLATE_MAX_WORDS = 15
BOILERPLATE_EDGE = 3  # lines at either end where a repeated line is taken for boilerplate
BOILERPLATE_MIN_REPEATS = 3  # elsewhere, a line must repeat this often


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    offsets: OffsetMap
    title: str | None  # the headline taken from the first line, when no title was given


def _lines(raw: str) -> list[tuple[int, int]]:
    """Content spans of the raw lines, surrounding blanks and invisibles excluded."""
    spans, pos = [], 0
    if _OTHER_BREAK.search(raw) is None:  # the common case: "\n" only, split in C
        for line in raw.split("\n"):
            spans.append(_strip(raw, pos, pos + len(line)))
            pos += len(line) + 1
        return [(a, b) for a, b in spans if b > a]
    for m in _LINE_BREAK.finditer(raw):
        spans.append(_strip(raw, pos, m.start()))
        pos = m.end()
    spans.append(_strip(raw, pos, len(raw)))
    return [(a, b) for a, b in spans if b > a]


def _strip(raw: str, a: int, b: int) -> tuple[int, int]:
    edge = _EDGE.match
    while a < b and edge(raw, a):
        a += 1
    while b > a and edge(raw, b - 1):
        b -= 1
    return a, b


def _matches(raw: str, a: int, b: int) -> Iterator[re.Match]:
    """Hygiene matches in ``raw[a:b]``, tried only where a candidate character is."""
    pos = a
    cand = _CANDIDATE.search
    while pos < b:
        m = cand(raw, pos, b)
        c1 = m.start() if m else b
        c2 = raw.find("  ", pos, c1)
        start = c2 if c2 >= 0 else c1
        if start >= b:
            return
        hit = _HYGIENE.match(raw, start, b)
        if hit is None:
            pos = start + 1  # a "[" that opens no shortcode
            continue
        yield hit
        pos = hit.end()


def _hygiene(raw: str, a: int, b: int) -> list[tuple[str | None, int, int]]:
    """Operations that clean ``raw[a:b]``: (None, i, j) keeps, (s, i, j) replaces."""
    matches = _matches(raw, a, b)
    first = next(matches, None)
    if first is None:
        return [(None, a, b)]
    ops: list[tuple[str | None, int, int]] = []
    pos = a
    out_len = 0  # characters emitted so far for this line
    last_space = True  # no space at the start of a line
    for m in chain((first,), matches):
        i, j = m.span()
        if i < pos:
            continue  # spaces already swallowed with a shortcode
        kind = m.lastgroup
        if kind == "tatweel" and not _between_letters(raw, a, i, j, b):
            continue  # tatweel that carries meaning (بـ”, الـ75) is copied with the text around it
        if kind == "code":  # the spaces around a shortcode go with it
            while i > pos and raw[i - 1] in _SPACE_SET:
                i -= 1
            while j < b and raw[j] in _SPACE_SET:
                j += 1
        if last_space and pos < i and raw[pos] == " ":
            pos += 1  # a plain space right after an emitted one (or at the line start)
        if i > pos:
            ops.append((None, pos, i))
            out_len += i - pos
            last_space = raw[i - 1] == " "
        if kind == "pres":
            ops.append((unicodedata.normalize("NFKC", m.group()), i, j))
            out_len += 1
            last_space = False
        elif kind in ("code", "space"):
            # one space stands for removed material, never two, never at the edges
            if not last_space and j < b and not raw[j].isspace():
                ops.append((" ", i, j))
                out_len += 1
                last_space = True
        # "drop" and decorative "tatweel" emit nothing
        pos = j
    if last_space and pos < b and raw[pos] == " ":
        pos += 1
    if pos < b:
        ops.append((None, pos, b))
        out_len += b - pos
    while ops:  # no space at the end of a line, whichever piece brought it
        s, i, j = ops[-1]
        if s == " ":
            ops.pop()
        elif s is None and raw[j - 1] == " ":
            ops[-1] = (None, i, j - 1)
            if j - 1 == i:
                ops.pop()
        else:
            break
        out_len -= 1
    return ops if out_len else []


def _apply(ops, raw: str) -> str:
    return "".join(raw[i:j] if s is None else s for s, i, j in ops)


def _word_count(s: str) -> int:
    """Words in a stripped, single-spaced line (the filter guarantees both)."""
    return s.count(" ") + 1 if s else 0


def _key(s: str) -> str:
    return " ".join(arabic.normalize(s).split())


def _looks_like_headline(line: str, following: list[str]) -> bool:
    """Short, not an introduction, and clearly shorter than what follows it (a lead
    paragraph of the same length is more likely the body's first sentence)."""
    return (
        len(following) >= 2
        and len(line) <= TITLE_MAX_CHARS
        and 0 < _word_count(line) <= TITLE_MAX_WORDS
        and not line.rstrip().endswith((":", "،"))
        and len(line) <= TITLE_MAX_SHARE * max(len(f) for f in following[:2])
    )


def _is_link_line(line: str) -> bool:
    return _word_count(line) <= TITLE_MAX_WORDS and not re.search(r"[.!?؟]\W*$", line)


def clean(raw: str, title: str | None = None) -> Cleaned:
    """Clean ``raw`` into one paragraph per line.

    With no ``title`` given, the first line becomes the title when it reads like a
    headline; with one given, a first line repeating it is dropped.
    """
    patterns = junk_patterns()
    spans = _lines(raw)
    cleaned = []  # (ops, text) per line that survives hygiene
    for a, b in spans:
        ops = _hygiene(raw, a, b)
        if ops:
            cleaned.append((ops, _apply(ops, raw)))

    keep = [True] * len(cleaned)
    found_title = None
    if cleaned:
        first = cleaned[0][1]
        if title is not None:
            keep[0] = not _key(title) or _key(first) != _key(title)
        elif _looks_like_headline(first, [text for _, text in cleaned[1:3]]):
            found_title = first
            keep[0] = False

    counts = Counter(_key(text) for _, text in cleaned if _word_count(text) <= BOILERPLATE_MAX_WORDS)
    edge = set(range(BOILERPLATE_EDGE)) | set(range(len(cleaned) - BOILERPLATE_EDGE, len(cleaned)))
    seen: set[str] = set()
    i = 0
    while i < len(cleaned):
        line = cleaned[i][1]
        if patterns.read_also.match(line):
            keep[i] = False
            if patterns.read_also_header_only.match(line):
                j = i + 1
                while j < len(cleaned) and j <= i + READ_ALSO_MAX_LINKS and _is_link_line(cleaned[j][1]):
                    keep[j] = False
                    j += 1
                i = j
                continue
        elif patterns.share.match(line) and _word_count(line) <= 12:
            keep[i] = False
        elif _word_count(line) <= BOILERPLATE_MAX_WORDS:
            # boilerplate repeats at the edges (site name, slogan) or many times; a line
            # repeated once inside the body (a refrain, a verse) is the writer's own
            k = _key(line)
            if k in seen and (i in edge or counts[k] >= BOILERPLATE_MIN_REPEATS):
                keep[i] = False  # keep the first occurrence only
            seen.add(k)
        i += 1

    # bare source lines at the very end ("المصدر", "المصدر: وكالات", "Source: ...")
    j = len(cleaned) - 1
    while j >= 0 and (not keep[j] or patterns.source.match(cleaned[j][1])):
        keep[j] = False
        j -= 1

    builder = OffsetMapBuilder(len(raw))
    prev_end = None
    for (ops, _), kept in zip(cleaned, keep):
        if not kept:
            continue
        first_raw = ops[0][1]
        if prev_end is not None:
            builder.put("\n", prev_end, first_raw)
        for s, i0, j0 in ops:
            if s is None:
                builder.keep(raw, i0, j0)
            else:
                builder.put(s, i0, j0)
        prev_end = ops[-1][2]
    text, offsets = builder.build()
    return Cleaned(text, offsets, found_title)


def clean_line(s: str) -> str:
    """The character filter alone, for metadata such as titles and names."""
    out = []
    for a, b in _lines(s):
        line = _apply(_hygiene(s, a, b), s)
        if line:
            out.append(line)
    return " ".join(out)
