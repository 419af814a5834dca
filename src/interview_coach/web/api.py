"""The JSON API under /api: what the pages do, for scripts and other faces. Each route parses its input, calls
one core function and returns its dict form; errors come back as {"error": "…"} with status 400 or 404."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from pydantic import BaseModel, Field

from interview_coach.web.app import WebState
from interview_coach.web.deps import current_state, parse_moment, parse_rating

router = APIRouter(prefix="/api", tags=["api"])
State = Annotated[WebState, Depends(current_state)]


class GradeRequest(BaseModel):
    question: str = Field(max_length=20_000)
    reference: str = Field(max_length=200_000)
    answer: str = Field(max_length=200_000)


class AttemptRequest(BaseModel):
    item_id: str = Field(max_length=64)
    answer: str = Field(max_length=200_000)
    started: str | None = Field(None, description="ISO time the question was shown; default: now")


class RatingRequest(BaseModel):
    rating: int | None = Field(None, ge=1, le=4, description="1 Again · 2 Hard · 3 Good · 4 Easy; none: suggested")


@router.get("/items", summary="Items in the bank, filtered (due: a review is due now; weak: a low latest score)")
def items(
    s: State,
    kind: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    due: bool = False,
    weak: bool = False,
) -> list[dict[str, Any]]:
    from interview_coach.bank.library import browse
    from interview_coach.bank.queries import item_dict

    with s.bank.session() as session:
        rows = browse(session, s.now(), kind, topic, source, due, weak)
        return [{**item_dict(r.item), "due": r.due.isoformat() if r.due else None, "last_score": r.last_score,
                 "weak": r.weak} for r in rows]  # fmt: skip


@router.get("/items/{item_id}", summary="One item, by id or unique id prefix")
def item(s: State, item_id: str) -> dict[str, Any]:
    from interview_coach.bank.queries import get_item, item_dict

    with s.bank.session() as session:
        return item_dict(get_item(session, item_id))


@router.get("/search", summary="Hybrid search of your notes")
def search(
    s: State,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    kind: str | None = None,
    topic: str | None = None,
) -> dict[str, object]:
    from interview_coach.search.answering import search_fresh
    from interview_coach.search.embed import default_embedder

    return search_fresh(s.bank, default_embedder(), q, k, kind, topic).as_dict()


@router.get("/ask", summary="Ask your notes: answered, partly, or not in your notes, with cited passages")
def ask(
    s: State, q: Annotated[str, Query(min_length=1, max_length=2000)], k: Annotated[int, Query(ge=1, le=20)] = 3
) -> dict[str, object]:
    from interview_coach.search.answering import ask_fresh
    from interview_coach.search.embed import default_embedder

    return ask_fresh(s.bank, default_embedder(), q, k).as_dict()


@router.post("/grade", summary="Grade an answer against a reference (nothing is saved)")
def grade(body: GradeRequest) -> dict[str, object]:
    from interview_coach.grade.grader import default_embed
    from interview_coach.grade.service import grade_answer

    graded = grade_answer(body.question, body.reference, body.answer, default_embed())
    return {**graded.grade.as_dict(), "rating": int(graded.rating), "notes": graded.notes}


@router.get("/practice/next", summary="The next question practice would ask (due reviews, then new)")
def practice_next(
    s: State, kind: str | None = None, topic: str | None = None, source: str | None = None
) -> dict[str, Any] | None:
    from interview_coach.practice.session import Selection
    from interview_coach.practice.turns import next_question

    question = next_question(s.bank, s.settings, s.now(), Selection(kind, topic, source))
    return asdict(question) if question else None


@router.post("/practice/attempts", summary="Save an answer (first), then grade it")
def practice_attempt(s: State, body: AttemptRequest) -> dict[str, Any]:
    from interview_coach.practice.turns import answer

    now = s.now()
    done = answer(s.bank, s.settings, body.item_id, body.answer, parse_moment(body.started, now), now)
    feedback = done.feedback
    return {
        "attempt_id": done.attempt_id,
        "item_id": done.question.item_id,
        "seconds": round(feedback.seconds, 1),
        "budget": feedback.budget,
        "grade": feedback.grade.as_dict() if feedback.grade else None,
        "suggested_rating": int(feedback.suggested) if feedback.suggested else None,
        "notes": done.notes,
    }


@router.post("/practice/attempts/{attempt_id}/rating", summary="Rate an attempt: schedules its item (FSRS)")
def practice_rate(s: State, attempt_id: int, body: RatingRequest) -> dict[str, Any]:
    from interview_coach.grade.rating import Rating
    from interview_coach.practice.turns import rate

    chosen = parse_rating(body.rating)
    rating, due = rate(s.bank, s.settings, attempt_id, Rating(chosen) if chosen else None, s.now())
    return {"attempt_id": attempt_id, "rating": int(rating), "due": due.isoformat()}


@router.get("/stats", summary="Readiness per topic and kind, streak, and the due forecast")
def stats(s: State, days: Annotated[int, Query(ge=1, le=90)] = 14) -> dict[str, Any]:
    from interview_coach.practice.forecast import progress

    with s.bank.session() as session:
        return progress(session, s.now(), s.settings.retention, days)


@router.post("/import/preview", summary="Upload notes files: a dry-run preview, nothing stored yet")
async def import_preview(s: State, files: Annotated[list[UploadFile], File()]) -> dict[str, Any]:
    from interview_coach.bank.uploads import stage

    staged = stage(s.uploads, [(f.filename or "", await f.read()) for f in files])
    return {"token": staged.token, "files": [asdict(p) for p in staged.previews], "problems": staged.problems}


@router.post("/import/{token}/commit", summary="Import the files of a preview into the bank")
def import_commit(s: State, token: str) -> dict[str, Any]:
    from interview_coach.bank.uploads import commit

    report = commit(s.bank, s.uploads, token)
    return {"ok": report.ok, "files": [asdict(o) for o in report.outcomes], "problems": report.problems}
