"""One line on stderr, never a traceback: what every failure a user can cause ends in.

The ``khabar`` group runs each command under ``KhabarGroup.invoke``: a click error keeps
its message (made safe for the terminal: a path or a name from a file may hold escape
sequences); a failure of the system (a file that cannot be written, a full disk, a
damaged store) becomes one line that says what failed, where; anything else is a bug,
reported in one line that says how to see the traceback: ``khabar --debug …`` (or
``KHABAR_DEBUG=1``) lets every exception through as it is.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from typing import Any

import click

from khabar.cli.output import plain

# what a user can do about an OSError, beside its own words
_HINTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the file system is read-only",
}


class KhabarGroup(click.Group):
    """A click group whose commands fail in one line (see the module's docstring)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as e:
            setattr(e, "message", plain(e.message))  # noqa: B010 (the attribute is Final to type checkers)
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # `khabar export | head`: the reader has all it wants
            _silence_stdout()
            ctx.exit(1)
        except Exception as e:
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(plain(describe(e))) from None


def describe(e: BaseException) -> str:
    """One line that says what failed: the system's words for a system failure, the
    exception's name and a way to the traceback for anything else (a bug)."""
    if isinstance(e, OSError):
        where = f"{e.filename}: " if e.filename else ""
        what = e.strerror or str(e)
        hint = _HINTS.get(e.errno or 0)
        return f"{where}{what}" + (f" ({hint})" if hint and hint.lower() not in what.lower() else "")
    if isinstance(e, sqlite3.Error):
        return f"SQLite: {e}" + (" (the disk is full?)" if "full" in str(e) else "")
    if isinstance(e, MemoryError):
        return "out of memory: lower --max-bytes or --max-chars, or read fewer inputs at once (--workers)"
    return f"unexpected {type(e).__name__}: {e} (a bug: run with --debug to see the traceback, and report it)"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing to flush
        pass
