"""The neural tagger: the numpy forward pass of an exported network gives torch's tags."""

import pytest

from khabar.entities.tagger import Tagger
from khabar.train.conll import TaggedSentence

SENTENCES = [
    (("قال", "الوزير", "سامح", "شكري", "في", "القاهرة", "."), ("O", "O", "B-PERS", "I-PERS", "O", "B-LOC", "O")),
    (("وأعلنت", "شركة", "أرامكو", "أرباحها", "."), ("O", "O", "B-ORG", "O", "O")),
    (("زار", "ماكرون", "الجزائر", "وتونس", "أمس"), ("O", "B-PERS", "B-LOC", "B-LOC", "O")),
    (("وحضر", "الاجتماع", "مندوب", "الأمم", "المتحدة"), ("O", "O", "O", "B-ORG", "I-ORG")),
    (
        ("Reuters", "نقلت", "عن", "مصدر", "في", "نيويورك", "يوم", "12", "مايو"),
        ("B-ORG",) + ("O",) * 4 + ("B-LOC",) + ("O",) * 3,
    ),
]
UNSEEN = [
    ("قال", "الرئيس", "ماكرون", "في", "باريس"),
    ("وأعلنت", "شركة", "سابك", "أرباحها", "في", "الرياض", "."),
    ("التقى",),
    ("وصل", "وزير", "الخارجية", "الأمريكي", "جون", "كيري", "إلى", "جنيف", "،", "وقالت", "وكالة", "رويترز", "إن"),
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A tiny network after a few epochs (weights still near random: its tags vary, which
    is what a comparison of two forward passes needs), its trainer and its export."""
    pytest.importorskip("torch")
    from khabar.train.neural import Settings, Shape, Trainer

    shape = Shape(hidden=16, letter_filters=8)
    trainer = Trainer([TaggedSentence(w, t) for w, t in SENTENCES], [], shape, Settings(epochs=3, dropout=0.0))
    trainer.fit(log=lambda _line: None)
    out = tmp_path_factory.mktemp("model") / "tiny.npz"
    trainer.export(out)
    return trainer, out


def test_neural_numpy_forward_pass_equals_torch(trained):
    trainer, out = trained
    tagger = Tagger(out)
    assert type(tagger).__name__ == "NeuralTagger"
    batch = [w for w, _ in SENTENCES] + UNSEEN
    expected = trainer.predict([TaggedSentence(w, ("O",) * len(w)) for w in batch])
    assert tagger.tag_many(batch) == expected
    assert len({t for tags in expected for t in tags}) > 1  # a test that can fail


def test_neural_batch_equals_one_by_one_and_empty_sentences(trained):
    _, out = trained
    tagger = Tagger(out)
    batch = [*UNSEEN, (), *(w for w, _ in SENTENCES)]
    assert tagger.tag_many(batch) == [tagger.tag(w) for w in batch]
    assert tagger.tag_many([]) == []


def test_neural_full_word_table_keeps_recent_words_and_the_same_tags(trained, monkeypatch):
    from khabar.entities import neural

    _, out = trained
    expected = {w: Tagger(out).tag(w) for w in UNSEEN}
    monkeypatch.setattr(neural.NeuralTagger, "word_rows", 30)  # a few sentences fill it
    tagger = neural.NeuralTagger(out)
    for _rounds in range(4):
        for words in UNSEEN:
            assert tagger.tag(words) == expected[words]
            assert len(tagger._rows) <= 30
    assert tagger.tag_many([w for w, _ in SENTENCES] * 3) == [tagger.tag(w) for w, _ in SENTENCES] * 3
