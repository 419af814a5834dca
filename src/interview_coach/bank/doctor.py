"""`coach doctor`: every check of a bank, read-only, each with what to do when it fails."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from interview_coach.bank.health import SQLITE_HEADER, file_facts, integrity_check, safe_url
from interview_coach.errors import CoachError


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Diagnosis:
    bank: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        return {"bank": self.bank, "ok": self.ok, "checks": [asdict(check) for check in self.checks]}


def diagnose(url: str) -> Diagnosis:
    """The file, its full integrity check, the schema revision and the search index, stopping at the first
    failure a later check depends on."""
    from interview_coach.bank import sqlite_path

    diagnosis = Diagnosis(safe_url(url))
    path = sqlite_path(url)
    if path is not None and not _sqlite_checks(path, diagnosis):
        return diagnosis
    if _migration_check(url, path, diagnosis):
        _index_check(url, diagnosis)
    return diagnosis


def _sqlite_checks(path: Path, diagnosis: Diagnosis) -> bool:
    facts = file_facts(path)
    if not facts["exists"]:
        diagnosis.checks.append(Check("file", True, f"no bank yet at {path}; coach import creates it"))
        return False
    header = path.read_bytes()[: len(SQLITE_HEADER)] if path.is_file() else b""
    if header != SQLITE_HEADER:
        what = "an empty file" if facts.get("bytes") == 0 else "not a SQLite database"
        diagnosis.checks.append(Check("file", False, f"{path} is {what}; restore a backup or move it away"))
        return False
    writable = "" if facts["writable"] else ", read-only (practice and import will refuse)"
    diagnosis.checks.append(Check("file", True, f"{path}: SQLite, {facts['bytes']:,} bytes{writable}"))
    problems = integrity_check(path)
    detail = "ok" if not problems else "; ".join(problems[:3]) + " — restore a backup (ls backups/ beside the bank)"
    diagnosis.checks.append(Check("integrity", not problems, detail))
    return not problems


def _migration_check(url: str, path: Path | None, diagnosis: Diagnosis) -> bool:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from interview_coach.bank import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    try:
        current = _sqlite_revision(path) if path is not None else _server_revision(url)
    except Exception as exc:  # noqa: BLE001 (any driver failure is the finding itself)
        diagnosis.checks.append(Check("migrations", False, f"cannot read the schema revision: {exc}"))
        return False
    if current == head:
        diagnosis.checks.append(Check("migrations", True, f"schema at revision {head}, the newest"))
        return True
    if current is None:
        diagnosis.checks.append(Check("migrations", True, "empty bank; the schema is created on first use"))
        return False
    detail = f"schema at revision {current}, newest {head}: the next command upgrades it (after a backup)"
    diagnosis.checks.append(Check("migrations", True, detail))
    return False


def _sqlite_revision(path: Path) -> str | None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def _server_revision(url: str) -> str | None:
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://" + url.removeprefix("postgresql://"))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _index_check(url: str, diagnosis: Diagnosis) -> None:
    from interview_coach.bank import open_bank
    from interview_coach.search.embed import locate_model
    from interview_coach.search.index import index_status

    try:
        bank = open_bank(url)
        try:
            status = index_status(bank, locate_model().model_id)
        finally:
            bank.close()
    except CoachError as exc:
        diagnosis.checks.append(Check("index", False, str(exc)))
        return
    if status.stale_documents:
        detail = f"{status.stale_documents} notes files not indexed yet; coach index (or any search) indexes them"
    else:
        detail = f"{status.items} questions, every notes file indexed"
    diagnosis.checks.append(Check("index", True, detail))
