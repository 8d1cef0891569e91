"""Real articles (read from ../shared at test time, skipped when absent)."""

import re

from khabar.pipeline import analyze_text
from khabar.sources import Failure, read_paths

SHORTCODE = re.compile(r"\[/?(?:ad|ads|adsense|caption)[^\]]*\]")


def test_saudinewsnet_one_day_analysed_whole(shared_data):
    path = sorted((shared_data / "saudinewsnet").glob("*.zip"))[1]
    n = 0
    for item in read_paths([str(path)]):
        assert not isinstance(item, Failure), str(item)
        doc = analyze_text(item.body, item.meta)
        n += 1
        assert doc.published and doc.source and doc.url
        assert not SHORTCODE.search(doc.text)
        for s in doc.sentences:
            a, b = doc.offsets.span_to_raw(s.start, s.end)
            assert 0 <= a < b <= len(item.body)
        if doc.text:
            assert doc.paragraphs and doc.sentences
    assert n > 1000
