"""Readers: each turns one kind of source file into records with provenance."""
