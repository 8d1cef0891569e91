"""The tagger: numpy decoding of an exported CRF equals crfsuite's own tags."""

import pytest

from khabar.entities.features import Featurizer
from khabar.entities.tagger import ModelMissingError, Tagger
from khabar.train.conll import TaggedSentence

SENTENCES = [
    (("قال", "الوزير", "سامح", "شكري", "في", "القاهرة", "."), ("O", "O", "B-PERS", "I-PERS", "O", "B-LOC", "O")),
    (("وأعلنت", "شركة", "أرامكو", "أرباحها", "."), ("O", "O", "B-ORG", "O", "O")),
    (("زار", "ماكرون", "الجزائر", "وتونس", "أمس"), ("O", "B-PERS", "B-LOC", "B-LOC", "O")),
    (("وحضر", "الاجتماع", "مندوب", "الأمم", "المتحدة"), ("O", "O", "O", "B-ORG", "I-ORG")),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from khabar.train.ner import export, train

    folder = tmp_path_factory.mktemp("model")
    raw, out = folder / "tiny.crfsuite", folder / "tiny.npz"
    train([TaggedSentence(w, t) for w, t in SENTENCES], raw, max_iterations=30)
    export(raw, out)
    crf = pycrfsuite.Tagger()
    crf.open(str(raw))
    return crf, Tagger(out)


@pytest.mark.parametrize(
    "words",
    [
        ("قال", "الرئيس", "ماكرون", "في", "باريس"),
        ("وأعلنت", "شركة", "سابك", "أرباحها", "في", "الرياض", "."),
        ("التقى",),
    ],
)
def test_tagger_numpy_decoding_equals_crfsuite(tiny_model, words):
    crf, tagger = tiny_model
    assert tagger.tag(words) == crf.tag(Featurizer().sentence(words))


def test_tagger_batch_equals_one_by_one(tiny_model):
    _, tagger = tiny_model
    batch = [w for w, _ in SENTENCES] + [()]
    assert tagger.tag_many(batch) == [tagger.tag(w) for w in batch]


def test_tagger_missing_model_says_how_to_train(tmp_path):
    with pytest.raises(ModelMissingError, match="khabar train ner"):
        Tagger(tmp_path / "none.npz")


def test_tagger_large_batches_split_and_tables_stay_bounded(tiny_model, monkeypatch):
    _, tagger = tiny_model
    batch = [w for w, _ in SENTENCES] * 5
    expected = [tagger.tag(w) for w in batch]
    monkeypatch.setattr(tagger, "word_rows", 16)  # smaller than the batch
    assert tagger.tag_many(batch) == expected


def test_tagger_full_tables_keep_recent_words_and_the_same_tags(tiny_model, monkeypatch):
    _, trained = tiny_model
    expected = {w: trained.tag(w) for w, _ in SENTENCES}
    tagger = Tagger(trained.path)
    monkeypatch.setattr(tagger, "word_rows", 20)  # a few sentences fill it
    for _rounds in range(6):
        for words, _ in SENTENCES:
            assert tagger.tag(words) == expected[words]
            assert len(tagger._rows) <= 20
    distinct = {w for words, _ in SENTENCES for w in words}
    assert len(tagger._rows) < len(distinct)  # words were dropped on the way ...
    assert set(SENTENCES[-1][0]) <= tagger._rows.keys()  # ... but not the last batch's


def test_tagger_other_domain_copies_stay_out_of_the_export(tmp_path):
    pycrfsuite = pytest.importorskip("pycrfsuite")
    import numpy as np

    from khabar.train.ner import OTHER_DOMAIN, export, train

    raw, out = tmp_path / "adapted.crfsuite", tmp_path / "adapted.npz"
    news = [TaggedSentence(w, t) for w, t in SENTENCES[:2]]
    train(news, raw, other_domain=[TaggedSentence(w, t) for w, t in SENTENCES[2:]], max_iterations=30)
    export(raw, out)
    crf = pycrfsuite.Tagger()
    crf.open(str(raw))
    assert any(a.startswith(OTHER_DOMAIN) for a, _ in crf.info().state_features)
    with np.load(out) as z:
        attrs = z["attributes"].tobytes().decode("utf-8").split("\n")
    assert attrs and not any(a.startswith(OTHER_DOMAIN) for a in attrs)
    words = ("زار", "ماكرون", "الجزائر")
    assert Tagger(out).tag(words) == crf.tag(Featurizer().sentence(words))


def test_featurizer_dense_vectors_reach_the_word_and_its_neighbours():
    featurizer = Featurizer()
    words = ("قال", "الرئيس", "في", "القاهرة")
    assert all(featurizer.vector(w) is not None for w in words)  # everyday words are in the table
    attrs = featurizer.sentence(words)
    dims = featurizer.dense_dims
    assert sum(a.startswith("v") for a in attrs[1]) == dims
    assert sum(a.startswith(("-1v", "1v")) for a in attrs[1]) == 2 * dims
    assert not any(a.startswith("-1v") for a in attrs[0])  # nothing before the first word
    assert featurizer.vector("ززززز") is None
