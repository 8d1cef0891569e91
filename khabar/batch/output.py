"""A batch output folder: Parquet tables partitioned Hive-style, and a manifest of the
input shards that are done.

```
OUT/_khabar_batch.json                        settings (partitioning, stages) and shard order
OUT/_manifest/SHARD.json                      one per finished shard: its files and counts
OUT/documents/source=spa.gov.sa/month=2015-08/part-SHARD-0.parquet
OUT/entities/… quotes/… times/… events/…      the same partitions
OUT/failures/part-SHARD-0.parquet             records that could not be read or analysed
OUT/duplicates/part-0.parquet                 near-duplicates over the whole output
OUT/_staging/SHARD/…                          a shard being written (removed on commit)
```

A shard's files are written under ``_staging`` and moved into place when the shard is
complete; then its manifest entry is written, listing them. Readers trust only the files
the manifest lists, and file names depend only on the shard and its content, so a shard
redone after a crash (before or after the move) replaces its own files: no record is
ever doubled. ``OUT`` is a local folder or any URI pyarrow's filesystems write to.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, unquote

import pyarrow as pa
import pyarrow.parquet as pq

from khabar.batch.shards import Shard, filesystem
from khabar.batch.tables import to_arrow

SETTINGS = "_khabar_batch.json"
MANIFEST = "_manifest"
STAGING = "_staging"
OWNER = "_owner"
# Rows are Python dicts (~100 KB a document with its entities and quotes) until they are
# turned into Arrow (compact) every CONVERT_DOCUMENTS documents; every FLUSH_DOCUMENTS the
# Arrow buffers become row groups. 500 dict rows at once cost an actor ~100 MB at its peak.
CONVERT_DOCUMENTS = 100
FLUSH_DOCUMENTS = 500
MAX_OPEN = 128  # open files per shard; past it all are closed and new parts begin
FORMAT = 1


class OutputError(RuntimeError):
    """An output folder that cannot be used as asked; the message says what to do."""


@dataclass
class ShardResult:
    """What one finished shard reports (and its manifest entry holds)."""

    shard: Shard
    records: int = 0
    documents: int = 0
    failures: int = 0
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss: int = 0  # bytes, of the worker that did it
    error: str | None = None  # the shard failed as a whole (not committed; the next run redoes it)

    def to_dict(self) -> dict[str, Any]:
        return {
            "shard": self.shard.to_dict(),
            "id": self.shard.id,
            "records": self.records,
            "documents": self.documents,
            "failures": self.failures,
            "files": self.files,
            "seconds": round(self.seconds, 3),
            "peak_rss": self.peak_rss,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ShardResult:
        return cls(
            Shard.from_dict(d["shard"]),
            d["records"],
            d["documents"],
            d["failures"],
            list(d["files"]),
            d.get("seconds", 0.0),
            d.get("peak_rss", 0),
            d.get("error"),
        )


class Output:
    """The output folder at ``location`` (a path or a URI)."""

    def __init__(self, location: str):
        self.location = location
        self.fs, self.root = filesystem(location)

    def path(self, *parts: str) -> str:
        return "/".join((self.root.rstrip("/"), *parts))

    # --- settings ---------------------------------------------------------------------

    def settings(self) -> dict[str, Any] | None:
        return self._read_json(self.path(SETTINGS))

    def is_batch_output(self) -> bool:
        return self.settings() is not None

    def prepare(
        self, partition: Sequence[str], stages: Sequence[str], order: Sequence[str], stories: bool = False
    ) -> None:
        """Create the folder or check that it was made with the same settings; record
        the shard order (this run's first, then earlier runs' others)."""
        found = self.settings()
        wanted = {"format": FORMAT, "partition": list(partition), "stages": list(stages), "stories": stories}
        if found is not None:
            differs = [k for k in wanted if found.get(k) != wanted[k]]
            if differs:
                raise OutputError(
                    f"{self.location} was written with other settings ({', '.join(f'{k}={found.get(k)}' for k in differs)});"
                    " write to a new folder, or use the same --partition-by, --stages and --stories"
                )
        self.fs.create_dir(self.root, recursive=True)
        earlier = found.get("order", []) if found else []
        mine = list(dict.fromkeys(order))
        self._write_json(self.path(SETTINGS), {**wanted, "order": mine + [s for s in earlier if s not in set(mine)]})

    def order(self) -> list[str]:
        """Shard ids in input order: the order records arrive in, as in ``khabar ingest``."""
        found = self.settings() or {}
        return list(found.get("order", []))

    # --- manifest ---------------------------------------------------------------------

    def done(self) -> dict[str, ShardResult]:
        """Finished shards by id."""
        from pyarrow import fs

        selector = fs.FileSelector(self.path(MANIFEST), allow_not_found=True)
        out = {}
        for info in self.fs.get_file_info(selector):
            if info.path.endswith(".json"):
                entry = self._read_json(info.path)
                if entry is not None:
                    result = ShardResult.from_dict(entry)
                    out[result.shard.id] = result
        return out

    def is_done(self, shard: Shard, done: dict[str, ShardResult]) -> bool:
        """Done, and the input has not changed since (same size and modification time)."""
        found = done.get(shard.id)
        return found is not None and (found.shard.size, found.shard.mtime) == (shard.size, shard.mtime)

    def results_in_order(self) -> list[ShardResult]:
        done = self.done()
        rank = {sid: k for k, sid in enumerate(self.order())}
        return sorted(done.values(), key=lambda r: (rank.get(r.shard.id, len(rank)), r.shard.uri))

    def files(self, table: str) -> list[str]:
        """Full paths of ``table``'s committed files, shard by shard in input order."""
        prefix = table + "/"
        return [self.path(f) for r in self.results_in_order() for f in r.files if f.startswith(prefix)]

    def tables(self) -> list[str]:
        return sorted({f.split("/", 1)[0] for r in self.done().values() for f in r.files})

    def commit(self, result: ShardResult) -> None:
        """Move a shard's staged files into place, then record it as done."""
        staged = self.path(STAGING, result.shard.id)
        for name in result.files:
            target = self.path(name)
            self.fs.create_dir(target.rsplit("/", 1)[0], recursive=True)
            self.fs.move(f"{staged}/{name}", target)
        self._write_json(self.path(MANIFEST, result.shard.id + ".json"), result.to_dict())
        self.fs.delete_dir(staged)

    def forget(self, shard_id: str, done: dict[str, ShardResult]) -> None:
        """Remove an earlier run's files of a shard whose input changed, and leftovers."""
        old = done.get(shard_id)
        if old is not None:
            for name in old.files:
                self._delete(self.path(name))
            self._delete(self.path(MANIFEST, shard_id + ".json"))
        self._delete_dir(self.path(STAGING, shard_id))

    # --- writing one shard ------------------------------------------------------------

    def writer(self, shard: Shard, partition: Sequence[str]) -> ShardWriter:
        """A writer for ``shard``; its staging folder names the worker doing it
        (``_owner``: host and process id), so a stuck or killed shard can be traced."""
        self.forget(shard.id, {})
        staging = self.path(STAGING, shard.id)
        self.fs.create_dir(staging, recursive=True)
        with self.fs.open_output_stream(f"{staging}/{OWNER}") as fh:
            fh.write(f"{os.uname().nodename}:{os.getpid()}".encode())
        return ShardWriter(self, shard, tuple(partition))

    # --- helpers ----------------------------------------------------------------------

    def _read_json(self, path: str) -> dict[str, Any] | None:
        try:
            with self.fs.open_input_stream(path) as fh:
                return json.loads(fh.read().decode("utf-8"))
        except FileNotFoundError:
            return None
        except OSError as e:
            if "not found" in str(e).lower() or "no such file" in str(e).lower():
                return None
            raise

    def _write_json(self, path: str, value: dict[str, Any]) -> None:
        """Write then move: a reader never sees half a file (on a local disk)."""
        self.fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
        partial = path + ".partial"
        with self.fs.open_output_stream(partial) as fh:
            fh.write(json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8"))
        self.fs.move(partial, path)

    def _delete(self, path: str) -> None:
        try:
            self.fs.delete_file(path)
        except (FileNotFoundError, OSError):
            pass

    def _delete_dir(self, path: str) -> None:
        try:
            self.fs.delete_dir(path)
        except (FileNotFoundError, OSError):
            pass


@cache
def _libc() -> Any:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def release_free_memory() -> None:
    """Give freed heap pages back to the system (glibc's ``malloc_trim``): the rows of a
    flush leave ~70 MB free but resident, which would add up in a worker's peak."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def partition_dir(partition: Sequence[str], row: dict[str, Any]) -> str:
    """``source=spa.gov.sa/month=2015-08``: values percent-encoded, as Hive and pyarrow read them."""
    return "/".join(f"{key}={quote(str(row[key]), safe='')}" for key in partition)


def partition_of(path: str) -> dict[str, str]:
    """The partition values a file's path names."""
    return {k: unquote(v) for k, _, v in (p.partition("=") for p in path.split("/") if "=" in p)}


class ShardWriter:
    """Buffers one shard's rows per (table, partition) and writes them as row groups of
    files under ``_staging``; ``close`` returns the file names for the manifest."""

    def __init__(self, output: Output, shard: Shard, partition: tuple[str, ...]):
        self.output, self.shard, self.partition = output, shard, partition
        self.staging = output.path(STAGING, shard.id)
        self.rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.arrow: dict[tuple[str, str], list[pa.Table]] = {}
        self.writers: dict[tuple[str, str], pq.ParquetWriter] = {}
        self.parts: dict[tuple[str, str], int] = {}
        self.files: list[str] = []
        self.documents = 0

    def add(self, table: str, row: dict[str, Any]) -> None:
        where = partition_dir(self.partition, row) if table != "failures" else ""
        self.rows.setdefault((table, where), []).append(row)
        if table == "documents":
            self.documents += 1
            if self.documents % CONVERT_DOCUMENTS == 0:
                self._convert()
            if self.documents % FLUSH_DOCUMENTS == 0:
                self.flush()

    def _convert(self) -> None:
        for (table, where), rows in self.rows.items():
            if rows:
                data = to_arrow(table, rows)
                if where:
                    data = data.drop_columns([c for c in self.partition if c in data.column_names])
                self.arrow.setdefault((table, where), []).append(data)
        self.rows.clear()

    def flush(self) -> None:
        self._convert()
        for key, parts in self.arrow.items():
            self._write(key, pa.concat_tables(parts, promote_options="permissive"))
        self.arrow.clear()
        if len(self.writers) > MAX_OPEN:
            self._close_all()
        release_free_memory()

    def _write(self, key: tuple[str, str], data: pa.Table) -> None:
        table, where = key
        writer = self.writers.get(key)
        if writer is not None and not writer.schema.equals(data.schema):
            writer.close()  # a registered layer's inferred columns changed: a new part begins
            writer = None
        if writer is None:
            k = self.parts.get(key, 0)
            self.parts[key] = k + 1
            name = "/".join(p for p in (table, where, f"part-{self.shard.id}-{k}.parquet") if p)
            target = f"{self.staging}/{name}"
            self.output.fs.create_dir(target.rsplit("/", 1)[0], recursive=True)
            writer = pq.ParquetWriter(target, data.schema, filesystem=self.output.fs, compression="zstd")
            self.writers[key] = writer
            self.files.append(name)
        writer.write_table(data)

    def _close_all(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()

    def close(self) -> list[str]:
        self.flush()
        self._close_all()
        return list(self.files)

    def abort(self) -> None:
        try:
            self._close_all()
        finally:
            self.output._delete_dir(self.staging)


def read_table(output: Output, table: str, columns: Sequence[str] | None = None) -> pa.Table:
    """One table over every committed file, with its partition columns (for tests and
    small outputs; large ones are read file by file)."""
    parts = []
    for path in output.files(table):
        where = partition_of(path[len(output.root) :])
        inside = [c for c in columns if c not in where] if columns else None
        data = pq.read_table(path, columns=inside, filesystem=output.fs)
        for key, value in where.items():
            if (columns is None or key in columns) and key not in data.column_names:
                data = data.append_column(key, pa.array([value] * len(data), pa.string()))
        parts.append(data)
    if not parts:
        return pa.table({})
    return pa.concat_tables(parts, promote_options="permissive")
