"""``khabar eval ner``: precision, recall and F1 of the entities stage on a CoNLL file."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.progress import Progress

from khabar.cli.eval_options import eval_output_options, read_gold, resolve_format, write_errors
from khabar.cli.evaluate import eval_group
from khabar.cli.output import warn


@click.command("ner")
@click.argument("conll_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--model", type=click.Path(exists=True, dir_okay=False), help="A model file to score instead of the shipped one."
)
@click.option(
    "--last",
    type=float,
    default=None,
    help="Score only this last fraction of the file's sentences (e.g. 0.12 for the dev split).",
)
@click.option(
    "--fold",
    type=int,
    default=0,
    show_default=True,
    help="With --last: the block of that size this many blocks before the end (as train ner --dev-fold).",
)
@click.option(
    "--article-sentences",
    type=int,
    default=20,
    show_default=True,
    help="Sentences per pseudo-article (grouping works within one).",
)
@eval_output_options
def eval_ner(conll_file, model, last, fold, article_sentences, fmt, as_json, errors) -> None:
    """Score khabar's entities against CONLL_FILE ('token TAG' lines, BIO tags).

    Exact-span micro precision/recall/F1 overall and per type (CoNLL-2003 rules), and
    tokens per CPU-second for tagging plus grouping: on the scoring pass, where every
    word is new to the tagger (tokens_per_second), and on a second pass over the same
    articles (tokens_per_second_known_words); bench/ner_speed.py measures a long run. khabar's types map onto ANERcorp's tags:
    PERSON->PERS, ORG->ORG, GPE and LOC->LOC, MISC->MISC; NORP is not scored.

    \b
    Dev split used in development (the model must then be trained without it):
      khabar eval ner ../shared/data/anercorp/ANERCorp_CamelLab_train.txt --last 0.12 --model /tmp/ner-dev.npz

    \b
    Error analysis (what the misses are, by kind and type):
      khabar eval ner FILE --last 0.12 --model /tmp/ner-dev.npz --errors /tmp/ner-errors.jsonl

    With --format json: precision, recall, f1, per_type, tokens_per_second,
    tokens_per_second_known_words. Each error of --errors has its kind (missed, boundary,
    type, spurious), gold and predicted type and text, and its context.
    """
    from khabar.entities.evaluate import score_conll
    from khabar.entities.tagger import ModelMissingError, Tagger, default_tagger
    from khabar.train.conll import read_conll, split_dev

    try:
        sentences = read_gold([conll_file], read_conll, "sentences")
        if last is not None:
            sentences = split_dev(sentences, last, fold)[1]
    except ValueError as err:  # ConllError, or --last out of range
        raise click.ClickException(str(err)) from None
    if not sentences:
        raise click.UsageError(f"no sentences in {conll_file}")
    try:
        tagger = Tagger(model) if model else default_tagger()
    except ModelMissingError as err:
        raise click.ClickException(str(err)) from None
    console = Console(stderr=True)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("tagging", total=len(sentences))
        report = score_conll(tagger, sentences, article_sentences, lambda n: bar.advance(task, n))
    if resolve_format(as_json, fmt) == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        Console().print(report.table(title=f"NER on {conll_file}"))
    if errors is None:
        return
    console.print(report.error_table())
    if errors.endswith(".tsv"):  # the old listing, for one release
        warn("--errors FILE.tsv (a tab-separated listing) is deprecated; --errors FILE writes JSON Lines")
        try:
            report.write_errors(errors)
        except OSError as err:
            raise click.ClickException(f"cannot write {errors}: {err.strerror}") from None
        console.print(f"{len(report.errors)} misses written to {errors}")
    else:
        write_errors((e.to_dict() for e in report.errors), errors)


eval_group.add_command(eval_ner)
