"""``khabar train quotes``: fit the speaker model on quote gold files and export it."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress

from khabar.cli.train import train_group

DEFAULT_DATA = Path("../shared/data/saudinewsnet")
ABOUT = (
    "khabar quote speaker model: gradient-boosted oblivious trees over the numeric candidate "
    "features of khabar.quotes.candidates (positions, distances, entity types, agreement flags; "
    "no word or text of any article). Trained by 'khabar train quotes' on khabar's quote gold "
    "files ({gold}), khabar's own annotations (Apache-2.0) of SaudiNewsNet articles "
    "(Alhagri 2015, CC BY-NC-SA 4.0). See docs/quotes.md, 'The speaker model'."
)


@click.command("quotes")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Folder of the SaudiNewsNet zips the gold files point into.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Model file to write (.npz). [default: the shipped model]",
)
@click.option("--cv", "cross", is_flag=True, help="Also score each gold file with a model trained on the others.")
@click.option("--trees", type=int, default=None, help="Boosting rounds (default: khabar.quotes.train.TREES).")
@click.option("--depth", type=int, default=None, help="Levels per tree (default: khabar.quotes.train.DEPTH).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def train_quotes(
    gold: tuple[Path, ...],
    data_dir: Path,
    out: Path | None,
    cross: bool,
    trees: int | None,
    depth: int | None,
    as_json: bool,
) -> None:
    """Train the quote speaker model on GOLD files and write it where khabar loads it from.

    The model ranks the speaker candidates of each quote (the rules' answer, the entities
    named near the cue, earlier unnamed speakers, the subject phrase) on numbers that
    carry no text: positions, distances, entity types, gender and number agreement,
    titles, earlier speakers. Data: khabar's quote gold files (bench/gold/quotes_*.jsonl),
    khabar's own annotations of SaudiNewsNet articles (CC BY-NC-SA 4.0), which are read
    from --data while training; docs/quotes.md says what that means for the licence.

    \b
    The shipped model:
      khabar train quotes bench/gold/quotes_*.jsonl
    Held-out figures (each gold file scored by a model trained on the others):
      khabar train quotes bench/gold/quotes_*.jsonl --cv --out /tmp/quote_speakers.npz
    """
    from khabar.quotes import train
    from khabar.quotes.evaluate import GoldError
    from khabar.quotes.ranker import default_model_path

    settings = {k: v for k, v in (("trees", trees), ("depth", depth)) if v is not None}
    console = Console(stderr=True)
    articles = sum(
        1
        for path in gold
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    try:
        with Progress(console=console, transient=True, disable=as_json) as bar:
            task = bar.add_task("gold articles", total=articles)
            samples = train.collect(gold, data_dir, lambda: bar.advance(task))
    except (GoldError, FileNotFoundError, KeyError) as err:
        raise click.ClickException(str(err)) from err
    if not samples.labels:
        raise click.ClickException("no gold quote matched a found quote: nothing to learn from")
    report: dict = {"quotes": len(samples.labels), "trained_on": [p.name for p in gold]}
    if cross:
        report["cross_validation"] = train.cross_validate(samples, **settings)
    model = train.fit(samples, about=ABOUT.format(gold=", ".join(p.name for p in gold)), **settings)
    target = out or default_model_path()
    model.save(target)
    right, n = train.accuracy(samples, model)
    report["train_accuracy"] = round(right / n, 4)
    report["model"] = str(target)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    console.print(f"{n} matched quotes; accuracy on the training quotes {right / n:.3f}; model written to {target}")
    for name, row in report.get("cross_validation", {}).items():
        n = row["quotes"]
        console.print(
            f"  {name}: {n} quotes, rules {row['rules'] / n:.3f}, model {row['model'] / n:.3f} "
            f"(trained without it), a right candidate {row['oracle'] / n:.3f}"
        )


train_group.add_command(train_quotes)
