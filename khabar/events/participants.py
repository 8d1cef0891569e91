"""Who can act or be acted on in a document: its entity mentions and the groups the text
names without a proper name (الغرب، قوات الأمن، مسلحون), indexed by token.

Each candidate knows the clitics written before it on its first token ("والصين" is
joined by و, "بالرئيس" governed by بـ), so frames can tell a subject from a complement.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from khabar.arabic import initial_letter_is_own, normalize
from khabar.document import Document
from khabar.events.codes import entity_code, group_code
from khabar.events.lexicon import ActorLexicon, nationality_key
from khabar.events.model import Participant
from khabar.events.titles import key, leads
from khabar.spans import Span
from khabar.tokens import Tokens

GROUP = "GROUP"
UNNAMED = "UNNAMED"
# A group word in construct ("مجلس الوزراء"، "قوات حفظ السلام") heads at most this many genitives.
MAX_CONSTRUCT_WORDS = 2  # a title phrase naming someone the text does not name
# Mentions that are too vague to act: a lone title word ("الوزير") is a description only
# when the entities stage linked it to a named person.
PLACE_TYPES = frozenset({"GPE", "LOC"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible actor or target: its tokens, offsets, who it is, and its clitics."""

    first: int  # index of its first token
    last: int  # index after its last token
    participant: Participant
    kind: str  # the entity type, or GROUP
    prefix: str  # letters written before the mention on its first token (و، ب، ل، وب)

    @property
    def joined(self) -> bool:
        """Written with و: the second of two joined actors (روسيا والصين)."""
        return self.prefix.startswith("و")

    @property
    def governed(self) -> str:
        """The preposition attached to the mention (ب، ل، ك), or ""."""
        rest = self.prefix[1:] if self.prefix.startswith(("و", "ف")) else self.prefix
        return rest[:1] if rest[:1] in ("ب", "ل", "ك") else ""


class Participants:
    """The candidates of one document, by first token."""

    def __init__(self, doc: Document, toks: Tokens, lex: ActorLexicon):
        self.doc, self.toks, self.lex = doc, toks, lex
        found: dict[int, Candidate] = {}
        text = doc.text
        self.codes: dict[str, str | None] = {}  # entity id -> actor code
        forms = toks.normalized_words()
        starts = toks.starts
        for e in doc.entities:
            descriptions = [text[d.start : d.end] for d in e.descriptions]
            code = self.codes[e.id] = entity_code(e, descriptions)
            first_words = {normalize(n.split()[0]) for n in (e.name, *e.aliases) if n.split()}
            for m in e.mentions:
                k = toks.at(m.start)
                if k is None:
                    continue
                last = bisect_left(starts, m.end, lo=k)  # the token after the mention's last
                prefix = text[starts[k] : m.start]
                if not prefix and forms[k] not in first_words:  # "للصين" as one mention: ل is not the name's
                    prefix = clitic_prefix(toks.surface(k))
                p = Participant(e.name, e.id, Span(m.start, m.end), code)
                known = found.get(k)
                if known is None or known.last < last:
                    found[k] = Candidate(k, last, p, e.type, prefix)
        covered = {j for c in found.values() for j in range(c.first, c.last)}
        keys = _Keys(toks)
        resume = 0
        for k in [k for k, form in enumerate(forms) if form in lex.openers]:  # a set test per token
            if k < resume or k in covered:
                continue
            country = lex.country_at(keys, k)
            if country is not None:  # a country the tagger missed ("أدانت المملكة")
                n, code = country
                start, end = toks.starts[k], toks.ends[k + n - 1]
                prefix = clitic_prefix(toks.surface(k))
                name = text[start + len(prefix) : end]
                found[k] = Candidate(
                    k, k + n, Participant(name, None, Span(start + len(prefix), end), code), "GPE", prefix
                )
                resume = k + n
                continue
            hit = lex.group_at(keys, k)
            if hit is None or (k > 0 and leads(toks.surface(k - 1))):
                continue  # "وزير الخارجية"، "قائد القوات": a body inside a title is no actor of its own
            n, base = hit
            last = k + n
            while last < len(keys) and nationality_key(toks.surface(last)) in lex.nationalities:
                last += 1  # الجيش اليمني، القوات الروسية
            ahead = last
            while ahead < len(keys) and toks.surface(ahead) in '«»"“”':
                ahead += 1
            owner = found.get(ahead)
            named = lex.group_at(keys, ahead) if owner is None and ahead < len(keys) else None
            construct = not toks.surface(last - 1).lstrip("وفبل").startswith("ال")
            if not construct:
                owner, named = None, None  # "طالبت الشركة فرنسا": no construct after the article
            if owner is not None and owner.kind in ("GPE", "ORG") and not owner.prefix:
                del found[ahead]  # حكومة الأنبار، شرطة دبي، تنظيم «داعش»: the body of a place, a name
                last = owner.last
            elif named is not None:
                last = ahead + named[0]
                base = named[1]
                while last < len(keys) and nationality_key(toks.surface(last)) in lex.nationalities:
                    last += 1
            elif construct and owner is None and named is None:
                last = self.construct_end(last, found)  # "مجلس الوزراء الكويتي": the head of a longer name
            start, end = toks.starts[k], toks.ends[last - 1]
            prefix = clitic_prefix(toks.surface(k))
            words = tuple(toks.surface(j) for j in range(k, last))
            name = text[start + len(prefix) : end]
            if prefix.endswith("ل") and name.startswith("ل"):  # للجيش: ل + the article's ا elided
                name = "ا" + name
            code = group_code(base, words, lex)
            found[k] = Candidate(k, last, Participant(name, None, Span(start + len(prefix), end), code), GROUP, prefix)
            resume = last
        self.by_first = found
        self.types = {e.id: e.type for e in doc.entities}
        self._firsts = sorted(found)

    def construct_end(self, k: int, found: dict[int, Candidate]) -> int:
        """The token after a construct phrase's genitives (definite words, at most
        MAX_CONSTRUCT_WORDS) and the nationalities after them."""
        toks, forms, lex = self.toks, self.toks.normalized_words(), self.lex
        n = 0
        while k < len(toks) and n < MAX_CONSTRUCT_WORDS and k not in found:
            if not forms[k].startswith("ال") or nationality_key(toks.surface(k)) in lex.nationalities:
                break
            k, n = k + 1, n + 1
        while k < len(toks) and k not in found and nationality_key(toks.surface(k)) in lex.nationalities:
            k += 1
        return k

    def entity_type(self, entity: str | None) -> str | None:
        return self.types.get(entity) if entity else None

    def at(self, k: int) -> Candidate | None:
        return self.by_first.get(k)

    def ending_before(self, k: int, first: int) -> Candidate | None:
        """The candidate closest before token ``k`` (ending at most at ``k``), not before ``first``."""
        i = bisect_left(self._firsts, k) - 1
        while i >= 0:
            c = self.by_first[self._firsts[i]]
            if c.first < first:
                return None
            if c.last <= k:
                return c
            i -= 1
        return None

    def within(self, first: int, last: int) -> list[Candidate]:
        i = bisect_left(self._firsts, first)
        out = []
        while i < len(self._firsts) and self._firsts[i] < last:
            out.append(self.by_first[self._firsts[i]])
            i += 1
        return out


def clitic_prefix(surface: str) -> str:
    """The conjunction and preposition written before a word: "والجيش" → و, "بالقوات" → ب,
    "للجيش" → ل (the article stays with the word); a و/ف that is the word's own first
    letter is none (وزارة، فرنسا), as ``match_key`` keeps it."""
    prefix, rest = "", surface
    if len(rest) > 3 and rest[0] in "وف" and not initial_letter_is_own(normalize(rest)):
        prefix, rest = rest[0], rest[1:]
    if rest.startswith("لل") and len(rest) > 3:
        prefix += "ل"
    elif len(rest) > 3 and rest[0] in "بلك" and rest[1:3] == "ال":
        prefix += rest[0]
    return prefix


class _Keys(Sequence[str]):
    """Every token's ``match_key``, cut on demand (only tokens that may open a name are read)."""

    __slots__ = ("toks", "cut")

    def __init__(self, toks: Tokens):
        self.toks = toks
        self.cut: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.toks)

    def __getitem__(self, i):  # a slice gives a list, as a Sequence's would
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        found = self.cut.get(i)
        if found is None:
            found = self.cut[i] = key(self.toks.surface(i))
        return found
