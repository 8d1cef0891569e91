"""Corpus-level analysis: near-duplicates, cross-document entities, stories."""
