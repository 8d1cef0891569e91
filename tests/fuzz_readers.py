"""Hostile generators and what every reader must do with them, shared by the property
tests (tests/test_sources_fuzz.py: a few hundred inputs each) and bench/fuzz.py (as many as
an hour allows).

What must hold for any input: the readers yield only Records and Failures (no exception),
a Record's text is valid Unicode within ``--max-chars``, a failure is one line; and where
one record of a file is made hostile, every other record of the file is still read.
"""

from __future__ import annotations

import io
import json
import zipfile

from hostile_corpus import _warc, _warc_records, article, record
from hypothesis import strategies as st

from khabar.sources import Failure, Limits, ReadOptions, Record
from khabar.sources.files import read_stream

# small limits, so that generated inputs reach them
LIMITS = Limits(
    max_bytes=64 << 10,
    max_chars=20_000,
    max_member_bytes=1 << 20,
    max_member_ratio=50,
    max_json_depth=16,
    max_json_digits=50,
)
FORMATS = ("auto", "text", "html", "json", "zip", "warc", "feed")
HOSTILE_CHARS = (
    [chr(c) for c in range(0x20)]
    + ["\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffd", "\U0001f600"]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u206c", "\U000e0041", "\ufe0f"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + list('[]{}"\\:,<>&;/ \n\r\tابت٠')
)


def check(data: bytes, fmt: str = "auto", errors: str = "strict") -> list[Record]:
    """Read ``data`` as ``fmt``; assert what must hold for any input; the records read."""
    items = list(read_stream(io.BytesIO(data), "fuzz", fmt, ReadOptions(None, errors, LIMITS)))
    records = []
    for item in items:
        assert isinstance(item, (Record, Failure)), item
        if isinstance(item, Failure):
            assert "\n" not in item.message and item.message, item
            continue
        assert len(item.body) <= LIMITS.max_chars
        for text in (item.body, *(v for v in vars(item.meta).values() if v)):
            text.encode("utf-8")  # valid Unicode: no lone surrogate reaches a record
        records.append(item)
    return records


# --- generators ---------------------------------------------------------------------------

hostile_text = st.text(alphabet=st.sampled_from(HOSTILE_CHARS), max_size=60)
surrogate_escape = st.sampled_from(["\\ud800", "\\udfff", "\\uDC80", "\\ud83d\\ude00", "\\ud83d", "\\u0000"])


@st.composite
def hostile_json_value(draw) -> str:
    """One JSON value (or something that tries to be one) that a reader must survive."""
    kind = draw(st.integers(0, 9))
    n = draw(st.integers(1, 3000))
    if kind == 0:
        return "[" * n + "]" * n
    if kind == 1:
        return '{"a":' * n + "1" + "}" * n
    if kind == 2:
        sign = draw(st.sampled_from(["", "-"]))
        return '{"text": "x", "n": ' + sign + "9" * n + draw(st.sampled_from(["", ".5", "e999", ".1e-999"])) + "}"
    if kind == 3:
        body = "".join(draw(st.lists(st.one_of(hostile_text.map(lambda t: json.dumps(t)[1:-1]), surrogate_escape))))
        return '{"title": "' + body + '", "text": "' + body + ' نص"}'
    if kind == 4:
        return json.dumps({"text": draw(hostile_text), "title": draw(hostile_text)}, ensure_ascii=draw(st.booleans()))
    if kind == 5:
        return draw(
            st.sampled_from(["NaNx", "tru", "'single'", "{'a': 1}", '{"a" 1}', '{"a": 1,}', "[1,]", "01", "+1"])
        )
    if kind == 6:
        return '{"text": "' + draw(hostile_text).replace('"', "").replace("\\", "") + '"}'  # raw controls in a string
    if kind == 7:
        return json.dumps({"text": "ب" * draw(st.integers(0, 40_000))}, ensure_ascii=False)  # near the size limits
    if kind == 8:
        return json.dumps([{"text": draw(hostile_text)}] * draw(st.integers(0, 5)))
    return draw(st.sampled_from(["{", "[", '"abc', "}", "]", '{"a": [1, 2}', '[{"a": 1]']))  # unbalanced


def _self_delimited(value: str) -> bool:
    """Brackets and quotes balance: the value cannot swallow its neighbours in an array."""
    depth, in_string, escaped = 0, False, False
    for c in value:
        if in_string:
            escaped, in_string = (False, in_string) if escaped else (c == "\\", c != '"')
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not in_string


@st.composite
def jsonl_with_a_hostile_line(draw) -> tuple[bytes, list[str]]:
    n = draw(st.integers(1, 8))
    lines = [record(i) for i in range(n)]
    bad = draw(hostile_json_value()).replace("\n", " ").replace("\r", " ")
    lines.insert(draw(st.integers(0, n)), bad)
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"), [f"عنوان الخبر {i}" for i in range(n)]


@st.composite
def array_with_a_hostile_element(draw) -> tuple[bytes, list[str]]:
    n = draw(st.integers(1, 8))
    elements = [record(i) for i in range(n)]
    bad = draw(hostile_json_value().filter(_self_delimited))
    elements.insert(draw(st.integers(0, n)), bad)
    return ("[" + ",\n".join(elements) + "]").encode("utf-8", "surrogatepass"), [f"عنوان الخبر {i}" for i in range(n)]


@st.composite
def jsonl_with_bad_bytes(draw) -> tuple[bytes, list[str]]:
    n = draw(st.integers(2, 8))
    lines = [record(i).encode("utf-8") for i in range(n)]
    k = draw(st.integers(0, n - 1))
    bad = lines[k]
    at = draw(st.integers(2, len(bad) - 2))
    lines[k] = bad[:at] + draw(st.binary(min_size=1, max_size=4).filter(lambda b: b"\n" not in b)) + bad[at:]
    return b"\n".join(lines) + b"\n", [f"عنوان الخبر {i}" for i in range(n) if i != k]


@st.composite
def warc_with_a_bad_record(draw) -> tuple[bytes, list[str]]:
    """Three good responses and one whose Content-Length is off, or that is cut, or that
    has garbage after it; every other page must be read whole."""
    from hostile_corpus import _resized

    recs = _warc_records(_warc(4, False))
    k = draw(st.integers(0, 3))
    damage = draw(st.integers(0, 2))
    if damage == 0:
        recs[k] = _resized(recs[k], draw(st.integers(-200, 200).filter(lambda d: abs(d) > 4)))
    elif damage == 1:
        recs[k] = recs[k] + draw(st.binary(min_size=1, max_size=200).filter(lambda b: b"WARC/" not in b))
    else:
        recs[k] = b"\n" + recs[k][: draw(st.integers(1, len(recs[k]) - 1))]  # a record cut, then the next
    keep = [f"http://example.org/{i}" for i in range(4) if i != k]
    return b"".join(recs), keep


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


SAMPLES = {
    "json": ("[" + ",".join(record(i) for i in range(3)) + "]").encode("utf-8"),
    "jsonl": "\n".join(record(i) for i in range(3)).encode("utf-8"),
    "zip": _zip({"a.json": ("[" + record(1) + "]").encode(), "b.txt": article(2).encode(), "c.zip": b""}),
    "warc": _warc(3, False),
    "warc.gz": _warc(3, True),
    "feed": (
        "<rss><channel><title>صحيفة</title>"
        + "".join(f"<item><title>خبر {i}</title><description>{article(i)}</description></item>" for i in range(3))
        + "</channel></rss>"
    ).encode("utf-8"),
    "html": f"<html><body><p>{article(1)}</p></body></html>".encode(),
}


@st.composite
def mutated(draw) -> tuple[bytes, str]:
    """A valid sample of some format, damaged: bytes flipped, cut, spliced or repeated."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[name])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.integers(0, 3))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == 0 and data:
            data[at] = draw(st.integers(0, 255))
        elif op == 1:
            data = data[:at]
        elif op == 2:
            data[at:at] = draw(st.binary(max_size=64))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 512))]
    fmt = draw(st.sampled_from(["auto", name.split(".")[0] if name != "jsonl" else "json"]))
    return bytes(data), fmt


raw_input = st.tuples(st.binary(max_size=3000), st.sampled_from(FORMATS))


# --- the properties (each takes one drawn example) ---------------------------------------


def any_bytes_never_raise(example: tuple[bytes, str]) -> None:
    data, fmt = example
    check(data, fmt)
    check(data, fmt, errors="replace")


def damaged_files_never_raise(example: tuple[bytes, str]) -> None:
    check(*example)


def hostile_json_record_costs_itself_only(example: tuple[bytes, list[str]]) -> None:
    data, titles = example
    got = [r.meta.title for r in check(data, "json")]
    assert all(t in got for t in titles), (titles, got)


def bad_bytes_cost_their_record_only(example: tuple[bytes, list[str]]) -> None:
    data, titles = example
    got = [r.meta.title for r in check(data, "json")]
    assert all(t in got for t in titles), (titles, got)
    assert len(check(data, "json", errors="replace")) >= len(titles)


def bad_warc_record_costs_itself_only(example: tuple[bytes, list[str]]) -> None:
    data, urls = example
    got = {r.meta.url: r.body for r in check(data, "warc")}
    for url in urls:
        assert url in got, (url, sorted(got))
        assert article(int(url.rsplit("/", 1)[1])) in got[url]


PROPERTIES = [
    (any_bytes_never_raise, raw_input),
    (damaged_files_never_raise, mutated()),
    (hostile_json_record_costs_itself_only, jsonl_with_a_hostile_line()),
    (hostile_json_record_costs_itself_only, array_with_a_hostile_element()),
    (bad_bytes_cost_their_record_only, jsonl_with_bad_bytes()),
    (bad_warc_record_costs_itself_only, warc_with_a_bad_record()),
]
