"""Team mode for the web app (`coach serve --team`): sign-in pages, the session cookie, CSRF checks, and the
per-request bank. `install(app, bank, options)` adds all of it to an app made by `create_app`.

- A guard in front of every route (middleware, so a route added later cannot escape it) turns away a request
  without a live session: 401 under /api, a redirect to /login elsewhere, a closed websocket. Only /login,
  /signup, /api/login and /static are open.
- The guard puts the signed-in user's own bank (or a bank shared read-only with their group) in the request; the
  `state` dependency hands every route that bank, and the app-wide state holds no bank a route could reach.
- Unsafe methods (POST, PUT, PATCH, DELETE) need the session's CSRF token, as the X-CSRF-Token header or a
  `csrf_token` form field (static/team.js adds it to every form and fetch).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, Request, WebSocket
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from interview_coach.accounts.banks import TeamBanks
from interview_coach.accounts.signin import Member, SignInRefused, TooManyAttempts
from interview_coach.bank import Bank
from interview_coach.errors import CoachError
from interview_coach.web.app import WebState

COOKIE = "coach_session"
LOGIN_COOKIE = "coach_login"  # the sign-in form's own CSRF token (double submit: cookie and form field agree)
PUBLIC = frozenset({"/login", "/signup", "/api/login"})  # and everything under /static/
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class TeamOptions:
    signup: bool = False  # anyone who reaches the server may make an account (off: an admin makes them)
    secure_cookies: bool | None = None  # None: Secure when the request came over HTTPS (X-Forwarded-Proto counts)


class CsrfRefused(CoachError):
    pass


class Team:
    """What team mode needs per process: the main bank (accounts), the open banks, the options."""

    def __init__(self, main: Bank, options: TeamOptions, settings: Any, uploads: Path) -> None:
        self.main, self.options, self.settings, self.uploads = main, options, settings, uploads
        self.banks = TeamBanks(main)

    def member_state(self, member: Member) -> WebState:
        if member.read_only:
            self.banks.refresh_shared(member.bank_id)
        bank = self.banks.get(member.bank_id, member.read_only)
        return WebState(bank, self.settings, self.uploads / f"user-{member.user.id}" / f"bank-{member.bank_id}")


class NoBankState(WebState):
    """The app-wide state in team mode: settings and clock, but no bank (only a signed-in request has one)."""

    def __init__(self, state: WebState) -> None:
        self.settings, self.uploads = state.settings, state.uploads

    @property
    def bank(self) -> Bank:  # type: ignore[override]
        raise RuntimeError("team mode: a route must take its bank from the `state` dependency")


def app_from_env() -> FastAPI:
    """uvicorn's factory for `coach serve --team`: one app per worker process, from COACH_DATABASE_URL (the shared
    bank) and COACH_TEAM_SIGNUP=1 (anyone may make an account)."""
    import os

    from interview_coach.config import database_url, load_settings
    from interview_coach.web.app import create_app

    options = TeamOptions(signup=os.environ.get("COACH_TEAM_SIGNUP") == "1")
    return create_app(load_settings(), database_url(), team=options)


def install(app: FastAPI, main: Bank, options: TeamOptions) -> None:
    state: WebState = app.state.coach
    app.state.team = Team(main, options, state.settings, state.uploads)
    app.state.coach = NoBankState(state)
    app.router.dependencies.append(Depends(check_csrf))  # every route included after this one
    app.include_router(router)
    from interview_coach.web.admin import AdminOnly
    from interview_coach.web.admin import router as admin_router

    app.include_router(admin_router)
    app.add_exception_handler(AdminOnly, _refused)
    app.add_middleware(Guard)
    app.add_exception_handler(CsrfRefused, _refused)
    app.add_exception_handler(DBAPIError, _database_refused)
    app.state.templates.env.globals["team_member"] = team_member


class Guard:
    """Every request but the open paths needs a live session; a signed-in request gets its member and bank."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or _public(scope):
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        team: Team = connection.app.state.team
        member = await run_in_threadpool(_resolve, team, connection.cookies.get(COOKIE))
        if member is None and scope["type"] == "websocket":
            await WebSocket(scope, receive, send).close(code=1008)  # policy violation: no session
            return
        if member is None:
            await _signed_out(Request(scope))(scope, receive, send)
            return
        scope.setdefault("state", {})
        scope["state"]["member"] = member
        scope["state"]["coach"] = await run_in_threadpool(team.member_state, member)
        await self.app(scope, receive, send)


def _public(scope: Scope) -> bool:
    return scope["type"] == "http" and (scope["path"] in PUBLIC or scope["path"].startswith("/static/"))


def _resolve(team: Team, token: str | None) -> Member | None:
    from interview_coach.accounts.signin import resolve

    return resolve(team.main, token, datetime.now(UTC))


def _signed_out(request: Request) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "sign in first: POST /api/login with your name and password"}, status_code=401)
    # Only a page the browser navigates to goes to the sign-in form: a favicon or image fetched beside it would get
    # a sign-in page of its own, whose fresh form token could overwrite the one the visible form carries.
    if request.headers.get("sec-fetch-dest", "document") not in ("document", "iframe"):
        return Response("sign in first", status_code=401, media_type="text/plain")
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)


async def check_csrf(connection: HTTPConnection) -> None:
    """Unsafe methods need the session's token (header or form field). Open paths check their own; a websocket
    has no method (cross-site pages do not send it the SameSite cookie)."""
    member: Member | None = getattr(connection.state, "member", None)
    if not isinstance(connection, Request) or connection.method in SAFE_METHODS or member is None:
        return
    request = connection
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(_FORMS):
        sent = str((await request.form()).get("csrf_token") or "")  # parsed once: the route reuses it
    if not sent or not secrets.compare_digest(sent, member.csrf):
        raise CsrfRefused("the form is out of date or did not come from this site (CSRF check); reload the page")


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


async def _refused(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc)}, status_code=403)
    context = {"message": str(exc)}
    return request.app.state.templates.TemplateResponse(request, "error.html", context, status_code=403)


async def _database_refused(request: Request, exc: Exception) -> Response:
    """A write to a bank shared read-only is refused by the database itself; say so instead of a bare 500."""
    member: Member | None = getattr(request.state, "member", None)
    if member is None or not member.read_only:
        return JSONResponse({"error": "the bank could not be read or written; try again"}, status_code=500)
    message = "this bank is shared with you read-only; open your own bank from the Banks menu to practise"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=403)
    context = {"message": message}
    return request.app.state.templates.TemplateResponse(request, "error.html", context, status_code=403)


def team_member(request: Request) -> Member | None:
    """For templates: who is signed in (the nav shows the name, the bank menu and Sign out)."""
    return getattr(request.state, "member", None)


# --- sign-in and the bank menu ------------------------------------------------------------------------------------

router = APIRouter()


class LoginRequest(BaseModel):
    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)


def _team(request: Request) -> Team:
    return request.app.state.team


TeamDep = Annotated[Team, Depends(_team)]


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, _safe_next(next), message=None, status=200)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    team: TeamDep,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return _login_page(request, next, "the sign-in form expired; try again", 403)
    try:
        signed = _sign_in(team, request, name, password)
    except TooManyAttempts as exc:
        return _login_page(request, next, str(exc), 429)
    except SignInRefused as exc:
        return _login_page(request, next, str(exc), 401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_session(request, response, team, signed.token)
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/api/login", summary="Sign in (team mode): sets the session cookie; send `csrf` as X-CSRF-Token")
def api_login(request: Request, team: TeamDep, body: LoginRequest) -> Response:
    try:
        signed = _sign_in(team, request, body.name, body.password)
    except TooManyAttempts as exc:
        return JSONResponse({"error": str(exc)}, status_code=429)
    except SignInRefused as exc:
        return JSONResponse({"error": str(exc)}, status_code=401)
    response = JSONResponse({"user": signed.member.user.name, "csrf": signed.member.csrf})
    _set_session(request, response, team, signed.token)
    return response


@router.post("/logout", include_in_schema=False)
@router.post("/api/logout", summary="Sign out (team mode)")
def logout(request: Request, team: TeamDep) -> Response:
    from interview_coach.accounts.signin import sign_out

    sign_out(team.main, request.cookies.get(COOKIE))
    response: Response = (
        JSONResponse({"signed_out": True})
        if request.url.path.startswith("/api/")
        else RedirectResponse("/login", status_code=303)
    )
    response.delete_cookie(COOKIE)
    return response


@router.get("/signup", response_class=HTMLResponse, include_in_schema=False)
def signup_form(request: Request, team: TeamDep) -> Response:
    if not team.options.signup:
        return _login_page(request, "/", "sign-up is off on this server; ask an admin for an account", 404)
    return _login_page(request, "/", None, 200, signup=True)


@router.post("/signup", include_in_schema=False)
def signup(
    request: Request,
    team: TeamDep,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    from interview_coach.accounts.users import add_user

    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not team.options.signup:
        return _login_page(request, "/", "sign-up is off on this server; ask an admin for an account", 404)
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return _login_page(request, "/", "the sign-up form expired; try again", 403, signup=True)
    try:
        add_user(team.main, name, password, datetime.now(UTC))
        signed = _sign_in(team, request, name, password)
    except CoachError as exc:
        return _login_page(request, "/", str(exc), 400, signup=True)
    response = RedirectResponse("/", status_code=303)
    _set_session(request, response, team, signed.token)
    return response


@router.get("/api/banks", summary="Banks you can open (team mode): your own, and those shared with your groups")
def api_banks(request: Request, team: TeamDep) -> dict[str, Any]:
    from dataclasses import asdict

    from interview_coach.accounts.users import readable_banks

    member: Member = request.state.member
    with team.main.session() as session:
        refs = readable_banks(session, member.user.id)
    return {"user": member.user.name, "open": member.bank_id, "banks": [asdict(ref) for ref in refs]}


@router.get("/banks", response_class=HTMLResponse, include_in_schema=False)
def banks_page(request: Request, team: TeamDep) -> Response:
    from interview_coach.accounts.users import readable_banks

    member: Member = request.state.member
    with team.main.session() as session:
        refs = readable_banks(session, member.user.id)
    return request.app.state.templates.TemplateResponse(request, "banks.html", {"banks": refs, "member": member})


@router.post("/api/banks/{bank_id}/open", summary="Open another bank you can read (team mode)")
@router.post("/banks/{bank_id}/open", include_in_schema=False)
def open_bank_route(request: Request, team: TeamDep, bank_id: int) -> Response:
    from interview_coach.accounts.signin import open_bank_id

    member = open_bank_id(team.main, request.cookies.get(COOKIE, ""), request.state.member, bank_id)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"open": member.bank_id, "read_only": member.read_only})
    return RedirectResponse("/", status_code=303)


def _sign_in(team: Team, request: Request, name: str, password: str) -> Any:
    from interview_coach.accounts.signin import sign_in

    # Behind a reverse proxy, run uvicorn with --proxy-headers so this is the browser's address, not the proxy's.
    address = request.client.host if request.client else "unknown"
    return sign_in(team.main, name, password, address, datetime.now(UTC))


def _set_session(request: Request, response: Response, team: Team, token: str) -> None:
    from interview_coach.accounts.signin import SESSION_DAYS

    secure = _secure(request, team)
    response.set_cookie(
        COOKIE, token, max_age=SESSION_DAYS * 86400, httponly=True, samesite="lax", secure=secure, path="/"
    )


def _secure(request: Request, team: Team) -> bool:
    """Secure cookies over HTTPS (uvicorn --proxy-headers makes a proxy's X-Forwarded-Proto count), or as set."""
    chosen = team.options.secure_cookies
    return request.url.scheme == "https" if chosen is None else chosen


def _login_page(request: Request, next: str, message: str | None, status: int, signup: bool = False) -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    team: Team = request.app.state.team
    context = {"next": next, "message": message, "login_csrf": token, "signup": signup}
    context["can_signup"] = team.options.signup
    response = request.app.state.templates.TemplateResponse(request, "login.html", context, status_code=status)
    secure = _secure(request, team)
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="lax", secure=secure, path="/")
    return response


def _safe_next(target: str) -> str:
    """Only a path on this site (never //elsewhere or a full URL): sign-in must not redirect off-site."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


def _quote(target: str) -> str:
    from urllib.parse import quote

    return quote(target, safe="/")
