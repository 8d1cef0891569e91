"""``khabar eval``: measure a stage against a gold file. Each evaluator adds a subcommand."""

import click


@click.group("eval")
def eval_group() -> None:
    """Score khabar against annotated data (precision, recall, F1, speed)."""
