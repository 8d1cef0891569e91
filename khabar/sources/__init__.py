"""Readers: plain text, HTML, JSON/JSONL records, zip archives, directories, stdin.

``read_paths(paths, limits=Limits(...))`` yields a ``Record`` per article or a ``Failure``
per bad input, and never holds more than the limits allow.
"""

from khabar.sources.base import Failure, Meta, Record, SourceError
from khabar.sources.files import FORMATS, read_paths
from khabar.sources.limits import Limits, ReadOptions

__all__ = ["FORMATS", "Failure", "Limits", "Meta", "ReadOptions", "Record", "SourceError", "read_paths"]
