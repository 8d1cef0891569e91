"""Composes the stages: ``analyze(text_or_html, **meta) -> Document``.

The stages run in the order of ``STAGES``; each declares the layers it reads and adds
(``khabar.stage.Stage``), and the order is checked once, at import, so a misplaced stage
fails before any document is read. A ``Pipeline`` builds its stages once (models load
then) and analyses many texts: ``Pipeline(options).pipe(texts)``. ``analyze`` uses one
pipeline per thread, so threads never share a stage's caches.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from khabar import arabic, clean, entities, events, quotes, segment
from khabar import time as time_stage
from khabar.document import Document
from khabar.sources.base import Meta, Record
from khabar.stage import Options, Stage, StageFunction, StageOrderError


def _entities(options: Options) -> StageFunction:
    from khabar.entities.tagger import Tagger, default_model_path

    return partial(entities.find_entities, tagger=Tagger(options.ner_model or default_model_path()))


# In the order they run; a new stage adds one line here.
STAGES: tuple[Stage, ...] = (
    Stage("segment", ("text",), ("paragraphs", "sentences", "tokens"), lambda o: segment.segment),
    Stage("entities", ("text", "tokens", "paragraphs", "sentences"), ("entities",), _entities),
    Stage("time", ("text", "tokens", "sentences"), ("times",), lambda o: time_stage.tag_times),
    Stage(
        "quotes",
        ("text", "tokens", "paragraphs", "sentences", "entities", "times"),
        ("quotes",),
        lambda o: quotes.find_quotes,
    ),
    Stage("events", events.REQUIRES, events.ASSIGNS, lambda o: events.find_events),
)
# What the document has before any stage: its text and metadata (read by every stage).
GIVEN = ("text", "title", "published", "url", "source", "author", "language")

__all__ = ["GIVEN", "STAGES", "Options", "Pipeline", "Stage", "StageOrderError", "analyze", "analyze_record"]


def check_order(stages: Sequence[Stage] = STAGES) -> None:
    """Raise when a stage needs a layer that no earlier stage adds."""
    have = set(GIVEN)
    for stage in stages:
        missing = [layer for layer in stage.requires if layer not in have]
        if missing:
            raise StageOrderError(f"stage {stage.name} needs {', '.join(missing)}, which no earlier stage adds")
        have.update(stage.assigns)


check_order()


def select(names: Iterable[str] | None, stages: Sequence[Stage] = STAGES) -> tuple[Stage, ...]:
    """The stages to run for ``names`` (all when None), with every stage whose layers
    they read, in pipeline order. Segmentation always runs: everything stands on it."""
    if names is None:
        return tuple(stages)
    by_name = {s.name: s for s in stages}
    wanted = set(names)
    unknown = sorted(wanted - by_name.keys())
    if unknown:
        raise StageOrderError(f"unknown stage {', '.join(unknown)}; stages are {', '.join(by_name)}")
    wanted.add(stages[0].name)
    provider = {layer: s.name for s in stages for layer in s.assigns}
    todo = list(wanted)
    while todo:
        for layer in by_name[todo.pop()].requires:
            name = provider.get(layer)
            if name is not None and name not in wanted:
                wanted.add(name)
                todo.append(name)
    return tuple(s for s in stages if s.name in wanted)


_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.I)


def looks_like_html(text: str) -> bool:
    return _HTML_HINT.search(text[:5000]) is not None


_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def normalize_published(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from the date forms found in dumps and pages; None when
    there is no date in it. Times of day are dropped: resolution works on days."""
    if not value:
        return None
    m = _DATE.search(arabic.to_western_digits(str(value)))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


class Pipeline:
    """The stages, built once: call it on a text, or ``pipe`` many texts through it.

    >>> nlp = Pipeline(Options(stages=("time",)))
    >>> [t.value for t in nlp("وصل الوفد أمس.", published="2024-04-09").times]
    ['2024-04-08']
    """

    def __init__(self, options: Options | None = None, *, timed: bool = False):
        self.options = options or Options()
        self.stages = select(self.options.stages)
        self._run: tuple[StageFunction, ...] = tuple(stage.build(self.options) for stage in self.stages)
        # with ``timed``, the seconds each stage took, added up over every document (for benchmarks)
        self.seconds: dict[str, float] | None = {s.name: 0.0 for s in self.stages} if timed else None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def __call__(
        self,
        text_or_html: str,
        *,
        title: str | None = None,
        published: str | None = None,
        url: str | None = None,
        source: str | None = None,
        author: str | None = None,
        input_format: str = "auto",
    ) -> Document:
        """Clean, segment and annotate one article.

        ``input_format`` is ``auto`` (HTML when it looks like a page), ``text`` or
        ``html``. Metadata given here overrides what an HTML page declares."""
        if input_format not in ("auto", "text", "html"):
            raise ValueError(f"unknown input format {input_format!r}; use auto, text or html")
        is_html = input_format == "html" or (input_format == "auto" and looks_like_html(text_or_html))
        meta = Meta(title, published, url, source, author)
        return self.record(Record(text_or_html, meta, "-", "html" if is_html else "text"))

    def record(self, record: Record) -> Document:
        """One record from ``khabar.sources``; an HTML page's own metadata gives way to the
        record's (which carries the command line's overrides)."""
        if record.format == "html":
            from khabar.sources.html import extract

            body, found = extract(record.body)
            return self.text(body, found.merged(record.meta))
        return self.text(record.body, record.meta)

    def text(self, body: str, meta: Meta = Meta()) -> Document:
        """The stages on plain text with known metadata."""
        title = clean.clean_line(meta.title) if meta.title else None
        cleaned = clean.clean(body, title=title)
        doc = Document(
            text=cleaned.text,
            title=title or cleaned.title,
            published=normalize_published(meta.published),
            url=meta.url or None,
            source=meta.source or None,
            author=clean.clean_line(meta.author) if meta.author else None,
            language=arabic.detect_language(cleaned.text),
            offsets=cleaned.offsets,
        )
        if self.seconds is None:
            for run in self._run:
                doc = run(doc)
            return doc
        for stage, run in zip(self.stages, self._run):
            started = time.perf_counter()
            doc = run(doc)
            self.seconds[stage.name] += time.perf_counter() - started
        return doc

    def pipe(self, items: Iterable[str | Record]) -> Iterator[Document]:
        """Analyse texts (or records) one after the other, lazily, in order."""
        for item in items:
            yield self.record(item) if isinstance(item, Record) else self(item)


_local = threading.local()


def default_pipeline(stages: Iterable[str] | None = None) -> Pipeline:
    """This thread's pipeline for ``stages`` (built on first use, then kept)."""
    key = None if stages is None else tuple(stages)
    cache: dict[tuple[str, ...] | None, Pipeline] | None = getattr(_local, "pipelines", None)
    if cache is None:
        cache = _local.pipelines = {}
    found = cache.get(key)
    if found is None:
        found = cache[key] = Pipeline(Options(stages=key))
    return found


def analyze(
    text_or_html: str,
    *,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    source: str | None = None,
    author: str | None = None,
    input_format: str = "auto",
    stages: Iterable[str] | None = None,
) -> Document:
    """Clean, segment and annotate one article (see ``Pipeline.__call__``); ``stages``
    runs only those stages (and the ones they stand on)."""
    return default_pipeline(stages)(
        text_or_html,
        title=title,
        published=published,
        url=url,
        source=source,
        author=author,
        input_format=input_format,
    )


def analyze_record(record: Record) -> Document:
    """One record from ``khabar.sources``, with every stage."""
    return default_pipeline().record(record)


def analyze_text(body: str, meta: Meta = Meta()) -> Document:
    """Every stage on plain text with known metadata."""
    return default_pipeline().text(body, meta)
