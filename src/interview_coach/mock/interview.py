"""A mock interview as steps over the practice session, with the clock passed in:

    interview = MockInterview.start(bank, settings, clock, plan, pool)   # or MockInterview.resume(...)
    while (step := interview.next_step()) is not None:
        started = interview.clock()
        result = interview.submit(step, answer, started)      # saved first, then graded, coached, scheduled
    interview.rate_self(answer_id, rating)                     # answers with no reference, at the end
    interview.finish()

Every answer is a row in mock_answers before it is graded (an answer to a question from the notes is also a
practice attempt, graded by the same grader and scheduled by the same FSRS). Where the interview stands is read
back from those rows, so `resume` after a crash or Ctrl-C continues at the first step without an answer. The
interview's clock is the time spent answering (not the time the program was closed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from interview_coach.config import Settings
from interview_coach.errors import CoachError
from interview_coach.grade.rating import Rating
from interview_coach.mock import store
from interview_coach.mock.delivery import Delivery, coach
from interview_coach.mock.followup import FollowUp, choose_follow_up, compare_questions
from interview_coach.mock.planner import InterviewPlan, PlannedQuestion, PlannedSection, PoolItem
from interview_coach.practice.session import Clock, Grader, PracticeSession, Question, Turn, ensure_writable

if TYPE_CHECKING:
    from interview_coach.bank import Bank
    from interview_coach.dossier.api import AnswerChecker, AnswerNotes
    from interview_coach.grade.grader import Grade

NUDGE_SECONDS = 30


@dataclass(frozen=True)
class Step:
    key: str
    role: str  # question | follow-up | your-questions
    section: PlannedSection
    question: PlannedQuestion  # for a follow-up: its prompt, reference and budget
    number: int  # which planned question (a follow-up shares its question's number)
    total: int
    reason: str = ""  # why a follow-up is asked
    partial: str = ""  # an unfinished answer saved earlier (shown on resume)


@dataclass
class StepResult:
    answer_id: int
    grade: Grade | None
    delivery: Delivery
    follow_up: FollowUp | None = None
    comparison: dict[str, Any] | None = None  # your questions against the notes'
    missed: list[str] = field(default_factory=list)
    notes: AnswerNotes | None = None  # misquoted figures, a story told for two questions


class MockInterview:
    def __init__(
        self, bank: Bank, settings: Settings, clock: Clock, session_id: int, plan: InterviewPlan,
        pool: list[PoolItem], grader: Grader | None = None,
    ) -> None:  # fmt: skip
        self.bank, self.settings, self.clock = bank, settings, clock
        self.session_id, self.plan, self.pool = session_id, plan, pool
        self.practice = PracticeSession(bank, settings, clock, [], grader=grader)
        self._checker: AnswerChecker | None = None

    @classmethod
    def start(
        cls, bank: Bank, settings: Settings, clock: Clock, plan: InterviewPlan, pool: list[PoolItem],
        grader: Grader | None = None,
    ) -> MockInterview:  # fmt: skip
        ensure_writable(bank)
        return cls(bank, settings, clock, store.create(bank, plan.as_dict(), clock()), plan, pool, grader)

    @classmethod
    def resume(
        cls, bank: Bank, settings: Settings, clock: Clock, session_id: int | None = None,
        grader: Grader | None = None,
    ) -> MockInterview:  # fmt: skip
        ensure_writable(bank)
        with bank.session() as session:
            row = store.get(session, session_id, unfinished=session_id is None)
            if row is None or row.finished_at is not None:
                what = f"interview {session_id} is finished" if row is not None else "no unfinished interview"
                raise CoachError(f"{what} to resume; start one with: coach mock")
            pool, _ = store.pool(session)
            plan = InterviewPlan.from_dict(row.plan)
        return cls(bank, settings, clock, row.id, plan, pool, grader)

    # --- where the interview stands (read from the saved answers) ---

    def _answers(self) -> list[store.MockAnswer]:
        with self.bank.session() as session:
            return store.answers(session, self.session_id)

    def used_seconds(self) -> float:
        return sum(a.seconds for a in self._answers() if a.status != "unfinished")

    def next_step(self) -> Step | None:
        answers = self._answers()
        done = {a.step: a for a in answers if a.status != "unfinished"}
        partial = {a.step: a.answer for a in answers if a.status == "unfinished"}
        used = sum(a.seconds for a in done.values())
        planned = self.plan.questions()
        for number, (section, question) in enumerate(self._ordered(), start=1):
            if question.key not in done:
                if section.role == "answer" and used >= self.plan.budget:
                    continue  # out of time: straight to the candidate's questions
                role = "your-questions" if section.role == "your-questions" else "question"
                return Step(
                    question.key, role, section, question, number, len(planned), partial=partial.get(question.key, "")
                )
            follow = done[question.key].follow_up
            if follow and f"{question.key}f" not in done:
                asked = PlannedQuestion(
                    f"{question.key}f", follow["prompt"], question.kind, question.topic, question.context,
                    follow["reference"], follow["budget"], follow.get("item_id"),
                )  # fmt: skip
                return Step(asked.key, "follow-up", section, asked, number, len(planned), follow["reason"],
                            partial.get(asked.key, ""))  # fmt: skip
        return None

    def _ordered(self) -> list[tuple[PlannedSection, PlannedQuestion]]:
        return [(s, q) for s in self.plan.sections for q in s.questions]

    def clock_line(self, step: Step, started: datetime) -> str:
        """The live clock: this answer against its budget, the interview against its own, and a nudge."""
        spent = (self.clock() - started).total_seconds()
        line = (
            f"{step.section.title} · this answer {_mmss(spent)} / {_mmss(step.question.budget)} · "
            f"interview {_mmss(self.used_seconds() + spent)} / {_mmss(self.plan.budget)}"
        )
        hint = nudge(spent, step.question.budget)
        return f"{line} · {hint}" if hint else line

    # --- answering ---

    def submit(self, step: Step, answer: str, started: datetime) -> StepResult:
        """Save the answer as given, then grade it, coach its delivery, schedule its item and decide the
        follow-up (at most one per question, and only when the interview has time left for it)."""
        turn = self._turn(step, started)
        if step.question.item_id:
            self.practice.submit(turn, answer)
        else:
            turn.answer, turn.seconds = answer, (self.clock() - started).total_seconds()
        answer_id = store.save_answer(self.bank, **self._row(step, turn, "saved"))
        delivery = coach(answer, step.question.budget, step.question.kind, self.settings.speaking_wpm)
        if step.role == "your-questions":
            asked = [line.strip(" -*•") for line in answer.splitlines() if line.strip(" -*•")]
            comparison = compare_questions(asked, self.plan.ask_interviewer)
            store.update_answer(self.bank, answer_id, status="graded", grade=comparison, delivery=delivery.as_dict())
            return StepResult(answer_id, None, delivery, comparison=comparison)
        grade = self._grade(turn)
        notes = self._check(step, answer)
        coached = {**delivery.as_dict(), "checks": notes.as_dict()}
        coached["notes"] = [*coached.get("notes", []), *notes.messages()]
        follow = None
        if step.role == "question" and self._time_for_follow_up(step):
            planned = {q.item_id for q in self.plan.questions() if q.item_id}
            follow = choose_follow_up(step.question, grade, delivery, self.pool, planned)
        missed = [p.text for p in grade.points if p.status in ("missed", "contradicted")] if grade else []
        store.update_answer(
            self.bank, answer_id, status="graded" if grade else "saved", score=grade.score if grade else None,
            grade=grade.as_dict() if grade else None, delivery=coached,
            follow_up=follow.as_dict() if follow else None,
        )  # fmt: skip
        return StepResult(answer_id, grade, delivery, follow, missed=missed, notes=notes)

    def _check(self, step: Step, answer: str) -> AnswerNotes:
        """The answer against the notes' figures (a follow-up on a missed point belongs to its question's item)
        and the stories already told in this interview (read back from its answers, so a resume keeps them)."""
        planned = {q.key: q for q in self.plan.questions()}
        if self._checker is None:
            from interview_coach.dossier.api import AnswerChecker

            told = [
                (a.prompt, a.answer) for a in self._answers()
                if a.status != "unfinished" and a.step != step.key
                and getattr(planned.get(a.step), "kind", "") == "behavioral"
            ]  # fmt: skip
            with self.bank.session() as session:
                self._checker = AnswerChecker(session, told)
        parent = planned.get(step.key.removesuffix("f"))
        item_id = step.question.item_id or (parent.item_id if parent else None)
        kind = step.question.kind if step.role == "question" else ""  # a follow-up goes on with its question's story
        return self._checker.check(item_id, step.question.prompt, kind, answer)

    def save_unfinished(self, step: Step, typed: str, started: datetime) -> int | None:
        """Leaving mid-answer: keep what was typed; the question is asked again on resume (with it shown)."""
        if not typed.strip():
            return None
        turn = self._turn(step, started)
        turn.answer, turn.seconds = typed.strip(), (self.clock() - started).total_seconds()
        if step.question.item_id:
            self.practice.save_unfinished(turn, typed)
        return store.save_answer(self.bank, **self._row(step, turn, "unfinished"))

    def _turn(self, step: Step, started: datetime) -> Turn:
        q = step.question
        view = Question(q.item_id or "", 1, 1, q.prompt, q.kind, q.topic, q.context, q.budget, q.reference)
        return Turn(view, started)

    def _row(self, step: Step, turn: Turn, status: str) -> dict[str, Any]:
        return {
            "session_id": self.session_id, "step": step.key, "role": step.role, "item_id": step.question.item_id,
            "attempt_id": turn.attempt_id, "prompt": step.question.prompt, "answer": turn.answer, "status": status,
            "started_at": turn.started, "submitted_at": self.clock(), "seconds": turn.seconds,
            "budget_seconds": step.question.budget,
        }  # fmt: skip

    def _grade(self, turn: Turn) -> Grade | None:
        """Graded against the reference; an item from the notes is scheduled with the suggested rating."""
        if not turn.question.reference.strip():
            return None
        if turn.attempt_id is None:  # a pitch or a missed key point: graded, nothing to schedule
            return self.practice.grade_text(turn.question.question, turn.question.reference, turn.answer)
        feedback = self.practice.grade(turn)
        if feedback.suggested is not None:
            self.practice.rate(turn, feedback.suggested)
        return feedback.grade

    def _time_for_follow_up(self, step: Step) -> bool:
        """Only while the interview is on schedule: the time used so far (this answer included) is within the
        budgets of the questions answered so far."""
        answered = {a.step for a in self._answers() if a.status != "unfinished"} | {step.key}
        scheduled = sum(q.budget for _, q in self._ordered() if q.key in answered)
        return self.used_seconds() <= scheduled

    # --- the end ---

    def unrated(self) -> list[store.MockAnswer]:
        """Answers with no reference to grade against: the candidate rates them at the end."""
        return [
            a for a in self._answers()
            if a.status == "saved" and a.role in ("question", "follow-up") and a.rating is None
        ]  # fmt: skip

    def rate_self(self, answer: store.MockAnswer, rating: Rating) -> None:
        if answer.item_id and answer.attempt_id is not None:
            question = Question(answer.item_id, 1, 1, answer.prompt, "", "", "", answer.budget_seconds, "")
            self.practice.rate(Turn(question, answer.started_at, answer.attempt_id), rating)
        store.update_answer(self.bank, answer.id, rating=int(rating), status="rated")

    def finish(self) -> float | None:
        answers = self._answers()
        scores = [a.score for a in answers if a.score is not None]
        score = round(sum(scores) / len(scores), 1) if scores else None
        asked = next((a.grade for a in answers if a.role == "your-questions" and a.grade), None)
        store.finish(self.bank, self.session_id, self.clock(), score, asked or {})
        return score


def nudge(spent: float, budget: int) -> str:
    left = budget - spent
    if left < 0:
        return "over time for this one: wrap up"
    if left <= NUDGE_SECONDS:
        return f"{NUDGE_SECONDS} s left for this one"
    return ""


def _mmss(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
