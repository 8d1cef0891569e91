"""Readers: plain text, HTML, JSON/JSONL records, zip archives, directories, stdin.

``read_paths(paths)`` yields a ``Record`` per article or a ``Failure`` per bad input.
"""

from khabar.sources.base import Failure, Meta, Record, SourceError
from khabar.sources.files import FORMATS, read_paths

__all__ = ["FORMATS", "Failure", "Meta", "Record", "SourceError", "read_paths"]
