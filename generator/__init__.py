"""build-site: a static-site generator for a researcher's reading list."""

__version__ = "0.1.0"
