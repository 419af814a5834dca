"""Read the bank: filtered item lists, one item, and the stable dict form used by --json and export."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from interview_coach.bank.schema import Document, Item, Note
from interview_coach.errors import CoachError, ItemNotFound

AnySelect = TypeVar("AnySelect", bound=Select)


def list_items(
    session: Session,
    kind: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    include_retired: bool = False,
) -> list[Item]:
    # The joined document fills item.document too (pages show its path): no query per document.
    query = select(Item).join(Document).options(contains_eager(Item.document)).order_by(Document.path, Item.ordinal)
    if not include_retired:
        query = query.where(Item.retired.is_(False))
    return list(session.scalars(filter_items(query, kind, topic, source)))


def filter_items(query: AnySelect, kind: str | None, topic: str | None, source: str | None) -> AnySelect:
    """The --kind / --topic / --source selection shared by list, practice and stats (Document must be joined)."""
    if kind:
        query = query.where(Item.kind == kind)
    if topic:
        query = query.where(Item.topic == topic)
    if source:
        query = query.where(Document.path.contains(source, autoescape=True))  # "my_notes" literally
    return query


def get_item(session: Session, ident: str) -> Item:
    """By full id, or by a unique id prefix (as with git hashes). Its document comes in the same query (the pages
    and practice show its path)."""
    with_document = joinedload(Item.document)
    item = session.get(Item, ident, options=[with_document])
    if item is not None:
        return item
    # autoescape: the prefix is matched literally, so "e88_" or "e8%" never act as LIKE wildcards
    prefix = Item.id.startswith(ident, autoescape=True)
    query = select(Item).where(prefix).options(with_document).limit(2)
    matches = list(session.scalars(query)) if len(ident) >= 4 else []
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise CoachError(f"id prefix {ident!r} matches several items; type more of the id")
    raise ItemNotFound(ident)


def notes_for(session: Session, document_id: int, note_type: str | None = None) -> list[Note]:
    query = select(Note).where(Note.document_id == document_id).order_by(Note.line_start)
    if note_type:
        query = query.where(Note.note_type == note_type)
    return list(session.scalars(query))


def count_items(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Item).where(Item.retired.is_(False))) or 0


def item_dict(item: Item) -> dict[str, Any]:
    """The documented, stable JSON shape of an item (export JSONL, --json)."""
    return {
        "id": item.id,
        "question": item.question,
        "answer": item.answer or "",
        "kind": item.kind,
        "topic": item.topic,
        "heading_path": list(item.heading_path or []),
        "source": {"path": item.document.path, "line_start": item.line_start, "line_end": item.line_end},
        "star": dict(item.star) if item.star else None,
        "note": item.note or "",
        "retired": bool(item.retired),
        "duplicate_group": item.duplicate_group,
    }


def note_dict(note: Note) -> dict[str, Any]:
    return {
        "type": note.note_type,
        "title": note.title,
        "body": note.body,
        "heading_path": list(note.heading_path or []),
        "source": {"path": note.document.path, "line_start": note.line_start, "line_end": note.line_end},
        "data": dict(note.data or {}),
    }
