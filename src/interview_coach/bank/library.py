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

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.queries import get_item, list_items
from interview_coach.bank.schema import Attempt, Card, Item
from interview_coach.errors import CoachError
from interview_coach.parse.model import KINDS
from interview_coach.practice.schedule import as_utc

WEAK_SCORE = 60  # a latest graded score below this is weak (the grader's "partial" and worse)
WEAK_RATINGS = (1, 2)  # Again, Hard: a self-rated answer that went badly
MAX_QUESTION, MAX_ANSWER, MAX_TOPIC = 2_000, 50_000, 64


@dataclass(frozen=True)
class LibraryRow:
    item: Item
    due: datetime | None  # the next review (None: never rated)
    last_score: int | None  # the latest graded score
    weak: bool
    is_due: bool


def browse(
    session: Session, now: datetime, kind: str | None = None, topic: str | None = None, source: str | None = None,
    due: bool = False, weak: bool = False, listing_only: bool = False,
) -> list[LibraryRow]:  # fmt: skip
    """Live items in notes order, with their schedule and latest score, narrowed to due and/or weak ones.
    `listing_only`: the items' references and notes are not read (a listing page shows neither)."""
    # Columns only, and one row per item: a page view reads the schedule and the latest result, not every
    # attempt's answer text (which grows with each practice answer).
    schedule = select(Card.item_id, Card.due).where(Card.reviews > 0, Card.suspended.is_(False))
    dues = {item_id: due for item_id, due in session.execute(schedule)}
    rated = or_(Attempt.score.is_not(None), Attempt.rating.is_not(None))
    newest = select(func.max(Attempt.id)).where(rated).group_by(Attempt.item_id)
    latest = {
        item_id: (score, rating)
        for item_id, score, rating in session.execute(
            select(Attempt.item_id, Attempt.score, Attempt.rating).where(Attempt.id.in_(newest))
        )
    }
    rows = []
    for item in list_items(session, kind, topic, source, listing_only=listing_only):
        due_at = dues.get(item.id)
        next_due = as_utc(due_at) if due_at is not None else None
        last = latest.get(item.id)
        score = last[0] if last is not None else None
        is_weak = last is not None and (
            (score is not None and score < WEAK_SCORE) or (score is None and last[1] in WEAK_RATINGS)
        )
        row = LibraryRow(item, next_due, score, is_weak, next_due is not None and next_due <= now)
        if (due and not row.is_due) or (weak and not row.weak):
            continue
        rows.append(row)
    return rows


PAGE_SIZE = 200  # library rows per page: a bank of thousands of items stays a fast page


@dataclass(frozen=True)
class LibraryPage:
    rows: list[LibraryRow]  # this page's rows
    number: int  # 1-based
    pages: int
    total: int  # rows on every page together
    first: int  # 1-based position of this page's first row (0 when there are none)


def page_of(rows: list[LibraryRow], number: int, size: int = PAGE_SIZE) -> LibraryPage:
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
