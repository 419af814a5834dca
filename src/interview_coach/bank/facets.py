"""What the library can be filtered by: the kinds, topics and notes files present in the bank."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import CompoundSelect, literal, select, union
from sqlalchemy.orm import Session

from interview_coach.bank.schema import Document, Item


@dataclass(frozen=True)
class Facets:
    kinds: list[str]
    topics: list[str]
    sources: list[str]


def facets(session: Session) -> Facets:
    """In one query (the library shows them on every view), each list sorted by the database as before."""
    found: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for which, value in session.execute(_facets_query()):
        found[which].append(value)
    return Facets(found[0], found[1], found[2])


@lru_cache(maxsize=1)
def _facets_query() -> CompoundSelect:
    """Built once per process (a query's shape, no data): building and keying a statement costs as much as
    running this one."""
    live = Item.retired.is_(False)
    kinds = select(literal(0).label("facet"), Item.kind.label("value")).where(live)
    topics = select(literal(1), Item.topic).where(live)
    sources = select(literal(2), Document.path).join(Item).where(live)
    both = union(kinds, topics, sources)
    return both.order_by(both.selected_columns.facet, both.selected_columns.value)
