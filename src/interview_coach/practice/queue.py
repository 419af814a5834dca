"""Which questions a practice session asks, in what order: due reviews first (most overdue first), then new
items; topics interleaved; never two of the same near-duplicate group in a row. Pure: items in, order out."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Candidate:
    item_id: str
    topic: str
    group: str  # duplicate group, or the item id itself
    due: datetime | None  # None: never reviewed (new)
    ordinal: int  # position in its notes, so new items come in the order they were written


def build_queue(candidates: list[Candidate], now: datetime, new_limit: int, due_only: bool = False) -> list[str]:
    due = sorted((c for c in candidates if c.due is not None and c.due <= now), key=lambda c: (c.due, c.item_id))
    fresh = [] if due_only else sorted((c for c in candidates if c.due is None), key=lambda c: c.ordinal)
    return [c.item_id for c in _spread(_interleave(due)) + _spread(_interleave(fresh))[:new_limit]]


def _interleave(items: list[Candidate]) -> list[Candidate]:
    """Round-robin over topics, keeping each topic's own order."""
    by_topic: dict[str, deque[Candidate]] = {}
    for item in items:
        by_topic.setdefault(item.topic, deque()).append(item)
    out: list[Candidate] = []
    while by_topic:
        for topic in list(by_topic):
            out.append(by_topic[topic].popleft())
            if not by_topic[topic]:
                del by_topic[topic]
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
