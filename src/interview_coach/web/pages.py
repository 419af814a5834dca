"""The pages: server-rendered HTML over the same core calls as the JSON API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from interview_coach.web.app import WebState
from interview_coach.web.deps import current_state, parse_moment, parse_rating

router = APIRouter(include_in_schema=False)
State = Annotated[WebState, Depends(current_state)]


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


@router.get("/", response_class=HTMLResponse)
def library(
    request: Request,
    s: State,
    kind: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    due: str = "",
    weak: str = "",
    page: int = 1,
) -> HTMLResponse:
    from interview_coach.bank.facets import facets
    from interview_coach.bank.library import listing, page_of

    kind, topic, source = kind or None, topic or None, source or None
    with s.bank.session() as session:
        shown = page_of(listing(session, s.now(), kind, topic, source, bool(due), bool(weak)), page)
        chosen = {"kind": kind, "topic": topic, "source": source, "due": bool(due), "weak": bool(weak)}
        return _page(request, "library.html", page=shown, rows=shown.rows, facets=facets(session), **chosen)


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item(request: Request, s: State, item_id: str, edited: str = "") -> HTMLResponse:
    from interview_coach.bank.queries import get_item
    from interview_coach.parse.model import KINDS

    with s.bank.session() as session:
        return _page(request, "item.html", item=get_item(session, item_id), kinds=KINDS, edited=edited[:80])


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, s: State, q: str = "", mode: str = "search") -> HTMLResponse:
    from interview_coach.search.answering import ask_fresh, search_fresh
    from interview_coach.search.embed import default_embedder

    q = q.strip()[:2000]
    if not q:
        return _page(request, "search.html", q="", mode=mode, result=None, answer=None)
    if mode == "ask":
        return _page(
            request, "search.html", q=q, mode=mode, result=None, answer=ask_fresh(s.bank, default_embedder(), q)
        )
    return _page(
        request, "search.html", q=q, mode=mode, answer=None, result=search_fresh(s.bank, default_embedder(), q)
    )


@router.get("/practice", response_class=HTMLResponse)
def practice(
    request: Request,
    s: State,
    kind: str | None = None,
    topic: str | None = None,
    item: str | None = None,
    rated: str | None = None,
    due: str | None = None,
) -> HTMLResponse:
    from interview_coach.practice.session import Question, Selection
    from interview_coach.practice.turns import load_question, next_question

    now = s.now()
    question: Question | None
    if item:
        question = load_question(s.bank, s.settings, now, item)
    else:
        question = next_question(s.bank, s.settings, now, Selection(kind or None, topic or None))
    context = {"question": question, "started": now.isoformat(), "rated": rated, "due": due}
    return _page(request, "practice.html", kind=kind, topic=topic, **context)


@router.post("/practice/answer", response_class=HTMLResponse)
def practice_answer(
    request: Request,
    s: State,
    item_id: Annotated[str, Form(max_length=64)],
    answer: Annotated[str, Form(max_length=200_000)] = "",
    started: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    from interview_coach.practice.session import RATING_NAMES
    from interview_coach.practice.turns import answer as save_and_grade

    now = s.now()
    done = save_and_grade(s.bank, s.settings, item_id, answer, parse_moment(started, now), now)
    return _page(request, "feedback.html", done=done, names=RATING_NAMES)


@router.post("/practice/rate")
def practice_rate(
    s: State, attempt_id: Annotated[int, Form()], rating: Annotated[str | None, Form()] = None
) -> Response:
    from interview_coach.grade.rating import Rating
    from interview_coach.practice.session import RATING_NAMES
    from interview_coach.practice.turns import rate

    chosen = parse_rating(rating)
    given, due = rate(s.bank, s.settings, attempt_id, Rating(chosen) if chosen else None, s.now())
    return RedirectResponse(f"/practice?rated={RATING_NAMES[given]}&due={due:%Y-%m-%d}", status_code=303)


@router.get("/progress", response_class=HTMLResponse)
def progress(request: Request, s: State) -> HTMLResponse:
    from interview_coach.practice.forecast import progress as compute

    with s.bank.session() as session:
        return _page(request, "progress.html", stats=compute(session, s.now(), s.settings.retention))


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request) -> HTMLResponse:
    return _page(request, "import.html", staged=None, report=None)


@router.post("/import", response_class=HTMLResponse)
async def import_preview(request: Request, s: State, files: Annotated[list[UploadFile], File()]) -> HTMLResponse:
    from interview_coach.bank.uploads import stage

    staged = stage(s.uploads, [(f.filename or "", await f.read()) for f in files])
    return _page(request, "import.html", staged=staged, report=None)


@router.post("/import/{token}", response_class=HTMLResponse)
def import_commit(request: Request, s: State, token: str) -> HTMLResponse:
    from interview_coach.bank.uploads import commit

    return _page(request, "import.html", staged=None, report=commit(s.bank, s.uploads, token))
