"""A practice session as a use case, with the clock passed in (no terminal, no hidden `now`):

    session = PracticeSession.start(bank, settings, clock, Selection(new=5))
    question = session.next_question()          # None: nothing left, or time is up
    turn = session.begin(question)              # the answer's clock starts
    session.submit(turn, "my answer")           # saved (committed) before anything else
    feedback = session.grade(turn)              # grade + suggested rating (None: self-rate)
    session.rate(turn, Rating.GOOD)             # or session.skip(turn) / session.never(turn)

A face (terminal, web, mock interviewer) loops over these calls and renders; everything it must not lose is
written here first.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Select, bindparam, select, text
from sqlalchemy.exc import OperationalError

from interview_coach.config import Settings, user_dir
from interview_coach.errors import CoachError
from interview_coach.grade.rating import Rating
from interview_coach.practice import store
from interview_coach.practice.queue import build_queue

if TYPE_CHECKING:
    from interview_coach.bank import Bank
    from interview_coach.bank.schema import Item
    from interview_coach.dossier.api import AnswerChecker, AnswerNotes
    from interview_coach.grade.grader import Grade

Clock = Callable[[], datetime]
Grader = Callable[[str, str, str], "Grade"]  # (question, reference, answer) → Grade

RATING_KEYS = {"a": Rating.AGAIN, "h": Rating.HARD, "g": Rating.GOOD, "e": Rating.EASY}
RATING_NAMES = {rating: rating.name.capitalize() for rating in Rating}


@dataclass(frozen=True)
class Selection:
    kind: str | None = None
    topic: str | None = None
    source: str | None = None
    new: int = 10
    due_only: bool = False
    minutes: float | None = None
    item_ids: tuple[str, ...] = ()  # exactly these items, in this order (the report's "drill next" command)


@dataclass(frozen=True)
class Question:
    item_id: str
    number: int
    total: int
    question: str
    kind: str
    topic: str
    context: str  # where it comes from: "file.md › heading › subheading", so "this project" has a name
    budget: int
    reference: str


@dataclass
class Turn:
    """One question being answered."""

    question: Question
    started: datetime
    attempt_id: int | None = None
    answer: str = ""
    seconds: float = 0.0
    grade: Grade | None = None
    suggested: Rating | None = None
    finished: bool = False  # rated, skipped or never-ask


@dataclass(frozen=True)
class Feedback:
    grade: Grade | None  # None: no reference answer, the user rates themselves
    suggested: Rating | None
    seconds: float
    budget: int
    notes: AnswerNotes | None = None  # misquoted figures, a story told twice

    @property
    def over_budget(self) -> bool:
        return self.seconds > self.budget


@dataclass
class Summary:
    answered: int = 0
    scores: list[int] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    due_within_a_day: int = 0

    @property
    def mean_score(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


class PracticeSession:
    def __init__(
        self,
        bank: Bank,
        settings: Settings,
        clock: Clock,
        queue: list[str],
        deadline: datetime | None = None,
        grader: Grader | None = None,
        one_answer: bool = False,
    ) -> None:
        """`one_answer`: the session grades one answer in a request of its own (the web app), so its notes check
        reads only what that answer needs (misquotes_for_item)."""
        self.bank, self.settings, self.clock = bank, settings, clock
        self.one_answer = one_answer
        self.queue, self.deadline = queue, deadline
        self.position = 0
        self.time_up = False
        self.summary = Summary()
        self._grader = grader
        self._checker: AnswerChecker | None = None

    @classmethod
    def start(
        cls, bank: Bank, settings: Settings, clock: Clock, selection: Selection, grader: Grader | None = None
    ) -> PracticeSession:
        """The session's queue (due reviews, then new items). Refuses a bank it could not save answers to."""
        ensure_writable(bank)
        now = clock()
        with bank.session() as session:
            found = store.candidates(session, selection.kind, selection.topic, selection.source, selection.item_ids)
        if selection.item_ids:
            order = {ident: n for n, ident in enumerate(selection.item_ids)}
            queue = [c.item_id for c in sorted(found, key=lambda c: order.get(c.item_id, len(order)))]
        else:
            queue = build_queue(found, now, selection.new, selection.due_only)
        deadline = now + timedelta(minutes=selection.minutes) if selection.minutes else None
        return cls(bank, settings, clock, queue, deadline, grader)

    def next_question(self) -> Question | None:
        if self.position >= len(self.queue):
            return None
        if self.deadline is not None and self.clock() >= self.deadline:
            self.time_up = True
            return None
        self.position += 1
        return self.load(self.queue[self.position - 1], self.position, len(self.queue))

    def load(self, item_id: str, number: int = 1, total: int = 1) -> Question:
        from interview_coach.bank.queries import get_item

        with self.bank.session() as session:
            # The columns a question shows, in one query; an id prefix or a missing id goes through get_item.
            row = session.execute(_question_query(), {"ident": item_id}).one_or_none()
            if row is None:
                item = get_item(session, item_id)
                return question_view(item, number, total, self.settings.budget(item.kind))
        ident, question, kind, topic, headings, answer, path = row
        context = _context(Path(path).name, headings)
        return Question(ident, number, total, question, kind, topic, context, self.settings.budget(kind), answer or "")

    def begin(self, question: Question) -> Turn:
        return Turn(question, self.clock())

    def submit(self, turn: Turn, answer: str) -> int:
        """Save the answer as given (committed before grading); returns the attempt id."""
        submitted = self.clock()
        turn.answer, turn.seconds = answer, (submitted - turn.started).total_seconds()
        turn.attempt_id = self._save(turn, answer, submitted)
        self.summary.answered += 1
        self.summary.seconds += turn.seconds
        return turn.attempt_id

    def save_unfinished(self, turn: Turn, typed: str) -> int | None:
        """Leaving mid-answer (Ctrl-C, Ctrl-D, a signal): keep what was typed, if anything."""
        if not typed.strip():
            return None
        turn.answer = typed.strip()
        turn.finished = True
        return self._save(turn, turn.answer, self.clock())

    def grade(self, turn: Turn) -> Feedback:
        """Grade the saved answer against the notes' reference; record the grade and the suggested rating."""
        from interview_coach.grade.rating import rating_for

        question = turn.question
        notes = self.check_notes(question.item_id, question.question, question.kind, turn.answer)
        if not question.reference.strip():
            return Feedback(None, None, turn.seconds, question.budget, notes)
        result = self.grade_text(question.question, question.reference, turn.answer)
        turn.grade, turn.suggested = result, rating_for(result)
        if turn.attempt_id is not None:
            saved = {**result.as_dict(), "notes": notes.as_dict()}
            store.record_grade(self.bank, turn.attempt_id, saved, result.score, int(turn.suggested))
        self.summary.scores.append(result.score)
        return Feedback(result, turn.suggested, turn.seconds, question.budget, notes)

    def check_notes(self, item_id: str | None, question: str, kind: str, answer: str) -> AnswerNotes:
        """The answer against the notes' key numbers and this session's stories (the checker is built once)."""
        if self.one_answer:  # nothing told before it: no story can be retold, only figures misquoted
            from interview_coach.dossier.api import AnswerNotes, misquotes_for_item

            with self.bank.session() as session:
                return AnswerNotes(misquotes_for_item(session, item_id, answer) if item_id else [])
        if self._checker is None:
            from interview_coach.dossier.api import AnswerChecker

            with self.bank.session() as session:
                self._checker = AnswerChecker(session)
        return self._checker.check(item_id, question, kind, answer)

    def rate(self, turn: Turn, rating: Rating) -> datetime:
        """Schedule the item (FSRS) with this rating; returns its next due date."""
        due = store.apply_rating(
            self.bank, turn.question.item_id, int(rating), self.clock(), turn.attempt_id, self.settings.retention
        )
        name = RATING_NAMES[rating]
        self.summary.ratings[name] = self.summary.ratings.get(name, 0) + 1
        turn.finished = True
        return due

    def rate_by_default(self, turn: Turn) -> tuple[Rating, datetime]:
        """Leaving at the rating prompt: schedule with the suggested rating (Again when self-rated), so the item
        is never left unscheduled and an ungraded one comes back soon to be rated properly."""
        rating = turn.suggested or Rating.AGAIN
        return rating, self.rate(turn, rating)

    def skip(self, turn: Turn) -> None:
        if turn.attempt_id is not None:
            store.set_status(self.bank, turn.attempt_id, "skipped")
        turn.finished = True

    def never(self, turn: Turn) -> None:
        if turn.attempt_id is not None:
            store.set_status(self.bank, turn.attempt_id, "never")
        store.never_ask(self.bank, turn.question.item_id, self.clock())
        turn.finished = True

    def finish(self) -> Summary:
        now = self.clock()
        with self.bank.session() as session:
            self.summary.due_within_a_day = len(store.due_cards(session, now, now + timedelta(days=1)))
        return self.summary

    def grade_text(self, question: str, reference: str, answer: str) -> Grade:
        """The grader on any (question, reference, answer), e.g. a mock interviewer's follow-up."""
        if self._grader is None:
            from interview_coach.grade.grader import default_embed, grade

            embed = default_embed()
            self._grader = lambda q, r, a: grade(q, r, a, embed)
        return self._grader(question, reference, answer)

    def _save(self, turn: Turn, answer: str, submitted: datetime) -> int:
        try:
            return store.save_attempt(
                self.bank, turn.question.item_id, answer, turn.started, submitted, turn.question.budget
            )
        except OperationalError as exc:  # the bank stopped taking writes mid-session: the answer goes to a file
            path = recover(answer, turn.question, submitted)
            raise CoachError(f"could not save to the bank ({exc.orig}); your answer is kept in {path}") from exc


def question_view(item: Item, number: int, total: int, budget: int) -> Question:
    return Question(
        item.id, number, total, item.question, item.kind, item.topic, context_of(item), budget, item.answer or ""
    )


def context_of(item: Item) -> str:
    """The notes file and headings a question sits under: a project question says which project."""
    return _context(Path(item.document.path).name if item.document is not None else "", item.heading_path)


def _context(name: str, heading_path: list[str] | None) -> str:
    headings = [h for h in (heading_path or []) if h]
    return " › ".join([name, *headings]) if name else " › ".join(headings)


@lru_cache(maxsize=1)
def _question_query() -> Select[str, str, str, str, list[str], str, str]:
    """Built once per process (a query's shape, no data)."""
    from interview_coach.bank.schema import Document, Item

    columns = (Item.id, Item.question, Item.kind, Item.topic, Item.heading_path, Item.answer, Document.path)
    return select(*columns).join(Document, Document.id == Item.document_id).where(Item.id == bindparam("ident"))


def ensure_writable(bank: Bank) -> None:
    """Fail before the user types anything when the bank cannot store an answer (read-only file or folder)."""
    try:
        with bank.engine.begin() as connection:
            # A write that changes nothing still needs the write lock, so a read-only bank refuses it.
            connection.execute(text("UPDATE attempts SET status = status WHERE id = -1"))
    except OperationalError as exc:
        raise CoachError(
            f"the bank at {bank.url} cannot be written ({exc.orig}), so answers could not be saved; "
            "make the file and its folder writable, or use another with --db"
        ) from exc


def recover(answer: str, question: Question, when: datetime) -> Path:
    """Write an answer the bank refused to a file in the user dir (or the temp dir), and return its path."""
    record = {"item_id": question.item_id, "question": question.question, "answer": answer, "at": when.isoformat()}
    for folder in (user_dir() / "recovered", Path(tempfile.gettempdir()) / "interview-coach-recovered"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"answer-{when:%Y%m%dT%H%M%S}-{question.item_id[:8]}-{os.getpid()}.json"
            path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
            return path
        except OSError:
            continue
    raise CoachError(f"could not save your answer anywhere; here it is:\n{answer}")


def wall_clock(speed: float = 1.0) -> Clock:
    """The real clock; speed > 1 (COACH_TEST_CLOCK_SPEED, for tests only) makes each real second count as
    `speed` seconds from the moment the clock is made."""
    from datetime import UTC

    origin = datetime.now(UTC)
    if speed == 1.0:
        return lambda: datetime.now(UTC)
    return lambda: origin + (datetime.now(UTC) - origin) * speed
