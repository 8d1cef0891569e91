"""``khabar eval time``: span precision, recall and F1 of the time stage on Wojood-style data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import track
from rich.table import Table

from khabar.cli.eval_options import (
    STDOUT,
    eval_output_options,
    old_error_count,
    read_gold,
    resolve_format,
    write_errors,
)
from khabar.cli.evaluate import eval_group


@click.command("time")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@eval_output_options
def eval_time(path: Path, fmt: str, as_json: bool, errors: str | None) -> None:
    """Score time tagging against a Wojood-style file (token TAG1 [TAG2 ...] per line,
    a blank line between sentences; DATE and TIME tags at any nesting level).

    \b
    A span counts when its first and last tokens and its label match. khabar's DURATION
    and SET count as DATE, except durations under a day (ساعتين), which count as TIME,
    as Wojood tags them. Example:
      khabar eval time ../shared/data/wojood/val.txt --errors /tmp/time-errors.jsonl
    """
    from khabar.time.wojood import WojoodFormatError, evaluate, read_wojood

    try:
        sentences = read_gold([path], read_wojood, "sentences")
    except WojoodFormatError as e:
        raise click.ClickException(str(e)) from e
    as_json = resolve_format(as_json, fmt) == "json"
    first = old_error_count(errors)
    quiet = as_json

    def progress(items):
        return iter(items) if quiet else track(items, description="tagging", transient=True)

    ev = evaluate(sentences, progress)
    if as_json:
        out = {"file": str(path), "sentences": len(sentences), "scores": ev.to_dict()}
        if first is not None:  # the deprecated --errors N keeps its old place, inside the object
            out["errors"] = [{"kind": k, "label": lab, "context": c} for k, lab, c in ev.errors[:first]]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_spans(ev, path, len(sentences))
    if errors is not None and not (as_json and first is not None):
        listed = [{"error": k.lower(), "label": lab, "context": c} for k, lab, c in ev.errors]
        write_errors(listed[:first] if first is not None else listed, STDOUT if first is not None else errors)


def _print_spans(ev, path: Path, sentences: int) -> None:
    table = Table(title=f"time spans: {path} ({sentences} sentences)")
    for col in ("label", "gold", "predicted", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "label" else "left")
    for label, score in ev.scores.items():
        d = score.to_dict()
        table.add_row(
            label, str(d["gold"]), str(d["predicted"]), f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}"
        )
    Console().print(table)


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
@eval_output_options
def eval_time_values(paths: tuple[Path, ...], data_dir: Path, fmt: str, as_json: bool, errors: str | None) -> None:
    """Share of expressions resolved to the right type and value.

    \b
    A .tsv PATH holds sentences: published (ISO date or -), sentence, expression, type
    (DATE TIME DURATION SET, or NONE for "must not be tagged"), value (- for null).
    A .jsonl PATH holds expressions in SaudiNewsNet articles by offsets (docs/time.md,
    "News gold"): each article is analysed as khabar analyze would. Files are pooled.
    Examples:
      khabar eval time-values tests/data/time_values.tsv tests/data/time_values_blind.tsv
      khabar eval time-values tests/data/time_news1.jsonl --format json
    """
    from khabar.time.values import ValuesFormatError, evaluate_values, read_cases

    as_json = resolve_format(as_json, fmt) == "json"
    news = [p for p in paths if p.suffix == ".jsonl"]
    try:
        tables = [p for p in paths if p not in news]
        cases = read_gold(tables, read_cases, "cases") if tables else []
        checked = []
        if news:
            from khabar.time.news import news_cases

            quiet = as_json or not sys.stderr.isatty()
            checked = news_cases(
                news, data_dir, iter if quiet else lambda a: track(a, description="articles", transient=True)
            )
    except (ValuesFormatError, FileNotFoundError, KeyError) as e:
        raise click.ClickException(str(e)) from e
    except UnicodeDecodeError as e:
        raise click.ClickException(f"a gold file is not UTF-8 text ({e.reason} at byte {e.start:,})") from None
    except RecursionError:
        raise click.ClickException("a gold file is nested too deep to be gold") from None
    if not cases and not checked:
        raise click.UsageError(f"nothing to score: no cases in {', '.join(map(str, paths))}")
    report = evaluate_values(cases, checked)
    cases = cases + [c for c, _ in checked]
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_values(report, len(cases))
    if errors is not None:
        listed = (
            {
                "error": "miss",
                "expression": c.expression,
                "published": c.published,
                "type": c.type,
                "value": c.value,
                "why": why,
            }
            for c, why in report.misses
        )
        write_errors(listed, errors)


def _print_values(report, cases: int) -> None:
    console = Console()
    table = Table(title=f"time values: {cases} cases")
    for col in ("type", "cases", "right", "share"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for kind, n in sorted(report.total.items()):
        table.add_row(kind, str(n), str(report.right[kind]), f"{report.right[kind] / n:.3f}")
    table.add_row("ALL", str(cases), str(sum(report.right.values())), f"{report.share:.3f}")
    console.print(table)
    for case, why in report.misses:
        console.print(
            f"MISS {case.expression} ({case.published}): expected {case.type} {case.value}; {why}", highlight=False
        )


eval_group.add_command(eval_time_values)
