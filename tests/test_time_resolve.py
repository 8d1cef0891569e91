"""Resolution conventions: weekdays, directions, no publication date, Hijri dates."""

import datetime as dt

import pytest

from khabar.time import find_times
from khabar.time.hijri import hijri_to_gregorian, hijri_year_of


def value(sentence: str, published: str | None) -> tuple[str | None, str | None]:
    (t,) = find_times(sentence, published)
    return t.value, t.relative


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # bare weekday: the most recent one, the publication day itself included
        ("وصل الوفد الثلاثاء.", "2024-04-09", "2024-04-09"),
        ("وصل الوفد الأربعاء.", "2024-04-09", "2024-04-03"),
        # الماضي strictly before, المقبل strictly after, even on the same weekday
        ("وصل الوفد الثلاثاء الماضي.", "2024-04-09", "2024-04-02"),
        ("يصل الوفد الثلاثاء المقبل.", "2024-04-09", "2024-04-16"),
        ("يصل الوفد الأربعاء القادم.", "2024-04-09", "2024-04-10"),
        # a month name without a year: the publication year, or the next/last one
        ("تعقد القمة في مايو.", "2024-04-09", "2024-05"),
        ("عقدت القمة في مايو الماضي.", "2024-04-09", "2023-05"),
        ("تعقد القمة في مارس المقبل.", "2024-04-09", "2025-03"),
        # weeks are ISO weeks; years roll over
        ("ويبدأ العمل الأسبوع المقبل.", "2023-12-28", "2024-W01"),
        ("ويبدأ العمل الشهر المقبل.", "2023-12-28", "2024-01"),
    ],
)
def test_time_resolve_newsroom_conventions(sentence, published, expected):
    assert value(sentence, published)[0] == expected


@pytest.mark.parametrize(
    "sentence, relative",
    [
        ("وصل الوفد الثلاثاء.", "weekday -0 TUE"),
        ("غادر الوفد الاثنين الماضي.", "weekday -1 MON"),
        ("يصل الوفد أمس.", "D -1"),
        ("تراجعت الصادرات العام الماضي.", "Y -1"),
        ("تعقد القمة في مايو.", "XXXX-05"),
    ],
)
def test_time_resolve_without_publication_date_keeps_null(sentence, relative):
    assert value(sentence, None) == (None, relative)


def test_time_resolve_absolute_dates_need_no_publication_date():
    assert value("ولد في 9 أبريل 1950 في حيفا.", None)[0] == "1950-04-09"


@pytest.mark.parametrize(
    "hijri, gregorian",
    [
        ((1445, 9, 1), dt.date(2024, 3, 11)),  # Umm al-Qura
        ((1436, 10, 1), dt.date(2015, 7, 17)),
        ((1325, 1, 1), dt.date(1907, 2, 14)),  # before 1343: the arithmetic calendar
        ((1200, 1, 1), dt.date(1785, 11, 4)),
    ],
)
def test_time_resolve_hijri_to_gregorian(hijri, gregorian):
    assert hijri_to_gregorian(*hijri) == gregorian


def test_time_resolve_hijri_impossible_day_is_none():
    assert hijri_to_gregorian(1445, 13, 1) is None
    assert hijri_to_gregorian(1445, 9, 31) is None


def test_time_resolve_hijri_year_of_a_day():
    assert hijri_year_of(dt.date(2024, 4, 9)) == 1445
    assert hijri_year_of(dt.date(1890, 1, 1)) == 1307
