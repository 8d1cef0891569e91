"""Sports clubs the tagger reads as a place or a person. Two signals are safe enough
for news at large:

- In a list of two or more "name ( country )" items, the names are clubs
  ("المجموعة الأولى: بوردو ( فرنسا ) - روما ( إيطاليا )"): a draw or a table.
- A "person" right after a team word (``team`` in ``ner_triggers.tsv``: فريق، مضيفه،
  ضيفه) is a foreign club ("مضيفه فيردر بريمن"); a place there stays a place, since a
  national team keeps its country's name ("ضيفه ملاوي", "منتخب مصر").

A city followed by a masculine nationality adjective ("ليون الفرنسي") was tried and
dropped: in Saudi news it is mostly a construct ("مطار دبي الدولي", "برنامج إيران
النووي", "ريف دمشق الغربي"), never a club in 400 articles.
"""

from __future__ import annotations

from dataclasses import replace

from khabar.entities import knowledge
from khabar.entities.mentions import Mention
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
    """A "person" right after a team word ("مضيفه فيردر بريمن")."""
    return (
        m.type == "PERSON" and m.first > sentence.start and "team" in knowledge.word_kinds(tokens.surface(m.first - 1))
    )
