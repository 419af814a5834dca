"""Mock-interview pages: choose a plan, answer step by step against the clock (the draft is kept on the server),
rate what had no reference, and read the report with its charts (mock/render.py, as `coach report` writes it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from interview_coach.web.app import WebState
from interview_coach.web.deps import current_state, parse_rating
from interview_coach.web.mock_api import ClockDep

router = APIRouter(include_in_schema=False)
State = Annotated[WebState, Depends(current_state)]
SessionId = Annotated[int, Path(ge=1, le=2**53)]


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


@router.get("/mock", response_class=HTMLResponse)
def mock_home(request: Request, s: State) -> HTMLResponse:
    from interview_coach.mock.live import past, plans

    return _page(request, "mock.html", plans=plans(), past=list(reversed(past(s.bank))))


@router.post("/mock")
def mock_start(
    s: State,
    clock: ClockDep,
    plan: Annotated[str, Form(max_length=64)] = "ml-engineer",
    minutes: Annotated[str, Form(max_length=8)] = "",
    topic: Annotated[str, Form(max_length=200)] = "",
    seed: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    from interview_coach.mock.live import begin

    topics = tuple(t.strip() for t in topic.split(",") if t.strip())
    session_id, _ = begin(s.bank, s.settings, clock, plan, _number("minutes", minutes), topics, _whole("seed", seed))
    return RedirectResponse(f"/mock/{session_id}", status_code=303)


@router.get("/mock/{session_id}", response_class=HTMLResponse)
def mock_step(request: Request, s: State, clock: ClockDep, session_id: SessionId, saved: str = "") -> Response:
    from interview_coach.mock.live import view

    live = view(s.bank, s.settings, clock, session_id)
    if live.finished:
        return RedirectResponse(f"/mock/{session_id}/report", status_code=303)
    return _page(request, "mock_step.html", live=live, speed=s.settings.clock_speed, saved=saved)


@router.post("/mock/{session_id}/answer")
def mock_answer(
    s: State,
    clock: ClockDep,
    session_id: SessionId,
    step: Annotated[str, Form(max_length=16)],
    answer: Annotated[str, Form(max_length=200_000)] = "",
) -> Response:
    from interview_coach.mock.live import submit

    result = submit(s.bank, s.settings, clock, session_id, step, answer)
    flag = "follow-up" if result.follow_up else "saved"
    return RedirectResponse(f"/mock/{session_id}?saved={flag}", status_code=303)


@router.post("/mock/{session_id}/rate")
def mock_rate(
    s: State,
    clock: ClockDep,
    session_id: SessionId,
    answer_id: Annotated[int, Form(ge=1, le=2**53)],
    rating: Annotated[str, Form(max_length=2)],
) -> Response:
    from interview_coach.grade.rating import Rating
    from interview_coach.mock.live import rate_self

    rate_self(s.bank, s.settings, clock, session_id, answer_id, Rating(parse_rating(rating) or 1))
    return RedirectResponse(f"/mock/{session_id}", status_code=303)


@router.post("/mock/{session_id}/finish")
def mock_finish(s: State, clock: ClockDep, session_id: SessionId) -> Response:
    from interview_coach.mock.live import finish

    finish(s.bank, s.settings, clock, session_id)
    return RedirectResponse(f"/mock/{session_id}/report", status_code=303)


@router.get("/mock/{session_id}/report", response_class=HTMLResponse)
def mock_report(request: Request, s: State, session_id: SessionId) -> HTMLResponse:
    from interview_coach.mock.live import report
    from interview_coach.mock.render import report_body

    data = report(s.bank, session_id)
    body = Markup(report_body(data))  # noqa: S704 (render.py escapes every piece of note or answer text)
    return _page(request, "mock_report.html", data=data, body=body)


def _number(field: str, value: str) -> float | None:
    from interview_coach.errors import CoachError

    try:
        return float(value) if value.strip() else None
    except ValueError as exc:
        raise CoachError(f"{field}: {value!r} is not a number of minutes; leave it empty for the plan's") from exc


def _whole(field: str, value: str) -> int | None:
    from interview_coach.errors import CoachError

    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise CoachError(f"{field}: {value!r} is not a whole number; leave it empty for a new draw")
    return int(value)
