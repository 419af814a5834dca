"""The JSON API for mock interviews under /api/mock: the same plans, steps, grading and report as `coach mock`.
Each route parses its input and calls one function of mock/live.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from interview_coach.practice.session import Clock
from interview_coach.web.app import WebState
from interview_coach.web.deps import current_state, parse_rating, state

router = APIRouter(prefix="/api/mock", tags=["mock interviews"])
State = Annotated[WebState, Depends(current_state)]


def mock_clock(request: Request) -> Clock:
    """One interview clock per app, made on first use: COACH_TEST_CLOCK_SPEED (tests only) runs it faster."""
    clock: Clock | None = getattr(request.app.state, "mock_clock", None)
    if clock is None:
        from interview_coach.practice.session import wall_clock

        clock = wall_clock(state(request).settings.clock_speed)
        request.app.state.mock_clock = clock
    return clock


ClockDep = Annotated[Clock, Depends(mock_clock)]
SessionId = Annotated[int, Path(ge=1, le=2**53, description="a mock interview's number")]


class StartRequest(BaseModel):
    plan: str = Field("ml-engineer", max_length=64, description="a plan name from GET /api/mock/plans")
    minutes: float | None = Field(None, ge=2, le=600, description="fit the interview into this many minutes")
    topics: list[str] = Field(default_factory=list, max_length=20, description="technical rounds on these topics")
    seed: int | None = Field(None, ge=0, le=2**31, description="the same seed picks the same questions")


class AnswerRequest(BaseModel):
    step: str = Field(max_length=16, description='the step being answered, e.g. "2.1" (a follow-up "2.1f")')
    answer: str = Field(max_length=200_000)


class SelfRating(BaseModel):
    answer_id: int = Field(ge=1, le=2**53)
    rating: int = Field(ge=1, le=4, description="1 Again · 2 Hard · 3 Good · 4 Easy")


@router.get("/plans", summary="The interview plans (mock-plans.toml in the user dir)")
def plans() -> list[dict[str, Any]]:
    from dataclasses import asdict

    from interview_coach.mock.live import plans as load

    return [{**asdict(spec), "minutes": spec.minutes} for spec in load().values()]


@router.get("/sessions", summary="Past and unfinished mock interviews")
def sessions(s: State) -> list[dict[str, Any]]:
    from interview_coach.mock.live import past

    return past(s.bank)


@router.post("/sessions", summary="Plan and start a mock interview")
def start(s: State, clock: ClockDep, body: StartRequest) -> dict[str, Any]:
    from interview_coach.mock.live import begin

    topics = tuple(t[:200] for t in body.topics)
    session_id, plan = begin(s.bank, s.settings, clock, body.plan, body.minutes, topics, body.seed)
    return {"session_id": session_id, "plan": plan.as_dict()}


@router.get("/sessions/{session_id}", summary="Where an interview stands: the step to answer, its clock, the draft")
def current(s: State, clock: ClockDep, session_id: SessionId) -> dict[str, Any]:
    from interview_coach.mock.live import view

    return view(s.bank, s.settings, clock, session_id).as_dict()


@router.put("/sessions/{session_id}/draft", summary="Keep the answer typed so far (survives a reload)")
def draft(s: State, clock: ClockDep, session_id: SessionId, body: AnswerRequest) -> dict[str, Any]:
    from interview_coach.mock.live import save_draft

    live = save_draft(s.bank, s.settings, clock, session_id, body.step, body.answer)
    return {"saved": True, "spent": round(live.spent, 1), "nudge": live.nudge}


@router.post("/sessions/{session_id}/answers", summary="Answer the current step: saved first, then graded")
def answer(s: State, clock: ClockDep, session_id: SessionId, body: AnswerRequest) -> dict[str, Any]:
    from interview_coach.mock.live import submit

    result = submit(s.bank, s.settings, clock, session_id, body.step, body.answer)
    return {
        "answer_id": result.answer_id,
        "score": result.grade.score if result.grade else None,
        "follow_up": result.follow_up.prompt if result.follow_up else None,
        "missed": result.missed,
        "notes": result.notes.messages() if result.notes else [],
    }


@router.post("/sessions/{session_id}/ratings", summary="Rate an answer that had no reference in your notes")
def rate(s: State, clock: ClockDep, session_id: SessionId, body: SelfRating) -> dict[str, Any]:
    from interview_coach.grade.rating import Rating
    from interview_coach.mock.live import rate_self

    rate_self(s.bank, s.settings, clock, session_id, body.answer_id, Rating(parse_rating(body.rating) or 1))
    return {"answer_id": body.answer_id, "rating": body.rating}


@router.post("/sessions/{session_id}/finish", summary="End the interview now")
def finish(s: State, clock: ClockDep, session_id: SessionId) -> dict[str, Any]:
    from interview_coach.mock.live import finish as end

    return {"session_id": session_id, "score": end(s.bank, s.settings, clock, session_id)}


@router.get("/sessions/{session_id}/report", summary="The interview's report: scores, time, missed points, drill")
def report(s: State, session_id: SessionId) -> dict[str, Any]:
    from interview_coach.mock.live import report as data

    return data(s.bank, session_id)
