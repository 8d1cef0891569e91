"""From the tagger's BIO tags to typed mention spans, with the general repairs a
token-level model needs: proclitics trimmed off names, titles moved out of person
names, organisation names taken whole, and ANERcorp's LOC split into GPE and LOC."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from khabar import arabic
from khabar.entities import knowledge
from khabar.segment import Tokens

TAG_TYPES = {"PERS": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "MISC"}
# affixes and function words (ner_affixes.tsv): letters for one-letter proclitics
_CONJUNCTIONS = "".join(knowledge.affixes("conjunction"))
_PREPOSITIONS = "".join(knowledge.affixes("preposition"))
_PROCLITICS = _CONJUNCTIONS + _PREPOSITIONS
_CONTRACTS_ARTICLE = knowledge.affixes("contracts_article")
_AND_ARTICLE = knowledge.affixes("and_article")
_NISBA_ENDINGS = knowledge.affixes("nisba")
_PLURAL_NISBA = knowledge.affixes("plural_nisba")
_IN = knowledge.affixes("in")
# how far left an organisation head may sit from the tagged name
# ("وكالة الأنباء الروسية ريا نوفوستي": three words)
ORG_HEAD_REACH = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed name in the text: tokens ``[first, last)`` and character ``[start, end)``
    (``start`` may sit inside the first token when a proclitic was trimmed)."""

    first: int
    last: int
    start: int
    end: int
    type: str

    def keys(self, tokens: Tokens) -> tuple[str, ...]:
        text = tokens.text
        words = [tokens.surface(i) for i in range(self.first, self.last)]
        if words:
            words[0] = text[self.start : tokens.ends[self.first]]
        return tuple(arabic.normalize(w) for w in words)


def from_tags(tokens: Tokens, indices: range, tags: list[str]) -> list[Mention]:
    """Mentions of one sentence whose tokens are ``indices`` (CoNLL-2003 BIO reading)."""
    out = []
    begin: int | None = None
    kind = ""
    for pos, tag in enumerate(tags + ["O"]):
        if begin is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            a, b = indices[begin], indices[pos - 1] + 1
            out.append(Mention(a, b, tokens.starts[a], tokens.ends[b - 1], TAG_TYPES.get(kind, "MISC")))
            begin, kind = None, ""
        if tag != "O" and begin is None:
            begin, kind = pos, tag[2:]
    return out


def repair(tokens: Tokens, mentions: list[Mention], sentence: range) -> list[Mention]:
    """The general repairs, in order; see the module docstring."""
    out = []
    for mention in mentions:
        m = _drop_leading_titles(tokens, mention)
        if m is None:
            continue
        out.append(_place_type(tokens, m))
    out = _extend_names_left(tokens, out, sentence)
    out = _extend_names_right(tokens, out, sentence)
    out = _take_org_heads(tokens, out, sentence)
    out = _extend_coordinated(tokens, out, sentence)
    out = _join_org_in_region(tokens, out)
    return [trim_proclitics(tokens, m) for m in out]


def _key(tokens: Tokens, i: int) -> str:
    return knowledge.key(tokens.surface(i))


def _kinds(tokens: Tokens, i: int) -> frozenset[str]:
    return knowledge.word_kinds(tokens.surface(i))


def _drop_leading_titles(tokens: Tokens, m: Mention) -> Mention | None:
    """ "الرئيس بوتين" tagged as one person: the title is a role, not the name."""
    if m.type != "PERSON":
        return m
    first = m.first
    while first < m.last and "title" in _kinds(tokens, first):
        first += 1
    if first == m.first:
        return m
    if first == m.last:
        return None
    return replace(m, first=first, start=tokens.starts[first])


RARE_LOG_FREQ = 10  # log2 count in the news: rarer words may be name parts


def _extend_names_left(tokens: Tokens, mentions: list[Mention], sentence: range) -> list[Mention]:
    """ "الرئيس الصيني شي جين بينج" tagged from جين: a rare word between a title phrase
    and a person's name, that the unlabelled news puts in the same word cluster (of 256)
    as the name's first word, and that is no trigger and no place, is the name's first
    part. ("تصريحات بوتين" is left alone: no title before it.)"""
    taken = {i for m in mentions for i in range(m.first, m.last)}
    table = knowledge.clusters()
    out = []
    for m in mentions:
        i = m.first - 1
        if (
            m.type == "PERSON"
            and i >= sentence.start
            and i not in taken
            and knowledge.is_arabic_word(tokens.surface(i))
        ):
            word = tokens.surface(i)
            mine = table.get(arabic.normalize(word))
            name = table.get(arabic.normalize(tokens.surface(m.first)))
            if (
                mine
                and name
                and mine.middle == name.middle
                and mine.log_freq <= RARE_LOG_FREQ
                and i > sentence.start
                and ("title" in _kinds(tokens, i - 1) or _is_nisba(tokens.surface(i - 1)))
                and not _kinds(tokens, i)
                and not knowledge.gazetteer().match([_key(tokens, i)], 0)
                and not arabic.clitics(word).has_article
            ):
                m = replace(m, first=i, start=tokens.starts[i])
        out.append(m)
    return out


def _extend_names_right(tokens: Tokens, mentions: list[Mention], sentence: range) -> list[Mention]:
    """ "شي جين بينج" tagged up to جين: the word right after a person's name of two words
    or more joins it when it is a foreign name word (``ner_names.tsv``), rare in the news,
    no trigger, no place, and carries no article or proclitic. ("بوتين والرئيس" is left
    alone: a proclitic; "شيراك شذ": no name word.)"""
    taken = {i for m in mentions for i in range(m.first, m.last)}
    table, names = knowledge.clusters(), knowledge.names()
    out = []
    for m in mentions:
        j = m.last
        if m.type == "PERSON" and m.last - m.first >= 2 and j < sentence.stop and j not in taken:
            word = tokens.surface(j)
            norm = arabic.normalize(word)
            known = table.get(norm)
            if (
                knowledge.is_arabic_word(word)
                and "foreign" in names.get(norm, ())
                and (known is None or known.log_freq <= RARE_LOG_FREQ)
                and not _kinds(tokens, j)
                and not knowledge.gazetteer().match([_key(tokens, j)], 0)
                and not arabic.clitics(word).prefixes
            ):
                m = replace(m, last=j + 1, end=tokens.ends[j])
        out.append(m)
    return out


def _place_type(tokens: Tokens, m: Mention) -> Mention:
    """GPE unless the gazetteer or a head word (بحر، جبل، منطقة ...) says region/LOC."""
    if m.type != "GPE":
        return m
    keys = [_key(tokens, i) for i in range(m.first, m.last)]
    hit = knowledge.gazetteer().match(keys, 0)
    if (hit and hit[0] == len(keys) and hit[1] == "LOC") or "loc" in _kinds(tokens, m.first):
        return replace(m, type="LOC")
    if hit and hit[0] == len(keys) and hit[1] == "ORG":
        return replace(m, type="ORG")
    return m


def _take_org_heads(tokens: Tokens, mentions: list[Mention], sentence: range) -> list[Mention]:
    """A place or person name that an organisation head governs is the organisation
    ("قناة الجزيرة", "وكالة الأنباء الروسية ريا نوفوستي"): extend it leftwards to a head
    within reach, over words that carry the article, and make it an ORG. Stops at
    punctuation, at another mention, and at stop words. Names already tagged ORG keep
    their span, as ANERcorp annotates them ("صحيفة هآرتس" -> هآرتس)."""
    taken = {i for m in mentions for i in range(m.first, m.last)}
    out = []
    for m in mentions:
        if (
            m.type == "ORG"  # ANERcorp's reading: "صحيفة هآرتس" tags the name, not the head
            or "org" in _kinds(tokens, m.first)
            or (m.type == "PERSON" and not _may_name_org(tokens, m, sentence))
            or _has_preposition(tokens.surface(m.first))  # "المفوضية الأوروبية بالقاهرة"
        ):
            out.append(m)
            continue
        head = None
        i = m.first - 1
        while i >= sentence.start and m.first - i <= ORG_HEAD_REACH and i not in taken:
            if not knowledge.is_arabic_word(tokens.surface(i)):
                break
            kinds = _kinds(tokens, i)
            if "org" in kinds:
                head = i
                break
            if "stop" in kinds or "cue" in kinds:
                break
            if not arabic.clitics(tokens.surface(i)).has_article:
                # a construct noun right after the head: "وكالة أنباء الشرق الأوسط"
                if i - 1 >= sentence.start and i - 1 not in taken and "org" in _kinds(tokens, i - 1):
                    head = i - 1
                break
            i -= 1
        if head is None or (m.type == "PERSON" and "media" not in _kinds(tokens, head)):
            out.append(m)
        else:
            out.append(replace(m, first=head, start=tokens.starts[head], type="ORG"))
            taken.update(range(head, m.first))
    return out


def _may_name_org(tokens: Tokens, m: Mention, sentence: range) -> bool:
    """A name tagged as a person can still be a news outlet's name when right after the
    head or a nationality ("وكالة الأنباء الروسية ريا نوفوستي", "صحيفة جلوبال تايمز");
    the head must be a media one (checked by the caller), so "حزب الله حسن نصرالله"
    keeps its person."""
    from khabar.entities.roles import nationality

    i = m.first - 1
    if i < sentence.start or not knowledge.is_arabic_word(tokens.surface(i)):
        return False
    return "org" in _kinds(tokens, i) or nationality(tokens.surface(i)) is not None


def _extend_coordinated(tokens: Tokens, mentions: list[Mention], sentence: range) -> list[Mention]:
    """ "منظمة الأمن والتعاون": an organisation that starts with its head takes the
    following و + article words, unless such a word is itself a new head or the name
    already ends in an adjective ("منظمة التحرير الفلسطينية والحكومة": two things)."""
    taken = {i for m in mentions for i in range(m.first, m.last)}
    out = []
    for m in mentions:
        if m.type == "ORG" and "org" in _kinds(tokens, m.first) and not _is_nisba(tokens.surface(m.last - 1)):
            j = m.last
            while j < sentence.stop and j not in taken and knowledge.is_arabic_word(tokens.surface(j)):
                word = arabic.normalize(tokens.surface(j))
                if not (word.startswith(_AND_ARTICLE) and len(word) > 4) or "org" in _kinds(tokens, j):
                    break
                j += 1
            if j > m.last:
                m = replace(m, last=j, end=tokens.ends[j - 1])
        out.append(m)
    return out


def _has_preposition(word: str) -> bool:
    """A governed name never carries ب/ل/ك; a place after one is where, not whose."""
    cut = _proclitic_length(word)
    return cut > 0 and arabic.normalize(word)[cut - 1] in _PREPOSITIONS


def _is_nisba(word: str) -> bool:
    return arabic.normalize(word).endswith(_NISBA_ENDINGS)


def _join_org_in_region(tokens: Tokens, mentions: list[Mention]) -> list[Mention]:
    """ "منظمة الأمن والتعاون في أوروبا": an organisation named after the continent or
    region it works in keeps the place; a city or country after في stays apart."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "ORG"
            and m.type == "LOC"
            and m.first == prev.last + 1
            and arabic.normalize(tokens.surface(prev.last)) in _IN
            and "org" in _kinds(tokens, prev.first)
        ):
            out[-1] = replace(prev, last=m.last, end=m.end)
        else:
            out.append(m)
    return out


def trim_proclitics(tokens: Tokens, m: Mention) -> Mention:
    """Start a name after و/ف and ب/ل/ك when the rest is the more common word and the
    whole word is no known name word ("وبوتين" -> "بوتين", "لموسكو" -> "موسكو", but
    "فلاديمير" and "لافروف" stay, and so does "كيري", a name, not ك + يري)."""
    word = tokens.surface(m.first)
    cut = _proclitic_length(word)
    if not cut:
        return m
    return replace(m, start=tokens.starts[m.first] + cut)


# the rest must be this many times (log2) more frequent in the news than the whole word
TRIM_MARGIN = 2
TRIM_MIN_FREQ = 4  # log2 count of the rest when the whole word is not in the table


def _proclitic_length(word: str) -> int:
    table = knowledge.clusters()
    norm = arabic.normalize(word)
    if norm in knowledge.names():
        return 0
    whole = table.get(norm)
    for cut in (1, 2):
        head, rest = norm[:cut], norm[cut:]
        if len(rest) < 3 or (rest.startswith(_CONTRACTS_ARTICLE) and head.endswith(_CONTRACTS_ARTICLE)):
            continue
        if cut == 1 and head not in _PROCLITICS:
            continue
        if cut == 2 and not (head[0] in _CONJUNCTIONS and head[1] in _PREPOSITIONS):
            continue
        known = table.get(rest)
        if known and known.log_freq >= (whole.log_freq + TRIM_MARGIN if whole else TRIM_MIN_FREQ):
            return cut
    return 0


def nationality_groups(tokens: Tokens, sentence: range, taken: set[int]) -> list[Mention]:
    """NORP: a plural nationality noun standing on its own ("قال الفلسطينيون", "مع
    الأمريكيين"); after a definite noun it is that noun's adjective ("الدبلوماسيين
    الصينيين") and no entity. The tagger (ANERcorp) has no such type, so this is a rule."""
    from khabar.entities.roles import nationality

    out = []
    words = tokens.words()
    for i in sentence:
        word = words[i]
        if not word.endswith(_PLURAL_NISBA) or i in taken or nationality(word) is None:
            continue
        prev = i - 1
        if (
            prev >= sentence.start
            and knowledge.is_arabic_word(tokens.surface(prev))
            and arabic.clitics(tokens.surface(prev)).has_article
        ):
            continue
        m = trim_proclitics(tokens, Mention(i, i + 1, tokens.starts[i], tokens.ends[i], "NORP"))
        out.append(m)
    return out


NAME_LOG_FREQ = 5  # at most 2**6 - 1 times in 10 M words of news: rare enough to be a name
NAME_MAX_WORDS = 3


def names_after_titles(tokens: Tokens, sentence: range, taken: set[int]) -> list[Mention]:
    """A person the tagger missed right after a title phrase that ends in a nationality
    ("وزيرة الخزانة الأمريكية جانيت يلين يوم الاثنين"): one to three rare words (rare
    with and without their clitics) without the article, no trigger, stop word or
    adjective among them."""
    from khabar.entities.roles import nationality, role_before

    out = []
    words = tokens.words()
    # cheap test first, over the whole sentence: the word before ends like an adjective
    after_nisba = [i for i in range(sentence.start + 1, sentence.stop) if words[i - 1].endswith(_NISBA_ENDINGS)]
    resume = sentence.start  # after a name is read, the search goes on behind it
    for i in after_nisba:
        if i < resume or i in taken or i - 1 in taken or not _rare_name_word(tokens, i):
            continue
        j = i
        while j < sentence.stop and j - i < NAME_MAX_WORDS and j not in taken and _rare_name_word(tokens, j):
            j += 1
        if (
            j not in taken
            and nationality(tokens.surface(i - 1))  # "... الأمريكية جانيت يلين"
            and role_before(tokens, i, sentence.start, taken) is not None
        ):
            out.append(trim_proclitics(tokens, Mention(i, j, tokens.starts[i], tokens.ends[j - 1], "PERSON")))
        resume = j
    return out


def _rare_name_word(tokens: Tokens, i: int) -> bool:
    return _is_rare_name_word(tokens.surface(i))


@lru_cache(maxsize=32768)
def _is_rare_name_word(word: str) -> bool:
    if not knowledge.is_arabic_word(word) or knowledge.word_kinds(word):
        return False
    if len(word) < 2 or arabic.clitics(word).has_article or _is_nisba(word):
        return False
    table = knowledge.clusters()
    for form in (arabic.normalize(word), arabic.strip_clitics(word)):  # واخوه: rare, اخو: not
        known = table.get(form)
        if known is not None and known.log_freq > NAME_LOG_FREQ:
            return False
    return True
