"""The site: rendering, feeds, citations, search, export and writing."""
