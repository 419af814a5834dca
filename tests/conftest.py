from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

SHARED = Path(os.environ.get("COACH_SHARED", Path(__file__).resolve().parents[2] / "shared"))


@pytest.fixture
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.delenv("COACH_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def runner(coach_home: Path) -> CliRunner:
    return CliRunner()


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture
def postgres_bank():  # type: ignore[no-untyped-def]
    """The throwaway PostgreSQL bank `make test` starts, emptied; skipped when there is none."""
    from sqlalchemy import text

    from interview_coach.bank import open_bank

    url = os.environ.get("COACH_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("COACH_TEST_POSTGRES_URL not set (make test starts a throwaway cluster)")
    bank = open_bank(url)
    with bank.engine.begin() as conn:
        for table in ("reviews", "cards", "attempts", "index_state", "passages", "notes", "items", "documents"):
            conn.execute(text(f"delete from {table}"))
    yield bank
    bank.close()
