"""Reading CoNLL files, spans under CoNLL-2003 rules, and the dev split."""

import pytest

from khabar.train.conll import WOJOOD_TO_ANER, ConllError, read_conll, spans, split_dev


def _write(tmp_path, text: str):
    path = tmp_path / "gold.conll"
    path.write_text(text, encoding="utf-8")
    return path


def test_train_conll_reads_sentences_and_repairs_stray_inside_tags(tmp_path):
    path = _write(tmp_path, "زار O\nالرئيس O\nتونس I-LOC\n\nوصل B-PERS\nأحمد I-PERS\n")
    sents = read_conll(path)
    assert [s.words for s in sents] == [("زار", "الرئيس", "تونس"), ("وصل", "أحمد")]
    assert sents[0].tags == ("O", "O", "B-LOC")  # I- after O starts a span


def test_train_conll_maps_and_drops_types(tmp_path):
    path = _write(tmp_path, "وزير B-OCC\nخارجية I-OCC\nمصر B-GPE\nسامح B-PERS\n")
    (sent,) = read_conll(path, WOJOOD_TO_ANER)
    assert sent.tags == ("O", "O", "B-LOC", "B-PERS")


def test_train_conll_bad_line_names_file_and_line(tmp_path):
    path = _write(tmp_path, "زار O\nتونس\n")
    with pytest.raises(ConllError, match=":2:"):
        read_conll(path)


@pytest.mark.parametrize(
    "tags, expected",
    [
        (["B-PERS", "I-PERS", "O", "B-LOC"], {(0, 2, "PERS"), (3, 4, "LOC")}),
        (["B-ORG", "B-ORG"], {(0, 1, "ORG"), (1, 2, "ORG")}),
        (["B-ORG", "I-LOC"], {(0, 1, "ORG"), (1, 2, "LOC")}),
        (["O", "O"], set()),
    ],
)
def test_train_conll_spans(tags, expected):
    assert spans(tags) == expected


def test_train_conll_dev_split_takes_the_end():
    items = list(range(100))
    train, dev = split_dev(items, 0.12)
    assert train == items[:88] and dev == items[88:]
    with pytest.raises(ValueError):
        split_dev(items, 1.0)


def test_train_conll_dev_fold_takes_the_block_before_the_end():
    items = list(range(100))
    train, dev = split_dev(items, 0.12, fold=1)
    assert dev == items[76:88]
    assert train == items[:76] + items[88:]
    with pytest.raises(ValueError, match="fold"):
        split_dev(items, 0.3, fold=3)
