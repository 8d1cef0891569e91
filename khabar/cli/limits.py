"""How articles are read, as the same flags on every command that reads them: the text
encoding, what to do with bytes that do not decode, and the limits (``khabar.sources.Limits``)
that bound what one input may cost. The command gets one ``ReadOptions`` built from them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import click

from khabar.sources import Limits, ReadOptions
from khabar.sources.limits import ENCODING_ERRORS

# what each limit bounds, for --help
_HELP = {
    "max_bytes": "Refuse a record (a file, a JSON line or value, a WARC record, a feed item) larger than this.  "
    "[default: 16M, or 4 x --max-chars when that is more]",
    "max_chars": "Refuse an article longer than this many characters once decoded (logs, dumps are not news).",
    "max_member_bytes": "Refuse a zip member that inflates to more than this.",
    "max_member_ratio": "Refuse a zip member (over 1 MiB) that inflates more than this many times: a zip bomb.",
    "max_json_depth": "Refuse a JSON record nested deeper than this.",
    "max_json_digits": "Refuse a JSON number with more digits than this.",
}
_BYTES = ("max_bytes", "max_member_bytes")
DEFAULT_LIMITS = Limits()
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
_SIZE = re.compile(r"(-?\d+)\s*([kmgt]?)(?:i?b)?", re.I)


class ByteSize(click.ParamType):
    """A number of bytes: 16777216, or with a binary unit: 16M, 16MiB, 4G."""

    name = "bytes"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        m = _SIZE.fullmatch(str(value).strip())
        if not m:
            self.fail(f"{value!r} is not a size: write bytes (16777216) or with a unit (16M, 4G)", param, ctx)
        size = int(m.group(1)) * _UNITS[m.group(2).lower()]
        if size < 1:
            self.fail(f"{value!r}: a size must be at least 1 byte", param, ctx)
        return size


def reading_options(defaults: Limits = DEFAULT_LIMITS, encoding: bool = True) -> Callable[[Callable[..., Any]], Any]:
    """``--encoding`` (unless ``encoding`` is false), ``--encoding-errors`` and the ``--max-*``
    flags, whose defaults are ``defaults``; the command receives them as one ``read_options``
    argument (a ``ReadOptions``). A value the limits refuse (0, negative) is a usage error
    naming its flag."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def with_read_options(*args: Any, **kwargs: Any) -> Any:
            values = {f.name: kwargs.pop(f.name) for f in fields(Limits)}
            if values["max_bytes"] is None:  # follows --max-chars, so raising it alone is enough
                values["max_bytes"] = bytes_for(values["max_chars"], defaults)
            errors = kwargs.pop("encoding_errors")
            forced = kwargs.pop("encoding", None)
            try:
                kwargs["read_options"] = ReadOptions(forced, errors, Limits(**values))
            except ValueError as e:  # the message names the flag
                raise click.BadParameter(str(e)) from None
            return command(*args, **kwargs)

        options = [
            click.option(
                "--" + f.name.replace("_", "-"),
                f.name,
                type=ByteSize() if f.name in _BYTES else int,
                default=_default(defaults, f.name),
                show_default=f.name != "max_bytes",  # its help says how it follows --max-chars
                help=_HELP[f.name],
            )
            for f in fields(Limits)
        ]
        options.append(
            click.option(
                "--encoding-errors",
                type=click.Choice(ENCODING_ERRORS),
                default="strict",
                show_default=True,
                help="Bytes that do not decode: strict fails the record; replace reads it with U+FFFD in their place.",
            )
        )
        if encoding:
            options.insert(
                0,
                click.option(
                    "--encoding", metavar="NAME", help="Force a text encoding (e.g. cp1256) instead of detecting it."
                ),
            )
        wrapped: Callable[..., Any] = with_read_options
        for option in reversed(options):
            wrapped = option(wrapped)
        return wrapped

    return decorate


def bytes_for(max_chars: int, defaults: Limits = DEFAULT_LIMITS) -> int:
    """``--max-bytes`` when it is not given: enough bytes for ``max_chars`` characters in
    any encoding (UTF-8 takes up to 4 a character), and never less than the default.
    Without it, ``--max-chars 5000000`` would still refuse a 5,000,000-character article
    as too many bytes: the larger limit would not be in force."""
    if max_chars is None or max_chars <= 0:
        return defaults.max_bytes  # Limits refuses the --max-chars itself, naming it
    return max(defaults.max_bytes, 4 * max_chars)


def _default(defaults: Limits, name: str) -> Any:
    if name == "max_bytes":
        return None
    value = getattr(defaults, name)
    return _shown(value) if name in _BYTES else value


def _shown(size: int) -> str:
    """A size as --help shows it (and ByteSize reads it back): 16M, not 16777216."""
    for unit, factor in (("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


def read_arguments(options: ReadOptions) -> dict[str, Any]:
    """``read_paths``'s keyword arguments for ``options``."""
    return {"encoding": options.encoding, "limits": options.limits, "encoding_errors": options.encoding_errors}
