"""JSON text to values, streamed and bounded: a JSON array element by element, JSON Lines
line by line, or documents separated by white space (one pretty-printed object, or the
output of ``jq``) value by value.

A bad value costs itself only. Where it ends is found by its brackets, strings and commas,
not by parsing it, so an invalid element, or one too large, too deep or with a number too
long, is passed over without being held in memory, and the values after it are read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from khabar.sources.base import ByteStream
from khabar.sources.decode import UNDECODED, TextChunks
from khabar.sources.limits import Limits, ReadOptions

CHUNK = 1 << 20  # characters read at a time
# An error this close to the end of what has been read may be the edge of the window
# (a literal or an escape cut in two), not the data: read on before believing it.
MARGIN = 16

_WS = re.compile(r"[ \t\r\n\ufeff]*")
_WS_COMMA = re.compile(r"[ \t\r\n,\ufeff]*")
_STRING_REST = re.compile(r'(?:[^"\\]++|\\.)*+', re.S)
_SKIP = re.compile(r'(?P<open>[\[{]+)|(?P<close>[\]}]+)|(?P<quote>")|(?P<stop>[,\n])|[^\[\]{}",\n]+')
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Value(NamedTuple):
    """A parsed value; ``where`` is appended to the file's origin (``#3``, ``:17``, or
    nothing for a file holding one document). ``listed``: a list here is a list of records
    (a JSON Lines line holding an array), not a record."""

    where: str
    obj: Any
    listed: bool = False


class Problem(NamedTuple):
    where: str
    message: str


class _Refused(Exception):
    """A value that will not be parsed: its message says why."""


def values(fh: ByteStream, encoding: str, options: ReadOptions) -> Iterator[Value | Problem]:
    """The records of a JSON file: elements of a top-level array, else JSON Lines, else
    documents one after another. ``encoding`` is the text encoding (BOM already read)."""
    window = _Window(TextChunks(fh, encoding, CHUNK), options)
    first = window.skip(0, _WS)
    if first is None:
        yield Problem("", "empty file")
    elif window.buf[first] == "[" and not window.array_per_line():
        yield from window.array(first + 1)
    elif window.looks_like_json_lines():
        yield from window.lines()
    else:
        yield from window.documents(first)


class _Window:
    """A sliding window over the decoded text, and the ways to walk it."""

    def __init__(self, chunks: TextChunks, options: ReadOptions):
        self.chunks = chunks
        self.limits: Limits = options.limits
        self.replace = options.encoding_errors == "replace"
        self.buf = ""
        self.newlines_before = 0  # "\n" in the text already dropped from the window
        self._escapes: list[tuple[int, int]] = []  # where the text holds \ud or \uD escapes
        self.bare_cr = False  # whether a "\r" has been read (old Mac line breaks, or CRLF)
        self.decoder = json.JSONDecoder(parse_int=self._int, parse_float=self._float)

    def _int(self, digits: str) -> int:
        self._check_digits(digits)
        try:
            return int(digits)
        except ValueError:  # over Python's own bound (sys.get_int_max_str_digits)
            raise _Refused(self.limits.too_many_digits(len(digits))) from None

    def _float(self, digits: str) -> float:
        self._check_digits(digits)
        return float(digits)

    def _check_digits(self, digits: str) -> None:
        if len(digits) > self.limits.max_json_digits:
            raise _Refused(self.limits.too_many_digits(len(digits)))

    def _dirty(self, start: int, end: int) -> bool:
        """Whether ``buf[start:end]`` may hold bytes that did not decode."""
        if not self.chunks.dirty:
            return False
        base = self.chunks.decoded - len(self.buf)
        return self.chunks.undecoded_in(base + start, base + end)

    # --- the window -------------------------------------------------------------------

    def more(self, keep: int, size: int | None = None) -> bool:
        """Drop the text before ``buf[keep]`` and read on; False at the end of the text
        (nothing dropped then). Positions in the window move back by ``keep``."""
        if self.chunks.eof:
            return False
        self.drop(keep)
        text = self.chunks.read(size or CHUNK)
        self.buf += text
        # surrogate escapes (\ud800) are looked for once per read, not once per record
        edge = max(0, len(self.buf) - len(text) - 2)
        self.bare_cr = self.bare_cr or "\r" in text
        if self.buf.find("\\ud", edge) >= 0 or self.buf.find("\\uD", edge) >= 0:
            self._escapes.append((self.chunks.decoded - len(self.buf) + edge, self.chunks.decoded))
        return True

    def drop(self, keep: int) -> None:
        """Forget the text before ``buf[keep]``."""
        if not keep:
            return
        base = self.chunks.decoded - len(self.buf)
        self.newlines_before += self.buf.count("\n", 0, keep)
        self.chunks.forget(base + keep)
        if self._escapes and self._escapes[0][1] <= base + keep:
            self._escapes = [(a, b) for a, b in self._escapes if b > base + keep]
        self.buf = self.buf[keep:]

    @property
    def eof(self) -> bool:
        return self.chunks.eof

    def skip(self, pos: int, pattern: re.Pattern) -> int | None:
        """Past what ``pattern`` matches from ``pos`` (white space, commas); None at the end."""
        while True:
            pos = pattern.match(self.buf, pos).end()  # type: ignore[union-attr]
            if pos < len(self.buf):
                return pos
            if not self.more(pos):
                return None
            pos = 0

    def _grow(self, start: int) -> int:
        """Read on, keeping the value that starts at ``start`` (now at 0). Reads as much as
        is held (one huge record costs linear time), never much past the size limit."""
        held = len(self.buf) - start
        self.more(start, max(MARGIN, min(max(CHUNK, held), self.limits.max_bytes + 1 - held)))
        return 0

    # --- one value ----------------------------------------------------------------------

    def value(self, start: int, stops: str) -> tuple[int | None, Any]:
        """The value at ``buf[start]``: (end, object), or (end, Problem message) when it is
        refused; end is None when the text ends inside a refused value."""
        while True:
            buf = self.buf
            try:
                obj, end = self.decoder.raw_decode(buf, start)
            except json.JSONDecodeError as e:
                at_edge = e.pos >= len(buf) - MARGIN or e.msg.startswith("Unterminated string")
                if at_edge and not self.eof:
                    if len(buf) - start > self.limits.max_bytes:
                        return self._refuse(start, stops, self.limits.too_many_bytes("the JSON record"))
                    start = self._grow(start)
                    continue
                bad = UNDECODED.search(buf, start, e.pos + 1) if self._dirty(start, e.pos + 1) else None
                message = f"invalid JSON: {e.msg} (character {e.pos - start + 1:,} of the record)"
                return self._refuse(start, stops, _undecodable(bad.group(), self.chunks.encoding) if bad else message)
            except RecursionError:
                return self._refuse(start, stops, self.limits.too_deep())
            except _Refused as e:
                return self._refuse(start, stops, str(e))
            if end == len(buf) and not self.eof:  # a number cut at the window's edge parses short
                start = self._grow(start)
                continue
            try:
                return end, self._checked(obj, start, end)
            except _Refused as e:
                return end, Problem("", str(e))

    def _checked(self, obj: Any, start: int, end: int) -> Any:
        """``obj`` parsed from ``buf[start:end]`` once its size, bytes and depth pass."""
        if end - start <= self.limits.max_bytes // 4 and not self.chunks.dirty and not self._escapes:
            if type(obj) is not dict:
                return self._checked_slowly(obj, start, end)
            for v in obj.values():  # a record of plain fields, the common case, is done here
                if type(v) is dict or type(v) is list:
                    return self._checked_slowly(obj, start, end)
            return obj
        return self._checked_slowly(obj, start, end)

    def _checked_slowly(self, obj: Any, start: int, end: int) -> Any:
        buf, limits = self.buf, self.limits
        if (
            end - start > limits.max_bytes // 4
            and len(buf[start:end].encode("utf-8", "surrogatepass")) > limits.max_bytes
        ):
            raise _Refused(limits.too_many_bytes("the JSON record"))
        if self._dirty(start, end):
            bad = UNDECODED.search(buf, start, end)
            if bad is not None:
                if not self.replace:
                    raise _Refused(_undecodable(bad.group(), self.chunks.encoding))
                try:
                    obj = self.decoder.decode(UNDECODED.sub("\ufffd", buf[start:end]))
                except (json.JSONDecodeError, RecursionError):  # cannot happen: same text, one character for each
                    raise _Refused("invalid JSON once its bad bytes are replaced") from None
        if _nested(obj) and _deeper(obj, limits.max_json_depth):
            raise _Refused(limits.too_deep())
        if self._escapes:
            base = self.chunks.decoded - len(buf)
            if any(a < base + end and base + start < b for a, b in self._escapes):
                obj = _without_lone_surrogates(obj)
        return obj

    def _refuse(self, start: int, stops: str, message: str) -> tuple[int | None, Problem]:
        end = self._skip_value(start, stops)
        if end is None:
            message += "; the file ends inside it (truncated?)"
        return end, Problem("", message)

    def _skip_value(self, pos: int, stops: str) -> int | None:
        """Where the value at ``pos`` ends, found by brackets and strings alone, reading on
        and dropping what it passes; None when the text ends first. A closing bracket of
        the enclosing array ends it when ``"]"`` is in ``stops``."""
        start, depth, in_string = pos, 0, False
        while True:
            buf = self.buf
            while pos < len(buf):
                if in_string:
                    pos = _STRING_REST.match(buf, pos).end()  # type: ignore[union-attr]
                    if pos == len(buf) or buf[pos] == "\\":
                        break  # the window ends inside the string (or inside an escape)
                    in_string, pos = False, pos + 1
                    if depth == 0:
                        return pos
                    continue
                m = _SKIP.match(buf, pos)
                assert m is not None  # the last branch matches any other character
                kind = m.lastgroup
                if kind == "open":
                    depth += m.end() - pos
                elif kind == "close":
                    closing = m.end() - pos
                    if depth == 0 and pos > start and "]" in stops:
                        return pos
                    if 0 < depth <= closing:
                        return pos + depth
                    depth = max(0, depth - closing)
                elif kind == "quote":
                    in_string = True
                elif kind == "stop" and depth == 0 and pos > start and m.group() in stops:
                    return pos
                pos = m.end()
            start -= pos
            if not self.more(pos):
                return None
            pos = 0

    # --- the three shapes -------------------------------------------------------------

    def array(self, pos: int) -> Iterator[Value | Problem]:
        n = 0
        while True:
            found = self.skip(pos, _WS_COMMA)
            if found is None:
                yield Problem(f"#{n}", "JSON array is not closed (truncated file?)")
                return
            if self.buf[found] == "]":
                after = self.skip(found + 1, _WS)
                if after is not None:
                    yield Problem("", "text after the JSON array's closing ] was not read")
                return
            end, result = self.value(found, ",]")
            yield Problem(f"#{n}", result.message) if isinstance(result, Problem) else Value(f"#{n}", result)
            if end is None:
                return
            n, pos = n + 1, end

    def array_per_line(self) -> bool:
        """Whether a text starting with "[" is JSON Lines whose first record is an array:
        its first line parses alone and another line follows."""
        lines = self._first_lines(2)
        return len(lines) == 2 and _closes_on_its_line(lines[0])

    def _parses(self, text: str) -> bool:
        try:
            self.decoder.decode(text)
            return True
        except (json.JSONDecodeError, RecursionError, _Refused):
            return False

    def looks_like_json_lines(self) -> bool:
        """One record per line when the first non-blank line parses alone, or (the first
        record being damaged) the second does; a pretty-printed document has neither."""
        lines = self._first_lines(2)
        if any(self._parses(text) or _closes_on_its_line(text) for text in lines):
            return True
        return len(lines) < 2 and bool(lines) and len(lines[0]) > self.limits.max_bytes

    def _first_lines(self, n: int) -> list[str]:
        """Up to ``n`` first non-blank lines, read without dropping anything (a line longer
        than the size limit is returned cut, and ends the list)."""
        found: list[str] = []
        pos = 0
        while len(found) < n:
            nl = self.buf.find("\n", pos)
            if nl < 0:
                if len(self.buf) - pos > self.limits.max_bytes or not self.more(0):
                    tail = self.buf[pos:]
                    if tail.strip():
                        found.append(tail)
                    return found
                continue
            if not self.buf[pos:nl].isspace() and nl > pos:
                found.append(self.buf[pos:nl])
            pos = nl + 1
        return found

    def lines(self) -> Iterator[Value | Problem]:
        """JSON Lines: each line alone; a line that fails costs that line only. Lines end
        at "\n", "\r\n" or "\r" and count from 1, blank ones included."""
        lineno = 0
        while True:
            parts = self.buf.split("\n")  # the window is split once, as it is read
            last = parts.pop()  # after the last "\n": a line not complete yet, or the last one
            at = 0
            for line in parts:
                if self.bare_cr:
                    for piece, where in _pieces(line, at):
                        lineno += 1
                        if piece:
                            yield self._line(piece, where, lineno)
                else:
                    lineno += 1
                    if line and not line.isspace():
                        yield self._line(line, at, lineno)
                at += len(line) + 1
            if self.eof:
                for piece, where in _pieces(last, at):
                    lineno += 1
                    if piece:
                        yield self._line(piece, where, lineno)
                return
            if len(last) > self.limits.max_bytes:
                lineno += 1
                yield Problem(f":{lineno}", self.limits.too_many_bytes("the JSON line"))
                after = self._skip_line(at)
                if after is None:
                    return
                self.drop(after)
                continue
            held = len(last)  # a long line: read as much again (linear time), never far past the limit
            self.more(at, max(MARGIN, min(max(CHUNK, held), self.limits.max_bytes + 1 - held)))

    def _line(self, text: str, start: int, lineno: int) -> Value | Problem:
        """The record on one line, ``text``, found at ``buf[start:]``."""
        where = f":{lineno}"
        end = start + len(text)
        max_bytes = self.limits.max_bytes
        if len(text) > max_bytes // 4 and (
            len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes
        ):  # counted before it is parsed
            return Problem(where, self.limits.too_many_bytes("the JSON line"))
        try:
            obj = self.decoder.decode(text)
            return Value(where, self._checked(obj, start, end), True)
        except json.JSONDecodeError as e:
            if self._dirty(start, end) and not self.replace:
                bad = UNDECODED.search(text)
                if bad is not None:
                    return Problem(where, _undecodable(bad.group(), self.chunks.encoding))
            return Problem(where, f"invalid JSON: {e.msg} (column {e.colno})")
        except RecursionError:
            return Problem(where, self.limits.too_deep())
        except _Refused as e:
            return Problem(where, str(e))

    def _skip_line(self, pos: int) -> int | None:
        """Past the end of the line at ``pos``, dropping it as it is read; None at the end."""
        while True:
            nl = self.buf.find("\n", pos)
            if nl >= 0:
                return nl + 1
            if not self.more(len(self.buf)):
                return None
            pos = 0

    def documents(self, pos: int) -> Iterator[Value | Problem]:
        """Values one after another, each as long as it needs to be. One value alone is the
        file's record (its origin is the file); several are named by their first line."""
        held: Value | Problem | None = None
        while True:
            line = self.newlines_before + self.buf.count("\n", 0, pos) + 1
            end, result = self.value(pos, "\n")
            item = (
                Problem(f":{line}", result.message) if isinstance(result, Problem) else Value(f":{line}", result, True)
            )
            after = None if end is None else self.skip(end, _WS)
            if held is None and after is None:  # the only value: named by the file alone
                yield Problem("", item.message) if isinstance(item, Problem) else Value("", item.obj, True)
                return
            if held is not None:
                yield held
            held = item
            if after is None:
                yield held
                return
            pos = after


def _closes_on_its_line(line: str) -> bool:
    """Whether the value a line starts with "[" or "{" closes at the end of that line (by
    its brackets and strings: it may still be refused, too deep or invalid inside)."""
    line = line.strip()
    if line[:1] not in ("[", "{"):
        return False
    depth, pos = 0, 0
    while pos < len(line):
        m = _SKIP.match(line, pos)
        assert m is not None
        kind = m.lastgroup
        if kind == "quote":
            pos = _STRING_REST.match(line, pos + 1).end()  # type: ignore[union-attr]
            if pos >= len(line) or line[pos] != '"':
                return False
            pos += 1
            continue
        if kind == "open":
            depth += m.end() - pos
        elif kind == "close":
            depth -= m.end() - pos
            if depth <= 0:
                return depth == 0 and m.end() == len(line)
        pos = m.end()
    return False


def _pieces(line: str, at: int) -> Iterator[tuple[str | None, int]]:
    """The lines in ``line`` (one, unless it holds bare "\r" line breaks; a final "\r"
    is part of "\r\n"), each with where it starts; None for a blank one."""
    if line.endswith("\r"):
        line = line[:-1]
    for piece in line.split("\r") if "\r" in line else (line,):
        yield (piece if piece and not piece.isspace() else None), at
        at += len(piece) + 1


def _undecodable(escaped: str, encoding: str) -> str:
    byte = ord(escaped) - 0xDC00
    return (
        f"not valid {encoding}: byte 0x{byte:02x} does not decode;"
        " pass --encoding-errors replace to read it with U+FFFD in its place"
    )


def _nested(obj: Any) -> bool:
    """Whether ``obj`` holds a container (a record of plain fields, the common case, does not)."""
    if type(obj) is dict:
        return any(type(v) is dict or type(v) is list for v in obj.values())
    return type(obj) is list


def _deeper(obj: Any, limit: int) -> bool:
    """Whether ``obj`` nests more than ``limit`` deep (a record object alone is 1)."""
    stack = [(obj, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _without_lone_surrogates(obj: Any) -> Any:
    """``obj`` with lone surrogates (from escapes such as ``\\ud800``) as U+FFFD: they are
    not text, and no UTF-8 output could hold them."""
    if isinstance(obj, str):
        return _LONE_SURROGATE.sub("\ufffd", obj)
    if isinstance(obj, list):
        return [_without_lone_surrogates(v) for v in obj]
    if isinstance(obj, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in obj.items()}
    return obj
