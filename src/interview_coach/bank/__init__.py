"""Stage 3: the stored question bank. `open_bank(url)` is the only way in: it connects and migrates."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from interview_coach.errors import DatabaseError

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass
class Bank:
    engine: Engine
    sessions: sessionmaker[Session]
    url: str

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed as a whole or not at all."""
        with self.sessions.begin() as session:
            yield session

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def open_bank(url: str) -> Bank:
    """Connect to the bank at `url` (creating a SQLite file and its folder if needed) and apply migrations."""
    engine = _engine(url)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(
            f"cannot open the bank at {_safe(url)}: {exc.orig}; check --db / COACH_DATABASE_URL"
        ) from exc
    return Bank(engine, sessionmaker(engine, expire_on_commit=False), url)


def _engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(f"cannot use database URL {_safe(url)}: {exc}") from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets a practice session read while another process writes; busy_timeout waits instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
