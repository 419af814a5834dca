"""Copies of a SQLite bank taken with SQLite's online backup API: consistent even while another coach writes."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from interview_coach.errors import DatabaseError


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy the bank at `source` to `destination` (a new file; its folder is created)."""
    if destination.exists():
        raise DatabaseError(f"{destination} already exists; choose another backup path")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(destination)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except OSError as exc:
        raise DatabaseError(f"cannot write the backup {destination} ({exc.strerror}); choose another path") from exc
    except sqlite3.DatabaseError as exc:
        destination.unlink(missing_ok=True)
        raise DatabaseError(
            f"cannot back up {source} ({exc}); if it is damaged, run coach doctor or restore an older backup"
        ) from exc
    return destination


def default_backup_path(bank: Path, label: str = "", now: datetime | None = None) -> Path:
    """backups/<bank>-<label>-<YYYYmmdd-HHMMSS>.db beside the bank (a counter keeps names unique)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    stem = "-".join(part for part in (bank.stem, label, stamp) if part)
    candidate = bank.parent / "backups" / f"{stem}.db"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = bank.parent / "backups" / f"{stem}-{counter}.db"
    return candidate


def postgres_instructions(url: str) -> str:
    from interview_coach.bank.health import safe_url

    return (
        "a PostgreSQL bank is backed up with PostgreSQL's own tools: "
        f"pg_dump --format=custom --file=bank.dump '{safe_url(url)}' (restore with pg_restore --clean --dbname=URL "
        "bank.dump)"
    )
