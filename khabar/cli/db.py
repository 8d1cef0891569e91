"""``khabar db``: a store's housekeeping — integrity checks, schema upgrades and copies
between backends. A click group: other housekeeping commands add themselves with
``@db_group.command()``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from khabar.store import DEFAULT_DB, StoreError, is_postgres, open_store, sqlite_path
from khabar.store.postgres_schema import MIGRATIONS as POSTGRES_MIGRATIONS
from khabar.store.schema import MIGRATIONS as SQLITE_MIGRATIONS

LOCATION_HELP = "A SQLite file (a.db or sqlite:///a.db) or a postgresql://user@host:port/dbname URL."


@click.group("db")
def db_group() -> None:
    """A store's housekeeping: integrity checks, schema upgrades, copies between SQLite and PostgreSQL.

    \b
    Examples:
      khabar db check --db news.db
      khabar db upgrade --db postgresql://khabar@dbhost/news
      khabar db copy --from sqlite:///news.db --to postgresql://khabar@dbhost/news
    """


@db_group.command("check")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="KHABAR_DB", show_envvar=True, help=LOCATION_HELP)
def check(db: str) -> None:
    """Check a store's integrity and print what it holds; changes nothing.

    On SQLite: the file's pages and indexes (PRAGMA integrity_check), the references
    between tables, and khabar's own links (every article has its text and its search
    entry; every input, mention and quote points at a stored article). On PostgreSQL
    the server keeps pages and references whole; the counts are printed. Exit status 0
    when the store is whole, 1 when something is wrong (each problem on one line).
    """
    try:
        with open_store(db, readonly=True) as store:
            counts = store.counts()
            version = store.version()  # type: ignore[attr-defined]
            problems: list[str] = store.check() if hasattr(store, "check") else []
    except (StoreError, sqlite3.DatabaseError) as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"{_shown(db)}: schema version {version}")
    for name, n in counts.items():
        click.echo(f"  {name.replace('_', '-'):<16}{n:>10,}")
    for problem in problems:
        click.echo(f"khabar: problem: {problem}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) found in {_shown(db)}")
    click.echo("ok: no problem found")


@db_group.command("upgrade")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="KHABAR_DB", show_envvar=True, help=LOCATION_HELP)
def upgrade(db: str) -> None:
    """Create a store's schema, or bring an older one up to date.

    Every step runs in its own transaction; on PostgreSQL under a lock, so that two
    processes upgrading at once do it once. Writers (khabar ingest) upgrade a store
    themselves when they open it; readers (search, serve …) refuse an old schema and
    ask for this command.
    """
    try:
        before = _version(db)
        with open_store(db) as store:
            after = store.version()  # type: ignore[attr-defined]
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    latest = len(POSTGRES_MIGRATIONS) if is_postgres(db) else len(SQLITE_MIGRATIONS)
    if before == after:
        click.echo(f"{_shown(db)}: schema version {after}, up to date (latest {latest})")
    else:
        click.echo(f"{_shown(db)}: schema version {before} -> {after}")


@db_group.command("copy")
@click.option("--from", "source", required=True, help=f"The store to copy. {LOCATION_HELP}")
@click.option("--to", "target", required=True, help="A new, empty store to copy into (created if need be).")
def copy(source: str, target: str) -> None:
    """Copy a whole store to another backend: every row with its ids, in one transaction.

    The copy exports exactly what the original does (khabar export: documents, entities,
    quotes, times, events) and answers searches the same; copying it back gives the original's
    export again. The full-text index is rebuilt on the way. TARGET must be empty.

    \b
    Examples:
      khabar db copy --from news.db --to postgresql://khabar@dbhost/news
      khabar db copy --from postgresql://khabar@dbhost/news --to sqlite:///backup.db
    """
    from khabar.store.transfer import copy_store

    if not is_postgres(source) and not Path(sqlite_path(source)).exists():
        raise click.ClickException(f"no store at {source}")
    try:
        with open_store(source, readonly=True) as src, open_store(target) as dst:
            copied = copy_store(src, dst, lambda table, rows: click.echo(f"  {table:<11} {rows:>9} rows", err=True))
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"copied {copied['documents']} documents, {copied['inputs']} inputs and {copied['entities']} entities")


def _version(db: str) -> int:
    """The schema version a store has now (0: none yet)."""
    if is_postgres(db):
        import psycopg

        from khabar.store.postgres import redact, schema_version

        try:
            with psycopg.connect(db, autocommit=True, connect_timeout=10) as conn:
                return schema_version(conn)
        except psycopg.Error as e:
            raise StoreError(f"cannot connect to {redact(db)}: {' '.join(str(e).split())}") from None
    path = sqlite_path(db)
    if not Path(path).exists():
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _shown(db: str) -> str:
    if is_postgres(db):
        from khabar.store.postgres import redact

        return redact(db)
    return db
