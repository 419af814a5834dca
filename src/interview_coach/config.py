"""Where things live and how sessions run: option > environment variable > config file > default.

COACH_HOME moves the whole user dir (and with it `config.toml`, the mock plans and the reports)."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir, user_data_dir

from interview_coach.errors import CoachError

# Seconds an answer may take, per kind of question (practice shows them as the clock's budget).
DEFAULT_BUDGETS = {
    "technical": 120,
    "coding": 300,
    "system_design": 300,
    "behavioral": 180,
    "project": 180,
    "ask_interviewer": 60,
    "hr": 60,
}
DEFAULT_RETENTION = 0.9  # FSRS desired retention
SPEAKING_WPM = 140  # words per minute when an answer is spoken, for delivery coaching


def user_dir() -> Path:
    home = os.environ.get("COACH_HOME")
    return Path(home).expanduser() if home else Path(user_data_dir("interview-coach", appauthor=False))


def cache_dir() -> Path:
    """COACH_MODEL_CACHE, else the user's cache dir: what is built once from installed packages and shared by every
    bank (the fused embedding model, the sorted English word list)."""
    override = os.environ.get("COACH_MODEL_CACHE")
    return Path(override).expanduser() if override else Path(user_cache_dir("interview-coach", appauthor=False))


def database_url(option: str | None = None, demo: bool = False) -> str:
    """--db URL, else COACH_DATABASE_URL, else a SQLite file in the user dir; --demo: the demo bank beside it."""
    if demo:  # the sample `make run` shows lives here, never in the user's own bank
        return f"sqlite:///{user_dir() / 'demo.db'}"
    url = option or os.environ.get("COACH_DATABASE_URL")
    if url:
        return url if "://" in url else f"sqlite:///{Path(url).expanduser().resolve()}"
    return f"sqlite:///{user_dir() / 'bank.db'}"


@dataclass(frozen=True)
class Settings:
    """How practice and mock interviews run. Built once by `load_settings` and passed in."""

    budgets: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_BUDGETS))
    retention: float = DEFAULT_RETENTION
    speaking_wpm: int = SPEAKING_WPM
    clock_speed: float = 1.0  # COACH_TEST_CLOCK_SPEED: test-only, makes the session clock run faster

    def budget(self, kind: str) -> int:
        return self.budgets.get(kind, DEFAULT_BUDGETS["technical"])


def load_settings(
    budget_options: tuple[str, ...] = (), env: Mapping[str, str] | None = None, file: Path | None = None
) -> Settings:
    """Settings from --budget KIND=SECONDS options, COACH_RETENTION / COACH_TEST_CLOCK_SPEED, then
    `config.toml` in the user dir ([practice] retention = 0.9, [budgets] technical = 90), then defaults."""
    env = os.environ if env is None else env
    path = file or user_dir() / "config.toml"
    data = _read_toml(path)
    practice = data.get("practice", {}) if isinstance(data.get("practice"), dict) else {}
    budgets = dict(DEFAULT_BUDGETS)
    for name, seconds in (data.get("budgets") or {}).items():
        if name not in DEFAULT_BUDGETS or not isinstance(seconds, int) or seconds <= 0:
            raise CoachError(f"{path}: [budgets] {name} = {seconds!r}: use a kind from {', '.join(DEFAULT_BUDGETS)}")
        budgets[name] = seconds
    budgets.update(parse_budgets(budget_options))
    retention = _float(env.get("COACH_RETENTION"), practice.get("retention", DEFAULT_RETENTION))
    if not 0.5 <= retention < 1.0:
        retention = DEFAULT_RETENTION
    speed = max(1.0, _float(env.get("COACH_TEST_CLOCK_SPEED"), 1.0))
    return Settings(budgets, retention, int(practice.get("speaking_wpm", SPEAKING_WPM)), speed)


def parse_budgets(pairs: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for pair in pairs:
        name, _, seconds = pair.partition("=")
        if name not in DEFAULT_BUDGETS or not seconds.isdigit() or int(seconds) == 0:
            raise CoachError(f"--budget {pair!r}: write KIND=SECONDS with a kind from {', '.join(DEFAULT_BUDGETS)}")
        out[name] = int(seconds)
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CoachError(f"{path}: not valid TOML ({exc}); fix or delete the file") from exc


def _float(value: str | None, default: object) -> float:
    """The environment's value, else the file's, else 0 (which the callers replace by their default)."""
    for candidate in (value, default):
        try:
            return float(candidate)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
    return 0.0
