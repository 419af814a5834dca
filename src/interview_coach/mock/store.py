"""Mock interviews in the bank (tables made by migration 0007): the interview as planned, and every answer as
given, each written in its own short transaction before it is graded."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from interview_coach.bank.schema import Base, Item, Note
from interview_coach.dossier.facets import clean_title
from interview_coach.mock.planner import Pitch, PoolItem
from interview_coach.practice.schedule import as_utc

if TYPE_CHECKING:
    from interview_coach.bank import Bank


class MockSession(Base):
    __tablename__ = "mock_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_name: Mapped[str] = mapped_column(String(64))
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    your_questions: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class MockAnswer(Base):
    __tablename__ = "mock_answers"
    __table_args__ = (Index("ix_mock_answers_session", "session_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("mock_sessions.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(16))  # "2.1", a follow-up "2.1f"
    role: Mapped[str] = mapped_column(String(16))  # question | follow-up | your-questions
    item_id: Mapped[str | None] = mapped_column(ForeignKey("items.id"), nullable=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"), nullable=True)
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # saved | graded | unfinished
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[float] = mapped_column(Float)
    budget_seconds: Mapped[int] = mapped_column(Integer)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    grade: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    delivery: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    follow_up: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # the follow-up it led to
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)  # self-rating (no reference answer)


def pool(session: Session) -> tuple[list[PoolItem], list[Pitch]]:
    """Every live, not suspended item with its latest score and card, and the notes' elevator pitches."""
    from interview_coach.bank.schema import Attempt, Card
    from interview_coach.practice.session import context_of

    cards = {c.item_id: c for c in session.scalars(select(Card))}
    scores: dict[str, int] = {}
    for item_id, score in session.execute(
        select(Attempt.item_id, Attempt.score).where(Attempt.score.is_not(None)).order_by(Attempt.id)
    ):
        if score is not None:
            scores[item_id] = score
    items = []
    for item in session.scalars(select(Item).where(Item.retired.is_(False)).order_by(Item.id)):
        card = cards.get(item.id)
        if card is not None and card.suspended:
            continue
        due = as_utc(card.due) if card is not None and card.reviews else None
        reviews = card.reviews if card is not None else 0
        items.append(
            PoolItem(
                item.id,
                item.question,
                item.kind,
                item.topic,
                context_of(item),
                item.answer or "",
                item.duplicate_group or item.id,
                due,
                scores.get(item.id),
                reviews,
            )
        )
    pitches = []
    for note in session.scalars(select(Note).where(Note.note_type == "pitch").order_by(Note.id)):
        headings = [h for h in (note.heading_path or []) if h]
        heading = headings[-1] if headings else note.title
        project = clean_title(heading) or heading  # "📊 Project 1: Rapid Insights" is asked about as "Rapid Insights"
        context = " › ".join([note.document.path.rsplit("/", 1)[-1], *headings, note.title])
        if note.body.strip():
            pitches.append(Pitch(note.id, project, note.body, context))
    return items, pitches


def create(bank: Bank, plan: dict[str, Any], now: datetime) -> int:
    with bank.transaction() as session:
        row = MockSession(plan_name=plan["plan"], plan=plan, seed=plan["seed"], started_at=now)
        session.add(row)
        session.flush()
        return row.id


def save_answer(bank: Bank, **fields: Any) -> int:
    with bank.transaction() as session:
        row = MockAnswer(**fields)
        session.add(row)
        session.flush()
        return row.id


def update_answer(bank: Bank, answer_id: int, **fields: Any) -> None:
    with bank.transaction() as session:
        row = session.get(MockAnswer, answer_id)
        if row is not None:
            for name, value in fields.items():
                setattr(row, name, value)


def finish(bank: Bank, session_id: int, now: datetime, score: float | None, asked: dict[str, Any]) -> None:
    with bank.transaction() as session:
        row = session.get(MockSession, session_id)
        if row is not None:
            row.finished_at, row.score, row.your_questions = now, score, asked


def get(session: Session, session_id: int | None = None, unfinished: bool = False) -> MockSession | None:
    """One interview by id, else the latest (the latest unfinished one with `unfinished`)."""
    if session_id is not None:
        return session.get(MockSession, session_id)
    query = select(MockSession).order_by(MockSession.id.desc()).limit(1)
    if unfinished:
        query = query.where(MockSession.finished_at.is_(None))
    return session.scalars(query).first()


def answers(session: Session, session_id: int) -> list[MockAnswer]:
    return list(session.scalars(select(MockAnswer).where(MockAnswer.session_id == session_id).order_by(MockAnswer.id)))


def sessions(session: Session) -> list[MockSession]:
    return list(session.scalars(select(MockSession).order_by(MockSession.id)))
