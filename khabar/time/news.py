"""Normalisation measured on real news: gold temporal expressions that point into
SaudiNewsNet articles by character offsets (tests/data/time_news*.jsonl).

A gold file holds no article text. Each line is one article: ``url`` and ``file`` (the
zip it is in), ``published`` (for reference: the article's ``date_extracted``) and
``times``, each ``{"start", "end", "type", "value"}`` with offsets into the article's
``content`` (type NONE: words that must not be read as a time). Lines starting with # are
comments. The article is analysed as ``khabar analyze`` would (its ``date_extracted`` as
the publication date), every time is mapped back to raw offsets through the cleaning
offset map, and each gold expression is checked against the time that overlaps it most,
as ``values.check`` does for sentences.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from khabar.quotes.evaluate import SaudiNewsNet, analyse_article

from .values import ValueCase, ValuesFormatError

CONTEXT = 40  # characters shown either side of an expression in a report


@dataclass(frozen=True)
class GoldTime:
    start: int
    end: int
    type: str
    value: str | None


@dataclass(frozen=True)
class NewsArticle:
    url: str
    file: str
    times: tuple[GoldTime, ...]


def read_news_gold(path: Path) -> list[NewsArticle]:
    """The articles of a news gold file; ValuesFormatError names the line that is wrong."""
    articles = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            d = json.loads(line)
            times = tuple(GoldTime(int(t["start"]), int(t["end"]), t["type"], t["value"]) for t in d["times"])
            articles.append(NewsArticle(d["url"], d["file"], times))
        except (ValueError, KeyError, TypeError) as e:
            raise ValuesFormatError(f"{path}:{number}: {e!r}") from None
        if any(not 0 <= t.start < t.end for t in times):
            raise ValuesFormatError(f"{path}:{number}: an expression with bad offsets")
    return articles


def check_article(article: NewsArticle, raw: dict) -> list[tuple[ValueCase, str | None]]:
    """Each gold expression of an article as a case, and what went wrong (None: right)."""
    content = raw["content"]
    doc = analyse_article(raw)
    spans = [(doc.offsets.span_to_raw(t.start, t.end) if doc.offsets else (t.start, t.end), t) for t in doc.times]
    out = []
    for g in article.times:
        if g.end > len(content):
            raise ValuesFormatError(f"{article.url}: an expression ends past the article ({g.end})")
        context = content[max(0, g.start - CONTEXT) : g.end + CONTEXT]
        case = ValueCase(doc.published, context, content[g.start : g.end], g.type, g.value)
        found = [(min(b, g.end) - max(a, g.start), a, b, t) for (a, b), t in spans if a < g.end and g.start < b]
        if g.type == "NONE":
            out.append((case, None if not found else f"tagged {[content[a:b] for _, a, b, _ in found]}"))
        elif not found:
            out.append((case, "not found"))
        else:
            _, a, b, t = max(found, key=lambda f: f[0])
            right = (t.type, t.value) == (g.type, g.value)
            out.append((case, None if right else f"{content[a:b]!r} read as {t.type} {t.value}"))
    return out


def news_cases(
    paths: Iterable[Path], data: Path, progress: Callable[[Iterable], Iterable] = iter
) -> list[tuple[ValueCase, str | None]]:
    """Every gold expression of these files, checked; ``data``: the SaudiNewsNet folder."""
    corpus = SaudiNewsNet(data)
    articles = [a for p in paths for a in read_news_gold(p)]
    return [found for a in progress(articles) for found in check_article(a, corpus.article(a.file, a.url))]
