import gzip
import io
import json
import zipfile

import pytest

from khabar.sources import Failure, Record, read_paths
from khabar.sources.decode import DecodeError, decode
from khabar.sources.html import extract

ARTICLE = "أعلنت الهيئة العامة للإحصاء أن معدل التضخم تراجع إلى 1.8 في المئة خلال الربع الثاني."
PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><title>التضخم يتراجع</title>
<meta property="og:site_name" content="صحيفة الاقتصاد"><meta name="author" content="سارة محمد">
<meta property="article:published_time" content="2024-04-09T08:00:00+03:00">
<link rel="canonical" href="https://example.com/news/1"></head>
<body><nav>الرئيسية | اقتصاد | رياضة</nav><article><h1>التضخم يتراجع</h1>
<p>{ARTICLE}</p><p>وقال رئيس الهيئة إن التراجع يعكس استقرار أسعار الغذاء والطاقة في الأسواق المحلية.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def read(tmp_path, name, data, **kw):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return list(read_paths([str(p)], **kw))


@pytest.mark.parametrize("encoding", ["utf-8", "cp1256", "utf-16", "utf-8-sig", "utf-16-le", "iso-8859-6"])
def test_sources_text_encodings_decoded_without_mojibake(tmp_path, encoding):
    [rec] = read(tmp_path, "a.txt", ARTICLE.replace("1.8", "2").encode(encoding))
    assert isinstance(rec, Record)
    assert rec.body == ARTICLE.replace("1.8", "2")


def test_sources_forced_encoding(tmp_path):
    [rec] = read(tmp_path, "a.txt", ARTICLE.encode("cp1256"), encoding="cp1256")
    assert rec.body == ARTICLE


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (bytes(range(256)) * 4, "binary"),
        (gzip.compress(b"hello"), "binary"),
    ],
)
def test_sources_bad_files_fail_with_a_clear_message(tmp_path, data, message):
    [item] = read(tmp_path, "bad.txt", data)
    assert isinstance(item, Failure)
    assert message in item.message and "\n" not in item.message


def test_sources_html_page_metadata(tmp_path):
    [rec] = read(tmp_path, "page.html", PAGE)
    assert rec.format == "html"
    text, meta = extract(rec.body)
    assert ARTICLE in text and "جميع الحقوق" not in text
    assert meta.title == "التضخم يتراجع"
    assert meta.published == "2024-04-09"
    assert meta.author == "سارة محمد"
    assert meta.url == "https://example.com/news/1"
    assert meta.source == "صحيفة الاقتصاد"


def test_sources_html_detected_without_extension(tmp_path):
    [rec] = read(tmp_path, "page", PAGE)
    assert rec.format == "html"


def test_sources_html_in_windows_1256_uses_declared_charset(tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1256"')
    [rec] = read(tmp_path, "page.htm", page.encode("cp1256"))
    assert ARTICLE in rec.body


def test_sources_broken_html_still_gives_text():
    text, _ = extract("<html><body><div><p>" + ARTICLE + "<p>وأضاف أن الأسعار مستقرة<div></span>")
    assert "معدل التضخم" in text


def test_sources_json_array_with_dump_field_names(tmp_path):
    records = [
        {
            "source": "okaz",
            "url": "http://x/1",
            "date_extracted": "2015-07-21 02:51:32",
            "title": "عنوان",
            "author": "محرر",
            "content": ARTICLE,
        },
        {"site": "sabq", "link": "http://x/2", "date": "2015-07-22", "headline": "عنوان آخر", "text": ARTICLE},
        {"body": ARTICLE, "published": "2015-07-23T10:00:00Z", "authors": ["أ", "ب"]},
    ]
    recs = read(tmp_path, "dump.json", json.dumps(records, ensure_ascii=False))
    assert [r.body for r in recs] == [ARTICLE] * 3
    assert recs[0].meta.source == "okaz" and recs[0].meta.published.startswith("2015-07-21")
    assert recs[1].meta.url == "http://x/2" and recs[1].meta.title == "عنوان آخر"
    assert recs[2].meta.author == "أ، ب"
    assert recs[0].origin.endswith("dump.json#0")


def test_sources_jsonl_invalid_line_fails_alone(tmp_path):
    lines = [
        json.dumps({"text": ARTICLE}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"content": ARTICLE}, ensure_ascii=False),
        json.dumps([1, 2]),
    ]
    items = read(tmp_path, "dump.jsonl", "\n".join(lines))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Record", "Failure", "Record", "Failure", "Failure"]
    assert items[1].origin.endswith(":2") and "invalid JSON" in items[1].message


def test_sources_json_single_pretty_object(tmp_path):
    [rec] = read(tmp_path, "one.json", json.dumps({"title": "عنوان", "content": ARTICLE}, ensure_ascii=False, indent=2))
    assert rec.body == ARTICLE and rec.meta.title == "عنوان"


def test_sources_truncated_json_array_keeps_complete_records(tmp_path):
    text = json.dumps([{"content": ARTICLE}] * 3, ensure_ascii=False)
    items = read(tmp_path, "cut.json", text[: len(text) - 30])
    assert [type(i).__name__ for i in items] == ["Record", "Record", "Failure"]


def test_sources_record_without_text_fails_but_headline_only_is_kept(tmp_path):
    items = read(
        tmp_path, "d.json", json.dumps([{"author": "x"}, {"title": "عنوان فقط", "content": " "}], ensure_ascii=False)
    )
    assert isinstance(items[0], Failure) and "no text" in items[0].message
    assert isinstance(items[1], Record) and items[1].body == "" and items[1].meta.title == "عنوان فقط"


def test_sources_large_json_array_streams_in_chunks(tmp_path, monkeypatch):
    import khabar.sources.jsonstream as jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK", 64)  # force many partial reads
    data = [{"content": ARTICLE + str(i), "title": f"t{i}"} for i in range(50)]
    recs = read(tmp_path, "big.json", json.dumps(data, ensure_ascii=False))
    assert [r.meta.title for r in recs] == [f"t{i}" for i in range(50)]


def test_sources_zip_of_json_and_text(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("day.json", json.dumps([{"content": ARTICLE}, {"content": ARTICLE}], ensure_ascii=False))
        z.writestr("notes/a.txt", ARTICLE)
        z.writestr("__MACOSX/._a.txt", b"\x00\x01")
    items = read(tmp_path, "bundle.zip", buf.getvalue())
    assert [i.origin.split("!")[1] for i in items] == ["day.json#0", "day.json#1", "notes/a.txt"]


def test_sources_zip_member_without_a_name_is_read(tmp_path):
    # found by bench/fuzz.py: a damaged directory can leave a member's name empty
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo(""), ARTICLE)
        z.writestr("b.txt", ARTICLE)
    items = read(tmp_path, "bundle.zip", buf.getvalue())
    assert [type(i).__name__ for i in items] == ["Record", "Record"]
    assert [i.origin.split("!")[1] for i in items] == ["", "b.txt"]


def test_sources_directory_recursive_sorted_and_going_on_after_failures(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_bytes(b"")
    (tmp_path / "b" / "d.jsonl").write_text(json.dumps({"text": ARTICLE}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / ".hidden").write_text("x")
    items = list(read_paths([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Record", "Failure", "Record"]


def test_sources_missing_path_fails(tmp_path):
    [item] = list(read_paths([str(tmp_path / "nope.txt")]))
    assert isinstance(item, Failure) and "no such file" in item.message


def test_sources_decode_refuses_binary():
    with pytest.raises(DecodeError):
        decode(b"%PDF-1.4 binary")


def test_sources_saudinewsnet_zip_reads_as_is(shared_data):
    path = sorted((shared_data / "saudinewsnet").glob("*.zip"))[0]
    items = list(read_paths([str(path)]))
    recs = [i for i in items if isinstance(i, Record)]
    assert len(recs) == len(items) > 1000
    assert all(r.meta.source and r.meta.url and r.meta.published for r in recs)


def test_sources_failure_message_is_one_line():
    # found by bench/fuzz.py: warcio quotes the bad header line, line break included
    failure = Failure("crawl.warc@0", "cannot read the HTTP response: Invalid WARC record, first line: WARC/11.0\r\n")
    assert failure.message == "cannot read the HTTP response: Invalid WARC record, first line: WARC/11.0"
