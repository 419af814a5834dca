"""Request dependencies: the app's state and a parsed client clock."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request

from interview_coach.errors import CoachError
from interview_coach.web.app import WebState


async def current_state(request: Request) -> WebState:
    """`state` as the routes' dependency: async because it only reads attributes (FastAPI runs a plain `def`
    dependency in its thread pool, a thread hand-off per request for nothing)."""
    return state(request)


def state(request: Request) -> WebState:
    if getattr(request.app.state, "team", None) is not None:  # team mode: the signed-in user's bank (web/auth.py)
        return request.state.coach
    return request.app.state.coach


def parse_moment(value: str | None, fallback: datetime) -> datetime:
    """When the question was shown (the page sends it back); the fallback when absent."""
    if not value:
        return fallback
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CoachError(f"started: {value!r} is not an ISO date-time; reload the question") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_rating(value: str | int | None) -> int | None:
    """1–4 (Again..Easy), or None for the suggested rating."""
    if value in (None, "", "suggested"):
        return None
    try:
        rating = int(value)
    except ValueError as exc:
        raise CoachError(f"rating: {value!r} is not 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)") from exc
    if rating not in (1, 2, 3, 4):
        raise CoachError(f"rating: {value!r} is not 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    return rating
