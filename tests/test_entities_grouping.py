"""Grouping mentions into entities: pure logic, no model."""

import pytest

from khabar.entities import grouping


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("كاترينا", "كاترين", True),
        ("بينج", "بينغ", True),
        ("لافروف", "لافروف", True),
        ("موسكو", "موسكا", True),
        ("يو", "يي", False),  # short words must match exactly
        ("واشنطن", "الولايات", False),
        ("سامي", "رامي", False),  # a different first letter is a different name
    ],
)
def test_grouping_similar_words(a, b, same):
    assert grouping.similar(a, b) is same


@pytest.mark.parametrize(
    "surfaces, types, expected",
    [
        # a surname joins the full name; the place stays apart
        (["سيرغي لافروف", "موسكو", "لافروف"], ["PERSON", "GPE", "PERSON"], [("PERSON", [0, 2]), ("GPE", [1])]),
        # spelling variants of one name
        (["كاترينا يو", "كاترين يو"], ["PERSON", "PERSON"], [("PERSON", [0, 1])]),
        # different names for related places are never merged
        (["الولايات المتحدة", "واشنطن"], ["GPE", "GPE"], [("GPE", [0]), ("GPE", [1])]),
        # the same words with clitics are one entity, the majority type wins
        (["الصين", "والصين", "الصين"], ["GPE", "ORG", "GPE"], [("GPE", [0, 1, 2])]),
        # two people sharing a family name: the bare name goes to the nearest one before it
        (
            ["هيلاري كلينتون", "بيل كلينتون", "كلينتون"],
            ["PERSON", "PERSON", "PERSON"],
            [("PERSON", [0]), ("PERSON", [1, 2])],
        ),
    ],
)
def test_grouping_groups_mentions(surfaces, types, expected):
    assert grouping.group(surfaces, types) == expected


def test_grouping_part_of_needs_order_and_difference():
    assert grouping.is_part_of(("وانغ",), ("وانغ", "يي"))
    assert not grouping.is_part_of(("يي", "وانغ"), ("وانغ", "يي"))
    assert not grouping.is_part_of(("وانغ", "يي"), ("وانغ", "يي"))
