"""Stage 3: the stored question bank. `open_bank(url)` is the only way in: it checks the file, connects and
migrates (one process at a time, backing up a bank that holds data first)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.orm import Session, sessionmaker

from interview_coach.bank.health import bank_fault, check_sqlite_file, check_writable, quick_check_once, safe_url
from interview_coach.errors import DatabaseError

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration's revision (tests check it against the migrations folder). A bank already there is opened
# without loading Alembic and its scripts, a third of a cold command's start-up.
HEAD_REVISION = "0009"
_PG_LOCK_KEY = 0x636F616368  # "coach": one advisory lock id for every interview-coach upgrade


@dataclass
class Bank:
    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    backup: Path | None = None  # the copy taken before this open upgraded the bank, if any

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed as a whole or not at all."""
        with self.sessions.begin() as session:
            yield session

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def open_bank(url: str, for_writing: bool = False, schema: str | None = None, member: bool = False) -> Bank:
    """Connect to the bank at `url` (creating a SQLite file and its folder if needed) and apply migrations.

    A damaged SQLite bank is refused now, for every command (one line, what to do), before it is migrated or
    read; with `for_writing`, so is a read-only one, before the command starts work the user could lose. Team
    mode: `schema` puts a PostgreSQL bank in its own schema, and a `member` bank (one user's own) gets no seeded
    accounts (those live in the team's main bank)."""
    path = sqlite_path(url)
    engine = _engine(url, path, schema)
    try:
        with _upgrade_lock(path):
            if path is not None and path.exists():
                check_sqlite_file(path)
                quick_check_once(engine, path)
            backup = _migrate(engine, path, schema, seed_accounts=not member)
        if for_writing and path is not None:
            check_writable(path)
    except DatabaseError:
        engine.dispose()
        raise
    except SQLDatabaseError as exc:
        engine.dispose()
        raise bank_fault(url, exc) from exc
    # The schema is part of the name: caches keyed by the bank (the dense index) never mix two users' banks.
    name = f"{safe_url(url)}#{schema}" if schema else url
    return Bank(engine, sessionmaker(engine, expire_on_commit=False), name, backup)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory SQLite)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[-1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def migration_heads(connection: Connection) -> tuple[str | None, str | None]:
    """(the bank's revision, the newest revision this version knows)."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(connection).get_current_revision()
    return current, ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()


def _alembic_config(connection: Connection, seed_accounts: bool = True) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["seed_accounts"] = seed_accounts
    return config


def _migrate(engine: Engine, path: Path | None, schema: str | None = None, seed_accounts: bool = True) -> Path | None:
    """Upgrade to the newest schema; a SQLite bank that already holds data is backed up first."""
    backup = None
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # serialises concurrent first use across processes
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            if schema:
                connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        if _stored_revision(connection) == HEAD_REVISION:
            return None
        current, head = migration_heads(connection)
        if current == head:
            return None
        if current is not None and path is not None and _has_data(connection):
            from interview_coach.bank.backup import backup_sqlite, default_backup_path

            backup = backup_sqlite(path, default_backup_path(path, f"before-{head}"))
        from alembic import command

        command.upgrade(_alembic_config(connection, seed_accounts), "head")
    return backup


def _stored_revision(connection: Connection) -> str | None:
    """The bank's revision when it has exactly one (what Alembic reads), else None."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def _has_data(connection: Connection) -> bool:
    return connection.execute(text("SELECT 1 FROM documents LIMIT 1")).first() is not None


@contextmanager
def _upgrade_lock(path: Path | None) -> Iterator[None]:
    """One process at a time checks, creates and migrates a SQLite bank (a lock file beside it), so two
    commands on a fresh bank never both create its tables. PostgreSQL uses an advisory lock instead."""
    if path is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (SQLite's own locking still guards each write)
        yield
        return
    try:
        handle = open(f"{path}.lock", "a+b")  # noqa: SIM115 (held for the whole block)
    except OSError:  # a read-only folder: nobody can create or migrate the bank there anyway
        yield
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # releases the lock


def _engine(url: str, path: Path | None, schema: str | None = None) -> Engine:
    try:
        if url.startswith("sqlite"):
            if path is not None:
                _make_folder(path.parent)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        if schema:  # one user's bank: its own schema, and a small pool (many banks share the server's connections)
            options = {"options": f"-csearch_path={schema}"}
            return create_engine(url, pool_pre_ping=True, connect_args=options, pool_size=2, max_overflow=3)
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(f"cannot use database URL {safe_url(url)}: {exc}") from exc


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or "not a folder"
        raise DatabaseError(
            f"cannot create the bank folder {folder} ({reason}); set COACH_HOME or --db to a path you can write"
        ) from exc
    if not os.access(folder, os.X_OK):
        raise DatabaseError(f"cannot enter the bank folder {folder}; fix its permissions or choose another --db")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets a practice session read while another process writes; busy_timeout waits instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
