"""Projects and stories pages: the dossiers, a project's dossier, the pitch drill with its timer and feedback,
the STAR story bank with its theme × story coverage matrix, and the checklists to tick."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from interview_coach.web.app import WebState
from interview_coach.web.deps import current_state, parse_moment, parse_rating

router = APIRouter(include_in_schema=False)
State = Annotated[WebState, Depends(current_state)]
Name = Annotated[str, Path(min_length=1, max_length=200)]


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


@router.get("/projects", response_class=HTMLResponse)
def projects(request: Request, s: State) -> HTMLResponse:
    from interview_coach.dossier.api import checklist_view, list_dossiers

    with s.bank.session() as session:
        dossiers = list_dossiers(session)
        counts = checklist_view(session).counts()
    return _page(request, "projects.html", dossiers=dossiers, counts=counts)


@router.get("/projects/{name}", response_class=HTMLResponse)
def project(request: Request, s: State, name: Name, rated: str = "", due: str = "") -> HTMLResponse:
    from interview_coach.dossier.api import find_dossier, number_report

    with s.bank.session() as session:
        dossier = find_dossier(session, name)
        clashes = number_report(session, name).inconsistencies
    return _page(request, "project.html", d=dossier, clashes=clashes, rated=rated[:20], due=due[:20])


@router.get("/projects/{name}/pitch", response_class=HTMLResponse)
def pitch_drill(request: Request, s: State, name: Name, which: str = "1", seconds: str = "") -> HTMLResponse:
    from interview_coach.dossier.api import plan_pitch
    from interview_coach.dossier.pitch import WORDS_PER_MINUTE

    budget = _whole("seconds", seconds, 5, 900) if seconds else None
    with s.bank.session() as session:
        plan = plan_pitch(session, name, _whole("which", which, 1, 50) or 1, budget)
    context = {"plan": plan, "started": s.now().isoformat(), "wpm": WORDS_PER_MINUTE, "seconds": budget}
    return _page(request, "pitch.html", **context)


@router.post("/projects/{name}/pitch", response_class=HTMLResponse)
def pitch_submit(
    request: Request,
    s: State,
    name: Name,
    answer: Annotated[str, Form(max_length=20_000)] = "",
    which: Annotated[int, Form(ge=1, le=50)] = 1,
    seconds: Annotated[int | None, Form(ge=5, le=900)] = None,
    started: Annotated[str | None, Form(max_length=64)] = None,
) -> HTMLResponse:
    from interview_coach.dossier.drill import drill_pitch
    from interview_coach.practice.session import RATING_NAMES

    now = s.now()
    plan, done = drill_pitch(s.bank, name, answer, parse_moment(started, now), now, which, seconds)
    return _page(request, "pitch_feedback.html", plan=plan, done=done, names=RATING_NAMES, answer=answer.strip())


@router.post("/projects/{name}/pitch/rate")
def pitch_rate(
    s: State, name: Name, attempt_id: Annotated[int, Form(ge=1, le=2**53)], rating: Annotated[str, Form()] = ""
) -> Response:
    from interview_coach.grade.rating import Rating
    from interview_coach.practice.session import RATING_NAMES
    from interview_coach.practice.turns import rate

    chosen = parse_rating(rating)
    given, due = rate(s.bank, s.settings, attempt_id, Rating(chosen) if chosen else None, s.now())
    where = f"/projects/{quote(name, safe='')}?rated={RATING_NAMES[given]}&due={due:%Y-%m-%d}"
    return RedirectResponse(where, status_code=303)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, s: State) -> HTMLResponse:
    from interview_coach.dossier.api import story_bank
    from interview_coach.web.dossier_api import _embed

    with s.bank.session() as session:
        result = story_bank(session, _embed())
    return _page(request, "stories.html", bank=result, titles={st.key: st.title for st in result.stories})


@router.post("/stories/{key}/themes")
def story_themes(
    s: State, key: Annotated[str, Path(min_length=4, max_length=64)], themes: Annotated[list[str] | None, Form()] = None
) -> Response:
    from interview_coach.dossier.api import set_story_themes

    set_story_themes(s.bank, key, [t for t in themes or [] if t][:8], s.now())
    return RedirectResponse(f"/stories#story-{quote(key, safe='')}", status_code=303)


@router.get("/checklist", response_class=HTMLResponse)
def checklist(request: Request, s: State) -> HTMLResponse:
    from interview_coach.dossier.api import checklist_view

    with s.bank.session() as session:
        return _page(request, "checklist.html", view=checklist_view(session))


@router.post("/checklist")
def checklist_tick(
    s: State, n: Annotated[int, Form(ge=1, le=100_000)], ticked: Annotated[str, Form(max_length=5)] = "1"
) -> Response:
    from interview_coach.dossier.api import set_ticks

    set_ticks(s.bank, [n], ticked == "1", s.now())
    return RedirectResponse(f"/checklist#item-{n}", status_code=303)


def _whole(field: str, value: str, low: int, high: int) -> int:
    """A whole number from the query string, within what the CLI's option takes."""
    from interview_coach.errors import CoachError

    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise CoachError(f"{field}: {value[:20]!r} is not a whole number from {low} to {high}; fix the address")
    return int(value)
