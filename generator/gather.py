"""The gather stages: read the sources, merge their records into papers, tag the papers, attach
the owner's notes and pages. Each takes and returns plain data; only reading touches the disk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .errors import Problem, Problems
from .models import Paper, Record
from .sources.notes import attach_notes, note_index
from .sources.pages import Page, read_pages
from .tags import Tag, build_taxonomy, keyword_tags, tag_papers

if TYPE_CHECKING:  # the readers and the deduplication are imported by the stages that run them:
    # a rebuild whose papers come from the cache needs neither (0.1 s of imports, numpy's too)
    from .dedup.cluster import Clustering
    from .sources.metadata import Metadata


@dataclass(frozen=True)
class Read:
    """The records of every source, with the looked-up metadata applied."""

    records: list[Record]
    metadata: Metadata
    labels: dict[str, str]  # source file -> the label pages show for it


@dataclass(frozen=True)
class Merged:
    papers: list[Paper]
    clustering: Clustering


@dataclass(frozen=True)
class Gathered:
    """The papers as read, merged and tagged: what the build cache keeps of those stages."""

    record_count: int
    problems: tuple[Problem, ...]
    papers: list[Paper]
    taxonomy: list[Tag]  # the configured tags, and keyword tags found in the papers
    clustering: Clustering | None  # these two are kept only when a review report is asked for
    metadata: Metadata | None
    labels: dict[str, str]  # source file -> the label pages show for it

    @cached_property
    def note_index(self) -> dict[str, list[Paper]]:
        """The names a note may give its paper by: made once for these papers, so a live
        preview that gets the same Gathered back from the cache does not make it again."""
        return note_index(self.papers)


@dataclass(frozen=True)
class Noted:
    """The papers with the owner's notes attached, and the owner's own pages."""

    papers: list[Paper]
    pages: list[Page]


def read(config: Config, folders: Sequence[Path], problems: Problems) -> Read:
    from .site.provenance import source_labels
    from .sources.metadata import apply_metadata, read_metadata
    from .sources.read import read_sources

    records = read_sources(folders, problems, config.build.encodings)
    metadata = read_metadata(config, problems)
    records = apply_metadata(records, metadata)
    labels = source_labels(config.source_labels(), folders, {r.source.file for r in records})
    return Read(records, metadata, labels)


def merge(config: Config, read: Read, problems: Problems) -> Merged:
    from .dedup.merge import merge_clusters
    from .dedup.overrides import cluster_with_overrides

    clustering = cluster_with_overrides(config, read.records, problems)
    return Merged(merge_clusters(clustering.groups), clustering)


def tag(config: Config, read: Read, merged: Merged, problems: Problems,
        keep_review: bool) -> Gathered:
    """Tag the merged papers; the evidence and metadata are kept for a review report only."""
    taxonomy = build_taxonomy(config.tags)
    if config.build.keyword_tags:
        taxonomy += keyword_tags(merged.papers, taxonomy)
    papers = tag_papers(merged.papers, taxonomy)
    return Gathered(len(read.records), tuple(problems), papers, taxonomy,
                    merged.clustering if keep_review else None,
                    read.metadata if keep_review else None, read.labels)


def notes(config: Config, gathered: Gathered, problems: Problems) -> Noted:
    papers = attach_notes(config.path(config.build.notes), gathered.papers,
                          [t.slug for t in gathered.taxonomy], problems, config.root,
                          lambda: gathered.note_index)
    return Noted(papers, read_pages(config.path(config.build.pages), config.root, problems))
