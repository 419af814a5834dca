"""Team admin pages (`coach serve --team`): accounts, passwords, groups and read-only shares, for users with the
admin flag. Each form calls the same core function as `coach users …`; everyone else gets 403. The team guard
(web/auth.py) has already required a session and the CSRF token of every POST."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from interview_coach.accounts.signin import Member
from interview_coach.accounts.users import add_to_group, add_user, list_groups, list_users, set_password, share_bank
from interview_coach.errors import CoachError


class AdminOnly(CoachError):
    pass


def require_admin(request: Request) -> Member:
    member: Member = request.state.member
    if not member.user.is_admin:
        raise AdminOnly("only a team admin can manage accounts; ask one, or `coach users …` on the server")
    return member


router = APIRouter(dependencies=[Depends(require_admin)], include_in_schema=False)
Name = Annotated[str, Form(max_length=64)]


def _page(request: Request, message: str | None = None, error: str | None = None) -> Response:
    team = request.app.state.team
    context = {
        "users": list_users(team.main),
        "groups": list_groups(team.main),
        "signup": team.options.signup,
        "message": message,
        "error": error,
    }
    status = 400 if error else 200
    return request.app.state.templates.TemplateResponse(request, "admin.html", context, status_code=status)


def _done(request: Request, action: str, run: Callable[[], object]) -> Response:
    """Run one core call; the page again, saying what was done or what was wrong (one line)."""
    try:
        run()
    except CoachError as exc:
        return _page(request, error=str(exc))
    return _page(request, message=action)


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request) -> Response:
    return _page(request)


@router.post("/admin/users")
def admin_add_user(
    request: Request,
    name: Name,
    password: Annotated[str, Form(max_length=1024)],
    admin: Annotated[bool, Form()] = False,
) -> Response:
    main = request.app.state.team.main
    return _done(
        request, f"Added {name.strip().lower()}.", lambda: add_user(main, name, password, datetime.now(UTC), admin)
    )


@router.post("/admin/password")
def admin_set_password(request: Request, name: Name, password: Annotated[str, Form(max_length=1024)]) -> Response:
    main = request.app.state.team.main
    return _done(
        request, f"Password set for {name}; they are signed out everywhere.", lambda: set_password(main, name, password)
    )


@router.post("/admin/groups")
def admin_add_to_group(request: Request, group: Name, name: Name) -> Response:
    main = request.app.state.team.main
    return _done(request, f"{name} is in {group}.", lambda: add_to_group(main, group, name))


@router.post("/admin/shares")
def admin_share(request: Request, owner: Name, group: Name, stop: Annotated[bool, Form()] = False) -> Response:
    main = request.app.state.team.main
    said = f"{owner}'s bank is {'no longer ' if stop else ''}shared read-only with {group}."
    return _done(request, said, lambda: share_bank(main, owner, group, shared=not stop))
