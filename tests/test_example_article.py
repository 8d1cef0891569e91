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


# (a fragment of the quote, its speakers' entity names, kind) as the issue lists them
ATTRIBUTIONS = [
    ("روسيا والصين اتفقتا على مناقشة", ["سيرغي لافروف"], "indirect"),
    ("منذ فترة طويلة، كان هناك هيكل", ["سيرغي لافروف"], "direct"),
    ("هياكل يمكن من خلالها", ["سيرغي لافروف"], "direct"),
    ("موسكو وبكين اتفقتا على", ["سيرغي لافروف"], "mixed"),
    ("الولايات المتحدة تصف الصين", ["كاترينا يو"], "indirect"),
    ("ويعارض هذان البلدان", ["كاترينا يو"], None),
    ("الصين وروسيا يجب أن", ["وانغ يي"], "mixed"),
    ("البلدين يجب أن يقفا", ["وانغ يي"], "mixed"),
    ("الصين ستواصل تعميق علاقاتها", ["وانغ يي"], "indirect"),
    ("هذا أمر محبط للولايات المتحدة", ["كاترينا يو"], "indirect"),
    ("أجرت محادثات صعبة", ["جانيت يلين"], "indirect"),
    ("عواقب وخيمة", ["جانيت يلين"], None),
    ("العقوبات غير القانونية", ["سيرغي لافروف"], None),
    ("سياسة العقوبات", ["سيرغي لافروف"], "mixed"),
    ("ستدعم التنمية المستقرة", ["وانغ يي"], "mixed"),
    ("تدخل عصرا جديدا", ["فلاديمير بوتين", "شي جين بينج"], "mixed"),
    ("طرف محايد في الصراع", ["الصين"], "indirect"),
    ("زيارته تأتي أيضًا", ["جلوبال تايمز"], "indirect"),
]


def test_example_every_attribution_with_the_real_stages(example_text):
    doc = khabar.analyze(example_text, published="2024-04-09")
    names = {e.id: e.name for e in doc.entities}
    quotes = [q.to_dict(doc.text) for q in doc.quotes]
    for fragment, speakers, kind in ATTRIBUTIONS:
        [q] = [q for q in quotes if fragment in q["text"] and not q["heading"]]
        assert [names.get(s["entity"]) for s in q["speakers"]] == speakers, fragment
        if kind:
            assert q["kind"] == kind, fragment
    relayed = next(q for q in quotes if "ستدعم التنمية" in q["text"])
    assert names[relayed["addressee"]["entity"]] == "سيرغي لافروف"
    assert "ريا نوفوستي" in relayed["via"]["name"]
    assert not any(q["text"].startswith("صراحة") or "لم يذكر" in q["text"] for q in quotes)


def test_example_times_resolved(example_text):
    doc = khabar.analyze(example_text, published="2024-04-09")
    values = {doc.span_text(t): t.value for t in doc.times}
    assert values["الثلاثاء"] == "2024-04-09"
    assert values["يوم الاثنين"] == "2024-04-08"
    assert values["العام الماضي"] == "2023"
    assert values["يومين"] == "P2D"
