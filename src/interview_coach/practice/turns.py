"""Practice one request at a time, for faces without a long-lived session (the web app, its JSON API).

Each call stands alone and goes through the same `PracticeSession` the terminal uses, so the queue, the saving
before grading, the grade → rating mapping and FSRS are the CLI's own:

    question = next_question(bank, settings, now, Selection(topic="rag"))   # None: nothing to practise
    result = answer(bank, settings, question.item_id, "my answer", started, now)  # saved, then graded
    due = rate(bank, settings, result.attempt_id, Rating.GOOD, now)          # or the suggested rating
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from interview_coach.bank import Bank
from interview_coach.bank.schema import Attempt
from interview_coach.config import Settings
from interview_coach.errors import CoachError
from interview_coach.grade.highlight import Piece, highlight
from interview_coach.grade.rating import Rating
from interview_coach.grade.service import clean_answer
from interview_coach.practice.session import (
    Feedback,
    Grader,
    PracticeSession,
    Question,
    Selection,
    Turn,
    ensure_writable,
)

MAX_DRAFT_CHARS = 100_000  # an interview answer is far shorter; beyond this it is refused, not cut


@dataclass(frozen=True)
class Answered:
    attempt_id: int
    question: Question
    answer: str
    feedback: Feedback
    notes: list[str]  # about the input itself ("graded its first 3,000 words")

    @property
    def pieces(self) -> list[Piece]:
        """The answer cut where key points matched, for a face to highlight (one unmarked piece when ungraded)."""
        grade = self.feedback.grade
        return highlight(self.answer, grade) if grade is not None else [Piece(self.answer)]


def next_question(bank: Bank, settings: Settings, now: datetime, selection: Selection) -> Question | None:
    """The first question the terminal's practice would ask now for this selection (due reviews, then new)."""
    practice = PracticeSession.start(bank, settings, lambda: now, selection)
    return practice.next_question()


def load_question(bank: Bank, settings: Settings, now: datetime, item_id: str) -> Question:
    return PracticeSession(bank, settings, lambda: now, [item_id]).load(item_id)


def answer(
    bank: Bank,
    settings: Settings,
    item_id: str,
    text: str,
    started: datetime,
    now: datetime,
    grader: Grader | None = None,
) -> Answered:
    """Save the answer (committed first), then grade it against the notes' reference."""
    if not text.strip():
        raise CoachError("the answer is empty; type your answer before submitting")
    if len(text) > MAX_DRAFT_CHARS:
        raise CoachError(f"the answer is over {MAX_DRAFT_CHARS:,} characters; shorten it to an interview answer")
    ensure_writable(bank)  # as a session's start does; no queue to build for the one question answered
    practice = PracticeSession(bank, settings, lambda: now, [item_id], grader=grader, one_answer=True)
    question = practice.load(item_id)
    turn = Turn(question, min(started, now))
    cleaned, notes = clean_answer(text)
    attempt_id = practice.submit(turn, text)
    turn.answer = cleaned  # graded on the cleaned text; the attempt keeps what was typed
    return Answered(attempt_id, question, text, practice.grade(turn), notes)


def rate(
    bank: Bank, settings: Settings, attempt_id: int, rating: Rating | None, now: datetime
) -> tuple[Rating, datetime]:
    """Schedule the attempt's item (FSRS) with `rating`, or with the suggested one (Again when self-rated)."""
    with bank.session() as session:
        attempt = session.get(Attempt, attempt_id)
        if attempt is None:
            raise CoachError(f"no practice attempt {attempt_id}; answer the question again")
        if attempt.status in ("rated", "skipped", "never"):
            raise CoachError(f"attempt {attempt_id} is already {attempt.status}; practise the next question")
        item_id, suggested = attempt.item_id, attempt.suggested_rating
    chosen = rating or (Rating(suggested) if suggested else Rating.AGAIN)
    practice = PracticeSession(bank, settings, lambda: now, [item_id])
    turn = Turn(practice.load(item_id), now, attempt_id)
    return chosen, practice.rate(turn, chosen)
