"""Issue 16: hostile and careless input costs the record that holds it, never the file,
never a traceback, never unbounded memory. One regression test per reader defect, then
every case of the generated hostile corpus (tests/hostile_corpus.py)."""

import io
import json
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hostile_corpus import CASES, article, build, record

from khabar.sources import Failure, Record, read_paths
from khabar.sources.files import read_stream

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return dict((case.name, (case, path)) for case, path in build(tmp_path_factory.mktemp("hostile")))


def kinds(items):
    return [type(i).__name__ for i in items]


def read(path, **kw):
    return list(read_paths([str(path)], **kw))


def peak_mb(fn):
    """Peak of Python allocations while ``fn`` runs, in MB, and its result."""
    tracemalloc.start()
    try:
        result = fn()
        return tracemalloc.get_traced_memory()[1] / 2**20, result
    finally:
        tracemalloc.stop()


# --- defect 1: a JSON Lines file whose first record is longer than the sniffed prefix


def test_sources_jsonl_first_record_longer_than_the_sniffed_prefix(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join([record(1, padding="ت" * 10_000), record(2)]) + "\n", encoding="utf-8")
    items = read(path)
    assert kinds(items) == ["Record", "Record"]
    assert [i.origin for i in items] == [f"{path}:1", f"{path}:2"]


# --- defect 2: one bad element of a JSON array dropped every element after it


def test_sources_json_array_bad_element_costs_itself_only(tmp_path):
    elements = [record(i) for i in range(9000)]
    elements[1] = '{"text": NaNx}'
    path = tmp_path / "d.json"
    path.write_text("[" + ",\n".join(elements) + "]", encoding="utf-8")
    items = read(path)
    assert len(items) == 9000
    assert [i.origin for i in items if isinstance(i, Failure)] == [f"{path}#1"]
    assert items[-1].meta.title == "عنوان الخبر 8999"


# --- defect 5: zip, WARC and large files were read whole before any limit


def test_sources_zip_bomb_refused_before_inflating(corpus):
    _, path = corpus["zip_bomb.zip"]  # 64 MB of zeros in 65 KB
    peak, items = peak_mb(lambda: read(path))
    assert kinds(items) == ["Failure", "Record"]
    assert "--max-member-ratio" in items[0].message and items[0].origin.endswith("!bomb.txt")
    assert peak < 8


@pytest.mark.parametrize("name", ["zip_bomb_bzip2.zip", "zip_bomb_lzma.zip"])
def test_sources_zip_bomb_in_bzip2_or_lzma_refused(corpus, name):
    _, path = corpus[name]
    peak, items = peak_mb(lambda: read(path))
    assert kinds(items) == ["Failure", "Record"] and "--max-member-ratio" in items[0].message
    assert peak < 16  # LZMA's own dictionary for the good member is 8 MB


def test_sources_zip_member_bounded_even_when_its_headers_lie(corpus):
    _, path = corpus["zip_lying_size.zip"]  # declares 1,000 bytes, inflates to 16 MB
    peak, items = peak_mb(lambda: read(path))
    assert kinds(items) == ["Record", "Failure"] and "CRC" in items[1].message
    assert peak < 8


def test_sources_large_text_file_refused_reading_at_most_the_limit(tmp_path):
    from khabar.sources import Limits

    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (3 << 20))
    peak, items = peak_mb(lambda: read(path, limits=Limits(max_bytes=1 << 20)))
    assert kinds(items) == ["Failure"] and "--max-bytes" in items[0].message
    assert peak < 3


def test_sources_warc_record_over_the_limit_passed_over_without_holding_it(corpus):
    _, path = corpus["warc_huge_record.warc.gz"]  # a 64 MB page in a 70 KB archive
    peak, items = peak_mb(lambda: read(path))
    assert kinds(items) == ["Record", "Failure", "Record"] and "--max-bytes" in items[1].message
    assert peak < 24


def test_sources_warc_gzip_bomb_payload_refused(corpus):
    _, path = corpus["warc_gzip_bomb.warc.gz"]  # Content-Encoding: gzip of 64 MB
    peak, items = peak_mb(lambda: read(path))
    assert kinds(items) == ["Record", "Failure", "Record"] and "--max-bytes" in items[1].message
    assert peak < 80


# --- defect 6: deep nesting or a 5,000-digit number aborted the whole batch


@pytest.mark.parametrize("name", ["deep_nesting.jsonl", "deep_nesting_array.json", "huge_numbers.jsonl"])
def test_sources_deep_json_and_huge_numbers_cost_their_record(corpus, name):
    case, path = corpus[name]
    items = read(path)
    assert sum(isinstance(i, Record) for i in items) == case.records
    messages = [i.message for i in items if isinstance(i, Failure)]
    assert messages and all("--max-json-depth" in m or "--max-json-digits" in m for m in messages)


def test_sources_json_depth_and_digits_follow_the_limits(tmp_path):
    from khabar.sources import Limits

    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "x", "a": [[1]], "n": 123456}\n', encoding="utf-8")
    assert kinds(read(path)) == ["Record"]
    assert "--max-json-depth" in read(path, limits=Limits(max_json_depth=2))[0].message
    assert "--max-json-digits" in read(path, limits=Limits(max_json_digits=5))[0].message


# --- defect 10: a FIFO inside an input folder hung the reader forever


def test_sources_fifo_in_a_folder_is_skipped_not_waited_for(corpus):
    _, folder = corpus["folder_with_fifo"]
    code = (
        "import sys;from khabar.sources import read_paths;print([type(i).__name__ for i in read_paths(sys.argv[1:])])"
    )
    out = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "['Record', 'Failure']"


def test_sources_fifo_named_on_the_command_line_is_read(tmp_path):
    import os
    import threading

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(article(1), encoding="utf-8"))
    writer.start()
    items = read(fifo)
    writer.join()
    assert kinds(items) == ["Record"] and items[0].body == article(1)


# --- defect 11: text starting with "[" or "{" on standard input was read as JSON


def test_sources_sample_article_piped_is_text():
    data = (ROOT / "examples" / "sample_article.txt").read_bytes()
    assert data.startswith(b"[")
    [item] = read_stream(io.BytesIO(data), "-")
    assert isinstance(item, Record) and item.format == "text" and item.body.startswith("[ad_1]")


@pytest.mark.parametrize(
    "data, fmt",
    [
        ("[ad_1]\n" + article(1), "text"),
        ("{{قالب}} " + article(1), "text"),
        ("[1] " + article(1), "text"),
        ('{"text": "' + article(1) + '"}', "json"),
        ('[{"text": "' + article(1) + '"}]', "json"),
        ("[\n  {\n" + '    "text": "' + article(1) * 60 + '"\n  }\n]', "json"),  # cut by the sniffed prefix
        ('{"text": broken\n{"text": "' + article(1) + '"}\n', "json"),  # JSON Lines with a damaged first record
    ],
)
def test_sources_json_told_from_text_by_parsing(data, fmt):
    items = list(read_stream(io.BytesIO(data.encode("utf-8")), "-"))
    records = [i for i in items if isinstance(i, Record)]
    assert records
    assert (records[0].body == data) == (fmt == "text")


# --- defect 12: one invalid UTF-8 byte in a JSON Lines file lost all its records


@pytest.mark.parametrize("name", ["invalid_utf8.jsonl", "invalid_utf8_array.json"])
def test_sources_invalid_utf8_costs_its_record_or_is_replaced(corpus, name):
    _, path = corpus[name]
    items = read(path)
    assert kinds(items).count("Record") == 4
    [failure] = [i for i in items if isinstance(i, Failure)]
    assert "--encoding-errors replace" in failure.message
    replaced = read(path, encoding_errors="replace")
    assert kinds(replaced) == ["Record"] * 5
    assert sum("\ufffd" in r.body for r in replaced) == 1


# --- defect 13: truncated or mis-sized WARC records were accepted silently


@pytest.mark.parametrize(
    "name, message, pages",
    [
        ("warc_truncated.warc", "cut short", [0, 1]),
        ("warc_content_length_short.warc", "Content-Length", [0, 2]),
        ("warc_content_length_long.warc", "Content-Length", [0, 2]),
        ("warc_damaged_member.warc.gz", "damaged", [0, 2]),
        ("warc_garbage_between.warc", "no WARC record header", [0, 1, 2]),
    ],
)
def test_sources_damaged_warc_record_fails_alone(corpus, name, message, pages):
    _, path = corpus[name]
    items = read(path)
    records = [i for i in items if isinstance(i, Record)]
    assert [r.meta.url for r in records] == [f"http://example.org/{n}" for n in pages]
    assert all(article(n) in r.body for n, r in zip(pages, records))  # whole pages only
    failures = [i for i in items if isinstance(i, Failure)]
    assert failures and message in failures[0].message and "@" in failures[0].origin


# --- low: encoding errors, --max-chars, limits that validate themselves


def test_sources_text_with_a_few_invalid_bytes_readable_with_replace(corpus):
    _, path = corpus["few_bad_bytes.txt"]
    [failure] = read(path)
    assert isinstance(failure, Failure) and "--encoding-errors replace" in failure.message
    [rec] = read(path, encoding_errors="replace")
    assert rec.body.count("\ufffd") == 2 and "مستشفى" in rec.body


def test_sources_cp1256_still_detected_with_replace(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(article(1).encode("cp1256"))
    assert read(path, encoding_errors="replace")[0].body == article(1)


def test_sources_max_chars_enforced_by_every_reader(tmp_path):
    from khabar.sources import Limits

    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(record(1) + "\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as z:
        z.writestr("c.txt", article(1))
    items = read(tmp_path, limits=Limits(max_chars=50))
    assert kinds(items) == ["Failure"] * 3
    assert all(i.message.endswith("characters is more than --max-chars 50") for i in items)


@pytest.mark.parametrize("field", ["max_chars", "max_bytes", "max_member_ratio", "max_json_depth"])
@pytest.mark.parametrize("value", [0, -1, True, 2.5])
def test_sources_limits_refuse_nonsense(field, value):
    from khabar.sources import Limits

    with pytest.raises(ValueError, match="--" + field.replace("_", "-")):
        Limits(**{field: value})


def test_sources_bad_options_refused_before_reading():
    with pytest.raises(ValueError, match="--encoding-errors"):
        read_paths(["x"], encoding_errors="ignore").__next__()
    with pytest.raises(ValueError, match="--encoding"):
        read_paths(["x"], encoding="no-such-codec").__next__()


def test_sources_lone_surrogate_escapes_become_replacement_characters(corpus):
    _, path = corpus["lone_surrogates.jsonl"]
    [rec] = read(path)
    assert "\ufffd" in rec.body and "\ufffd" in rec.meta.title
    rec.body.encode("utf-8"), rec.meta.title.encode("utf-8")  # valid Unicode: any UTF-8 output can hold it


def test_sources_pretty_printed_documents_one_after_another(tmp_path):
    path = tmp_path / "jq.json"
    path.write_text("\n".join(json.dumps(json.loads(record(i)), indent=2) for i in range(3)), encoding="utf-8")
    items = read(path)
    assert kinds(items) == ["Record"] * 3
    assert [i.origin.rsplit(":", 1)[1] for i in items] == ["1", "5", "9"]


def test_sources_feed_streamed_one_item_at_a_time(corpus):
    from khabar.sources import Limits

    _, path = corpus["feed_huge_item.rss"]
    items = read(path, limits=Limits(max_bytes=1 << 20))
    assert kinds(items) == ["Record", "Failure"] and "--max-bytes" in items[1].message


def test_sources_feed_entity_expansion_bounded(corpus):
    _, path = corpus["feed_billion_laughs.xml"]
    peak, items = peak_mb(lambda: read(path))
    assert kinds(items) == ["Failure"] and "amplification" in items[0].message
    assert peak < 100  # expat stops expanding at its own bound (8 MB of output before the factor check)


# --- the whole hostile corpus


@pytest.mark.parametrize("name", [c.name for c in CASES if not c.special])
def test_sources_hostile_corpus_no_record_lost_no_traceback(corpus, name):
    case, path = corpus[name]
    peak, items = peak_mb(lambda: read(path))
    assert all(isinstance(i, (Record, Failure)) for i in items)
    assert sum(isinstance(i, Record) for i in items) == case.records
    failures = [i for i in items if isinstance(i, Failure)]
    assert bool(failures) == case.failures
    assert all("\n" not in str(f) for f in failures)
    assert peak < 100  # MB of Python allocations; bench/hostile.py measures whole-process RSS


def test_sources_every_limit_documented_with_its_flag():
    from dataclasses import fields

    from khabar.sources import Limits
    from khabar.sources.limits import flag

    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    for f in fields(Limits):
        assert f"`{f.name}`" in doc and f"`{flag(f.name)}`" in doc, f.name
