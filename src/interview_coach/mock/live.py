"""A mock interview one request at a time, for faces without a long-lived process (the web app and its API).

Each call stands alone: it resumes the interview from the bank (`MockInterview.resume`) and goes through the
same steps, grader, follow-ups and FSRS as `coach mock`:

    session_id, plan = begin(bank, settings, clock, "phone-screen")   # or start(…, make_plan(…))
    now = view(bank, settings, clock, session_id)          # the step to answer, its clock, the draft so far
    save_draft(bank, clock, session_id, now.step.key, "what I typed so far")   # survives a reload
    result = submit(bank, settings, clock, session_id, now.step.key, "my answer")  # saved, then graded
    rate_self(bank, settings, clock, session_id, answer_id, Rating.GOOD)           # answers with no reference
    finish(bank, settings, clock, session_id)

The step's clock starts when it is first shown: that moment is written as a draft row (a mock answer with status
"unfinished", which the interview already reads as "asked again on resume, with its text shown"), so a reload or a
lost connection neither restarts nor stops it. The page checks in every 30 s; when it has been silent for over
PAUSE_AFTER seconds (the tab was closed, the laptop slept, the terminal's interview was left), the time away is not
answering time: the clock goes on from where it stopped, as `coach mock --resume` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from interview_coach.config import Settings, user_dir
from interview_coach.errors import CoachError, ItemNotFound
from interview_coach.grade.rating import Rating
from interview_coach.mock import store
from interview_coach.mock.interview import NUDGE_SECONDS, MockInterview, Step, StepResult, nudge
from interview_coach.mock.planner import InterviewPlan, plan_interview
from interview_coach.mock.plans import PlanSpec, load_plans, plans_file
from interview_coach.practice.session import Clock, Grader

if TYPE_CHECKING:
    from interview_coach.bank import Bank

MAX_ANSWER_CHARS = 100_000  # an interview answer is far shorter; beyond this it is refused, not cut
PAUSE_AFTER = 300  # seconds without a word from the page (it sends one every 30 s): the time away is a pause


class InterviewNotFound(ItemNotFound):
    """A 404 like an unknown item, with its own message."""

    def __init__(self, session_id: int) -> None:
        CoachError.__init__(self, f"no mock interview {session_id}; see the past ones with: coach mock --list")


@dataclass(frozen=True)
class Live:
    """Where an interview stands now, for a page or an API client."""

    session_id: int
    title: str
    budget: int  # the interview's seconds
    used: float  # seconds used by the answers given
    step: Step | None  # None: every question is answered
    started: datetime | None = None  # when this step was first shown
    spent: float = 0.0  # seconds on this answer so far
    draft: str = ""
    nudge: str = ""
    nudges: list[tuple[int, str]] = field(default_factory=list)  # (at seconds into the answer, what to show)
    unrated: list[dict[str, Any]] = field(default_factory=list)  # answers with no reference: rate them
    finished: bool = False

    def as_dict(self) -> dict[str, Any]:
        step = self.step
        return {
            "session_id": self.session_id,
            "title": self.title,
            "budget": self.budget,
            "used": round(self.used, 1),
            "finished": self.finished,
            "step": None
            if step is None
            else {
                "key": step.key,
                "role": step.role,
                "section": step.section.title,
                "prompt": step.question.prompt,
                "context": step.question.context,
                "budget": step.question.budget,
                "number": step.number,
                "total": step.total,
                "reason": step.reason,
            },
            "started": self.started.isoformat() if self.started else None,
            "spent": round(self.spent, 1),
            "draft": self.draft,
            "nudge": self.nudge,
            "nudges": [{"at": at, "text": text} for at, text in self.nudges],
            "unrated": self.unrated,
        }


def plans(folder: Path | None = None) -> dict[str, PlanSpec]:
    """The user's plans (mock-plans.toml in the user dir, written from the built-in ones on first use)."""
    return load_plans(plans_file(folder or user_dir()))


def make_plan(
    bank: Bank, name: str, minutes: float | None, topics: tuple[str, ...], seed: int | None, now: datetime,
    folder: Path | None = None,
) -> InterviewPlan:  # fmt: skip
    """The interview `coach mock --plan NAME` would run: same plans, same pool, same seeded draw."""
    folder = folder or user_dir()
    available = plans(folder)
    if name not in available:
        raise CoachError(f"plan {name!r}: no such plan in {plans_file(folder)}; plans: {', '.join(available)}")
    if minutes is not None and minutes < 2:
        raise CoachError(f"minutes: {minutes:g} is too short for an interview; give 2 or more")
    with bank.session() as session:
        pool, pitches = store.pool(session)
    if not any(item.kind != "ask_interviewer" for item in pool):
        raise CoachError("the bank has no questions; import notes first: coach import PATH (or --sample)")
    chosen = seed if seed is not None else int(now.timestamp()) % 100_000
    return plan_interview(available[name], pool, now, chosen, minutes, topics, tuple(pitches))


def begin(
    bank: Bank, settings: Settings, clock: Clock, name: str, minutes: float | None = None,
    topics: tuple[str, ...] = (), seed: int | None = None, folder: Path | None = None,
) -> tuple[int, InterviewPlan]:  # fmt: skip
    """Plan the interview (`make_plan`) and start it: its number and its plan."""
    plan = make_plan(bank, name, minutes, topics, seed, clock(), folder)
    return start(bank, settings, clock, plan), plan


def start(bank: Bank, settings: Settings, clock: Clock, plan: InterviewPlan) -> int:
    with bank.session() as session:
        pool, _ = store.pool(session)
    return MockInterview.start(bank, settings, clock, plan, pool).session_id


def view(bank: Bank, settings: Settings, clock: Clock, session_id: int, grader: Grader | None = None) -> Live:
    """The step to answer now (its clock started, on first showing), or the self-ratings left; an interview
    with nothing left to answer or rate is finished here."""
    interview = _resume(bank, settings, clock, session_id, grader)
    if interview is None:
        return _finished(bank, session_id)
    step = interview.next_step()
    if step is None:
        unrated = [_unrated(a) for a in interview.unrated()]
        if not unrated:
            interview.finish()
            return _finished(bank, session_id)
        return Live(session_id, interview.plan.title, interview.plan.budget, interview.used_seconds(), None,
                    unrated=unrated)  # fmt: skip
    draft = _draft(bank, interview, step, clock())
    spent = max(0.0, (clock() - _utc(draft.started_at)).total_seconds())
    budget = step.question.budget
    soon = max(0, budget - NUDGE_SECONDS)
    marks = [(soon, nudge(soon, budget)), (budget + 1, nudge(budget + 1, budget))]
    return Live(
        session_id, interview.plan.title, interview.plan.budget, interview.used_seconds(), step,
        _utc(draft.started_at), spent, draft.answer, nudge(spent, budget), marks,
    )  # fmt: skip


def save_draft(bank: Bank, settings: Settings, clock: Clock, session_id: int, step_key: str, text: str) -> Live:
    """Keep what is typed so far on the server (the answer is not given yet; its clock runs on)."""
    _check_length(text)
    interview = _current(bank, settings, clock, session_id, step_key)
    step = interview.next_step()
    assert step is not None  # _current checked it
    now = clock()
    draft = _draft(bank, interview, step, now)
    store.update_answer(
        bank, draft.id, answer=text, submitted_at=now, seconds=max(0.0, (now - _utc(draft.started_at)).total_seconds())
    )
    return view(bank, settings, clock, session_id)


def submit(
    bank: Bank, settings: Settings, clock: Clock, session_id: int, step_key: str, text: str,
    grader: Grader | None = None,
) -> StepResult:  # fmt: skip
    """Give the answer to the current step: saved as given first, then graded, coached, scheduled, and the
    follow-up decided (the terminal's `submit`), timed from when the step was first shown."""
    if not text.strip():
        raise CoachError("the answer is empty; type your answer before submitting")
    _check_length(text)
    interview = _current(bank, settings, clock, session_id, step_key, grader)
    step = interview.next_step()
    assert step is not None
    draft = _draft(bank, interview, step, clock())
    store.update_answer(bank, draft.id, answer=text)  # the draft holds the answer too, until the row below lands
    return interview.submit(step, text.strip(), _utc(draft.started_at))


def rate_self(bank: Bank, settings: Settings, clock: Clock, session_id: int, answer_id: int, rating: Rating) -> None:
    interview = _resume(bank, settings, clock, session_id)
    if interview is None:
        raise CoachError(f"mock interview {session_id} is finished; its answers can no longer be rated")
    answer = next((a for a in interview.unrated() if a.id == answer_id), None)
    if answer is None:
        raise CoachError(f"answer {answer_id} of interview {session_id} has nothing to rate; reload the interview")
    interview.rate_self(answer, rating)


def finish(bank: Bank, settings: Settings, clock: Clock, session_id: int) -> float | None:
    """End the interview now (unanswered questions stay unanswered in the report)."""
    interview = _resume(bank, settings, clock, session_id)
    if interview is None:
        with bank.session() as session:
            row = store.get(session, session_id)
            return row.score if row is not None else None
    return interview.finish()


def past(bank: Bank) -> list[dict[str, Any]]:
    from interview_coach.mock.report import summary_of

    with bank.session() as session:
        return [summary_of(row) for row in store.sessions(session)]


def report(bank: Bank, session_id: int) -> dict[str, Any]:
    from interview_coach.mock.report import report_data

    with bank.session() as session:
        if store.get(session, session_id) is None:
            raise InterviewNotFound(session_id)
        return report_data(session, session_id)


# --- helpers ---


def _resume(
    bank: Bank, settings: Settings, clock: Clock, session_id: int, grader: Grader | None = None
) -> MockInterview | None:
    """The interview, or None when it is finished."""
    with bank.session() as session:
        row = store.get(session, session_id)
        if row is None:
            raise InterviewNotFound(session_id)
        if row.finished_at is not None:
            return None
    return MockInterview.resume(bank, settings, clock, session_id, grader)


def _current(
    bank: Bank, settings: Settings, clock: Clock, session_id: int, step_key: str, grader: Grader | None = None
) -> MockInterview:
    """The interview, checked to be waiting for an answer to `step_key` (a stale page says so)."""
    interview = _resume(bank, settings, clock, session_id, grader)
    if interview is None:
        raise CoachError(f"mock interview {session_id} is finished; open its report")
    step = interview.next_step()
    if step is None or step.key != step_key:
        now = f"question {step.key}" if step else "the self-ratings"
        raise CoachError(f"step {step_key!r} is not the one being asked (now: {now}); reload the interview")
    return interview


def _draft(bank: Bank, interview: MockInterview, step: Step, now: datetime) -> store.MockAnswer:
    """This step's latest unfinished row (the terminal writes one when you leave mid-answer); a new, empty one
    when there is none: the moment the step was first shown."""
    with bank.session() as session:
        query = (
            select(store.MockAnswer)
            .where(store.MockAnswer.session_id == interview.session_id, store.MockAnswer.step == step.key)
            .where(store.MockAnswer.status == "unfinished")
            .order_by(store.MockAnswer.id.desc())
            .limit(1)
        )
        row = session.scalars(query).first()
    if row is not None:
        return _checked_in(bank, row, now)
    answer_id = store.save_answer(
        bank, session_id=interview.session_id, step=step.key, role=step.role, item_id=step.question.item_id,
        attempt_id=None, prompt=step.question.prompt, answer="", status="unfinished", started_at=now,
        submitted_at=now, seconds=0.0, budget_seconds=step.question.budget,
    )  # fmt: skip
    with bank.session() as session:
        made = session.get(store.MockAnswer, answer_id)
        assert made is not None
        return made


def _checked_in(bank: Bank, row: store.MockAnswer, now: datetime) -> store.MockAnswer:
    """The page is here now: a silence over PAUSE_AFTER moves the start on by it (the clock stood still)."""
    last, started = _utc(row.submitted_at), _utc(row.started_at)
    if (now - last).total_seconds() > PAUSE_AFTER:
        started += now - last
    store.update_answer(bank, row.id, started_at=started, submitted_at=max(now, last))
    with bank.session() as session:
        fresh = session.get(store.MockAnswer, row.id)
        assert fresh is not None
        return fresh


def _finished(bank: Bank, session_id: int) -> Live:
    with bank.session() as session:
        row = store.get(session, session_id)
        if row is None:
            raise InterviewNotFound(session_id)
        plan = InterviewPlan.from_dict(row.plan)
        used = sum(a.seconds for a in store.answers(session, session_id) if a.status != "unfinished")
    return Live(session_id, plan.title, plan.budget, used, None, finished=True)


def _unrated(answer: store.MockAnswer) -> dict[str, Any]:
    return {"answer_id": answer.id, "step": answer.step, "prompt": answer.prompt, "answer": answer.answer}


def _check_length(text: str) -> None:
    if len(text) > MAX_ANSWER_CHARS:
        raise CoachError(f"the answer is over {MAX_ANSWER_CHARS:,} characters; shorten it to an interview answer")


def _utc(moment: datetime) -> datetime:
    from interview_coach.practice.schedule import as_utc

    return as_utc(moment)
