"""Where things live: option > environment variable > default (COACH_HOME moves the whole user dir)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def user_dir() -> Path:
    home = os.environ.get("COACH_HOME")
    return Path(home).expanduser() if home else Path(user_data_dir("interview-coach", appauthor=False))


def database_url(option: str | None = None, demo: bool = False) -> str:
    """--db URL, else COACH_DATABASE_URL, else a SQLite file in the user dir; --demo: the demo bank beside it."""
    if demo:  # the sample `make run` shows lives here, never in the user's own bank
        return f"sqlite:///{user_dir() / 'demo.db'}"
    url = option or os.environ.get("COACH_DATABASE_URL")
    if url:
        return url if "://" in url else f"sqlite:///{Path(url).expanduser().resolve()}"
    return f"sqlite:///{user_dir() / 'bank.db'}"
