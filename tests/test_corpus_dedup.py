import random

import numpy as np
import pytest
from corpus_fixtures import article, lightly_edited

from khabar.corpus import lsh
from khabar.corpus.dedup import duplicate_of, find_near_duplicates, shingle_sets, signatures_of
from khabar.corpus.minhash import EMPTY, MinHasher, estimated_jaccard
from khabar.corpus.shingles import jaccard, shingle


@pytest.mark.parametrize(
    "plain, marked",
    [
        ("أعلنت الوزارة عن إطلاق المرحلة الأولى من المشروع", "أَعلنتِ الوزارةُ عن إطلاقِ المرحلةِ الأولى من المشروع"),
        ("قال الرئيس إن المباحثات كانت مثمرة جدا", "قال الرئيـــس ان المباحثات كانت مثمره جدا"),
    ],
)
def test_shingles_ignore_diacritics_tatweel_and_letter_variants(plain, marked):
    a, b = shingle([plain, marked]).of(0), shingle([plain, marked]).of(1)
    assert sorted(a.tolist()) == sorted(b.tolist())


def test_shingles_of_a_text_do_not_depend_on_its_batch():
    rng = random.Random(1)
    texts = [article(rng) for _ in range(5)]
    together = shingle(texts)
    for i, text in enumerate(texts):
        assert shingle([text]).of(0).tolist() == together.of(i).tolist()


def test_shingles_short_and_empty_texts():
    sh = shingle(["", "خبر عاجل", "أعلن الوزير اليوم عن الخطة"])
    assert sh.sizes().tolist() == [0, 2, 3]  # no words; two words stand in; 5 words -> 3 trigrams


def test_minhash_estimate_tracks_exact_jaccard():
    rng = random.Random(3)
    base = article(rng, sentences=12)
    hasher = MinHasher()
    errors = []
    for cut in (2, 4, 6, 8, 10):
        other = "\n".join(base.split("\n")[: cut // 2]) + "\n" + article(rng, sentences=12 - cut)
        sh = shingle([base, other])
        sig = hasher.signatures(sh)
        errors.append(abs(estimated_jaccard(sig[0], sig[1]) - jaccard(sh.of(0), sh.of(1))))
    assert max(errors) < 0.15


def test_minhash_text_without_words_is_empty_signature():
    sig = MinHasher().signatures(shingle(["...", "خبر"]))
    assert (sig[0] == EMPTY).all() and not (sig[1] == EMPTY).any()


def test_minhash_blob_round_trip():
    hasher = MinHasher()
    sig = hasher.signatures(shingle(["أعلنت الوزارة اليوم عن خطة جديدة للنقل"]))[0]
    assert (hasher.from_blob(hasher.to_blob(sig)) == sig).all()
    with pytest.raises(ValueError):
        MinHasher(64).from_blob(hasher.to_blob(sig))


def test_lsh_curve_is_steep_around_the_threshold():
    assert lsh.candidate_probability(0.8) > 0.9999
    assert lsh.candidate_probability(0.1) < 0.01


def test_dedup_finds_edited_copies_and_only_them():
    rng = random.Random(11)
    originals = [article(rng, sentences=10) for _ in range(40)]
    copies = [lightly_edited(originals[k], rng) for k in range(10)]
    texts = originals + copies
    found = find_near_duplicates(signatures_of(texts), lambda i: texts[i])
    pairs = {tuple(p) for p in found.pairs.tolist()}
    assert pairs == {(k, 40 + k) for k in range(10)}
    sets = shingle_sets(texts)
    for (i, j), s in zip(found.pairs.tolist(), found.similarity):
        assert s == pytest.approx(jaccard(sets[i], sets[j]))
        assert s >= 0.8


def test_dedup_duplicate_of_points_at_the_earliest_member():
    pairs = np.array([[1, 3], [3, 4], [0, 2]])
    assert duplicate_of(6, pairs) == [None, None, 0, 1, 1, None]
