"""Records whose own fields name two different papers: kept apart, for the owner to decide.

A copy-paste slip pairs one paper's title with another paper's abstract. Weighed pair by pair,
such a record merges with the paper its abstract names (a near-identical abstract outweighs
unalike titles, as it should for a retitled paper), and that paper's page then lists the other
paper's title. A record is in conflict when its title is (all but) identical to that of a
record A whose abstract is another paper's (vetoed, and keeping at most a stock phrase of
it: a heavy revision that keeps a passage is not another paper's), its abstract near-identical
to that of a record B with an unalike title, and A and B are not one paper.
Neither merge is safe, so the record stays a paper of its own and the review report lists it.
A record the owner names in an override is theirs to decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass

from .evidence import ABSTRACTS_DIFFER, Evidence

TITLE_SAYS = ("identical", ">= 96")  # title levels that name one paper (one typo at most)
TITLES_UNALIKE = (">= 60", "unalike")  # title levels that name two
UNRELATED_KEPT = 0.2  # abstracts keeping less than this of each other (a stock phrase at most)


@dataclass(frozen=True)
class Conflict:
    """Unit `record`'s title names unit `titled`'s paper, its abstract unit `abstracted`'s."""

    record: int
    titled: int
    abstracted: int


def strong_abstract(found: Evidence) -> bool:
    """The abstracts are one text, or one revised (a level worth bits in favour)."""
    return any(field == "abstract" and bits > 0 for field, _, bits in found.levels)


def find_conflicts(evidence: dict[tuple[int, int], Evidence],
                   compared: Callable[[int, int], Evidence],
                   decided: Collection[int] = ()) -> dict[int, Conflict]:
    """The units in conflict, from the pairs compared so far (`evidence`, by unit indices);
    `compared` weighs any other pair, `decided` are the units the owner named."""
    titled: dict[int, list[int]] = defaultdict(list)
    abstracted: dict[int, list[int]] = defaultdict(list)
    for (i, j), found in evidence.items():
        if found.identifier is not None:
            continue  # identifiers decide, whatever the text says
        strong, title = strong_abstract(found), _title_level(found)
        if title in TITLE_SAYS and found.reason == ABSTRACTS_DIFFER and (
                found.kept < UNRELATED_KEPT):
            titled[i].append(j)
            titled[j].append(i)
        elif strong and title in TITLES_UNALIKE:
            abstracted[i].append(j)
            abstracted[j].append(i)
    found_conflicts: dict[int, Conflict] = {}
    for unit in sorted(set(titled) & set(abstracted)):
        if unit in decided:
            continue
        pairs = ((a, b) for a in sorted(titled[unit]) for b in sorted(abstracted[unit]) if a != b)
        for a, b in pairs:
            if not compared(a, b).same:
                found_conflicts[unit] = Conflict(unit, a, b)
                break
    return found_conflicts


def _title_level(found: Evidence) -> str:
    return next((name for field, name, _ in found.levels if field == "title"), "")
