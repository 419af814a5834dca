"""The local web app: `create_app(settings)` builds it; `coach serve` runs it."""

from interview_coach.web.app import create_app

__all__ = ["create_app"]
