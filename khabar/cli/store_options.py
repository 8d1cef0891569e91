"""Options and helpers shared by the commands that read a store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from khabar.store import DEFAULT_DB, Store, StoreError, is_postgres, open_store
from khabar.store.fulltext import EmptyQueryError

db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="KHABAR_DB",
    show_envvar=True,
    help="The store made by 'khabar ingest': a SQLite file or a postgresql://user@host/dbname URL.",
)


@contextmanager
def reading(db: str) -> Iterator[Store]:
    """The store at ``db`` opened for reading; a store error or a bad query becomes one
    line on stderr and exit status 1, never a traceback."""
    try:
        with open_store(db, readonly=True) as store:
            yield store
    except (StoreError, EmptyQueryError) as e:
        raise click.ClickException(str(e)) from None


def shown(db: str) -> str:
    """A store's location as it may be printed: a PostgreSQL URL without its password."""
    if is_postgres(db):
        from khabar.store.postgres import redact

        return redact(db)
    return db
