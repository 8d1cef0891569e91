"""The article the project started from: junk out, title out of the text, 17 paragraphs."""

import khabar


def test_example_junk_removed(example_text):
    doc = khabar.analyze(example_text, published="2024-04-09")
    for junk in ("[ad_1]", "[ad_2]", "المصدر"):
        assert junk not in doc.text


def test_example_title_is_first_line_and_not_repeated(example_text):
    doc = khabar.analyze(example_text)
    assert doc.title.startswith("وزير الخارجية الروسي يزور بكين")
    assert doc.title not in doc.text


def test_example_paragraphs_one_heading(example_text):
    doc = khabar.analyze(example_text)
    assert len(doc.paragraphs) == 17
    headings = [doc.span_text(p) for p in doc.paragraphs if p.kind == "heading"]
    assert headings == ["“عقوبات غير قانونية”"]


def test_example_quote_marks_stay_in_their_sentence(example_text):
    doc = khabar.analyze(example_text)
    for s in doc.sentences:
        sent = doc.span_text(s)
        assert not sent.startswith(("”", "»", ".")), sent
        assert not sent.endswith(("“", "«")), sent
