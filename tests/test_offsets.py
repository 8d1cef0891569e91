import pytest

from khabar.offsets import OffsetMapBuilder


def build(pieces):
    raw = "".join(r for r, _ in pieces)
    b = OffsetMapBuilder(len(raw))
    pos = 0
    for r, replacement in pieces:
        if replacement is None:
            b.keep(raw, pos, pos + len(r))
        else:
            b.put(replacement, pos, pos + len(r))
        pos += len(r)
    return raw, *b.build()


def test_offsets_verbatim_runs_map_character_by_character():
    raw, text, m = build([("قال ", None), ("\u200f", ""), ("الوزير", None)])
    assert text == "قال الوزير"
    for i, ch in enumerate(text):
        assert raw[m.to_raw(i)] == ch


def test_offsets_replaced_run_maps_to_its_raw_piece():
    raw, text, m = build([("ab", None), ("\ufefb", "لا"), ("cd", None)])
    assert text == "abلاcd"
    assert m.to_raw(2) == m.to_raw(3) == 2
    assert m.span_to_raw(2, 4) == (2, 3)
    assert m.span_to_raw(0, 6) == (0, len(raw))
    assert m.to_raw(len(text)) == len(raw)


def test_offsets_out_of_range_raises():
    _, text, m = build([("abc", None)])
    with pytest.raises(IndexError):
        m.to_raw(len(text) + 1)


def test_offsets_adjacent_keeps_merge_into_one_run():
    raw = "abcdef"
    b = OffsetMapBuilder(len(raw))
    b.keep(raw, 0, 3)
    b.keep(raw, 3, 6)
    text, m = b.build()
    assert text == raw and len(m) == 1
