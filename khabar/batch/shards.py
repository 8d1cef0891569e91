"""Input shards: the files a batch reads, each done (and resumed) as one unit.

A shard is one input file: a local file (found in a folder, recursively, in sorted
order, as ``khabar ingest`` walks it), a file on any filesystem pyarrow reads (``s3://``,
``gs://``, ``hdfs://`` …), an ``http(s)://`` URL, or one line of a Common Crawl path
listing (``warc.paths.gz``: each line a WARC path under ``--base-uri``). Records are read
with ``khabar.sources``' readers, so a shard yields exactly what ``khabar ingest`` would
read from the same file; Parquet files (a text column and metadata columns named as in
JSON dumps) are read here.

Why a file is the unit: a Common Crawl news WARC (~1 GB, tens of thousands of pages) is
what cc-pyspark and the CC index tables process per task too, a file is the only thing a
resumed run can name without reading it again, and the output of one file is written
and committed whole (``batch.output``), so a rerun never doubles a record.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from khabar.sources.base import Failure, Record
from khabar.sources.files import EXTENSIONS, read_paths, read_stream, walk
from khabar.sources.records import FIELDS, to_record

CC_BASE = "https://data.commoncrawl.org/"
PARQUET_ROWS = 256  # rows decoded at a time from a Parquet input


@dataclass(frozen=True)
class Shard:
    """One input file. ``path`` is as the user named or we found it (it becomes each
    record's ``origin``, as in ``khabar ingest``); ``uri`` is absolute, for the manifest."""

    path: str
    uri: str
    size: int | None = None
    mtime: int | None = None  # nanoseconds

    @property
    def id(self) -> str:
        """Stable across runs and working directories: the hash of the absolute URI."""
        return hashlib.sha256(self.uri.encode("utf-8", "surrogatepass")).hexdigest()[:24]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Shard:
        return cls(d["path"], d["uri"], d.get("size"), d.get("mtime"))


def has_scheme(location: str) -> bool:
    """``s3://bucket/x`` or ``https://…``, not a local path (``C:\\x`` has a one-letter scheme)."""
    scheme = urlparse(location).scheme
    return len(scheme) > 1 and scheme != "file"


def filesystem(location: str) -> tuple[Any, str]:
    """pyarrow's filesystem for a local path or a URI, and the path inside it."""
    from pyarrow import fs

    if has_scheme(location) or location.startswith("file://"):
        return fs.FileSystem.from_uri(location)
    return fs.LocalFileSystem(), os.path.abspath(location)


def find_shards(inputs: list[str], base_uri: str = CC_BASE, skip: str | None = None) -> Iterator[Shard | Failure]:
    """Every input file under ``inputs``, in order; ``skip`` (the output folder) is never read."""
    skipped = os.path.abspath(skip) if skip and not has_scheme(skip) else None
    for location in inputs:
        if _is_path_listing(location):
            yield from _listed(location, base_uri)
        elif location.startswith(("http://", "https://")):
            yield Shard(location, location)
        elif has_scheme(location) or location.startswith("file://"):
            yield from _remote(location)
        else:
            yield from _local(location, skipped)


def _local(location: str, skipped: str | None) -> Iterator[Shard | Failure]:
    p = Path(location)
    if not p.exists():
        yield Failure(location, "no such file or directory")
        return
    files = [p] if not p.is_dir() else list(walk(p))
    files = [f for f in files if not (skipped and os.path.abspath(f).startswith(skipped + os.sep))]
    if not files:
        yield Failure(location, "directory holds no files")
    for f in files:
        st = f.stat()
        yield Shard(str(f), os.path.abspath(f), st.st_size, st.st_mtime_ns)


def _remote(location: str) -> Iterator[Shard | Failure]:
    from pyarrow import fs

    try:
        system, root = filesystem(location)
        info = system.get_file_info(root)
        if info.type == fs.FileType.NotFound:
            yield Failure(location, "no such file or directory")
            return
        infos = [info] if info.type == fs.FileType.File else system.get_file_info(fs.FileSelector(root, recursive=True))
    except (OSError, ValueError) as e:  # unreachable bucket, bad URI, missing credentials
        yield Failure(location, f"cannot list: {e}")
        return
    scheme = urlparse(location).scheme

    def hidden(path: str) -> bool:  # below the folder named, as local folders are walked
        return any(p.startswith(".") for p in path[len(root) :].split("/"))

    files = sorted((i for i in infos if i.type == fs.FileType.File and not hidden(i.path)), key=lambda i: i.path)
    if not files:
        yield Failure(location, "directory holds no files")
    for i in files:
        uri = f"{scheme}://{i.path}"
        yield Shard(uri, uri, i.size, i.mtime_ns)


def _is_path_listing(location: str) -> bool:
    name = location.rstrip("/").rsplit("/", 1)[-1].lower()
    return name.endswith((".paths", ".paths.gz"))


def _listed(location: str, base_uri: str) -> Iterator[Shard | Failure]:
    """A Common Crawl listing (``warc.paths.gz``): one relative path per line."""
    try:
        with _open(location) as fh:
            raw = fh.read()
    except OSError as e:
        yield Failure(location, f"cannot read the path listing: {e}")
        return
    text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8", "replace")
    base = base_uri if base_uri.endswith("/") or not base_uri else base_uri + "/"
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            uri = base + line.lstrip("/") if not has_scheme(line) else line
            yield Shard(uri, uri if has_scheme(uri) else os.path.abspath(uri))


def _open(location: str, compression: str | None = None) -> Any:
    """A binary stream of a local file, a pyarrow filesystem file or a URL."""
    if location.startswith(("http://", "https://")):
        import urllib.request

        stream: Any = urllib.request.urlopen(location, timeout=60)  # noqa: S310 (the user's own URL)
        if compression == "gzip":
            stream = gzip.GzipFile(fileobj=stream)
        return stream
    system, path = filesystem(location)
    return system.open_input_stream(path, compression=compression)


def _format(path: str) -> str:
    name = path.lower()
    if name.endswith((".warc.gz", ".warc")):
        return "warc"
    if name.endswith(".parquet"):
        return "parquet"
    stem = name[:-3] if name.endswith(".gz") else name
    return EXTENSIONS.get(os.path.splitext(stem)[1], "auto")


def read_shard(shard: Shard, text_column: str | None = None) -> Iterator[Record | Failure]:
    """The records of one shard, as ``khabar.sources`` reads them, failures included."""
    fmt = _format(shard.path)
    local = not has_scheme(shard.path) and not shard.path.startswith("file://")
    if fmt == "parquet":
        yield from read_parquet(shard.path, text_column)
        return
    gzipped = shard.path.lower().endswith(".gz") and fmt != "warc"  # a .warc.gz is read member by member
    if local and not gzipped:
        yield from read_paths([shard.path])
        return
    try:
        with _open(shard.path, "gzip" if gzipped else None) as fh:
            yield from read_stream(fh, shard.path, fmt)
    except OSError as e:
        yield Failure(shard.path, f"cannot read: {e}")


def read_parquet(location: str, text_column: str | None = None) -> Iterator[Record | Failure]:
    """One record per row: the text column (``text_column``, else the first of the names
    JSON dumps use: text, content, body …) and the metadata columns named as in JSON."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        system, path = filesystem(location)
        parquet = pq.ParquetFile(system.open_input_file(path))
    except (OSError, pa.ArrowInvalid) as e:
        yield Failure(location, f"not a readable Parquet file: {e}")
        return
    names = set(parquet.schema_arrow.names)
    if text_column is not None and text_column not in names:
        yield Failure(location, f"no column {text_column!r}; columns are {', '.join(sorted(names))}")
        return
    wanted = {n for names_of in FIELDS.values() for n in names_of} & names
    if text_column:
        wanted.add(text_column)
    if text_column is None and not names & set(FIELDS["body"]):
        yield Failure(location, f"no text column (looked for {', '.join(FIELDS['body'][:4])}); pass --text-column")
        return
    n = 0
    for batch in parquet.iter_batches(batch_size=PARQUET_ROWS, columns=sorted(wanted)):
        for row in batch.to_pylist():
            if text_column:
                row = {k: v for k, v in row.items() if k not in FIELDS["body"] or k == text_column}
                row["text"] = row.pop(text_column)
            yield to_record(row, f"{location}#{n}")
            n += 1
    if n == 0:
        yield Failure(location, "Parquet file holds no rows")


__all__ = ["Shard", "filesystem", "find_shards", "has_scheme", "read_parquet", "read_shard"]
