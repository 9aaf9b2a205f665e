"""Deduplication: which records are one paper, and the merged papers."""
