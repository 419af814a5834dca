"""The library as the web app browses it: items filtered by kind, topic and source as `coach list` does, and
by due (a review is due now) and weak (the latest graded score is low, or the latest self-rating Again or Hard);
and editing or retiring one item by hand.

An edit changes the bank, not the notes file: it lasts until that file is imported again with a change, when
the notes win again (as for every imported item). Retiring keeps the item's answers and reviews, like a question
that left the notes; restoring brings it back to practice and search.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.queries import filter_items, get_item, list_items
from interview_coach.bank.schema import Attempt, Card, Document, Item
from interview_coach.errors import CoachError
from interview_coach.parse.model import KINDS
from interview_coach.practice.schedule import as_utc

WEAK_SCORE = 60  # a latest graded score below this is weak (the grader's "partial" and worse)
WEAK_RATINGS = (1, 2)  # Again, Hard: a self-rated answer that went badly
MAX_QUESTION, MAX_ANSWER, MAX_TOPIC = 2_000, 50_000, 64


@dataclass(frozen=True)
class ListedItem:
    """What the library's listing shows of an item (browse's `listing_only`)."""

    id: str
    question: str
    kind: str
    topic: str
    path: str  # its notes file
    line_start: int


Shown = TypeVar("Shown", Item, ListedItem)


@dataclass(frozen=True)
class LibraryRow(Generic[Shown]):
    item: Shown  # an Item (browse), or what a listing shows of one (listing)
    due: datetime | None  # the next review (None: never rated)
    last_score: int | None  # the latest graded score
    weak: bool
    is_due: bool


def browse(
    session: Session, now: datetime, kind: str | None = None, topic: str | None = None, source: str | None = None,
    due: bool = False, weak: bool = False,
) -> list[LibraryRow[Item]]:  # fmt: skip
    """Live items in notes order, with their schedule and latest score, narrowed to due and/or weak ones."""
    # Columns only, and one row per item: a page view reads the schedule and the latest result, not every
    # attempt's answer text (which grows with each practice answer).
    dues = {item_id: due for item_id, due in session.execute(select(Card.item_id, Card.due).where(_scheduled))}
    latest = {item_id: (score, rating) for item_id, score, rating in session.execute(_latest_query())}
    rows = (
        _row(item, dues.get(item.id), latest.get(item.id), now) for item in list_items(session, kind, topic, source)
    )
    return [row for row in rows if _kept(row, due, weak)]


def listing(
    session: Session, now: datetime, kind: str | None = None, topic: str | None = None, source: str | None = None,
    due: bool = False, weak: bool = False,
) -> list[LibraryRow[ListedItem]]:  # fmt: skip
    """browse for a listing page, in one query: only what a listing shows of each item (no reference, note or
    STAR parts)."""
    found = session.execute(filter_items(_listing_query(), kind, topic, source))
    rows = (
        _row(ListedItem(ident, question, kind_, topic_, path, line), due_at, (score, rating) if rated else None, now)
        for ident, question, kind_, topic_, path, line, due_at, rated, score, rating in found
    )  # fmt: skip
    return [row for row in rows if _kept(row, due, weak)]


def _kept(row: LibraryRow[Any], due: bool, weak: bool) -> bool:
    return not ((due and not row.is_due) or (weak and not row.weak))


_scheduled = and_(Card.reviews > 0, Card.suspended.is_(False))  # rated at least once, not "never ask"


def _latest_query() -> Select[str, int | None, int | None]:
    """Each item's latest graded or rated attempt: (item id, score, rating)."""
    rated = or_(Attempt.score.is_not(None), Attempt.rating.is_not(None))
    newest = select(func.max(Attempt.id)).where(rated).group_by(Attempt.item_id)
    return select(Attempt.item_id, Attempt.score, Attempt.rating).where(Attempt.id.in_(newest))


@lru_cache(maxsize=1)
def _listing_query() -> Select[Any]:
    """Live items with their schedule and latest result, in notes order, as one statement built once per process
    (a query's shape, no data: building and keying it anew cost as much as running it)."""
    latest = _latest_query().subquery()
    return (
        select(Item.id, Item.question, Item.kind, Item.topic, Document.path, Item.line_start, Card.due,
               latest.c.item_id, latest.c.score, latest.c.rating)
        .join(Document, Document.id == Item.document_id)
        .outerjoin(Card, and_(Card.item_id == Item.id, _scheduled))
        .outerjoin(latest, latest.c.item_id == Item.id)
        .where(Item.retired.is_(False))
        .order_by(Document.path, Item.ordinal)
    )  # fmt: skip


def _row(item: Shown, due_at: datetime | None, last: tuple[Any, Any] | None, now: datetime) -> LibraryRow[Shown]:
    next_due = as_utc(due_at) if due_at is not None else None
    score = last[0] if last is not None else None
    is_weak = last is not None and (
        (score is not None and score < WEAK_SCORE) or (score is None and last[1] in WEAK_RATINGS)
    )
    return LibraryRow(item, next_due, score, is_weak, next_due is not None and next_due <= now)


PAGE_SIZE = 200  # library rows per page: a bank of thousands of items stays a fast page


@dataclass(frozen=True)
class LibraryPage:
    rows: list[LibraryRow[ListedItem]]  # this page's rows
    number: int  # 1-based
    pages: int
    total: int  # rows on every page together
    first: int  # 1-based position of this page's first row (0 when there are none)


def page_of(rows: list[LibraryRow[ListedItem]], number: int, size: int = PAGE_SIZE) -> LibraryPage:
    """One page of the library's rows; a page past the end shows the last one."""
    pages = max(1, -(-len(rows) // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    shown = rows[start : start + size]
    return LibraryPage(shown, number, pages, len(rows), start + 1 if shown else 0)


def edit_item(
    bank: Bank, ident: str, now: datetime, question: str | None = None, answer: str | None = None,
    kind: str | None = None, topic: str | None = None,
) -> str:  # fmt: skip
    """Change an item's question, reference answer, kind or topic (None leaves a field as it is); its id."""
    fields = _checked(question, answer, kind, topic)
    with bank.transaction() as session:
        item = get_item(session, ident)
        for name, value in fields.items():
            setattr(item, name, value)
        item.updated_at = now
        return item.id


def retire_item(bank: Bank, ident: str, now: datetime, retired: bool = True) -> str:
    """Take an item out of practice and search (its history stays), or bring it back; its id."""
    with bank.transaction() as session:
        item = get_item(session, ident)
        item.retired, item.updated_at = retired, now
        return item.id


def _checked(question: str | None, answer: str | None, kind: str | None, topic: str | None) -> dict[str, str]:
    fields: dict[str, str] = {}
    if question is not None:
        if not question.strip():
            raise CoachError("question: empty; an item needs its question (retire it instead)")
        if len(question) > MAX_QUESTION:
            raise CoachError(f"question: over {MAX_QUESTION:,} characters; shorten it")
        fields["question"] = question.strip()
    if answer is not None:
        if len(answer) > MAX_ANSWER:
            raise CoachError(f"answer: over {MAX_ANSWER:,} characters; shorten it")
        fields["answer"] = answer.strip()
    if kind is not None:
        if kind not in KINDS:
            raise CoachError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
        fields["kind"] = kind
    if topic is not None:
        cleaned = " ".join(topic.split())
        if not cleaned or len(cleaned) > MAX_TOPIC:
            raise CoachError(f"topic: give a name of 1–{MAX_TOPIC} characters")
        fields["topic"] = cleaned
    return fields
