"""Reading WikiFANE Gold: its quirks (U+200E marks, CRLF, a BOM, no sentence breaks)
and its fine classes mapped onto ANERcorp's four types."""

from khabar.train.wikifane import FINE_TO_ANER, read_wikifane

# our own sentences, in WikiFANE's layout
LINES = [
    ("\ufeff\u200eزار", "O"),
    ("\u200eالرئيس", "O"),
    ("\u200eاحمد", "B-Politician"),
    ("\u200eسالم", "I-Politician"),
    ("\u200eمدينة", "O"),
    ("\u200eالرباط", "B-Population-Center"),
    ("\u200e.", "O"),
    ("\u200eوقال", "O"),
    ("\u200eالعرب", "B-Group"),
    ("\u200eان", "O"),
    ("\u200eشركة", "B-Commercial"),
    ("\u200eالنور", "I-Commercial"),
    ("\u200eربحت", "O"),
    ("\u200eفي", "O"),
    ("\u200eالبيت", "B-Building-Grounds"),
    ("\u200eالابيض", "I-Building-Grounds"),
]


def test_wikifane_reader_cuts_sentences_and_maps_types(tmp_path):
    path = tmp_path / "wikifane.txt"
    path.write_bytes("".join(f"{w}\t{t}\r\n" for w, t in LINES).encode("utf-8"))
    first, second = read_wikifane(path)
    assert first.words == ("زار", "الرئيس", "احمد", "سالم", "مدينة", "الرباط", ".")
    assert first.tags == ("O", "O", "B-PERS", "I-PERS", "O", "B-LOC", "O")
    # a group of people is no name in ANERcorp; a building is MISC there
    assert second.tags == ("O", "O", "O", "B-ORG", "I-ORG", "O", "O", "B-MISC", "I-MISC")


def test_wikifane_every_mapped_class_is_an_anercorp_type():
    assert set(FINE_TO_ANER.values()) == {"PERS", "ORG", "LOC", "MISC"}
    assert "Group" not in FINE_TO_ANER and "Celestial" not in FINE_TO_ANER
