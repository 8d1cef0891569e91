"""How much one input may take before it is refused, the same for every command.

Every reader enforces these before it buffers: a hostile or careless input (a zip bomb,
a 2 GB log named .txt, JSON nested a million deep) costs the record that holds it, with
a one-line message that names the limit and the flag that raises it, and memory stays
bounded whatever arrives.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, fields

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
# a zip member smaller than this is never taken for a bomb, however well it compresses
# (a page of spaces compresses 500 times; harmless at this size)
RATIO_FLOOR = 1 * MIB
ENCODING_ERRORS = ("strict", "replace")


@dataclass(frozen=True)
class Limits:
    """Bounds on one input; each field is set on the command line by the flag of the same
    name (``max_bytes`` by ``--max-bytes``). All must be positive whole numbers."""

    # one record before decoding: a text or HTML file, a JSON value or line, a WARC
    # record's block, a feed item. Above 4 x max_chars no text can pass max_chars anyway.
    max_bytes: int = 16 * MIB
    max_chars: int = 2_000_000  # one article once decoded (a long article is ~50,000)
    max_member_bytes: int = 4 * GIB  # one zip member, uncompressed (its records are streamed)
    max_member_ratio: int = 100  # uncompressed / compressed size of one zip member (Apache POI's default)
    max_json_depth: int = 64  # nesting of one JSON record (System.Text.Json's default)
    max_json_digits: int = 1000  # digits of one JSON number (Python refuses ints over 4,300 digits)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{flag(f.name)} must be a positive whole number, not {value!r}")

    def too_many_bytes(self, what: str) -> str:
        return f"{what} is larger than --max-bytes ({self.max_bytes:,} bytes)"

    def too_many_chars(self, n: int) -> str:
        return f"{n:,} characters is more than --max-chars {self.max_chars:,}"

    def member_too_big(self, size: int) -> str:
        return (
            f"zip member of {size:,} bytes uncompressed is larger than --max-member-bytes ({self.max_member_bytes:,})"
        )

    def member_ratio(self, size: int, compressed: int) -> str:
        ratio = size // max(compressed, 1)
        return (
            f"zip member expands {ratio:,} times ({compressed:,} to {size:,} bytes), more than "
            f"--max-member-ratio {self.max_member_ratio}: a zip bomb?"
        )

    def too_deep(self) -> str:
        return f"JSON nested deeper than --max-json-depth ({self.max_json_depth})"

    def too_many_digits(self, n: int) -> str:
        return f"JSON number of {n:,} digits is longer than --max-json-digits ({self.max_json_digits:,})"


def flag(field_name: str) -> str:
    """The command-line flag that sets a Limits field."""
    return "--" + field_name.replace("_", "-")


@dataclass(frozen=True)
class ReadOptions:
    """How every reader reads: a forced encoding (else detection), what to do with bytes
    that do not decode (``strict``: the record fails; ``replace``: U+FFFD), and the limits."""

    encoding: str | None = None
    encoding_errors: str = "strict"
    limits: Limits = Limits()

    def __post_init__(self) -> None:
        if self.encoding_errors not in ENCODING_ERRORS:
            raise ValueError(
                f"--encoding-errors must be one of {', '.join(ENCODING_ERRORS)}, not {self.encoding_errors!r}"
            )
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ValueError(f"--encoding {self.encoding!r} is not a text encoding Python knows") from None

    def undecodable(self, what: str) -> str:
        """The message for bytes that do not decode, with the way out."""
        return f"{what}; pass --encoding-errors replace to read it with U+FFFD in their place"
