"""Which questions a practice session asks, in what order: due reviews first (most overdue first), then new
items — those with a reference answer before those without, interleaved across notes files and, within a file,
across topics; never two of the same near-duplicate group. Pure: items in, order out."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Candidate:
    item_id: str
    topic: str
    group: str  # duplicate group, or the item id itself
    due: datetime | None  # None: never reviewed (new)
    ordinal: int  # position in its notes, so new items come in the order they were written
    source: str = ""  # the notes file it comes from
    has_reference: bool = True  # the notes give an answer to grade against


def build_queue(candidates: list[Candidate], now: datetime, new_limit: int, due_only: bool = False) -> list[str]:
    due = sorted((c for c in candidates if c.due is not None and c.due <= now), key=lambda c: (c.due, c.item_id))
    fresh = [] if due_only else sorted((c for c in candidates if c.due is None), key=lambda c: c.ordinal)
    # A first session should be gradable and varied: referenced items first, spread over files and topics.
    ordered_new = _mix([c for c in fresh if c.has_reference]) + _mix([c for c in fresh if not c.has_reference])
    return [c.item_id for c in _spread(_interleave(due)) + _spread(ordered_new)[:new_limit]]


def _mix(items: list[Candidate]) -> list[Candidate]:
    """Round-robin over notes files, each file's own items round-robin over its topics."""
    by_source: dict[Hashable, deque[Candidate]] = {}
    for source, group in _groups(items, lambda c: c.source).items():
        by_source[source] = deque(_interleave(list(group)))
    return _alternate(by_source)


def _interleave(items: list[Candidate]) -> list[Candidate]:
    """Round-robin over topics, keeping each topic's own order."""
    return _alternate(_groups(items, lambda c: c.topic))


def _groups(items: list[Candidate], key: Callable[[Candidate], Hashable]) -> dict[Hashable, deque[Candidate]]:
    groups: dict[Hashable, deque[Candidate]] = {}
    for item in items:
        groups.setdefault(key(item), deque()).append(item)
    return groups


def _alternate(groups: dict[Hashable, deque[Candidate]]) -> list[Candidate]:
    out: list[Candidate] = []
    while groups:
        for name in list(groups):
            out.append(groups[name].popleft())
            if not groups[name]:
                del groups[name]
    return out


def _spread(items: list[Candidate]) -> list[Candidate]:
    """One item per near-duplicate group in a session: the same question from another file is not asked again
    (so never twice in a row), and stats count the group together."""
    seen: set[str] = set()
    out: list[Candidate] = []
    for item in items:
        if item.group not in seen:
            seen.add(item.group)
            out.append(item)
    return out
