"""Properties of the time stage on random mixtures of temporal words, numbers and text:
it never raises, its spans stay inside the text, in order and apart, and every value
has the shape its type promises."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.time import find_times

WORDS = (
    "في من منذ قبل بعد خلال حتى يوم عام العام سنة الساعة الماضي المقبل الجاري هذا كل "
    "أمس اليوم غدا الثلاثاء الاثنين مايو آذار كانون الثاني رمضان شوال هـ م ( ) / - : . ، "
    "ثلاثة أيام يومين عشر العاشرة صباحا مساء فجر أواخر منتصف الأول الحادي والعشرين "
    "الستينيات القرن الربع الصيف وقال الوزير إن الحكومة شخص رقم سوق قوى"
).split()
TOKENS = st.one_of(st.sampled_from(WORDS), st.integers(0, 3000).map(str), st.sampled_from(["٢٠٢٤", "٩", "31", "1445"]))
VALUE = re.compile(
    r"^(?:\d{2,4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI))?(?:T(?:\d{2}:\d{2}|MO|MI|AF|EV|NI))?"
    r"|P(?:X|\d+)[DWMY]|PT(?:X|\d+)[HMS]|PT(?:\d+H)?\d+M|XXXX-WXX-[1-7]|(?:PAST|FUTURE|PRESENT)_REF)$"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=25), st.sampled_from([None, "2024-04-09", "2023-12-28", "2015-02-28"]))
def test_time_properties_spans_and_values(tokens, published):
    text = " ".join(tokens)
    found = find_times(text, published)
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        if t.value is not None:
            for part in t.value.split("/"):
                assert VALUE.match(part), (text, text[t.start : t.end], t.value)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
