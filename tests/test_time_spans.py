"""Where time expressions start and end (Wojood's conventions), and what is not one."""

import pytest

from khabar.time import find_times


def spans(sentence: str, published: str | None = "2024-04-09") -> list[str]:
    return [sentence[t.start : t.end] for t in find_times(sentence, published)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("وصدر القرار بتاريخ 15/1/2024 عن المجلس.", ["بتاريخ 15/1/2024"]),
        ("وأقيم المعرض في عام 2019 بمشاركة واسعة.", ["عام 2019"]),
        ("وبني الجامع عام ( 1325 ) هجري على نفقة الأهالي.", ["عام ( 1325 ) هجري"]),
        ("وتأسست البلدية ( 1948 ) بحسب الوثيقة.", ["1948"]),
        ("واستمرت الثورة 1936 - 1939 في الريف.", ["1936 - 1939"]),
        ("وارتفع عدد الزوار منذ يناير / كانون الثاني 2016 بشكل كبير.", ["منذ يناير / كانون الثاني 2016"]),
        ("وتعقد الندوة يوم 30 مارس 2019 في الرباط.", ["يوم 30 مارس 2019"]),
        ("وأعلنت اللجنة قبل شهر عن الأسماء.", ["قبل شهر"]),
        ("وقال الوزير الثلاثاء إن الحوار سيستمر حتى الآن.", ["الثلاثاء", "الآن"]),
        ("وعقد الاجتماع صباح اليوم ثم سافر الوفد مساء.", ["صباح اليوم", "مساء"]),
        ("وتجري الانتخابات من 13 حتى 15 نوفمبر 2026 في كل الولايات.", ["من 13 حتى 15 نوفمبر 2026"]),
        ("وبين يناير ومارس ارتفعت الأسعار.", ["وبين يناير ومارس"]),
        ("وعاش الشاعر في المنفى بين 1960 و1975.", ["بين 1960 و1975"]),
        ("وشهدت الفترة من 2010 إلى 2015 نموا كبيرا.", ["2010 إلى 2015"]),
        ("وأعلنت الوزارة اليوم الثلاثاء الموافق 9 أبريل 2024 عن خطة.", ["اليوم الثلاثاء الموافق 9 أبريل 2024"]),
        ("وقعت الحادثة في ٣ شباط ٢٠٢٣ قرب الحدود.", ["٣ شباط ٢٠٢٣"]),
        # durations under a day (Wojood's TIME) leave خلال, لمدة out; longer ones keep them
        ("وأخمدت فرق الإطفاء الحريق خلال ساعتين.", ["ساعتين"]),
        ("وتوقف البث لمدة 40 دقيقة.", ["40 دقيقة"]),
        ("وتسلم الموقع خلال 45 يوما.", ["خلال 45 يوما"]),
        ("وسجلت 90 إصابة خلال الـ 24 ساعة الماضية.", ["الـ 24 ساعة الماضية"]),
        ("ولم يصدر أي تعليق حتى اللحظة.", ["اللحظة"]),
    ],
)
def test_time_spans_follow_wojood_conventions(sentence, expected):
    assert spans(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "وأكد الرئيسان أن البلدين يدخلان عصرا جديدا من الشراكة.",
        "واحتفلت الجامعة بالذكرى الـ75 لتأسيسها.",
        "وهاجم نواب قوى 14 آذار الحكومة في جلسة عاصفة.",
        "ومارس اللاعب هوايته المفضلة بعد التدريب.",
        "وشارك في المسيرة نحو 2000 متظاهر.",
        "وقال المدير العام للشركة إن الأرباح تضاعفت.",
        "واشترى المواطن سيارة نيسان مستعملة.",
        "وأشعل الربيع العربي موجة من الاحتجاجات.",
        "ويقع المتجر في شارع 26 يوليو وسط المدينة.",
        "واحتفلت المدارس باليوم العالمي للمعلم.",
        "وزار الوفد سوق الجمعة في المدينة القديمة.",
        "وقرر المجلس بعد عقد الجلسة رفع التوصيات.",
        "ونشر الخبر في العدد 2024 من المجلة.",
        "وقضى المسافرون ليلا طويلا في المطار.",
        "وافتتح المذيع الحلقة بعبارة مساء الخير.",
        "وأهدى اللاعب مدربه ساعة ذهبية.",
        "وطالب النائب بمعلومات دقيقة عن الصفقة.",
        "وتحدث الوزير خلال عقد الاجتماع.",
        "ووقع اللاعب عقدا كاملا مع النادي.",
    ],
)
def test_time_spans_not_a_time(sentence):
    assert spans(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    ["وقال الوزير أمس إن الاجتماع عقد في 9 أبريل 2024 صباحا.", "ويعبر المعبر يوميا مئات الشاحنات منذ عامين."],
)
def test_time_spans_stay_in_bounds_and_apart(sentence):
    found = find_times(sentence, "2024-04-09")
    assert found
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for t in found:
        assert 0 <= t.start < t.end <= len(sentence)
        assert sentence[t.start : t.end].strip() == sentence[t.start : t.end]


@pytest.mark.parametrize("text", ["²0 قال", "١٢٣٤٥٦٧٨٩٠ يوم", "( ) / - :", "في في في 2024 2024 2024", "ـ هـ ـ"])
def test_time_spans_odd_input_does_not_raise(text):
    for t in find_times(text, "2024-04-09"):
        assert 0 <= t.start < t.end <= len(text)


def test_time_spans_own_time_set_scores_well():
    """The own-written TIME span set (tests/data/time_spans_own.txt, Wojood's conventions;
    not held-out data): its TIME figure is reported in docs/benchmarks.md."""
    from pathlib import Path

    from khabar.time.wojood import evaluate, read_wojood

    sentences = read_wojood(Path(__file__).parent / "data" / "time_spans_own.txt")
    scores = evaluate(sentences).scores
    assert scores["TIME"].tp + scores["TIME"].fn >= 40
    assert scores["TIME"].f1 >= 0.95, scores["TIME"].to_dict()
    assert scores["DATE"].fp == 0
