"""The FastAPI app: one bank opened per app, one error handler, the pages and the JSON API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from interview_coach.bank import Bank, open_bank
from interview_coach.config import Settings, database_url, load_settings, user_dir
from interview_coach.errors import CoachError, ItemNotFound
from interview_coach.web.charts import forecast_chart, readiness_chart
from interview_coach.web.charts import score_chart as score_chart
from interview_coach.web.render import markdown

if TYPE_CHECKING:
    from interview_coach.web.auth import TeamOptions

HERE = Path(__file__).parent


class WebState:
    """What every request needs: the bank, the settings, where uploads wait, the clock."""

    def __init__(self, bank: Bank, settings: Settings, uploads: Path) -> None:
        self.bank, self.settings, self.uploads = bank, settings, uploads

    def now(self) -> datetime:
        return datetime.now(UTC)


def app_from_env() -> FastAPI:
    """uvicorn's factory for `coach serve --workers N`: one app per worker process over COACH_DATABASE_URL."""
    return create_app(load_settings(), database_url())


def create_app(
    settings: Settings | None = None,
    url: str | None = None,
    uploads: Path | None = None,
    team: TeamOptions | None = None,
) -> FastAPI:
    """The app over the bank at `url` (default: the CLI's bank); the bank is opened (and migrated) here. With
    `team`, accounts sign in and each sees only their own bank (web/auth.py)."""
    from interview_coach.web import api, more, pages

    bank = open_bank(url or database_url(), for_writing=True)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if team is not None:
            _app.state.team.banks.close()
        bank.close()

    app = FastAPI(
        title="interview-coach", summary="Practise ML interviews from your own notes, offline.", lifespan=lifespan
    )
    app.state.coach = WebState(bank, settings or load_settings(), uploads or user_dir() / "uploads")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.auto_reload = False  # templates ship with the package: no stat of each file on every page
    templates.env.filters["markdown"] = markdown
    templates.env.globals.update(forecast_chart=forecast_chart, readiness_chart=readiness_chart)
    templates.env.globals["score_chart"] = score_chart  # scores over time
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if team is not None:  # before the routers: its CSRF check applies to every route included after it
        from interview_coach.web.auth import install

        install(app, bank, team)
    app.include_router(api.router)
    app.include_router(pages.router)
    for router in more.routers():  # mock interviews, projects and stories
        app.include_router(router)
    app.add_exception_handler(CoachError, _coach_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    return app


async def _coach_error(request: Request, exc: Exception) -> Response:
    """Expected problems: one line saying what to do, as JSON under /api and as a page elsewhere."""
    status = 404 if isinstance(exc, ItemNotFound) else 400
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc)}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"message": str(exc)}, status_code=status)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    """Input of the wrong shape: FastAPI's JSON 422 under /api, a page elsewhere. A wrong address (/mock/abc) is
    a page that does not exist (404); a wrong form or query field is 422, naming the field."""
    assert isinstance(exc, RequestValidationError)
    if request.url.path.startswith("/api/"):
        return await request_validation_exception_handler(request, exc)
    errors = list(exc.errors())
    in_path = any(e.get("loc", ("",))[0] == "path" for e in errors)
    problems = "; ".join(f"{e['loc'][-1]}: {e.get('msg', 'invalid')}" for e in errors if e.get("loc")) or "invalid"
    if in_path:
        message = f"There is no page at {request.url.path} ({problems}). Follow a link from the library instead."
    else:
        message = f"The form or address had a wrong value ({problems}). Go back, correct it and send it again."
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"message": message}, status_code=404 if in_path else 422)
