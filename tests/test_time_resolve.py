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
        ("وتقام المباراة يوم السبت بعد المقبل في لندن.", "2024-04-09", "2024-04-20"),
        ("ووقع الانفجار الجمعة قبل الماضية.", "2024-04-09", "2024-03-29"),
        ("وتراجعت الصادرات في العام قبل الماضي.", "2024-04-09", "2022"),
        ("وتعقد القمة الشهر بعد المقبل.", "2024-04-09", "2024-06"),
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


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # a future verb in the clause: the coming weekday, today included
        ("وستعقد اللجنة اجتماعها الأحد في عمان.", "2024-04-09", "2024-04-14"),
        ("وسوف يزور الأمير المعرض الثلاثاء.", "2024-04-09", "2024-04-09"),
        ("ومن المقرر أن يصل الوفد مساء السبت.", "2024-04-09", "2024-04-13TEV"),
        # ... but not across a clause boundary, nor from a noun that looks like a verb
        ("وقال إنه سيترشح للانتخابات، وكان قد التقى الوزير الأحد.", "2024-04-09", "2024-04-07"),
        ("وتعطلت سيارة الإسعاف الأحد.", "2024-04-09", "2024-04-07"),
        # a past clause (منذ, كان قد, بأثر رجعي) keeps a month without a year in the past
        ("وكان الرئيس قد وعد بالإصلاح في نوفمبر.", "2024-07-01", "2023-11"),
        ("ولا تزال الطرق مغلقة منذ عاصفة الثاني من أكتوبر.", "2024-07-01", "2023-10-02"),
        ("وستصرف العلاوة بأثر رجعي من أول يناير.", "2024-07-01", "2024-01-01"),
        # a future clause puts it ahead
        ("وستفتتح الشركة فرعها الجديد في مايو.", "2024-07-01", "2025-05"),
    ],
)
def test_time_resolve_clause_tense_decides_open_directions(sentence, published, expected):
    assert value(sentence, published)[0] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("وأفرج عن الناشط بعد ثلاثة أيام من اعتقاله.", ("DURATION", "P3D")),
        ("واستقال الوزير قبل أسبوعين من موعد الانتخابات.", ("DURATION", "P2W")),
        ("وعادت الحياة إلى طبيعتها بعد يومين على انتهاء العاصفة.", ("DURATION", "P2D")),
        # counted from the publication date: من الآن, or على يد (by the hands of)
        ("وتأسس النادي قبل 30 عاما على يد مجموعة من الطلاب.", ("DATE", "1994")),
        ("ويصل الوفد بعد يومين.", ("DATE", "2024-04-11")),
    ],
)
def test_time_resolve_narrative_offsets_stay_durations(sentence, expected):
    (t,) = find_times(sentence, "2024-04-09")
    assert (t.type, t.value) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("ووقع الانفجار الساعة الرابعة وعشرين دقيقة فجرا.", "2024-04-09T04:20"),
        ("ووصل القطار الساعة 11 و 5 دقائق صباحا.", "2024-04-09T11:05"),
        ("ويبدأ حظر التجول عند منتصف الليل.", "2024-04-09T24:00"),
        ("وسمع دوي انفجار قرابة الساعة الثانية بعد منتصف الليل.", "2024-04-09T02:00"),
        ("وتجاوزت الحرارة 45 درجة ظهرا.", "2024-04-09TMI"),
        ("وقصفت الطائرات المدينة في ساعة متأخرة من الليل.", "2024-04-09TNI"),
        ("ولم تعلق الحكومة على الحادث حتى الساعة.", "PRESENT_REF"),
    ],
)
def test_time_resolve_clock_and_parts_of_the_day(sentence, expected):
    (t,) = find_times(sentence, "2024-04-09")
    assert (t.type, t.value) == ("TIME", expected)


def test_time_resolve_duration_with_minutes_in_words():
    (t,) = find_times("وقطع المتسابق المسافة في ثلاث ساعات وخمس دقائق.", "2024-04-09")
    assert (t.type, t.value) == ("DURATION", "PT3H5M")


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # an imperfect verb opening the clause schedules: the coming weekday
        ("يجتمع وزراء الخارجية العرب الخميس في القاهرة.", "2024-04-11"),
        ("ويلتقي المنتخب نظيره الياباني يوم السبت.", "2024-04-13"),
        ("ويلتقي المنتخب نظيره الياباني يوم الثلاثاء.", "2024-04-09"),
        ("وتنطلق البطولة الآسيوية يوم السبت.", "2024-04-13"),
        # a four-letter verb in ت counts only when listed (time_verbs.tsv): تقدم (advanced)
        # and تعقد (is held) look alike
        ("وتعقد اللجنة اجتماعها الخميس.", "2024-04-11"),
        ("وتقدم الفريق إلى المركز الثاني الأحد.", "2024-04-07"),
        ("وتراجعت أسعار النفط الاثنين.", "2024-04-08"),
        # ... not after a reporting verb, a relative pronoun, or "ويأتي ذلك" (the past)
        ("ويقول التقرير الذي صدر الأحد إن البطالة تراجعت.", "2024-04-07"),
        ("ويأتي القرار بعد احتجاجات اندلعت الأحد.", "2024-04-07"),
        ("وقال المتحدث الأحد إن المفاوضات مستمرة.", "2024-04-07"),
    ],
)
def test_time_resolve_present_clause_schedules_weekdays(sentence, expected):
    (weekday,) = find_times(sentence, "2024-04-09")
    assert weekday.value == expected


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        ("وارتفعت المبيعات في عطلة نهاية الأسبوع.", "2024-10-15", "2024-W41-WE"),
        ("ويقام الحفل في عطلة نهاية الأسبوع المقبلة.", "2024-10-15", "2024-W42-WE"),
        ("وامتلأت الشواطئ بالمصطافين في عطلة نهاية الأسبوع.", "2024-10-19", "2024-W42-WE"),
    ],
)
def test_time_resolve_weekend(sentence, published, expected):
    assert value(sentence, published)[0] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "وتسعى الخطة إلى تحقيق مستهدفات رؤية مصر 2030.",
        "وتشارك في العرض طائرات ميراج 2000 الفرنسية.",
        "ويبلغ عدد سكان البلدة 2024 نسمة.",
        "وأقيم الحفل على مسرح 6 أكتوبر في العاصمة.",
    ],
)
def test_time_resolve_names_and_counts_are_not_years(sentence):
    assert find_times(sentence, "2024-04-09") == []


def test_time_resolve_weekday_in_parentheses_keeps_the_day_count():
    (t,) = find_times("وانطلقت الدورة مساء أمس (الأربعاء) في جدة.", "2024-04-11")
    assert (t.type, t.value) == ("TIME", "2024-04-10TEV")


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("واحتفلت الجمعية بمرور ربع قرن على تأسيسها.", "P25Y"),
        ("وحكم الملك البلاد نصف قرن.", "P50Y"),
        ("وتراجعت المبيعات خلال نصف عام.", "P6M"),
        ("وانتظر المسافرون نصف ساعة.", "PT30M"),
        # a unit alone with an adjective of one
        ("ومددت الحكومة الإغلاق أسبوعا إضافيا.", "P1W"),
        ("وتأخرت الرحلة ساعة كاملة.", "PT1H"),
        # عقد alone after خلال, when nothing it could govern follows
        ("وتضاعفت الصادرات خلال عقد من الزمن.", "P10Y"),
    ],
)
def test_time_resolve_fractions_of_a_unit(sentence, expected):
    (t,) = find_times(sentence, "2024-04-09")
    assert (t.type, t.value) == ("DURATION", expected)


def test_time_resolve_set_of_a_fraction():
    (t,) = find_times("وتنشر الهيئة تقريرها كل ربع سنة.", "2024-04-09")
    assert (t.type, t.value) == ("SET", "P3M")
