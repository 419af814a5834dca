"""Where each user's bank lives, and opening it: bank 1 is the team's main bank (the upgraded single-user bank,
which also holds the accounts); bank N is the PostgreSQL schema `coach_bank_N` in the same database, or the SQLite
file `<main>-banks/N.db` beside the main file. A bank shared with a group opens read-only for its members, enforced
by the database itself (a read-only transaction / SQLite's query_only), not by the routes.

Each process keeps its open banks (engines and their connection pools, no data), so several processes can serve
the same team: every request reads the rows it shows from the database."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker

from interview_coach.bank import Bank, _sqlite_pragmas, open_bank, sqlite_path
from interview_coach.bank.health import safe_url
from interview_coach.errors import CoachError

MAIN_BANK = 1


class TeamBanks:
    """The open banks of one server process, by id (opened, and migrated, on first use)."""

    def __init__(self, main: Bank) -> None:
        if main.url.startswith("sqlite") and sqlite_path(main.url) is None:
            raise CoachError("team mode needs a bank file or PostgreSQL, not an in-memory SQLite database")
        self.main = main
        self._open: dict[tuple[int, bool], Bank] = {}
        self._lock = threading.Lock()

    def get(self, bank_id: int, read_only: bool = False) -> Bank:
        key = (bank_id, read_only)
        with self._lock:
            if key not in self._open:
                writable = self.main if bank_id == MAIN_BANK else self._open.get((bank_id, False))
                if writable is None:
                    writable = self._open[(bank_id, False)] = self._open_member(bank_id)
                self._open[key] = _read_only(writable, _schema(bank_id)) if read_only else writable
            return self._open[key]

    def refresh_shared(self, bank_id: int) -> None:
        """Readers of a shared bank cannot write its search index, so it is brought up to date through the owner's
        writable bank: derived data only (passages, vectors), never the owner's items or history."""
        from interview_coach.search.embed import default_embedder
        from interview_coach.search.freshness import SEARCH_FINISHES, ensure_index

        ensure_index(self.get(bank_id), default_embedder(), embed_limit=SEARCH_FINISHES, require_notes=False)

    def _open_member(self, bank_id: int) -> Bank:
        url = self.main.url
        path = sqlite_path(url)
        if path is not None:
            return open_bank(f"sqlite:///{path.with_name(f'{path.stem}-banks') / f'{bank_id}.db'}", member=True)
        return open_bank(url, schema=_schema(bank_id), member=True)

    def close(self) -> None:
        with self._lock:
            for key, bank in self._open.items():
                if bank is not self.main or key[1]:
                    bank.close()
            self._open.clear()


def _schema(bank_id: int) -> str | None:
    return None if bank_id == MAIN_BANK else f"coach_bank_{bank_id}"


def _read_only(bank: Bank, schema: str | None) -> Bank:
    """A second engine on the same bank whose every transaction is read-only."""
    url = bank.engine.url
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_read_only)
    else:
        path = f"-csearch_path={schema} " if schema else ""
        connect: dict[str, Any] = {"options": f"{path}-cdefault_transaction_read_only=on"}
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect, pool_size=2, max_overflow=3)
    # Named without the password: the name can reach a message a member reads.
    return Bank(engine, sessionmaker(engine, expire_on_commit=False), f"{safe_url(bank.url)}#read-only")


def _sqlite_read_only(dbapi_connection: Any, record: Any) -> None:
    _sqlite_pragmas(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def drop_bank(main: Bank, bank_id: int) -> None:
    """Delete a removed user's bank: its PostgreSQL schema, or its SQLite file (and WAL files)."""
    if bank_id == MAIN_BANK:
        raise CoachError("the main bank (bank 1) is not dropped this way")
    path = sqlite_path(main.url)
    if path is None:
        from sqlalchemy import text

        with main.engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "coach_bank_{int(bank_id)}" CASCADE'))
        return
    member = path.with_name(f"{path.stem}-banks") / f"{bank_id}.db"
    for suffix in ("", "-wal", "-shm", ".lock"):
        member.with_name(member.name + suffix).unlink(missing_ok=True)
