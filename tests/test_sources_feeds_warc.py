import gzip
import io

import pytest

from khabar.sources import Failure, Record, read_paths

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>صحيفة الخبر اليومي</title>
<item><title>افتتاح مستشفى جديد في تبوك</title><link>http://example.org/1</link>
<pubDate>Tue, 04 Aug 2015 10:00:00 +0300</pubDate><dc:creator>تبوك: سعاد المطيري</dc:creator>
<content:encoded><![CDATA[<p>افتتح أمير المنطقة اليوم مستشفى جديدا بسعة ثلاثمئة سرير.</p><p>وقال مدير الصحة إن المستشفى سيخدم المحافظات المجاورة.</p>]]></content:encoded></item>
<item><title>ارتفاع درجات الحرارة</title><link>http://example.org/2</link>
<description>توقعت الأرصاد ارتفاع درجات الحرارة في المنطقة الشرقية.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة الأنباء التجريبية</title>
<entry><title>توقيع اتفاقية تعاون</title><link href="http://example.org/atom/1"/>
<published>2015-08-05T09:30:00+03:00</published><author><name>المحرر</name></author>
<content type="html">&lt;p&gt;وقعت الجامعة اتفاقية تعاون مع شركة تقنية لتدريب الطلاب.&lt;/p&gt;</content></entry>
</feed>"""


@pytest.mark.parametrize("name", ["news.rss", "news.xml"])
def test_sources_rss_items_with_metadata(tmp_path, name):
    path = tmp_path / name
    path.write_text(RSS, encoding="utf-8")
    items = list(read_paths([str(path)]))
    assert [type(i) for i in items] == [Record, Record]
    first, second = items
    assert first.format == "html" and "ثلاثمئة سرير" in first.body
    assert first.meta.title == "افتتاح مستشفى جديد في تبوك" and first.meta.published == "2015-08-04"
    assert first.meta.source == "صحيفة الخبر اليومي" and first.meta.author == "تبوك: سعاد المطيري"
    assert second.format == "text" and second.meta.url == "http://example.org/2"


def test_sources_atom_entry_sniffed_without_extension(tmp_path):
    path = tmp_path / "feed"
    path.write_text(ATOM, encoding="utf-8")
    [entry] = list(read_paths([str(path)]))
    assert entry.meta.url == "http://example.org/atom/1" and entry.meta.published.startswith("2015-08-05")
    assert "اتفاقية تعاون" in entry.body and entry.format == "html"


def test_sources_broken_feed_is_a_failure(tmp_path):
    path = tmp_path / "bad.rss"
    path.write_text("<rss><channel><item><title>خبر", encoding="utf-8")
    [failure] = list(read_paths([str(path)]))
    assert isinstance(failure, Failure) and "well-formed" in failure.message


def _warc(pages: list[tuple[str, str, str]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for url, ctype, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body.encode("cp1256" if "1256" in ctype else "utf-8")),
                http_headers=headers,
            )
        )
    return out.getvalue()


PAGE = "<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p>{p}</p></article></body></html>"


@pytest.mark.parametrize("gz, name", [(False, "crawl.warc"), (True, "crawl.warc.gz"), (True, "crawl.bin")])
def test_sources_warc_html_responses_only(tmp_path, gz, name):
    pages = [
        (
            "http://example.org/a",
            "text/html; charset=utf-8",
            PAGE.format(
                t="أمطار غزيرة على جدة",
                p="هطلت أمطار غزيرة على جدة صباح اليوم وأعلن الدفاع المدني رفع الجاهزية في جميع الأحياء.",
            ),
        ),
        ("http://example.org/s.css", "text/css", "body { color: red }"),
        (
            "http://example.org/b",
            "text/html; charset=windows-1256",
            PAGE.format(
                t="معرض الكتاب", p="افتتح معرض الكتاب أبوابه للزوار بمشاركة أكثر من خمسمئة دار نشر من مختلف الدول."
            ),
        ),
    ]
    path = tmp_path / name
    path.write_bytes(_warc(pages, gz))
    records = list(read_paths([str(path)]))
    assert [r.meta.url for r in records] == ["http://example.org/a", "http://example.org/b"]
    assert all(r.format == "html" for r in records)
    assert "خمسمئة دار نشر" in records[1].body  # decoded from Windows-1256


def test_sources_not_a_warc_is_a_failure(tmp_path):
    path = tmp_path / "x.warc"
    path.write_bytes(gzip.compress(b"this is not an archive at all"))
    items = list(read_paths([str(path)]))
    assert len(items) == 1 and isinstance(items[0], Failure)


def test_sources_damaged_warc_and_feeds_never_raise(capsys):
    import random

    from khabar.sources.files import read_stream

    good = _warc([("http://example.org/a", "text/html; charset=utf-8", PAGE.format(t="خبر", p="نص الخبر هنا."))], False)
    rng = random.Random(0)
    samples = [
        b'<?xml version="1.0" encoding="bogus"?><rss/>',
        b"<rss><channel><item><title>&x;</title></item></channel></rss>",
    ]
    for _ in range(300):
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        samples.append(bytes(damaged))
    for data in samples:
        assert all(isinstance(item, (Record, Failure)) for item in read_stream(io.BytesIO(data), "x", "auto"))
    assert capsys.readouterr().err == ""  # warcio's warnings become Failures, not stderr noise
