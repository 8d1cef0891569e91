"""Whole names found once are found again in the same article (tags given by hand)."""

import pytest

from khabar.document import Document
from khabar.entities import consistency, mentions
from khabar.segment import segment


def _repeated(text: str, tagged: list[dict[str, str]]):
    """Mentions after ``repeat_names``; ``tagged`` gives, sentence by sentence, the BIO
    tags the tagger put on words (untagged elsewhere)."""
    doc = segment(Document(text=text))
    tokens = doc.tokens
    ranges = [tokens.between(s.start, s.end) for s in doc.sentences]
    found, sentence_of = [], []
    for n, r in enumerate(ranges):
        tags = [tagged[n].get(tokens.surface(i), "O") if n < len(tagged) else "O" for i in r]
        ms = mentions.from_tags(tokens, r, tags)
        found += ms
        sentence_of += [r] * len(ms)
    found, _ = consistency.repeat_names(doc, found, sentence_of, ranges)
    return [(text[m.start : m.end], m.type) for m in found]


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        # a club found once is the club again, with a conjunction attached
        (
            "وفاز بنفيكا على ضيفه. وكان وبنفيكا الأفضل في الشوط الأول.",
            [{"بنفيكا": "B-ORG"}],
            [("بنفيكا", "ORG"), ("بنفيكا", "ORG")],
        ),
        # a two-word name, and its repeat with a preposition
        (
            "قال حزب الليكود إنه سيفوز. وتراجعت شعبية لحزب الليكود منذ العام الماضي.",
            [{"حزب": "B-ORG", "الليكود": "I-ORG"}],
            [("حزب الليكود", "ORG"), ("حزب الليكود", "ORG")],
        ),
        # a frequent word is not repeated: elsewhere it is the common noun
        (
            "بثت قناة الجزيرة التقرير. وزار الوفد الجزيرة العربية.",
            [{"الجزيرة": "B-ORG"}],
            [("الجزيرة", "ORG")],
        ),
        # next to a tagged name the word belongs to that name
        (
            "وصل نيكولايف إلى القاهرة. وكان ألكسندر نيكولايف هناك أيضا.",
            [{"نيكولايف": "B-PERS"}, {"ألكسندر": "B-PERS"}],
            [("نيكولايف", "PERSON"), ("ألكسندر", "PERSON")],
        ),
    ],
)
def test_consistency_repeat_names(text, tagged, expected):
    assert _repeated(text, tagged) == expected
