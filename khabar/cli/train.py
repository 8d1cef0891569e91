"""``khabar train``: build the models that ship inside the package."""

import click


@click.group("train")
def train_group() -> None:
    """Train a model from annotated data and write it where khabar loads it from."""
