"""The contents of quotes, before anyone is named: clause contents and their kind,
sentences attributed by a source phrase, "“…”، قال X", subheadings and continuations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from khabar.document import Document, Sentence
from khabar.frames.clauses import Clause
from khabar.frames.lexicon import cue_lexicon
from khabar.frames.marks import Quoted
from khabar.tokens import Tokens

# A quoted fragment with no cue continues the last speaker only if it says something:
# at least this many words (shorter ones are names, titles and scare quotes).
MIN_CONTINUATION_WORDS = 4
# A whole-paragraph quote this short, with no cue, is a subheading.
HEADING_MAX_WORDS = 10
_TRIM = " \t\n.,،؛:"


@dataclass
class Draft:
    """A quote's content before its speaker is known."""

    start: int
    end: int
    kind: str
    sentence_start: int
    clause: Clause | None = None  # None for headings and continuations
    frame_start: int = 0  # where the statement's frame (time, place) may begin
    heading: bool = False
    via: Clause | None = None  # a source phrase relaying this quote
    silent: bool = False  # a subject to remember, not a quote


def clause_drafts(
    doc: Document, toks: Tokens, sent: Sentence, clauses: list[Clause], sources: list[Clause], quoted: list[Quoted]
) -> list[Draft]:
    """Quotes of one sentence's clauses; its source phrases relay them, or attribute the
    sentence when it has no clause."""
    text = doc.text
    out: list[Draft] = []
    relays: list[Clause] = []
    for n, c in enumerate(clauses):
        limit = toks.starts[clauses[n + 1].cue_token] if n + 1 < len(clauses) else sent.end
        via = next(
            (
                s
                for s in sources
                if c.content_start <= toks.starts[s.cue_token] < limit and _names_a_speaker(doc, toks, s)
            ),
            None,
        )
        if via is not None:
            limit = toks.starts[via.cue_token]
            relays.append(via)
        frame_start = sent.start if n == 0 else toks.starts[c.cue_token]
        if c.marker == "colon" and c.content_start >= sent.end and c.quoted is None:
            q = _next_paragraph_quote(doc, quoted, sent.end)
            if q is None:
                continue
            out.append(Draft(q.start, q.end, "direct", sent.start, c, frame_start, via=via))
            continue
        draft = _content(text, c, limit, quoted)
        if draft is not None:
            start, end, kind = draft
            out.append(Draft(start, end, kind, sent.start, c, frame_start, via=via))
    first_cue = toks.starts[clauses[0].cue_token] if clauses else sent.end
    for s in sources:
        if s in relays or toks.starts[s.cue_token] >= first_cue:
            continue
        # "أعدم التنظيم 2000 شخص بحسب ما أكده مسؤول، مشيرا إلى أن …": the words before the
        # source are its content, even when a clause follows
        d = _source_content(doc, toks, sent, s, quoted, before_only=bool(clauses))
        if d is not None:
            out.insert(0, d)
    return out


def _content(text: str, c: Clause, limit: int, quoted: list[Quoted]) -> tuple[int, int, str] | None:
    """The content span of a clause and its kind."""
    q = c.quoted
    if (
        q is not None
        and q.start >= c.content_start - 1
        and (c.marker in ("colon", "mark", "prep") or not text[q.outer_end : limit].strip(_TRIM))
    ):
        return q.start, q.end, "direct"
    if c.marker == "colon":  # وقال: سنقوم … (speech given verbatim, without marks)
        start, end = _trim(text, c.content_start, limit)
        return (start, end, "direct") if end > start else None
    start, end = c.content_start, _main_clause_cut(text, c.content_start, limit)
    inner = [p for p in quoted if start <= p.outer_start < end]
    if inner:
        end = max(end, max(p.outer_end for p in inner))
    start, end = _trim(text, start, end)
    if end <= start:
        return None
    return start, end, "mixed" if inner else "indirect"


def _source_content(
    doc: Document, toks: Tokens, sent: Sentence, s: Clause, quoted: list[Quoted], before_only: bool = False
) -> Draft | None:
    """A sentence whose only attribution is a source phrase: the rest of the sentence
    (``before_only``: only the words before the phrase, a clause follows it)."""
    text = doc.text
    if not _names_a_speaker(doc, toks, s):
        return None
    src_start = toks.starts[s.cue_token]
    np_end = toks.ends[s.subject.stop - 1] if s.subject else toks.ends[s.cue_token]
    then_words = tuple(cue_lexicon().exact["source_then"])
    k = next((j for j in s.subject if toks.surface(j).startswith(then_words)), None)
    then = k is not None  # وفقا لتقرير نشر أخيرا فإن …: the content follows
    if text[sent.start : src_start].strip(_TRIM + "و") and not then:
        start, end = sent.start, src_start
    elif before_only:
        return None
    else:
        start, end = (toks.ends[k] if k is not None else np_end), sent.end
    start, end = _trim(text, start, end)
    if end - start < 2 or len(text[start:end].split()) < 2:
        return None
    whole = next((q for q in quoted if q.outer_start <= start and end <= q.outer_end + 1), None)
    inner = any(start <= q.outer_start < end for q in quoted)
    if whole is not None:
        return Draft(whole.start, whole.end, "direct", sent.start, s, sent.start)
    return Draft(start, end, "mixed" if inner else "indirect", sent.start, s, sent.start)


def _names_a_speaker(doc: Document, toks: Tokens, s: Clause) -> bool:
    """ "بحسب وكالة …" names a speaker; "وفق الشروط" does not."""
    if not s.subject:
        return False
    lex = cue_lexicon()
    head = toks.surface(s.subject.start)
    if lex.has("source_head", head) or (head[:1] == "ل" and lex.has("source_head", head[1:])):
        return True
    if head.startswith("لل") and lex.has("source_head", head[2:]):
        return True
    a, b = toks.starts[s.subject.start], toks.ends[s.subject.stop - 1]
    return any(a <= m.start < b for e in doc.entities if e.type in ("PERSON", "ORG", "GPE") for m in e.mentions)


def cue_after_drafts(
    doc: Document, toks: Tokens, quoted: list[Quoted], drafts: list[Draft], framed: list[tuple[int, int]]
) -> list[Draft]:
    """“…”، قال الوزير: a quotation followed by its cue."""
    lex = cue_lexicon()
    out = []
    for q in quoted:
        if _covered(q, drafts, framed):
            continue
        k = toks.at(_skip(doc.text, q.outer_end, "،,. "))
        if k is None or toks.kind(k) != "arabic":
            continue
        cue = lex.cue(toks.surface(k))
        if (
            cue is None
            or not cue.is_verb
            or lex.has("ambiguous_cue", toks.surface(k))
            or k + 1 >= len(toks)
            or toks.kind(k + 1) != "arabic"
        ):
            continue  # “…”، قال الوزير — not “…”، قال "…" (a second quote)
        if any(a == toks.starts[k] for a, _ in framed):
            continue  # "حول «المؤسسات المرخصة»، أكد الجدعان أن …": the cue has its own content
        sent = _sentence_at(doc, toks.starts[k])
        stop = toks.between(sent.start, sent.end).stop if sent else k + 1
        clause = Clause(k, cue, range(k + 1, stop), q.start, "after", q)
        out.append(Draft(q.start, q.end, "direct", sent.start if sent else q.start, clause, q.outer_start))
    return out


def uncued_drafts(
    doc: Document, quoted: list[Quoted], drafts: list[Draft], framed: list[tuple[int, int]]
) -> list[Draft]:
    """Quotations with no cue: subheadings, or continuations of the last speaker."""
    text = doc.text
    out: list[Draft] = []
    attributed = sorted(drafts, key=lambda d: d.start)
    for q in quoted:
        if _covered(q, drafts + out, framed):
            continue
        para = _paragraph_index(doc, q.start)
        p = doc.paragraphs[para]
        whole = not text[p.start : q.outer_start].strip(_TRIM) and not text[q.outer_end : p.end].strip(_TRIM)
        if whole and (p.kind == "heading" or (q.words(text) <= HEADING_MAX_WORDS and not _ends_sentence(text, q))):
            out.append(Draft(q.start, q.end, "direct", p.start, None, p.start, heading=True))
            continue
        before = [d for d in attributed + out if d.end <= q.start and not d.heading]
        if not before:
            continue
        prev_para = _paragraph_index(doc, max(before, key=lambda d: d.end).start)
        if para - prev_para > 1:
            continue
        if q.words(text) < MIN_CONTINUATION_WORDS and q.opened and q.closed:
            continue
        out.append(Draft(q.start, q.end, "direct", p.start, None, p.start))
    return out


@cache
def _main_clause() -> re.Pattern[str]:
    """A comma and a word that opens a main clause (، فقد، فإن …), from the lexicon."""
    words = "|".join(sorted(cue_lexicon().exact["main_clause"], key=len, reverse=True))
    return re.compile(rf"[،,]\s*(?:{words})\b")


def _main_clause_cut(text: str, start: int, end: int) -> int:
    """Content that began in a subordinate clause (وبينما تقول الصين إنها …، فقد تعرضت)
    stops where the main clause begins with ، ف…"""
    m = _main_clause().search(text, start, end)
    return m.start() if m else end


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def _skip(text: str, pos: int, chars: str = " ") -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _covered(q: Quoted, drafts: list[Draft], framed: list[tuple[int, int]]) -> bool:
    return any(d.start <= q.start < d.end or q.start <= d.start < q.end for d in drafts) or any(
        a <= q.outer_start < b for a, b in framed
    )


def _ends_sentence(text: str, q: Quoted) -> bool:
    return text[q.end - 1 : q.end] in ".!?؟" or text[q.outer_end : q.outer_end + 1] in (".", "!", "؟")


def _paragraph_index(doc: Document, pos: int) -> int:
    for i, p in enumerate(doc.paragraphs):
        if p.start <= pos < p.end or pos < p.start:
            return i
    return len(doc.paragraphs) - 1


def _sentence_at(doc: Document, pos: int) -> Sentence | None:
    return next((s for s in doc.sentences if s.start <= pos < s.end), None)


def _next_paragraph_quote(doc: Document, quoted: list[Quoted], pos: int) -> Quoted | None:
    """After "وقال الوزير:" at a paragraph's end, the quote opening the next paragraph."""
    i = _paragraph_index(doc, pos)
    if i + 1 >= len(doc.paragraphs) and doc.paragraphs[i].end <= pos:
        return None
    nxt = (
        doc.paragraphs[i]
        if doc.paragraphs[i].start >= pos
        else (doc.paragraphs[i + 1] if i + 1 < len(doc.paragraphs) else None)
    )
    if nxt is None:
        return None
    return next((q for q in quoted if q.outer_start == nxt.start), None)
