import pytest

from khabar.document import Document
from khabar.lexicon import data_lines
from khabar.segment import paragraphs, segment, sentences, tokenize


def sents(text):
    return [text[s:e] for s, e in sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وصل الوفد. وبدأت المحادثات.", ["وصل الوفد.", "وبدأت المحادثات."]),
        ("هل انتهت الأزمة؟ لا أحد يعرف!", ["هل انتهت الأزمة؟", "لا أحد يعرف!"]),
        ("ارتفع المؤشر 2.5 في المئة. وتراجع النفط.", ["ارتفع المؤشر 2.5 في المئة.", "وتراجع النفط."]),
        ("ارتفع المؤشر ٢٫٥ في المئة. وتراجع النفط.", ["ارتفع المؤشر ٢٫٥ في المئة.", "وتراجع النفط."]),
        ("التقى د. خالد بالوفد. ثم غادر.", ["التقى د. خالد بالوفد.", "ثم غادر."]),
        ("نشر الخبر موقع aawsat.com أمس. وانتهى.", ["نشر الخبر موقع aawsat.com أمس.", "وانتهى."]),
        ("وصل الوفد؛ وبدأت المحادثات", ["وصل الوفد؛", "وبدأت المحادثات"]),
        ("Mr. Smith arrived. He spoke.", ["Mr. Smith arrived.", "He spoke."]),
    ],
)
def test_segment_sentences_split_on_terminal_punctuation_only(text, expected):
    assert sents(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قال: “نحن مستعدون.” ثم غادر.", ["قال: “نحن مستعدون.”", "ثم غادر."]),
        ("قال: «نحن مستعدون». ثم غادر.", ["قال: «نحن مستعدون».", "ثم غادر."]),
        ('قال: "نحن مستعدون." ثم غادر.', ['قال: "نحن مستعدون."', "ثم غادر."]),
        ("قال: “الوضع صعب. لكننا سنواصل”. ثم غادر.", ["قال: “الوضع صعب.", "لكننا سنواصل”.", "ثم غادر."]),
    ],
)
def test_segment_quote_marks_stay_with_their_sentence(text, expected):
    assert sents(text) == expected


def test_segment_line_break_ends_a_sentence():
    assert sents("سطر أول بلا نقطة\nسطر ثان") == ["سطر أول بلا نقطة", "سطر ثان"]


def test_segment_heading_is_short_line_between_body_paragraphs():
    text = "\n".join(
        [
            "قال الوزير إن الحكومة ماضية في خطتها الإصلاحية رغم الصعوبات الاقتصادية.",
            "“إصلاحات لا رجعة فيها”",
            "وأضاف أن البرنامج يشمل دعم الصناعات الصغيرة والمتوسطة.",
            "خاتمة قصيرة",
        ]
    )
    kinds = [p.kind for p in paragraphs(text)]
    assert kinds == ["body", "heading", "body", "body"]


def test_segment_separator_line_is_not_a_heading():
    text = "قال الوزير إن الخطة ماضية رغم كل الصعوبات.\n***\nوأضاف أن التنفيذ يبدأ قريبا جدا."
    assert [p.kind for p in paragraphs(text)] == ["body", "body", "body"]


def test_segment_tokens_cover_words_numbers_punctuation():
    text = "وقال لافروف، الثلاثاء: ارتفع ٣٫٥ و2.5 في Beijing!"
    toks = tokenize(text)
    assert toks.words() == ["وقال", "لافروف", "،", "الثلاثاء", ":", "ارتفع", "٣٫٥", "و", "2.5", "في", "Beijing", "!"]
    kinds = [toks.kind(i) for i in range(len(toks))]
    assert kinds == [
        "arabic",
        "arabic",
        "punct",
        "arabic",
        "punct",
        "arabic",
        "number",
        "arabic",
        "number",
        "arabic",
        "latin",
        "punct",
    ]
    for t in toks:
        assert text[t.start : t.end].strip() == text[t.start : t.end]


@pytest.mark.parametrize(
    "text, kinds", [("0¹", ["number", "punct"]), ("²٣", ["punct", "number"]), ("x²", ["latin", "punct"])]
)
def test_segment_token_kind_numbers_are_decimal_digits_only(text, kinds):
    toks = tokenize(text)
    assert [toks.kind(i) for i in range(len(toks))] == kinds


def test_segment_token_normalized_and_clitics():
    toks = tokenize("وبالإضافة إلى ذلك")
    assert toks.normalized(0) == "وبالاضافه"
    assert toks.clitics(0).prefixes == ("و", "ب", "ال")
    assert toks.at(3) == 0 and toks.at(9) is None and toks.at(10) == 1
    assert list(toks.between(0, 10)) == [0]


def test_segment_document_layers_are_consistent():
    doc = segment(Document(text="قال الوزير إن الاجتماع انتهى. وغادر الوفد.\nوتابع قائلا: الأمر محسوم."))
    assert [doc.span_text(p) for p in doc.paragraphs] == [
        "قال الوزير إن الاجتماع انتهى. وغادر الوفد.",
        "وتابع قائلا: الأمر محسوم.",
    ]
    assert len(doc.sentences) == 3
    for s in doc.sentences:
        assert any(p.start <= s.start and s.end <= p.end for p in doc.paragraphs)


@pytest.mark.parametrize("abbreviation", [row[0] for row in data_lines("abbreviations.tsv")])
def test_segment_abbreviation_period_does_not_end_the_sentence(abbreviation):
    text = f"التقى {abbreviation}. خالد الوزير أمس. ثم غادر."
    assert len(sentences(text)) == 2
