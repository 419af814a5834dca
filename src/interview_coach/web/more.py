"""The routers beyond the first pages and API (mock interviews, projects and stories, item edits), in one list
so the app factory includes them with one line."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    from interview_coach.web import dossier_api, dossier_pages, library_routes, mock_api, mock_pages

    return [
        mock_api.router, mock_pages.router, dossier_api.router, dossier_pages.router, library_routes.api,
        library_routes.pages,
    ]  # fmt: skip
