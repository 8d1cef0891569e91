"""Reporting clauses: a cue, the words naming who speaks, and where the content starts.

``قال لافروف إن …``, ``شدد وانغ على أن …``, ``وقال لافروف في بكين: “…”``,
``وندد لافروف بـ”…”``, ``أعرب عن …`` and source phrases (``بحسب وكالة …``). A cue with no
content marker after it (``لم يذكر وانغ صراحة …``) or after a negator is not speech.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from khabar.arabic import strip_clitics
from khabar.frames.lexicon import CueForm, CueLexicon, matching_form
from khabar.frames.marks import OPENERS, SYMMETRIC, Quoted
from khabar.tokens import PUNCT, Tokens

# How far after a cue its content may start: room for a name, titles, a place, a day and
# an occasion ("وأشار الأمير … في تصريحات عقب اجتماعه برئيس … بمجمع … إلى أن": 30 tokens).
MAX_SUBJECT_TOKENS = 36
# How far a source word (بحسب) may reach for its noun phrase.
MAX_SOURCE_TOKENS = 10
# An ambiguous cue (عبر = via, بين = between) counts only with و/ف attached (وبين أن),
# which lexicon lookup leaves unambiguous, or after قد/كما; and must reach its content
# this quickly.
MAX_AMBIGUOUS_SUBJECT_TOKENS = 5
_ATTACHED_PREPS = ("ب", "ل")  # the one-letter prepositions, written glued to their noun
# A quotation this short inside a frame, with the sentence going on, is a name (“الهيئة”).
MAX_QUOTED_NAME_WORDS = 3
# The marker of a clause that reports nothing (negated, or a cue with no content) but
# names a subject that later bare verbs may point back to.
SILENT = "none"


@dataclass(frozen=True, slots=True)
class Clause:
    """A cue and its frame, as token indices and character offsets.

    ``subject`` is the token range between the cue and the content marker (who speaks,
    to whom, where, when); ``content_start`` is where the reported content begins;
    ``marker`` says how it was introduced: that (إن/أن), prep (على/إلى/من/عن/بـ), colon,
    mark (a quotation mark right after the frame) or source (بحسب …).
    """

    cue_token: int
    cue: CueForm | None
    subject: range
    content_start: int
    marker: str
    quoted: Quoted | None = None  # the quotation opening the content, when it opens it

    @property
    def is_source(self) -> bool:
        return self.marker == "source"

    @property
    def silent(self) -> bool:
        return self.marker == SILENT


def _is_opener(text: str, q: Quoted | None, pos: int) -> bool:
    return q is not None and q.opened and q.outer_start == pos and text[pos] in OPENERS + "”" + SYMMETRIC + "»"


def _prep_of(token_norm: str, cue: CueForm) -> bool:
    """Whether a token is (or begins with) a preposition the cue takes: على، بـ"""
    if token_norm in cue.preps:
        return True
    bare = token_norm.rstrip("\u0640")
    if "ب" in cue.preps and bare.startswith("ب") and len(bare) > 3 and bare[1] not in "وي":
        return True  # طالب بإطلاق، ندد بالهجوم; not بيرمنغهام، بوتين (a long vowel: a name)
    return any(bare == p or (p in _ATTACHED_PREPS and token_norm.startswith(p) and len(bare) == 1) for p in cue.preps)


def find_clauses(
    toks: Tokens, lex: CueLexicon, first: int, last: int, quoted_at: dict[int, Quoted], candidates: Iterable[int]
) -> list[Clause]:
    """Cue clauses among tokens ``first..last-1`` (one sentence). ``quoted_at`` maps the
    offset of each opening mark to its quotation; ``candidates`` are the sentence's
    tokens that ``lex.triggers`` holds (the only ones worth a closer look)."""
    out: list[Clause] = []
    free = first  # tokens before this belong to the last clause's frame
    for i in candidates:
        if i < free or toks.kind(i) != "arabic":
            continue
        surface = toks.surface(i)
        cue = lex.cue(surface)
        if cue is None:
            continue
        if _subjunctive(toks, lex, first, i):
            continue  # "لا يمكنه أن يعتقد أن": an embedded verb, not a report
        clause = _frame(toks, lex, cue, i, last, quoted_at)
        if clause is None or (lex.has("filler", surface) and _impersonal(toks, lex, clause.subject)):
            continue  # يذكر أن، تبين لاحقا أن، تبين لباحثين أن: nobody says it
        if _negated(toks, lex, first, i):  # لم يذكر وانغ …: remembered, never quoted
            clause = Clause(i, cue, clause.subject, clause.content_start, SILENT)
        out.append(clause)
        free = max(i + 1, clause.subject.stop)
    return out


def _impersonal(toks: Tokens, lex: CueLexicon, subject: range) -> bool:
    """A filler's frame names nobody: empty, adverbs, or whom it became clear to (لباحثين)."""
    if all(lex.has("not_subject", toks.surface(k)) for k in subject):
        return True
    return toks.clitics(subject.start).prefixes[-1:] == ("ل",)


def _negated(toks: Tokens, lex: CueLexicon, first: int, i: int) -> bool:
    return i > first and lex.has("negator", toks.surface(i - 1))


def _subjunctive(toks: Tokens, lex: CueLexicon, first: int, i: int) -> bool:
    return i > first and lex.has("subjunctive", toks.surface(i - 1))


def _frame(
    toks: Tokens,
    lex: CueLexicon,
    cue: CueForm,
    i: int,
    last: int,
    quoted_at: dict[int, Quoted],
    ambiguous_ok: bool = False,
) -> Clause | None:
    """The frame of the cue at token ``i``: find its content marker, or None."""
    text = toks.text
    ambiguous = lex.has("ambiguous_cue", toks.surface(i))
    if ambiguous and not ambiguous_ok and not (i > 0 and lex.has("ambiguous_ok_before", toks.surface(i - 1))):
        # "عبر تقديمه للخدمات عن طريق": via, not "expressed"; only إن/أن makes it a cue
        if lex.has("ambiguous_needs_prep", toks.surface(i)):
            return None  # "عبر تقنية الكربون المشع أن": via
        clause = _frame(toks, lex, cue, i, last, quoted_at, ambiguous_ok=True)
        return clause if clause is not None and clause.marker == "that" else None
    if cue.cls == "container" and not (i + 1 < last and lex.has("container_prep", toks.surface(i + 1))):
        return None  # جاء ذلك خلال …: "came", not "it says in"
    stop = min(last, i + 1 + (MAX_AMBIGUOUS_SUBJECT_TOKENS if ambiguous else MAX_SUBJECT_TOKENS))
    prep_at: int | None = None
    forms = toks.normalized_words()  # matching forms, cut once per document
    k = i + 1
    while k < stop:
        s = toks.surface(k)
        start = toks.starts[k]
        if toks.kind(k) == PUNCT:
            if s == ":":
                q = quoted_at.get(_next_nonspace(text, toks.ends[k]))
                content = q.start if q else toks.ends[k]
                return Clause(i, cue, range(i + 1, k), content, "colon", q)
            q = quoted_at.get(start)
            if q is not None and ambiguous:
                return None  # "بين وكالتي «ناسا»": between, not "explained"
            if q is not None:
                if _name_in_frame(toks, lex, q, stop):
                    k = toks.between(q.outer_start, q.outer_end).stop
                    continue  # a quoted name inside the frame: وقال "النايف": إن
                if prep_at is not None and prep_at == k - 1:
                    return Clause(i, cue, range(i + 1, prep_at), q.start, "prep", q)
                if prep_at is not None and cue.cls != "relay":  # مشيرا إلى جاهزية …، “وهو …”
                    break
                return Clause(i, cue, range(i + 1, k), q.start, "mark", q)
            if s in ".؟?!؛":
                break
            k += 1
            continue
        norm, before = forms[k], forms[k - 1]
        foreign_prep = before in lex.words["clause_prep"] and before not in cue.preps  # إلى أن = until
        if (
            norm in lex.words["complementizer"]
            and not lex.has("not_complementizer_after", toks.surface(k - 1))
            and not (foreign_prep and k - 1 > i)
        ):
            if (
                prep_at is not None
                and cue.cls != "relay"
                and any(toks.surface(j) in ("،", ",") for j in range(prep_at + 1, k))
            ):
                break  # "ونوه بالجهات التي …، ووصف … أن": the preposition's complement is the content
            subject_end = k - 1 if k - 1 > i and _prep_of(matching_form(toks.surface(k - 1)), cue) else k
            content = toks.ends[k]
            q = quoted_at.get(_next_nonspace(text, content))
            return Clause(i, cue, range(i + 1, subject_end), _next_nonspace(text, content), "that", q)
        if lex.cue(s) is not None:
            if ambiguous:
                return None  # "حيث يعد أسوأ أداء …، مبينا": not a cue naming a subject
            if prep_at is None and k > i + 1 and lex.has("subordinator", toks.surface(k - 1)):
                k += 1  # "وقال أوباما … حيث أعلن الخطة … إنه": the outer cue goes on
                continue
            if prep_at is None and cue.is_verb:  # the next cue starts its own clause;
                return Clause(i, cue, range(i + 1, k), toks.starts[k], SILENT)  # this one names
            break
        if prep_at is None and cue.preps and _prep_of(norm, cue):
            if k + 1 < stop and cue.cls == "relay" and lex.has("prep_idiom", toks.surface(k + 1)):
                return None  # "ونقل حالتين عن طريق الإسعاف": carried, not quoted
            if k > i + 1 and toks.clitics(k - 1).suffix and toks.kind(k - 1) == "arabic":
                k += 1  # "أعلنت مسؤوليتها عن", "أكد حرصه على": the noun's preposition
                continue
            if k == i + 1 and _prep_pronoun(lex, s, cue):
                return None  # "التي أعلن عنها": the complement is a pronoun, nothing is said
            if k + 1 < stop and strip_clitics(toks.surface(k + 1)) in lex.words["not_content"]:
                k += 2  # "أكدت على حسابها في تويتر": where, not what
                continue
            prep_at = k
            if toks.ends[k] < len(text) and text[toks.ends[k]] in OPENERS + '”"':
                k += 1
                continue
        k += 1
    if prep_at is not None and prep_at + 1 < last and (not ambiguous or prep_at - i <= MAX_AMBIGUOUS_SUBJECT_TOKENS):
        s = toks.surface(prep_at)
        bare = matching_form(s).rstrip("\u0640")
        if ambiguous and bare not in cue.preps and prep_at > i + 1:
            return None  # "حيث يعد أسوأ أداء لخام برنت": a word with بـ further on is no content
        content = toks.starts[prep_at + 1] if bare in cue.preps or len(bare) == 1 else toks.starts[prep_at] + 1
        return Clause(i, cue, range(i + 1, prep_at), content, "prep", quoted_at.get(content))
    return None


def _prep_pronoun(lex: CueLexicon, surface: str, cue: CueForm) -> bool:
    """عنه، عنها، عليه، به: the cue's preposition carrying an object pronoun."""
    form = matching_form(surface)
    return any(form == p + suffix for p in cue.preps for suffix in lex.words["object_pronoun"])


def _name_in_frame(toks: Tokens, lex: CueLexicon, q: Quoted, stop: int) -> bool:
    """A quotation followed within two words by إن/أن is a name inside the frame; so
    is a short one (a name, "النايف") that the sentence goes on after."""
    after = toks.between(q.outer_end, len(toks.text))
    for k in range(after.start, min(after.start + 3, stop)):
        if matching_form(toks.surface(k)) in lex.words["complementizer"]:
            return True
    if q.words(toks.text) <= MAX_QUOTED_NAME_WORDS and after.start < stop:
        return toks.surface(after.start) not in ".؟?!؛"
    return False


def _next_nonspace(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def find_sources(toks: Tokens, lex: CueLexicon, first: int, last: int, candidates: Iterable[int]) -> list[Clause]:
    """``بحسب X``، ``وفقا لـ X``، ``حسبما ذكرت X``، ``نقلا عن X``: the subject is X."""
    out = []
    forms = toks.normalized_words()
    trailing = lex.words["trailing_source"]
    for i in candidates:
        s = toks.surface(i)
        if i - 2 >= first and f"{forms[i - 2]} {forms[i - 1]}" in trailing and _is_cue_verb(lex, s):
            clause = _trailing_source(toks, lex, i - 1, last)  # "…، على ما أفاد مصدر في الشرطة."
            if clause is not None:
                out.append(clause)
            continue
        if lex.has("as_cue", s) and i + 1 < last and _is_cue_verb(lex, toks.surface(i + 1)):
            clause = _trailing_source(toks, lex, i, last)
            if clause is not None:
                out.append(clause)
            continue
        if not lex.has("source", s):
            if not (
                forms[i] in lex.words["source_noun"] and i > first and forms[i - 1] in lex.words["source_noun_prep"]
            ):
                continue  # "على لسان X": through X's mouth
        k = i + 1
        if lex.has("source_needs_link", s) and not (k < last and _links(lex, toks.surface(k))):
            continue  # "طبقا محضرا" is a dish, not "according to"
        while k < last and (lex.has("source_link", toks.surface(k)) or _is_cue_verb(lex, toks.surface(k))):
            k += 1
        if k >= last or toks.kind(k) == PUNCT and toks.surface(k) not in OPENERS + '”"':
            continue
        end = k
        while end < min(last, k + MAX_SOURCE_TOKENS) and toks.kind(end) != PUNCT:
            end += 1
        out.append(Clause(i, None, range(k, end), toks.starts[i], "source"))
    return out


def _trailing_source(toks: Tokens, lex: CueLexicon, i: int, last: int) -> Clause | None:
    """ "…، كما ذكرت السلطات." — a cue after its content, closing the sentence."""
    end = i + 2
    while end < last and toks.kind(end) != PUNCT:
        if matching_form(toks.surface(end)) in lex.words["complementizer"]:
            return None  # كما أكد الوزير أن …: an ordinary cue
        end += 1
    if end < last and toks.surface(end) not in ".؟?!؛" or end - (i + 2) > MAX_SOURCE_TOKENS or end == i + 2:
        return None
    return Clause(i, None, range(i + 2, end), toks.starts[i], "source")


def _links(lex: CueLexicon, surface: str) -> bool:
    return lex.has("source_link", surface) or (surface.startswith("ل") and len(surface) > 2)


def _is_cue_verb(lex: CueLexicon, surface: str) -> bool:
    """A cue verb, possibly with an object pronoun: حسبما ذكرت، وفقا لما ذكرته."""
    cue = lex.cue(surface)
    if cue is None and surface.endswith("ه"):
        cue = lex.cue(surface[:-1])
    return cue is not None and cue.is_verb
