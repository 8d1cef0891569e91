"""``khabar eval quotes``: detection P/R/F1 and speaker accuracy against a gold file."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from khabar.cli.eval_options import eval_output_options, read_gold, resolve_format, write_errors
from khabar.cli.evaluate import eval_group
from khabar.quotes.evaluate import GoldError, SaudiNewsNet, analyse_article, evaluate, load_gold


@click.command("quotes")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=Path("../shared/data/saudinewsnet"),
    show_default=True,
    help="Folder of the SaudiNewsNet zips the gold file points into.",
)
@eval_output_options
def eval_quotes(gold: tuple[Path, ...], data_dir: Path, fmt: str, as_json: bool, errors: str | None) -> None:
    """Score quote detection and speakers against GOLD (JSONL, format in docs/quotes.md).

    A predicted quote matches a gold one when they share at least half of the shorter
    content span (one-to-one). Precision, recall and F1 count matched quotes; speaker
    accuracy is over matched quotes. Several GOLD files are scored as one pooled set.

    \b
    Example:
      khabar eval quotes bench/gold/quotes_dev.jsonl
      khabar eval quotes bench/gold/quotes_dev.jsonl --format json
      khabar eval quotes bench/gold/quotes_dev.jsonl --errors /tmp/quote-errors.jsonl
      khabar eval quotes bench/gold/quotes_test5.jsonl bench/gold/quotes_test6.jsonl --format json
    """

    as_json = resolve_format(as_json, fmt) == "json"
    try:
        articles = read_gold(gold, load_gold, "gold articles")
        corpus = SaudiNewsNet(data_dir)
    except (GoldError, FileNotFoundError) as err:
        raise click.ClickException(str(err)) from err

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=as_json) as bar:
        task = bar.add_task("articles", total=len(articles))
        report = evaluate(articles, corpus, analyse_article, lambda: bar.advance(task))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        _print(report)
    if errors is not None:
        write_errors(report.errors, errors)


def _print(report) -> None:
    d = report.to_dict()
    table = Table(title=f"quotes: {d['articles']} articles, {d['gold']} gold, {d['predicted']} predicted")
    for col in ("precision", "recall", "F1", "speaker accuracy"):
        table.add_column(col, justify="right")
    table.add_row(
        f"{d['precision']:.3f}",
        f"{d['recall']:.3f}",
        f"{d['f1']:.3f}",
        f"{d['speaker_accuracy']:.3f} ({d['speaker_correct']}/{d['matched']})",
    )
    console = Console()
    console.print(table)
    kinds = ", ".join(f"{k} {v['found']}/{v['gold']}" for k, v in d["recall_by_kind"].items())
    console.print(f"recall by kind: {kinds}")


eval_group.add_command(eval_quotes)
