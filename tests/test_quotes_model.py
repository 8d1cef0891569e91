"""The speaker model: candidates and their features, the tree ensemble, training, and the
quotes stage using a model. Documents are built by hand; the CLI test reads the shared data."""

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from helpers import make_doc

from khabar.cli import main
from khabar.quotes import find_quotes
from khabar.quotes.candidates import FEATURES, KINDS
from khabar.quotes.ranker import ModelError, TreeEnsemble
from khabar.quotes.train import Samples, accuracy, fit

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "التقى وزير الخارجية سامي العتيبي نظيره الأردني خالد الزعبي في الرياض أمس. "
    "وقال العتيبي إن المحادثات كانت مثمرة. وأضاف أن البلدين سيوقعان اتفاقا الشهر المقبل."
)
PEOPLE = [("PERSON", "سامي العتيبي", ["سامي العتيبي", "العتيبي"]), ("PERSON", "خالد الزعبي", ["خالد الزعبي"])]


def options_of(text, entities):
    seen = []
    doc = find_quotes(make_doc(text, entities), rules_only=True, observe=lambda d, o: seen.append((d, o)))
    return doc, seen


def test_quotes_model_candidates_start_with_the_rules_answer():
    doc, seen = options_of(TEXT, PEOPLE)
    assert [q.speaker.name for q in doc.quotes] == ["سامي العتيبي", "سامي العتيبي"]
    for _, options in seen:
        names = [" + ".join(a.name for a in agents) for agents in options.agents]
        assert names[0] == "سامي العتيبي"  # row 0: what the rules chose
        assert "خالد الزعبي" in names and "" in names  # another person named before; nobody
        assert options.features.shape == (len(names), len(FEATURES))
        assert options.features.min() >= 0 and options.features.max() <= 1


def test_quotes_model_kind_columns_are_one_hot():
    _, seen = options_of(TEXT, PEOPLE)
    kinds = [FEATURES.index(f"kind_{k}") for k in KINDS]
    for _, options in seen:
        assert (options.features[:, kinds].sum(axis=1) == 1).all()


def _ensemble(rng, trees=7, depth=3):
    return TreeEnsemble(
        rng.integers(0, len(FEATURES), size=(trees, depth)),
        rng.random((trees, depth)).astype(np.float32),
        rng.normal(size=(trees, 1 << depth)).astype(np.float32),
        0.5,
    )


def test_quotes_model_scores_match_a_plain_reading_of_the_trees():
    rng = np.random.default_rng(7)
    model = _ensemble(rng)
    x = rng.random((9, len(FEATURES))).astype(np.float32)
    expected = []
    for row in x:
        total = model.bias
        for t in range(model.feature.shape[0]):
            leaf = sum(
                1 << level
                for level in range(model.feature.shape[1])
                if row[model.feature[t, level]] > model.threshold[t, level]
            )
            total += model.leaves[t, leaf]
        expected.append(total)
    assert np.allclose(model.scores(x), expected, atol=1e-5)
    assert model.choose(x) == int(np.argmax(expected))


def test_quotes_model_save_load_round_trip_and_feature_check(tmp_path):
    model = _ensemble(np.random.default_rng(3))
    path = tmp_path / "m.npz"
    model.save(path)
    again = TreeEnsemble.load(path)
    x = np.random.default_rng(4).random((5, len(FEATURES))).astype(np.float32)
    assert np.allclose(again.scores(x), model.scores(x))
    with np.load(path) as z:
        stored = {k: z[k] for k in z.files}
    stored["features"] = np.array([*FEATURES[:-1], "something_else"])
    np.savez(tmp_path / "old.npz", **stored)
    with pytest.raises(ModelError, match="khabar train quotes"):
        TreeEnsemble.load(tmp_path / "old.npz")


def test_quotes_model_fit_learns_which_column_marks_the_speaker():
    """Synthetic quotes: the right candidate is the one whose ``frame_head`` is set; other
    columns are noise. Boosting must find it and rank unseen quotes right."""
    rng = np.random.default_rng(11)
    col = FEATURES.index("frame_head")

    def quotes(n):
        s = Samples()
        for _ in range(n):
            k = int(rng.integers(2, 7))
            rows = rng.random((k, len(FEATURES))).astype(np.float32)
            rows[:, col] = 0
            right = int(rng.integers(k))
            rows[right, col] = 1
            y = np.zeros(k, dtype=bool)
            y[right] = True
            s.rows.append(rows)
            s.labels.append(y)
            s.sets.append("synthetic")
            s.rule_right.append(bool(y[0]))
        return s

    model = fit(quotes(200), trees=20)
    right, n = accuracy(quotes(100), model)
    assert right == n


def test_quotes_model_picks_the_speaker_in_the_stage():
    """A model that scores the ``nobody`` candidate highest leaves every cued quote unattributed."""
    nobody = FEATURES.index("kind_nobody")
    model = TreeEnsemble(
        np.full((1, 1), nobody), np.array([[0.5]], dtype=np.float32), np.array([[0.0, 5.0]], dtype=np.float32)
    )
    doc = find_quotes(make_doc(TEXT, PEOPLE), model=model)
    assert doc.quotes and all(q.speaker is None for q in doc.quotes)
    assert [q.speaker.name for q in find_quotes(make_doc(TEXT, PEOPLE), rules_only=True).quotes] == [
        "سامي العتيبي",
        "سامي العتيبي",
    ]


def test_quotes_model_train_command_writes_a_model(shared_data, tmp_path):
    out = tmp_path / "speakers.npz"
    gold = ROOT / "bench" / "gold" / "quotes_test2.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "train",
            "quotes",
            str(gold),
            "--data",
            str(shared_data / "saudinewsnet"),
            "--out",
            str(out),
            "--trees",
            "10",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["quotes"] > 20 and report["model"] == str(out)
    model = TreeEnsemble.load(out)
    assert "CC BY-NC-SA" in model.about and model.feature.shape == (10, 3)
