"""Where an article's body starts after its byline or dateline.

Outlets open with who wrote the story and where ("محمد أبو شعر- سبق- الرياض:",
"عمر إبراهيم – عين اليوم" on a line of its own). Those names never speak and are
nobody's antecedent: a bare verb in the first sentence must not reach the reporter.
"""

from __future__ import annotations

import re

from khabar.document import Document

# A byline is short: a name or two, an outlet, a city.
MAX_BYLINE_WORDS = 10
# A dash between the parts of a byline: ASCII or typographic, or a tatweel standing alone.
_DASH = re.compile(r"[-–—]|(?:^|\s)ـ(?:\s|$)")
# "X- سبق- الرياض: …": a byline run into the first sentence, closed by a colon.
_INLINE = re.compile(r"\s*([^:\n]{1,80}?)\s*:")


def body_start(doc: Document) -> int:
    """The offset after the byline, or 0 when the article opens with its first sentence."""
    text = doc.text
    if doc.paragraphs:
        first = doc.paragraphs[0]
        line = text[first.start : first.end]
        if len(line.split()) <= MAX_BYLINE_WORDS and _DASH.search(line) and len(doc.paragraphs) > 1:
            return first.end
    m = _INLINE.match(text)
    if m and len(m.group(1).split()) <= MAX_BYLINE_WORDS // 2 + 2 and _DASH.search(m.group(1)):
        return m.end()
    return 0
