import pytest

from khabar.clean import clean, clean_line

BODY = [
    "أعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في المنطقة الشرقية خلال العام المقبل.",
    "وقال المتحدث باسم الوزارة إن المستشفيات الجديدة ستضيف أكثر من ألف سرير إلى الطاقة الاستيعابية.",
    "وأشار إلى أن العمل جار على تجهيز الكوادر الطبية اللازمة لتشغيلها بكامل طاقتها.",
]


def article(*extra_before, title="افتتاح ثلاثة مستشفيات جديدة في المنطقة الشرقية", after=()):
    return "\n".join([*extra_before, title, *BODY, *after])


@pytest.mark.parametrize(
    "junk", ["[ad_1]", "[ad_2]", "[adsense]", "[/caption]", '[caption id="attachment_5" align="alignnone"]']
)
def test_clean_removes_shortcode_lines(junk):
    c = clean(article(junk, after=[junk]))
    assert "[" not in c.text
    assert c.text.split("\n") == BODY


def test_clean_removes_inline_shortcode_with_one_space():
    c = clean("عنوان الخبر\nقال الوزير [ad_1] إن المحادثات مثمرة.\n" + "\n".join(BODY))
    assert c.text.split("\n")[0] == "قال الوزير إن المحادثات مثمرة."


@pytest.mark.parametrize(
    "tail", [["المصدر"], ["المصدر: وكالات"], ["المصدر : واس"], ["Source: Reuters"], ["المصدر", "[ad_2]"]]
)
def test_clean_removes_trailing_source_lines(tail):
    c = clean(article(after=tail))
    assert c.text.split("\n") == BODY


def test_clean_keeps_source_word_inside_body():
    body = BODY + ["المصدر الأمني أكد أن التحقيقات مستمرة في الحادث."]
    c = clean("\n".join(["عنوان قصير عن حادث مروري في الرياض", *body]))
    assert c.text.split("\n")[-1].startswith("المصدر الأمني")


def test_clean_removes_read_also_block_with_its_links():
    c = clean(
        article(
            after=["اقرأ أيضا:", "وزير الصحة يفتتح مركزا للأورام", "ارتفاع عدد المستشفيات الخاصة", "شارك هذا الخبر"]
        )
    )
    assert c.text.split("\n") == BODY


def test_clean_removes_inline_read_also_line():
    lines = BODY[:2] + ["اقرأ المزيد: وزير الصحة يفتتح مركزا للأورام"] + BODY[2:]
    c = clean("\n".join(["عنوان عن افتتاح المستشفيات الجديدة", *lines]))
    assert c.text.split("\n") == BODY


@pytest.mark.parametrize("prompt", ["شارك", "تابعونا على تويتر", "اضغط هنا للاشتراك", "Share", "طباعة"])
def test_clean_removes_share_prompts(prompt):
    c = clean(article(after=[prompt]))
    assert c.text.split("\n") == BODY


def test_clean_drops_repeated_short_boilerplate_lines():
    lines = ["موقع الأخبار العربية", *BODY, "موقع الأخبار العربية"]
    c = clean("\n".join(["عنوان عن افتتاح المستشفيات الجديدة", *lines]))
    assert c.text.split("\n") == ["موقع الأخبار العربية", *BODY]


def test_clean_drops_line_repeated_many_times_inside_body():
    ad = "للإعلان في الموقع اتصل بنا"
    lines = [BODY[0], ad, BODY[1], ad, BODY[2], ad, BODY[0], BODY[1], BODY[2]]
    c = clean("\n".join(["عنوان عن افتتاح المستشفيات الجديدة", *lines]))
    assert c.text.split("\n").count(ad) == 1


def test_clean_keeps_refrain_repeated_once_inside_body():
    refrain = "وما زال الأمل قائما في نفوسنا"
    lines = [*BODY, refrain, BODY[0], BODY[1], refrain, BODY[2], BODY[0], BODY[1]]
    c = clean("\n".join(["عنوان مقال رأي عن الأمل", *lines]))
    assert c.text.split("\n").count(refrain) == 2


def test_clean_title_taken_from_first_line():
    c = clean(article())
    assert c.title == "افتتاح ثلاثة مستشفيات جديدة في المنطقة الشرقية"
    assert c.text.split("\n") == BODY


def test_clean_long_first_line_is_not_a_title():
    c = clean("\n".join(BODY))
    assert c.title is None
    assert c.text.split("\n") == BODY


def test_clean_given_title_repeated_in_text_is_dropped():
    c = clean(article(), title="افتتاح ثلاثة مستشفيات جديدة في المنطقة الشرقية")
    assert c.title is None
    assert c.text.split("\n") == BODY


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\ufefbبد من الحوار", "لابد من الحوار"),  # presentation form
        ("قال\u200f الوزير\u200b", "قال الوزير"),  # bidi mark, zero-width space
        ("الســـلام", "السلام"),  # decorative tatweel
        ("بـ”العقوبات”", "بـ”العقوبات”"),  # meaningful tatweel stays
        ("الذكرى الـ75", "الذكرى الـ75"),
        ("قال   الوزير\tإن", "قال الوزير إن"),  # whitespace runs
        ("قال\u00a0الوزير", "قال الوزير"),
        ("\u202bنص\u202c", "نص"),
        ("قال\t\u200f قال", "قال قال"),  # a space after a removed mark after a tab
        ("قال [ad_1]\u200b الوزير", "قال الوزير"),
        ("قال \t[ad_1]", "قال"),
    ],
)
def test_clean_line_unicode_hygiene(raw, expected):
    assert clean_line(raw) == expected


def test_clean_keeps_spelling_as_written():
    raw = "أكد مسؤول في هيئة الإحصاء أن نسبة البطالة تراجعت إلى مستوى قياسي."
    assert clean(raw).text == raw


def test_clean_offset_map_points_back_to_raw():
    raw = "[ad_1]\nعنوان قصير\nقال   الوزير\u200f إن ﻻ تراجع عن القرار.\nوأضاف أن الحوار مستمر مع الجميع.\nالمصدر"
    c = clean(raw)
    assert c.title == "عنوان قصير"
    assert c.text == "قال الوزير إن لا تراجع عن القرار.\nوأضاف أن الحوار مستمر مع الجميع."
    i = c.text.index("الوزير")
    assert raw[c.offsets.to_raw(i) : c.offsets.to_raw(i) + 6] == "الوزير"
    a, b = c.offsets.span_to_raw(c.text.index("لا"), c.text.index("لا") + 2)
    assert raw[a:b] == "ﻻ"


def test_clean_handles_crlf_and_blank_lines():
    c = clean("عنوان الخبر القصير\r\n\r\n" + "\r\n\r\n".join(BODY) + "\r\n")
    assert c.text.split("\n") == BODY
