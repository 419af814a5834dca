"""Is the bank file sound? The checks open_bank runs, the full check `coach doctor` runs, and the one-line
message each fault becomes (what went wrong and what to do), never a traceback."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_coach.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SQLITE_HEADER = b"SQLite format 3\x00"
_RESTORE = "restore a backup (coach backup writes them to backups/ beside the bank) or run coach doctor"


def check_sqlite_file(path: Path) -> None:
    """A bank file that exists must be a SQLite database: an empty or foreign file never becomes a new bank."""
    if not path.exists():
        return  # a new bank
    if path.is_dir():
        raise DatabaseError(f"the bank {path} is a folder, not a database file; pass a file path with --db")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"cannot read the bank {path} ({exc.strerror}); check its permissions") from exc
    if not header:
        raise DatabaseError(
            f"the bank {path} is an empty file, not a bank; delete it to start a new bank there, "
            "or restore it from a backup"
        )
    if header != SQLITE_HEADER:
        raise DatabaseError(f"the bank {path} is not a SQLite database; pass the right file with --db, or {_RESTORE}")


def check_writable(path: Path) -> None:
    """Commands that write refuse a read-only bank before they start (SQLite's WAL also writes beside the file)."""
    problems = [p for p in (path, path.parent) if p.exists() and not os.access(p, os.W_OK)]
    if problems:
        raise DatabaseError(
            f"the bank {path} is read-only ({problems[0]} cannot be written); this command needs to save: "
            f"fix the permissions (chmod u+w {problems[0]}) or copy the bank elsewhere and pass it with --db"
        )


def quick_check(engine: Engine, path: Path) -> None:
    """SQLite's quick_check (page structure, not index contents against their tables)."""
    with engine.connect() as connection:
        rows = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
    if rows != ["ok"]:
        found = " ".join(rows[0].split())
        raise DatabaseError(f"the bank {path} is damaged ({found[:120]}); {_RESTORE}")


def quick_check_once(engine: Engine, path: Path) -> None:
    """quick_check, for every command, but once per state of the file: the bank's and its WAL's size and
    modification time are remembered beside it after a clean check (quick_check reads every page: 0.1 s for a
    22 MB bank), so commands on an unchanged bank skip it. Damage to an unchanged file's bytes is `coach doctor`'s."""
    marker = path.with_name(path.name + ".checked")
    try:
        if marker.read_text(encoding="ascii") == _stamp(path):
            return
    except (OSError, UnicodeDecodeError):
        pass  # never checked, or unreadable: check
    quick_check(engine, path)
    with contextlib.suppress(OSError):  # a read-only folder: the check runs every time
        marker.write_text(_stamp(path), encoding="ascii")


def _stamp(path: Path) -> str:
    """The bank file's size and mtime, and its WAL's while it holds pages (every connection creates an empty WAL
    and the last one to close removes it: that is no change)."""
    parts = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            facts = file.stat()
        except OSError:
            continue
        if facts.st_size:
            parts.append(f"{file.name} {facts.st_size} {facts.st_mtime_ns}")
    return "\n".join(parts)


def integrity_check(path: Path, limit: int = 20) -> list[str]:
    """The full check (every page, index entries against their tables), read-only: [] when sound."""
    uri = f"file:{path}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=30)
        try:
            rows = [row[0] for row in connection.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def bank_fault(url: str, exc: BaseException) -> DatabaseError:
    """The one line a database error becomes, by what SQLite or PostgreSQL said."""
    orig = getattr(exc, "orig", None) or exc
    reason = " ".join(str(orig).split())
    lowered = reason.lower()
    where = f"the bank at {safe_url(url)}"
    if "not a database" in lowered or "file is encrypted" in lowered:
        return DatabaseError(f"{where} is not a SQLite database (or its first page is damaged); {_RESTORE}")
    if any(sign in lowered for sign in ("malformed", "corrupt", "disk i/o", "could not decode")):
        reason = reason if len(reason) <= 120 else reason[:119] + "…"
        return DatabaseError(f"{where} is damaged ({reason}); {_RESTORE}")
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseError(f"{where} is read-only ({reason}); fix its permissions or copy it and pass it with --db")
    if "locked" in lowered or "busy" in lowered:
        return DatabaseError(f"{where} is busy ({reason}); another coach is writing to it, try again in a moment")
    if "unable to open" in lowered:
        return DatabaseError(f"cannot open {where} ({reason}); check the path and its folder's permissions")
    return DatabaseError(f"cannot use {where}: {reason}; check --db / COACH_DATABASE_URL, or run coach doctor")


def is_database_fault(exc: BaseException) -> bool:
    """A driver-level database error (as opposed to a bug): shown as one line by the CLI."""
    from sqlalchemy.exc import DatabaseError as SQLDatabaseError

    return isinstance(exc, SQLDatabaseError | sqlite3.DatabaseError)


def safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


def file_facts(path: Path) -> dict[str, Any]:
    """What doctor reports about the file itself."""
    if not path.exists():
        return {"exists": False}
    return {"exists": True, "bytes": path.stat().st_size, "writable": os.access(path, os.W_OK)}
