"""``khabar eval time``: span precision, recall and F1 of the time stage on Wojood-style data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import track
from rich.table import Table

from khabar.cli.evaluate import eval_group


@click.command("time")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--errors", default=0, show_default=True, help="Also list this many misses and false alarms.")
def eval_time(path: Path, as_json: bool, errors: int) -> None:
    """Score time tagging against a Wojood-style file (token TAG1 [TAG2 ...] per line,
    a blank line between sentences; DATE and TIME tags at any nesting level).

    \b
    A span counts when its first and last tokens and its label match. khabar's DURATION
    and SET count as DATE, except durations under a day (ساعتين), which count as TIME,
    as Wojood tags them. Example:
      khabar eval time ../shared/data/wojood/val.txt --errors 20
    """
    from khabar.time.wojood import WojoodFormatError, evaluate, read_wojood

    try:
        sentences = read_wojood(path)
    except WojoodFormatError as e:
        raise click.ClickException(str(e)) from e
    quiet = as_json

    def progress(items):
        return iter(items) if quiet else track(items, description="tagging", transient=True)

    ev = evaluate(sentences, progress)
    if as_json:
        out = {"file": str(path), "sentences": len(sentences), "scores": ev.to_dict()}
        if errors:
            out["errors"] = [{"kind": k, "label": lab, "context": c} for k, lab, c in ev.errors[:errors]]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"time spans: {path} ({len(sentences)} sentences)")
    for col in ("label", "gold", "predicted", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "label" else "left")
    for label, score in ev.scores.items():
        d = score.to_dict()
        table.add_row(
            label, str(d["gold"]), str(d["predicted"]), f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}"
        )
    console = Console()
    console.print(table)
    for kind, label, ctx in ev.errors[:errors]:
        console.print(f"{kind} {label}: {ctx}", highlight=False)


eval_group.add_command(eval_time)


@click.command("time-values")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=Path("../shared/data/saudinewsnet"),
    show_default=True,
    help="Folder of the SaudiNewsNet zips that .jsonl gold files point into.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
def eval_time_values(paths: tuple[Path, ...], data_dir: Path, as_json: bool) -> None:
    """Share of expressions resolved to the right type and value.

    \b
    A .tsv PATH holds sentences: published (ISO date or -), sentence, expression, type
    (DATE TIME DURATION SET, or NONE for "must not be tagged"), value (- for null).
    A .jsonl PATH holds expressions in SaudiNewsNet articles by offsets (docs/time.md,
    "News gold"): each article is analysed as khabar analyze would. Files are pooled.
    Examples:
      khabar eval time-values tests/data/time_values.tsv tests/data/time_values_blind.tsv
      khabar eval time-values tests/data/time_news1.jsonl --json
    """
    from khabar.time.values import ValuesFormatError, evaluate_values, read_cases

    news = [p for p in paths if p.suffix == ".jsonl"]
    try:
        cases = [c for p in paths if p not in news for c in read_cases(p)]
        checked = []
        if news:
            from khabar.time.news import news_cases

            quiet = as_json or not sys.stderr.isatty()
            checked = news_cases(
                news, data_dir, iter if quiet else lambda a: track(a, description="articles", transient=True)
            )
    except (ValuesFormatError, FileNotFoundError, KeyError) as e:
        raise click.ClickException(str(e)) from e
    report = evaluate_values(cases, checked)
    cases = cases + [c for c, _ in checked]
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    console = Console()
    table = Table(title=f"time values: {len(cases)} cases")
    for col in ("type", "cases", "right", "share"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for kind, n in sorted(report.total.items()):
        table.add_row(kind, str(n), str(report.right[kind]), f"{report.right[kind] / n:.3f}")
    table.add_row("ALL", str(len(cases)), str(sum(report.right.values())), f"{report.share:.3f}")
    console.print(table)
    for case, why in report.misses:
        console.print(
            f"MISS {case.expression} ({case.published}): expected {case.type} {case.value}; {why}", highlight=False
        )


eval_group.add_command(eval_time_values)
