"""``khabar train ner``: fit the CRF tagger (or, with ``--neural``, the neural one) on
CoNLL files and export the model file the entities stage loads."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from khabar.cli.train import train_group
from khabar.entities.tagger import default_model_path


@click.command("ner")
@click.option(
    "--conll",
    "conll",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A CoNLL file ('token TAG' lines, blank line between sentences); repeat for several.",
)
@click.option(
    "--wojood",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A Wojood file (nested tags); its PERS/ORG/GPE/LOC/FAC are mapped onto ANERcorp's tags.",
)
@click.option(
    "--wikifane",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="WikiFANE Gold (../shared/data/wikifane/WikiFANE_Gold_2014_500K.txt): extra training data, its 50 "
    "classes mapped onto ANERcorp's, with attribute copies of its own (domain adaptation).",
)
@click.option(
    "--dev-fraction",
    type=float,
    default=0.0,
    show_default=True,
    help="Hold out this last fraction of the --conll sentences and report dev F1 on it.",
)
@click.option(
    "--dev-fold",
    type=int,
    default=0,
    show_default=True,
    help="Hold out the block of --dev-fraction sentences this many blocks before the end instead "
    "(1: sentences 76-88%% for 0.12); a second fold to check a small gain.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Model file to write (.npz). [default: the shipped model]",
)
@click.option("--c1", type=float, default=None, help="L1 penalty (default: khabar.train.ner.C1).")
@click.option("--c2", type=float, default=None, help="L2 penalty (default: khabar.train.ner.C2).")
@click.option(
    "--iterations", type=int, default=None, help="L-BFGS iterations (default: khabar.train.ner.MAX_ITERATIONS)."
)
@click.option(
    "--neural",
    is_flag=True,
    help="Train the neural tagger (word-window CNN + character CNN + CRF, khabar.train.neural) instead of the "
    "CRF; needs torch (pip install -e '.[train-neural]'). The model file says which kind it is.",
)
@click.option(
    "--epochs", type=int, default=None, help="With --neural: passes over the data (default: Settings.epochs)."
)
@click.option(
    "--wikifane-share",
    type=float,
    default=None,
    help="With --neural and --wikifane: the share of WikiFANE's sentences mixed into each epoch "
    "(default: Settings.other_weight).",
)
@click.option("--seed", type=int, default=None, help="With --neural: random seed (default: Settings.seed).")
def train_ner(
    conll, wojood, wikifane, dev_fraction, dev_fold, out, c1, c2, iterations, neural, epochs, wikifane_share, seed
) -> None:
    """Train the NER tagger (a CRF, or with --neural a neural network) and write it where
    khabar loads it from.

    \b
    The shipped model:
      khabar train ner --conll ../shared/data/anercorp/ANERCorp_CamelLab_train.txt
    A dev experiment (last 12% of the sentences held out, scored at the end):
      khabar train ner --conll ../shared/data/anercorp/ANERCorp_CamelLab_train.txt \\
          --dev-fraction 0.12 --out /tmp/ner-dev.npz
    The neural tagger, the same dev experiment (docs/ner.md has its figures):
      khabar train ner --neural --conll ../shared/data/anercorp/ANERCorp_CamelLab_train.txt \\
          --dev-fraction 0.12 --out /tmp/ner-neural.npz

    Needs the [train] extra (python-crfsuite), and torch for --neural:
    pip install -e '.[train,train-neural]'.
    """
    from khabar.train.conll import WOJOOD_TO_ANER, read_conll, split_dev
    from khabar.train.wikifane import read_wikifane

    if neural:
        try:
            import torch  # noqa: F401
        except ImportError:
            raise click.ClickException("--neural needs torch: pip install -e '.[train-neural]'") from None
    else:
        try:
            import pycrfsuite  # noqa: F401
        except ImportError:
            raise click.ClickException("training needs python-crfsuite: pip install -e '.[train]'") from None
    console = Console(stderr=True)
    try:
        sentences = [s for path in conll for s in read_conll(path)]
        train_part, dev_part = split_dev(sentences, dev_fraction, dev_fold)
        for path in wojood:
            train_part += read_conll(path, WOJOOD_TO_ANER)
        other_domain = [s for path in wikifane for s in read_wikifane(path)]
    except ValueError as err:  # ConllError, or a dev fraction out of range
        raise click.ClickException(str(err)) from None
    if not train_part:
        raise click.ClickException("no training sentences left")
    target = Path(out) if out else default_model_path()
    console.print(
        f"training on {len(train_part)} sentences, {sum(len(s.words) for s in train_part)} tokens"
        + (f"; {sum(len(s.words) for s in other_domain)} WikiFANE tokens" if other_domain else "")
    )
    started = time.perf_counter()
    if neural:
        _train_neural(train_part, other_domain, target, epochs, wikifane_share, seed, console)
    else:
        _train_crf(train_part, other_domain, target, c1, c2, iterations, console)
    console.print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s")
    if dev_part:
        from khabar.entities.evaluate import score_conll
        from khabar.entities.tagger import Tagger

        report = score_conll(Tagger(target), dev_part)
        console.print(report.table(title=f"dev: {dev_fraction:.0%} of the sentences, fold {dev_fold} from the end"))


def _train_neural(train_part, other_domain, target: Path, epochs, share, seed, console: Console) -> None:
    from khabar.train.neural import Settings, Shape, Trainer

    settings = Settings()
    if epochs is not None:
        settings.epochs = epochs
    if share is not None:
        settings.other_weight = share
    if seed is not None:
        settings.seed = seed
    trainer = Trainer(train_part, other_domain, Shape(), settings)
    trainer.fit(log=console.print)
    trainer.export(target)


def _train_crf(train_part, other_domain, target: Path, c1, c2, iterations, console: Console) -> None:
    from khabar.train import ner

    iterations = iterations or ner.MAX_ITERATIONS
    with Progress(
        TextColumn("L-BFGS"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("train", total=iterations)
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "model.crfsuite"
            ner.train(
                train_part,
                raw,
                other_domain=other_domain,
                c1=ner.C1 if c1 is None else c1,
                c2=ner.C2 if c2 is None else c2,
                max_iterations=iterations,
                progress=lambda n: bar.update(task, completed=n),
            )
            ner.export(raw, target)


train_group.add_command(train_ner)
