"""``khabar analyze``: inputs in, Documents out (JSON, JSON Lines or a terminal view)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console

from khabar.cli.common import Tally, documents, input_options
from khabar.cli.output import format_option
from khabar.cli.view import render
from khabar.pipeline import STAGES, Options, Pipeline, StageOrderError


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@format_option(
    ["json", "jsonl", "table"],
    "json",
    "json: one indented object for one article, JSON Lines for several; "
    "jsonl: always one line per article; table: a readable view.",
    deprecated={"text": "table"},
)
@click.option("--bidi", is_flag=True, help="With --format table: reorder Arabic for terminals without bidi support.")
@click.option(
    "--stages",
    metavar="NAME,...",
    help=f"Run only these stages (and those they stand on): {', '.join(s.name for s in STAGES)}. Default: all.",
)
@input_options
def analyze(paths: tuple[str, ...], fmt: str, bidi: bool, stages: str | None, **opts: Any) -> None:
    """Clean, segment and annotate Arabic news articles.

    PATH is a text or HTML file, a JSON/JSONL dump, a zip of those, or a directory
    (read recursively); - or nothing reads standard input. Output follows the JSON
    contract in DESIGN.md: offsets index the cleaned ``text``.

    \b
    Examples:
      khabar analyze article.txt --published 2024-04-09 --format table
      khabar analyze article.txt --stages time --format jsonl
      curl -s URL | khabar analyze - --format json
      khabar analyze saudinewsnet/ --format jsonl > docs.jsonl

    A bad input gets a one-line error on stderr and the rest go on; the exit status is 1
    when any input failed.
    """
    tally = Tally()
    out = sys.stdout
    try:
        pipeline = Pipeline(Options.from_mapping({"stages": stages})) if stages else None
    except (ValueError, StageOrderError) as e:
        raise click.UsageError(str(e)) from None
    console = Console(highlight=False) if fmt == "table" else None
    pending = None  # hold the first document back: one document prints as indented JSON

    def emit(doc, single: bool) -> None:
        if console is not None:
            render(doc, console, bidi)
        else:
            indent = 2 if (fmt == "json" and single) else None
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=indent) + "\n")

    for _, doc in documents(paths, opts, tally, pipeline):
        if pending is not None:
            emit(pending, single=False)
        pending = doc if tally.done == 1 else None
        if tally.done > 1:
            emit(doc, single=False)
    if pending is not None:
        emit(pending, single=True)
    out.flush()
    tally.finish(bool(opts.get("quiet")))
