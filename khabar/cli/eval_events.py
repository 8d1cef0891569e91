"""``khabar eval events``: trigger P/R/F1, type, actor and target accuracy against gold files."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from khabar.cli.eval_options import eval_output_options, read_gold, resolve_format, write_errors
from khabar.cli.evaluate import eval_group


@click.command("events")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=Path("../shared/data/saudinewsnet"),
    show_default=True,
    help="Folder of the SaudiNewsNet zips the gold files point into.",
)
@eval_output_options
def eval_events(gold: tuple[Path, ...], data_dir: Path, fmt: str, as_json: bool, errors: str | None) -> None:
    """Score event detection and coding against GOLD (JSONL, format in docs/events.md).

    A predicted event matches a gold one when their triggers overlap (one to one, the
    largest overlap first). Precision, recall and F1 count matched triggers; type, actor
    and target accuracy are over matched events (an actor is right when every gold actor
    is named by a predicted one; no gold actor is right only when none is predicted).
    Several GOLD files are scored as one pooled set.

    \b
    Example:
      khabar eval events bench/gold/events_test1.jsonl
      khabar eval events bench/gold/events_test*.jsonl --format json
      khabar eval events bench/gold/events_test2.jsonl --errors
    """
    from khabar.events.evaluate import GoldError, SaudiNewsNet, evaluate, load_gold
    from khabar.quotes.evaluate import analyse_article

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
    d = report.to_dict()
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False))
    else:
        table = Table(title=f"events: {d['articles']} articles, {d['gold']} gold, {d['predicted']} predicted")
        for col in ("precision", "recall", "F1", "type", "actor", "target"):
            table.add_column(col, justify="right")
        table.add_row(
            f"{d['precision']:.3f}",
            f"{d['recall']:.3f}",
            f"{d['f1']:.3f}",
            f"{d['type_accuracy']:.3f} ({d['type_correct']}/{d['matched']})",
            f"{d['actor_accuracy']:.3f} ({d['actor_correct']}/{d['matched']})",
            f"{d['target_accuracy']:.3f} ({d['target_correct']}/{d['matched']})",
        )
        out = Console()
        out.print(table)
        out.print("recall by type: " + ", ".join(f"{t} {v['found']}/{v['gold']}" for t, v in d["by_type"].items()))
    if errors is not None:
        write_errors(report.errors, errors)


eval_group.add_command(eval_events)
