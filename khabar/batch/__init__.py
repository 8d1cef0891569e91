"""Batch execution: analyse many records in a local process pool and feed the store."""
