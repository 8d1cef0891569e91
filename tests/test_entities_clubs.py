"""Sports clubs the tagger read as a place or a person (tags given by hand)."""

import pytest
from helpers import hand_tagged

from khabar.entities import clubs


def _found(sentence: str, tagged: dict[str, str]):
    tokens, indices, found = hand_tagged(sentence, tagged)
    found = clubs.clubs(tokens, indices, found)
    return [(sentence[m.start : m.end], m.type) for m in found]


@pytest.mark.parametrize(
    "sentence, tagged, expected",
    [
        # after a team word, a club read as a person becomes the club; a country stays
        ("وفاز على مضيفه زامبيا بهدفين", {"زامبيا": "B-LOC"}, [("زامبيا", "GPE")]),
        ("وخسر أمام ضيفه سبارتاك موسكو", {"سبارتاك": "B-PERS", "موسكو": "I-PERS"}, [("سبارتاك موسكو", "ORG")]),
        # a draw: two or more "name ( country )" items are clubs
        (
            "المجموعة الثالثة : مرسيليا ( فرنسا ) - بورتو ( البرتغال )",
            {"مرسيليا": "B-LOC", "بورتو": "B-PERS"},
            [("مرسيليا", "ORG"), ("بورتو", "ORG")],
        ),
        # one city with its country in brackets is still the city
        (
            "عقد المؤتمر في جنيف ( سويسرا ) أمس",
            {"جنيف": "B-LOC", "سويسرا": "B-LOC"},
            [("جنيف", "GPE"), ("سويسرا", "GPE")],
        ),
        # a national team keeps its country
        (
            "وفاز منتخب المغرب على منتخب تونس",
            {"المغرب": "B-LOC", "تونس": "B-LOC"},
            [("المغرب", "GPE"), ("تونس", "GPE")],
        ),
        # a place with a nationality adjective is a place: "مطار دبي الدولي", a construct
        ("وهبطت الطائرة في مطار دبي الدولي", {"دبي": "B-LOC"}, [("دبي", "GPE")]),
        ("وناقشوا برنامج إيران النووي", {"إيران": "B-LOC"}, [("إيران", "GPE")]),
        # a person with a nationality adjective stays a person
        ("وقال المدرب جوزيه البرتغالي إن", {"جوزيه": "B-PERS"}, [("جوزيه", "PERSON")]),
    ],
)
def test_clubs_retype_places_that_name_a_club(sentence, tagged, expected):
    assert _found(sentence, tagged) == expected
