"""Sports clubs named after their city: "ليون الفرنسي", "مضيفه برشلونة". The tagger
reads the city; Arabic sports news gives the club away by agreement and by its head.

- A place followed right away by a *masculine* nationality adjective is the club
  (the adjective agrees with the unwritten نادي/فريق: "ليون الفرنسي", "هامبورغ
  الألماني"); the city itself takes the feminine ("مدينة ليون الفرنسية"), and a
  region with the article takes the masculine without being a club ("الخليج العربي",
  "الجولان السوري"), so a place with the article is left alone.
- In a list of two or more "name ( country )" items, the names are clubs
  ("المجموعة الأولى: بوردو ( فرنسا ) - روما ( إيطاليا )"): a draw or a table.
- A "person" right after a team word (``team`` in ``ner_triggers.tsv``: فريق، مضيفه،
  ضيفه) is a foreign club ("مضيفه فيردر بريمن"); a place there stays a place, since a
  national team keeps its country's name ("ضيفه ملاوي", "منتخب مصر").
"""

from __future__ import annotations

from dataclasses import replace

from khabar import arabic
from khabar.entities import knowledge
from khabar.entities.mentions import Mention
from khabar.entities.roles import nationality
from khabar.segment import Tokens


def clubs(tokens: Tokens, sentence: range, found: list[Mention]) -> list[Mention]:
    """``found`` with the places that name a sports club retyped ORG."""
    listed = [m for m in found if m.type in ("GPE", "PERSON") and _country_follows(tokens, m.last, sentence.stop)]
    if len(listed) < 2:
        listed = []
    return [replace(m, type="ORG") if m in listed or _is_club(tokens, m, sentence) else m for m in found]


def _country_follows(tokens: Tokens, i: int, stop: int) -> bool:
    """Tokens ``i``.. read "( country )"."""
    if i + 2 >= stop or tokens.surface(i) != "(" or tokens.surface(i + 2) != ")":
        return False
    hit = knowledge.gazetteer().match([knowledge.key(tokens.surface(i + 1))], 0)
    return hit is not None and hit[1] == "GPE"


def _is_club(tokens: Tokens, m: Mention, sentence: range) -> bool:
    if m.type not in ("GPE", "PERSON"):
        return False
    if m.type == "PERSON":  # "مضيفه فيردر بريمن": a foreign club read as a person
        return m.first > sentence.start and "team" in knowledge.word_kinds(tokens.surface(m.first - 1))
    if m.last >= sentence.stop or arabic.clitics(tokens.surface(m.first)).has_article:
        return False  # "الخليج العربي", "الجولان السوري": regions take the article, clubs do not
    after = arabic.normalize(tokens.surface(m.last))
    # "مدرب روما والألماني ...": a coordinated adjective starts another description
    return after.startswith("ال") and after.endswith("ي") and nationality(after) is not None
