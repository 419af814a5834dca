"""The JSON API for projects and stories under /api/dossiers: dossiers, key numbers, the pitch drill, the STAR
story bank with its theme coverage, and the checklists. Each route calls the function `coach projects`,
`project`, `pitch`, `numbers`, `stories` or `checklist` calls."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from interview_coach.web.app import WebState
from interview_coach.web.deps import current_state, parse_moment

router = APIRouter(prefix="/api/dossiers", tags=["projects and stories"])
State = Annotated[WebState, Depends(current_state)]
Name = Annotated[str, Path(min_length=1, max_length=200, description="a project's name, or part of it")]


class PitchRequest(BaseModel):
    answer: str = Field(max_length=20_000)
    which: int = Field(1, ge=1, le=50, description="which of the project's pitches")
    seconds: int | None = Field(None, ge=5, le=900, description="time budget (default: the notes' stated one)")
    started: str | None = Field(None, max_length=64, description="ISO time the drill was shown; default: now")


class ThemesRequest(BaseModel):
    themes: list[str] = Field(max_length=8, description="themes from GET /api/dossiers/stories; [] = detected ones")


class TicksRequest(BaseModel):
    numbers: list[int] = Field(min_length=1, max_length=500, description="checklist items, numbered from 1")
    ticked: bool = True


@router.get("/projects", summary="The projects your notes describe, one dossier each")
def projects(s: State) -> list[dict[str, Any]]:
    from interview_coach.dossier.api import list_dossiers

    with s.bank.session() as session:
        return [d.summary() for d in list_dossiers(session)]


@router.get("/projects/{name}", summary="One project's dossier: pitches, key numbers, sections, checklists, Q&A")
def project(s: State, name: Name) -> dict[str, Any]:
    from interview_coach.dossier.api import find_dossier

    with s.bank.session() as session:
        return find_dossier(session, name).as_dict()


@router.get("/projects/{name}/numbers", summary="A project's key numbers and the notes' disagreements about them")
def numbers(s: State, name: Name) -> dict[str, Any]:
    from interview_coach.dossier.api import number_report

    with s.bank.session() as session:
        return number_report(session, name).as_dict()


@router.get("/projects/{name}/pitch", summary="The pitch to drill and its time budget")
def pitch(
    s: State,
    name: Name,
    which: Annotated[int, Query(ge=1, le=50)] = 1,
    seconds: Annotated[int | None, Query(ge=5, le=900)] = None,
) -> dict[str, Any]:
    from dataclasses import asdict

    from interview_coach.dossier.api import plan_pitch

    with s.bank.session() as session:
        plan = plan_pitch(session, name, which, seconds)
    return {"project": plan.dossier.name, "pitch": asdict(plan.pitch), "budget": plan.budget,
            "number": plan.number, "count": plan.count}  # fmt: skip


@router.post("/projects/{name}/pitch", summary="Drill the pitch: saved first, then graded (rate it as an attempt)")
def drill(s: State, name: Name, body: PitchRequest) -> dict[str, Any]:
    from interview_coach.dossier.drill import drill_pitch

    now = s.now()
    _, done = drill_pitch(s.bank, name, body.answer, parse_moment(body.started, now), now, body.which, body.seconds)
    return {"attempt_id": done.attempt_id, "item_id": done.item_id, "seconds": round(done.seconds, 1),
            "suggested_rating": done.suggested, **done.feedback.as_dict()}  # fmt: skip


@router.get("/stories", summary="Your STAR story bank: stories, themes, theme coverage and gaps, prompt links")
def stories(s: State) -> dict[str, Any]:
    from interview_coach.dossier.api import story_bank

    with s.bank.session() as session:
        return story_bank(session, _embed()).as_dict()


@router.put("/stories/{key}/themes", summary="Set a story's themes ([] goes back to the detected ones)")
def story_themes(
    s: State, key: Annotated[str, Path(min_length=4, max_length=64)], body: ThemesRequest
) -> dict[str, Any]:
    from interview_coach.dossier.api import set_story_themes

    return {"key": key, "themes": set_story_themes(s.bank, key, [t[:64] for t in body.themes], s.now())}


@router.get("/checklist", summary="The readiness checklists in your notes, numbered, with your ticks")
def checklist(s: State) -> dict[str, Any]:
    from interview_coach.dossier.api import checklist_view

    with s.bank.session() as session:
        return checklist_view(session).as_dict()


@router.post("/checklist/ticks", summary="Tick (or untick) checklist items by number")
def ticks(s: State, body: TicksRequest) -> dict[str, Any]:
    from interview_coach.dossier.api import checklist_view, set_ticks

    texts = set_ticks(s.bank, body.numbers, body.ticked, s.now())
    with s.bank.session() as session:
        return {"changed": texts, "counts": checklist_view(session).counts()}


def _embed() -> Any:
    """The story matcher's embedder, None (shared words) when the model is not installed."""
    from interview_coach.search.embed import ModelMissingError, default_embedder

    try:
        return default_embedder().embed
    except ModelMissingError:
        return None
