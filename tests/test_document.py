import pytest

from khabar.document import Agent, Document, Entity, OffsetError, Paragraph, Quote, Sentence, Span, TimeExpr


def test_document_span_rejects_negative_or_reversed():
    with pytest.raises(OffsetError):
        Span(5, 2)
    with pytest.raises(OffsetError):
        Span(-1, 2)


def test_document_rejects_span_past_text():
    with pytest.raises(OffsetError):
        Document(text="قصير", sentences=(Sentence(0, 10),))


def test_document_round_trips_through_dict():
    text = "قال الوزير إن الاجتماع انتهى الثلاثاء."
    doc = Document(
        text=text,
        title="عنوان",
        published="2024-04-09",
        paragraphs=(Paragraph(0, len(text)),),
        sentences=(Sentence(0, len(text)),),
        entities=(Entity("e1", "PERSON", "الوزير", (), ("وزير",), (Span(4, 10),)),),
        times=(TimeExpr(29, 37, "DATE", "2024-04-09"),),
        quotes=(Quote(14, 28, "indirect", Span(0, 3), Agent("الوزير", "e1", Span(4, 10))),),
    )
    d = doc.to_dict()
    assert d["entities"][0]["mentions"][0]["text"] == "الوزير"
    assert d["quotes"][0]["cue"]["text"] == "قال"
    assert Document.from_dict(d) == doc
    assert d["id"] == doc.id and len(d["id"]) == 64
