"""The owner's dedup decisions in site.toml, resolved to the records they name.

A reference names records by paper slug, exact title, source id (a CSV id, a BibTeX key) or
`file:line`. A reference that names nothing is a warning (an error under --strict), so a typo or
a renamed paper does not silently undo a decision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..config import Config, Override
from ..errors import Problems
from ..models import Record
from ..slugs import slugify
from .cluster import Clustering, Constraints, cluster_with_evidence
from .merge import merge_clusters


class _Index:
    def __init__(self, records: Sequence[Record],
                 paper_slugs: dict[str, tuple[Record, ...]] | None) -> None:
        self.by_name: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            names = {record.title.casefold(), slugify(record.title), str(record.source)}
            if record.source.id:
                names.add(record.source.id)
            for name in names:
                self.by_name[name].append(record)
        self.paper_slugs = paper_slugs or {}

    def find(self, reference: str) -> tuple[Record, ...]:
        if reference in self.paper_slugs:  # a paper's slug as the last build gave it ("x-2")
            return self.paper_slugs[reference]
        return tuple(self.by_name.get(reference, ()) or
                     self.by_name.get(" ".join(reference.split()).casefold(), ()))


def resolve_overrides(config: Config, records: Sequence[Record], problems: Problems,
                      paper_slugs: dict[str, tuple[Record, ...]] | None = None) -> Constraints:
    """The overrides as groups of records. `paper_slugs` maps the slugs of a first merge to
    their records, so that a de-duplicated slug such as `editorial-2` names one paper."""
    index = _Index(records, paper_slugs)
    text = Path(config.file).read_text(encoding="utf-8-sig") if Path(config.file).is_file() else ""

    def groups(override: Override, kind: str) -> list[tuple[Record, ...]]:
        found = []
        for reference in override.papers:
            group = index.find(reference)
            if not group:
                problems.warn(config.file, _line_of(text, reference),
                              f"[[dedup.{kind}]] names {reference!r}, which matches no paper "
                              "slug, title, source id or file:line; fix or remove it")
            else:
                found.append(group)
        if len(override.papers) < 2 or (len(found) == 1 and len(override.papers) >= 2):
            first = override.papers[0] if override.papers else f"[[dedup.{kind}]]"
            problems.warn(config.file, _line_of(text, first),
                          f"[[dedup.{kind}]] needs at least two papers that exist; it has no "
                          "effect")
        return found

    same = tuple(tuple(r for g in groups(o, "same") for r in g) for o in config.dedup.same)
    different = tuple(tuple(groups(o, "different")) for o in config.dedup.different)
    return Constraints(same=tuple(g for g in same if len(g) > 1),
                       different=tuple(d for d in different if len(d) > 1))


def cluster_with_overrides(config: Config, records: Sequence[Record],
                           problems: Problems) -> Clustering:
    """The clustering the owner's overrides ask for. A name may be a slug that only a merge
    assigns, like "editorial-2": then merge once without the "same" groups (they could hide
    such a slug), and resolve the names against that merge."""
    unresolved = Problems()
    constraints = resolve_overrides(config, records, unresolved)
    if unresolved:
        apart = Constraints(different=constraints.different)
        first = merge_clusters(cluster_with_evidence(records, config.dedup, apart).groups)
        constraints = resolve_overrides(config, records, problems,
                                        {p.slug: p.records for p in first})
    return cluster_with_evidence(records, config.dedup, constraints)


def _line_of(text: str, reference: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if f'"{reference}"' in line or f"'{reference}'" in line or line.strip() == reference:
            return number
    return None
