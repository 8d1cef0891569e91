"""The ``khabar`` command. Each subcommand lives in its own module in this package."""

from __future__ import annotations

import importlib

import click

from khabar import __version__
from khabar.cli.errors import KhabarGroup

# "module:attribute" of every top-level command; a new capability adds one line here.
COMMANDS = (
    "khabar.cli.analyze:analyze",
    "khabar.cli.quotes:quotes",
    "khabar.cli.events:events",
    "khabar.cli.ingest:ingest",
    "khabar.cli.batch:batch",
    "khabar.cli.search:search",
    "khabar.cli.entity:entity",
    "khabar.cli.show:show",
    "khabar.cli.stories:stories",
    "khabar.cli.export:export",
    "khabar.cli.serve:serve",
    "khabar.cli.db:db_group",
    "khabar.cli.evaluate:eval_group",
    "khabar.cli.train:train_group",
)
# Modules that add a subcommand to the eval or train group when imported.
SUBCOMMANDS = (
    "khabar.cli.eval_ner",
    "khabar.cli.eval_time",
    "khabar.cli.eval_quotes",
    "khabar.cli.eval_events",
    "khabar.cli.train_ner",
    "khabar.cli.train_quotes",
)


@click.group(cls=KhabarGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="khabar")
@click.option(
    "--debug",
    is_flag=True,
    envvar="KHABAR_DEBUG",
    help="Show the traceback of an unexpected error instead of one line (also: KHABAR_DEBUG=1).",
)
def main(debug: bool) -> None:
    """khabar (خبر): Arabic news in, structured knowledge out.

    \b
    Start with:
      khabar analyze article.txt --published 2024-04-09 --format table
      cat page.html | khabar analyze - --format json
      khabar analyze dump.zip --format jsonl > docs.jsonl

    \b
    Exit status (every command):
      0    done, nothing failed
      1    an error (one line on stderr), or some records failed: each is named, the rest is done
      2    a usage error: a wrong option or value, a missing argument
      130  interrupted (Ctrl-C); ingest keeps every committed batch
    Errors are one line; --debug (or KHABAR_DEBUG=1) shows the traceback of an unexpected one.
    """


for _module in SUBCOMMANDS:
    importlib.import_module(_module)
for _spec in COMMANDS:
    _module, _attr = _spec.split(":")
    main.add_command(getattr(importlib.import_module(_module), _attr))
