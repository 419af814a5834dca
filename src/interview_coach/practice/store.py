"""Attempts, cards and reviews in the bank. Every write is its own short transaction, committed at once: an
answer is on disk before grading starts, and two practice sessions on one bank never hold a lock for long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.queries import filter_items
from interview_coach.bank.schema import Attempt, Card, Document, Item, Review
from interview_coach.practice.queue import Candidate
from interview_coach.practice.schedule import DEFAULT_RETENTION, as_utc, review

NOT_DRILLED = ("ask_interviewer",)  # questions the candidate asks at the end: never drilled as questions to answer


def candidates(
    session: Session,
    kind: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    item_ids: tuple[str, ...] = (),
) -> list[Candidate]:
    query = _candidates_query()
    if item_ids:
        query = query.where(Item.id.in_(item_ids))
    out = []
    rows = session.execute(filter_items(query, kind, topic, source)).all()
    for n, (item_id, topic_name, group, head, length, due, suspended, path) in enumerate(rows):
        if suspended:
            continue
        has_reference = bool(head.strip()) or length > _ANSWER_HEAD  # 200 blanks first: assume text follows
        due_at = as_utc(due) if due else None
        out.append(Candidate(item_id, topic_name, group or item_id, due_at, n, path, has_reference))
    return out


_ANSWER_HEAD = 200  # characters of the reference read to tell "has one" from blank


@lru_cache(maxsize=1)
def _candidates_query() -> Select[Any]:
    """Columns, not Item objects: this runs on every practice page, over the whole bank, and needs only these.
    Built once per process (a query's shape, no data: building and keying it anew cost as much as running it)."""
    answer_head = func.substr(func.coalesce(Item.answer, ""), 1, _ANSWER_HEAD)
    return (
        select(
            Item.id,
            Item.topic,
            Item.duplicate_group,
            answer_head,
            func.length(func.coalesce(Item.answer, "")),
            Card.due,
            Card.suspended,
            Document.path,
        )
        .join(Document, Document.id == Item.document_id)
        .outerjoin(Card, Card.item_id == Item.id)
        .where(Item.retired.is_(False), Item.kind.not_in(NOT_DRILLED))
        .order_by(Document.path, Item.ordinal)
    )


def save_attempt(bank: Bank, item_id: str, answer: str, started: datetime, submitted: datetime, budget: int) -> int:
    with bank.transaction() as session:
        attempt = Attempt(
            item_id=item_id,
            started_at=started,
            submitted_at=submitted,
            seconds=(submitted - started).total_seconds(),
            budget_seconds=budget,
            answer=answer,
            status="saved",
        )
        session.add(attempt)
        session.flush()
        return attempt.id


def record_grade(bank: Bank, attempt_id: int, grade: dict[str, Any], score: int, suggested: int) -> None:
    # One UPDATE: loading the attempt first would read back the answer text just saved.
    graded = {"grade": grade, "score": score, "suggested_rating": suggested, "status": "graded"}
    with bank.transaction() as session:
        session.execute(update(Attempt).where(Attempt.id == attempt_id).values(graded))


def apply_rating(
    bank: Bank,
    item_id: str,
    rating: int,
    now: datetime,
    attempt_id: int | None = None,
    retention: float = DEFAULT_RETENTION,
) -> datetime:
    """Schedule the item with this rating; returns its next due date."""
    with bank.transaction() as session:
        card = session.get(Card, item_id)
        scheduled = review(card.fsrs if card else None, rating, now, retention)
        if card is None:
            card = Card(item_id=item_id, reviews=0, suspended=False)
            session.add(card)
        card.fsrs, card.due, card.reviews = scheduled.card, scheduled.due, (card.reviews or 0) + 1
        session.add(
            Review(item_id=item_id, attempt_id=attempt_id, rating=rating, reviewed_at=now, due_after=scheduled.due)
        )
        if attempt_id is not None:
            attempt = session.get(Attempt, attempt_id)
            if attempt is not None:
                attempt.rating, attempt.status = rating, "rated"
        return scheduled.due


def set_status(bank: Bank, attempt_id: int, status: str) -> None:
    with bank.transaction() as session:
        attempt = session.get(Attempt, attempt_id)
        if attempt is not None:
            attempt.status = status


def never_ask(bank: Bank, item_id: str, now: datetime) -> None:
    with bank.transaction() as session:
        card = session.get(Card, item_id)
        if card is None:
            session.add(Card(item_id=item_id, fsrs={}, due=now, reviews=0, suspended=True))
        else:
            card.suspended = True


@dataclass
class AttemptRow:
    id: int
    item_id: str
    question: str
    answer: str
    submitted_at: datetime
    seconds: float
    status: str
    score: int | None
    suggested_rating: int | None
    rating: int | None

    def as_dict(self) -> dict[str, Any]:
        data = dict(vars(self))
        data["submitted_at"] = as_utc(self.submitted_at).isoformat()
        return data


def history(session: Session, item_id: str | None = None, limit: int = 200) -> list[AttemptRow]:
    query = select(Attempt, Item.question).join(Item, Item.id == Attempt.item_id).order_by(Attempt.id.desc())
    if item_id:
        query = query.where(Attempt.item_id == item_id)
    rows = session.execute(query.limit(limit)).all()
    return [
        AttemptRow(
            a.id,
            a.item_id,
            question,
            a.answer,
            a.submitted_at,
            round(a.seconds, 1),
            a.status,
            a.score,
            a.suggested_rating,
            a.rating,
        )
        for a, question in rows
    ]


def due_cards(session: Session, now: datetime, horizon: datetime | None = None) -> list[tuple[Item, datetime]]:
    """Reviewed items due by `horizon` (default: now), soonest first."""
    query = (
        select(Item, Card.due)
        .join(Card, Card.item_id == Item.id)
        .where(Card.suspended.is_(False), Item.retired.is_(False), Card.due <= (horizon or now))
        .order_by(Card.due)
    )
    return [(item, as_utc(due)) for item, due in session.execute(query).all()]


def attempt_count(session: Session) -> int:
    return int(session.scalar(select(func.count(Attempt.id))) or 0)
