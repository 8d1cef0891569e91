"""Options shared by the commands that read a store."""

from __future__ import annotations

import datetime as dt

import click

from khabar.store import DEFAULT_DB

db_option = click.option("--db", default=DEFAULT_DB, show_default=True, help="The store made by 'khabar ingest'.")


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2015-08-01") from None
