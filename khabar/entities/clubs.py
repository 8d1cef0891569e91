"""Sports clubs named after their city: "ليون الفرنسي", "مضيفه برشلونة". The tagger
reads the city; Arabic sports news gives the club away by agreement and by its head.

- A place followed right away by a *masculine* nationality adjective is the club
  (the adjective agrees with the unwritten نادي/فريق: "ليون الفرنسي", "هامبورغ
  الألماني"); the city itself takes the feminine ("مدينة ليون الفرنسية").
- In a list of two or more "name ( country )" items, the names are clubs
  ("المجموعة الأولى: بوردو ( فرنسا ) - روما ( إيطاليا )"): a draw or a table.
- A place or a "person" right after a team word (``team`` in ``ner_triggers.tsv``:
  فريق، مضيفه، ضيفه) is the club. "منتخب مصر" is not there: a national team keeps its country.
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
    if m.first > sentence.start and "team" in knowledge.word_kinds(tokens.surface(m.first - 1)):
        return True  # "مضيفه فيردر بريمن": the tagger may read a foreign club as a person
    if m.type != "GPE" or m.last >= sentence.stop:
        return False
    after = tokens.surface(m.last)
    return nationality(after) is not None and arabic.normalize(after).endswith("ي")
