"""What the library can be filtered by: the kinds, topics and notes files present in the bank."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from interview_coach.bank.schema import Document, Item


@dataclass(frozen=True)
class Facets:
    kinds: list[str]
    topics: list[str]
    sources: list[str]


def facets(session: Session) -> Facets:
    live = Item.retired.is_(False)
    kinds = session.scalars(select(Item.kind).where(live).distinct().order_by(Item.kind))
    topics = session.scalars(select(Item.topic).where(live).distinct().order_by(Item.topic))
    sources = session.scalars(select(Document.path).join(Item).where(live).distinct().order_by(Document.path))
    return Facets(list(kinds), list(topics), list(sources))
