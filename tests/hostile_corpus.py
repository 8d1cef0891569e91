"""Hostile and careless inputs for the readers, generated here and never committed (the
1 GB zip bomb is made, not stored).

    python tests/hostile_corpus.py OUT_DIR          # small sizes, as the tests use them
    python tests/hostile_corpus.py OUT_DIR --full   # the sizes of issue 16 (1 GB of zeros ...)

Each case writes one input under OUT_DIR and says how many valid records it holds (a
reader must return every one of them, whatever else the file holds) and whether something
in it must be reported as a failure. The articles are this project's own sentences.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1 << 20
SENTENCES = [
    "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة تبوك بسعة ثلاثمئة سرير.",
    "وقال المتحدث باسم الوزارة إن المستشفى سيخدم سكان المحافظات المجاورة خلال العام المقبل.",
    "وتوقعت الأرصاد الجوية هطول أمطار غزيرة على المنطقة الشرقية مساء الثلاثاء.",
    "وافتتح معرض الكتاب أبوابه للزوار بمشاركة أكثر من خمسمئة دار نشر من مختلف الدول.",
]


def article(i: int) -> str:
    """A short article of this project's own sentences, different for each ``i``."""
    return " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)) + f" (الخبر رقم {i})"


def record(i: int, **extra) -> str:
    return json.dumps({"title": f"عنوان الخبر {i}", "text": article(i), **extra}, ensure_ascii=False)


@dataclass(frozen=True)
class Case:
    name: str  # the file (or folder) written under the corpus folder
    build: Callable[[Path, bool], None]  # write it there; True: the full (issue-sized) version
    records: int  # valid records in it: every one must be read
    failures: bool  # whether something in it must be reported as a failure
    special: bool = False  # a named pipe: read only in a child process with a timeout
    records_full: int | None = None  # valid records in the full version, when it has more

    def expected(self, full: bool) -> int:
        return self.records_full if full and self.records_full is not None else self.records


def _write(data: bytes | str) -> Callable[[Path, bool], None]:
    def build(path: Path, full: bool) -> None:
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return build


def _zip_bomb(method: int, full_size: int, small_size: int) -> Callable[[Path, bool], None]:
    def build(path: Path, full: bool) -> None:
        zeros = bytes(MB)
        with zipfile.ZipFile(path, "w", method) as z:
            with z.open("bomb.txt", "w", force_zip64=True) as member:
                for _ in range((full_size if full else small_size) // MB):
                    member.write(zeros)
            z.writestr("good.txt", article(1))

    return build


def _zip_lying_size(path: Path, full: bool) -> None:
    """A deflated member whose headers declare 1,000 bytes for what inflates to much more."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("good.txt", article(1))
        z.writestr("liar.txt", bytes((256 if full else 16) * MB))
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("liar.txt")
    for where in (info.header_offset + 22, data.rfind(b"PK\x01\x02") + 24):  # local and central uncompressed size
        data[where : where + 4] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def _zip_nested(path: Path, full: bool) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep.txt", article(9))
    for depth in range(3):
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w") as z:
            z.writestr(f"level{depth}.zip", inner.getvalue())
        inner = outer
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("nested.zip", inner.getvalue())
        z.writestr("good.txt", article(1))


def _zip_truncated(path: Path, full: bool) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(4):
            z.writestr(f"a{i}.txt", article(i))
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def _big_text(path: Path, full: bool) -> None:
    line = (article(2) + "\n").encode("utf-8")
    with path.open("wb") as f:
        for _ in range((200 if full else 20) * MB // len(line)):
            f.write(line)


def _jsonl(lines: list[str | bytes]) -> Callable[[Path, bool], None]:
    return _write(b"\n".join(x.encode("utf-8") if isinstance(x, str) else x for x in lines) + b"\n")


def _deep(path: Path, full: bool) -> None:
    n = 1_000_000 if full else 100_000
    _jsonl([record(1), "[" * n + "]" * n, record(2), '{"text": ' + "[" * n + '"x"' + "]" * n + "}", record(3)])(
        path, full
    )


def _deep_array(path: Path, full: bool) -> None:
    n = 1_000_000 if full else 100_000
    path.write_text("[" + ",".join([record(1), "[" * n + "]" * n, record(2)]) + "]", encoding="utf-8")


def _huge_numbers(path: Path, full: bool) -> None:
    big = "7" * (1_000_000 if full else 5_000)
    _jsonl([record(1), f'{{"text": "x", "n": {big}}}', record(2), f'{{"text": "x", "n": {big}.5}}', record(3)])(
        path, full
    )


def _long_line(path: Path, full: bool) -> None:
    long = json.dumps({"text": "ب" * ((100 if full else 20) * MB // 2)}, ensure_ascii=False)
    _jsonl([record(1), long, record(2)])(path, full)


def _array_with_bad_elements(path: Path, full: bool) -> None:
    elements = [record(i) for i in range(1000)]
    elements[1] = '{"text": NaNx}'
    elements[500] = "{'text': 'single quotes'}"
    elements[700] = '{"text": "a raw\ttab and an unescaped "quote" inside"}'
    path.write_text("[\n" + ",\n".join(elements) + "\n]\n", encoding="utf-8")


def _invalid_utf8(path: Path, full: bool) -> None:
    lines = [record(i).encode("utf-8") for i in range(5)]
    lines[2] = lines[2].replace("الخبر".encode(), b"\xff\xfe")
    path.write_bytes(b"\n".join(lines) + b"\n")


def _invalid_utf8_array(path: Path, full: bool) -> None:
    elements = [record(i).encode("utf-8") for i in range(5)]
    elements[3] = elements[3].replace("الخبر".encode(), b"\xc3")
    path.write_bytes(b"[" + b",\n".join(elements) + b"]")


def _lone_surrogates(path: Path, full: bool) -> None:
    path.write_text(
        json.dumps({"title": "عنوان \ud800 مكسور", "text": article(1) + " \udfff"}) + "\n", encoding="utf-8"
    )


def _controls(path: Path, full: bool) -> None:
    hostile = "\x1b[31m\x1b]0;pwned\x07\u202eأخبار\u2066[/bold]\x00\r"
    _jsonl([record(i, source=hostile, url=f"http://x/{hostile}", author=hostile) for i in range(3)])(path, full)


def _warc(
    n: int, gz: bool, payloads: dict[int, tuple[bytes, list[tuple[str, str]]]] | None = None, first: int = 0
) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for i in range(first, first + n):
        body = f"<html><head><title>خبر {i}</title></head><body><article><p>{article(i)}</p></article></body></html>"
        payload, headers = (payloads or {}).get(i, (body.encode("utf-8"), []))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *headers], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"http://example.org/{i}", "response", payload=io.BytesIO(payload), http_headers=http
            )
        )
    return out.getvalue()


def _warc_records(data: bytes) -> list[bytes]:
    return [b"WARC/1." + part for part in data.split(b"WARC/1.")[1:]]


def _resized(record: bytes, delta: int) -> bytes:
    import re

    m = re.search(rb"Content-Length: (\d+)", record)
    assert m is not None
    return record[: m.start(1)] + str(int(m.group(1)) + delta).encode() + record[m.end(1) :]


def _warc_missized(delta: int) -> Callable[[Path, bool], None]:
    def build(path: Path, full: bool) -> None:
        recs = _warc_records(_warc(3, False))
        path.write_bytes(recs[0] + _resized(recs[1], delta) + recs[2])

    return build


def _warc_truncated(path: Path, full: bool) -> None:
    data = _warc(3, False)
    path.write_bytes(data[: len(data) - 150])


def _warc_damaged_gz(path: Path, full: bool) -> None:
    members = [_warc(1, True, first=i) for i in range(3)]
    middle = bytearray(members[1])
    for k in range(30, 60):
        middle[k] ^= 0x5A
    path.write_bytes(members[0] + bytes(middle) + members[2])


def _warc_gzip_bomb(path: Path, full: bool) -> None:
    body = b"<html><body><p>" + b"a" * ((1024 if full else 64) * MB) + b"</p></body></html>"
    bomb = gzip.compress(body, 9)
    path.write_bytes(_warc(3, True, {1: (bomb, [("Content-Encoding", "gzip")])}))


def _warc_huge_record(path: Path, full: bool) -> None:
    body = b"<html><body><p>" + b"a" * ((1024 if full else 64) * MB) + b"</p></body></html>"
    path.write_bytes(_warc(3, True, {1: (body, [])}))


def _warc_garbage_between(path: Path, full: bool) -> None:
    recs = _warc_records(_warc(3, False))
    path.write_bytes(recs[0] + b"\x00garbage that is no record\r\n" * 20 + recs[1] + recs[2])


def _feed_billion_laughs(path: Path, full: bool) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss><channel><title>t</title>'
        f"<item><title>&lol9;</title><description>x</description></item></channel></rss>",
        encoding="utf-8",
    )


def _feed_huge_item(path: Path, full: bool) -> None:
    huge = "ب" * ((50 if full else 20) * MB // 2)
    path.write_text(
        "<rss><channel><title>صحيفة</title>"
        f"<item><title>خبر</title><description>{article(1)}</description></item>"
        f"<item><title>كبير</title><description>{huge}</description></item>"
        f"<item><title>بعده</title><description>{article(2)}</description></item></channel></rss>",
        encoding="utf-8",
    )


def _feed_many_items(path: Path, full: bool) -> None:
    n = 100_000 if full else 1_000
    with path.open("w", encoding="utf-8") as f:
        f.write("<rss><channel><title>صحيفة</title>")
        for i in range(n):
            f.write(f"<item><title>خبر {i}</title><description>{article(i)}</description></item>")
        f.write("</channel></rss>")


def _fifo_folder(path: Path, full: bool) -> None:
    path.mkdir()
    (path / "a.txt").write_text(article(1), encoding="utf-8")
    os.mkfifo(path / "pipe.txt")


def _many_attributes(path: Path, full: bool) -> None:
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(50_000))
    path.write_text(f"<html><body><div {attributes}><p>{article(1)}</p></div></body></html>", encoding="utf-8")


def _random(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _few_bad_bytes(path: Path, full: bool) -> None:
    text = article(1) * 20
    path.write_bytes(text[:50].encode() + b"\xff" + text[50:500].encode() + b"\xfe" + text[500:].encode())


CASES: list[Case] = [
    Case("zip_bomb.zip", _zip_bomb(zipfile.ZIP_DEFLATED, 1024 * MB, 64 * MB), 1, True),
    Case("zip_bomb_bzip2.zip", _zip_bomb(zipfile.ZIP_BZIP2, 1024 * MB, 16 * MB), 1, True),
    Case("zip_bomb_lzma.zip", _zip_bomb(zipfile.ZIP_LZMA, 256 * MB, 16 * MB), 1, True),
    Case("zip_lying_size.zip", _zip_lying_size, 1, True),
    Case("zip_nested.zip", _zip_nested, 1, True),
    Case("zip_truncated.zip", _zip_truncated, 0, True),
    Case("zip_random.zip", _write(b"PK\x03\x04" + _random(5000, 1)), 0, True),
    Case("big_text.txt", _big_text, 0, True),
    Case("long_article.txt", _write(("ب" * 1000 + "\n") * 2100), 0, True),
    Case("binary.txt", _write(_random(100_000, 2)), 0, True),
    Case("binary.json", _write(_random(100_000, 3)), 0, True),
    Case("binary.jsonl", _write(b"\x00" + _random(100_000, 4)), 0, True),
    Case("binary.warc", _write(_random(100_000, 5)), 0, True),
    Case("binary.xml", _write(_random(100_000, 6)), 0, True),
    Case("empty.json", _write(b""), 0, True),
    Case("empty.jsonl", _write(b"\n\n  \n"), 0, True),
    Case("empty.txt", _write(b""), 0, True),
    Case("empty.warc", _write(b""), 0, True),
    Case("empty.xml", _write(b""), 0, True),
    Case("first_line_long.jsonl", _jsonl([record(1, padding="ت" * 10_000), record(2), record(3)]), 3, False),
    Case("array_bad_elements.json", _array_with_bad_elements, 997, True),
    Case("truncated_array.json", _write("[" + ",".join(record(i) for i in range(3))[:-40]), 2, True),
    Case("deep_nesting.jsonl", _deep, 3, True),
    Case("deep_nesting_array.json", _deep_array, 2, True),
    Case("huge_numbers.jsonl", _huge_numbers, 3, True),
    Case("long_line.jsonl", _long_line, 2, True),
    Case("invalid_utf8.jsonl", _invalid_utf8, 4, True),
    Case("invalid_utf8_array.json", _invalid_utf8_array, 4, True),
    Case("lone_surrogates.jsonl", _lone_surrogates, 1, False),
    Case("control_characters.jsonl", _controls, 3, False),
    Case(
        "pretty_documents.json",
        _write("\n".join(json.dumps(json.loads(record(i)), indent=2) for i in range(3))),
        3,
        False,
    ),
    Case("warc_truncated.warc", _warc_truncated, 2, True),
    Case("warc_content_length_short.warc", _warc_missized(-50), 2, True),
    Case("warc_content_length_long.warc", _warc_missized(+50), 2, True),
    Case("warc_damaged_member.warc.gz", _warc_damaged_gz, 2, True),
    Case("warc_gzip_bomb.warc.gz", _warc_gzip_bomb, 2, True),
    Case("warc_huge_record.warc.gz", _warc_huge_record, 2, True),
    Case("warc_garbage_between.warc", _warc_garbage_between, 3, True),
    Case("feed_billion_laughs.xml", _feed_billion_laughs, 0, True),
    Case("feed_huge_item.rss", _feed_huge_item, 1, True),
    Case("feed_many_items.rss", _feed_many_items, 1_000, False, records_full=100_000),
    Case("starts_with_bracket", _write("[ad_1]\n" + article(1) + "\n" + article(2)), 1, False),
    Case("starts_with_brace", _write("{{قالب}}\n" + article(1)), 1, False),
    Case("few_bad_bytes.txt", _few_bad_bytes, 0, True),
    Case("many_attributes.html", _many_attributes, 1, False),
    Case("folder_with_fifo", _fifo_folder, 1, True, special=True),
]


def build(out: Path, full: bool = False, names: set[str] | None = None) -> list[tuple[Case, Path]]:
    """Write the cases (those in ``names``, or all) under ``out``; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        if names and case.name not in names:
            continue
        path = out / case.name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        case.build(path, full)
        written.append((case, path))
    return written


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", type=Path)
    p.add_argument("--full", action="store_true", help="the issue's sizes (1 GB zip bomb ...): about 2 GB of disk")
    args = p.parse_args()
    for case, path in build(args.out, args.full):
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size
        print(f"{case.name}\t{size:,} bytes\t{case.expected(args.full)} valid records")


if __name__ == "__main__":
    main()
