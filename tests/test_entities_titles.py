"""Quoted names after a work or organisation head become one name (tags given by hand)."""

import pytest
from helpers import hand_tagged

from khabar.entities import titles


def _found(sentence: str, tagged: dict[str, str]):
    tokens, indices, found = hand_tagged(sentence, tagged)
    found = titles.quoted_titles(tokens, indices, found)
    return [(sentence[m.start : m.end], m.type) for m in found]


@pytest.mark.parametrize(
    "sentence, tagged, expected",
    [
        # ordinary words in quotes after برنامج: the whole title, nothing else
        ("وتقدم المذيعة برنامج « صباح الخير يا وطن » على القناة الأولى", {}, [("صباح الخير يا وطن", "MISC")]),
        # a word between the head and the quote; a place inside the title gives way
        ("صدر له كتاب جديد « رحلة إلى دمشق » هذا العام", {"دمشق": "B-LOC"}, [("رحلة إلى دمشق", "MISC")]),
        ('وعرضت القناة فيلما بعنوان " الطريق الطويل " أمس', {}, [("الطريق الطويل", "MISC")]),
        # a head with a pronoun or a preposition attached
        ("وتقدم الفنانة برنامجها « حكايات البيت » كل أسبوع", {}, [("حكايات البيت", "MISC")]),
        ("وتطل ببرنامج جديد « نجوم الغد » في رمضان", {}, [("نجوم الغد", "MISC")]),
        # a definite head points back at a programme: the quotes hold a topic
        ("وناقش البرنامج قضية « غلاء الأسعار » مع الضيوف", {}, []),
        # right after an organisation head: the quoted name is the organisation, head outside
        ('وقال رئيس تحرير صحيفة " الوطن اليوم " إن', {"الوطن": "B-LOC"}, [("الوطن اليوم", "ORG")]),
        ("بالتعاون مع جمعية « رعاية الأيتام » في جدة", {"جدة": "B-LOC"}, [("رعاية الأيتام", "ORG"), ("جدة", "GPE")]),
        # quotes with no work head are a quotation, not a title
        ("وقال الوزير « إن الحكومة ماضية في الإصلاح »", {}, []),
        # a quote that does not close soon is no title
        ("وأطلق برنامج « يهدف إلى دعم الشباب في القرى والمدن البعيدة عن العاصمة", {}, []),
        # names outside the quotes are kept
        (
            "وقدم أحمد حلمي برنامج « ليالي القاهرة »",
            {"أحمد": "B-PERS", "حلمي": "I-PERS"},
            [("أحمد حلمي", "PERSON"), ("ليالي القاهرة", "MISC")],
        ),
    ],
)
def test_titles_quoted_names_after_a_head(sentence, tagged, expected):
    assert _found(sentence, tagged) == expected
