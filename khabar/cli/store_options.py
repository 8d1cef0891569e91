"""Options shared by the commands that read a store."""

from __future__ import annotations

import click

from khabar.store import DEFAULT_DB

db_option = click.option("--db", default=DEFAULT_DB, show_default=True, help="The store made by 'khabar ingest'.")
