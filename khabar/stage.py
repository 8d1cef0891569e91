"""What a stage is: a contract (the layers it reads and adds) and a builder.

A stage is built once per pipeline, so whatever it loads (a model, per-word caches) is
owned by that pipeline: each worker process, each thread of a web server, builds its own
and shares nothing mutable with another. The built function is then a plain
``Document -> Document``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from khabar.document import Document

StageFunction = Callable[[Document], Document]


@dataclass(frozen=True)
class Options:
    """Everything that changes how a pipeline analyses, in one typed object.

    ``stages``: the stages to run by name (None: all of them); the stages whose layers
    they read are added. ``ner_model``: an NER model file (None: the one shipped).
    """

    stages: tuple[str, ...] | None = None
    ner_model: str | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Options:
        """Options from a config mapping; a key that is not an option is an error, not ignored."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown option {', '.join(unknown)}; options are {', '.join(sorted(known))}")
        stages = values.get("stages")
        if isinstance(stages, str):
            values = {**values, "stages": tuple(s.strip() for s in stages.split(",") if s.strip())}
        elif stages is not None:
            values = {**values, "stages": tuple(stages)}
        return cls(**values)


@dataclass(frozen=True)
class Stage:
    """One step of the analysis.

    ``requires``: every layer it reads (``text``, ``tokens``, ``paragraphs`` …);
    ``assigns``: the layers it adds; ``build(options)`` returns the function that runs it,
    holding whatever it loaded."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    build: Callable[[Options], StageFunction]


class StageOrderError(RuntimeError):
    """A stage needs a layer that no earlier stage adds, or a stage name is unknown."""
