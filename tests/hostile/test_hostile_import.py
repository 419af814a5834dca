"""Every hostile class imported through the real `coach` command, in a subprocess under a time limit: it
finishes, says one line per problem, never a traceback, and leaves an intact bank."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import CLASSES

COACH = [str(Path(sys.executable).with_name("coach"))]  # the installed command, as a user runs it
WALL_LIMIT = 240  # seconds for a whole command on a busy 2-core machine: a hang, not a speed target
ESC = "\x1b"


def coach(home: Path, *args: str, timeout: float = WALL_LIMIT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COACH_HOME": str(home), "COACH_FILE_TIMEOUT": "5", "COLUMNS": "120"}
    env.pop("COACH_DATABASE_URL", None)
    env.pop("COACH_LLM_URL", None)
    return subprocess.run(
        [*COACH, *args], env=env, capture_output=True, text=True, timeout=timeout, errors="replace", check=False
    )


def assert_sound(result: subprocess.CompletedProcess[str], home: Path) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-2000:]
    assert ESC not in output
    for line in result.stderr.splitlines():  # problems are one line each, marked
        assert line.startswith(("✗ ", "! ", "Error: ", "Backed up")), line
    bank = home / "bank.db"
    if bank.exists():
        with sqlite3.connect(bank) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_hostile_file_imports_or_fails_alone_with_one_line(tmp_path: Path, name: str) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / f"{name}.md").write_bytes(CLASSES[name](1.0))
    (notes / "plain.md").write_text("## Q: What is plain?\n\nPlain.\n", encoding="utf-8")
    home = tmp_path / "home"
    result = coach(home, "import", str(notes))
    assert result.returncode in (0, 1), result.stderr
    assert_sound(result, home)
    failed = [line for line in result.stderr.splitlines() if line.startswith("✗ ")]
    assert (result.returncode == 1) == bool(failed)
    assert all(f"{name}.md" in line for line in failed)
    with sqlite3.connect(home / "bank.db") as connection:
        questions = {row[0] for row in connection.execute("SELECT question FROM items")}
    assert "What is plain?" in questions  # the ordinary file beside it always imports


def test_a_file_that_outlives_its_limit_fails_alone(tmp_path: Path) -> None:
    """With a limit far below any parse time, the limit itself is what ends the file (whatever the parser)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    ordinary = "".join(
        f"## Q: What is case {n}?\n\nIt is the answer to case {n}, in a sentence.\n\n" for n in range(12_000)
    )
    (notes / "big.md").write_text(ordinary[:1_000_000], encoding="utf-8")  # under 1 MB: the base limit applies
    (notes / "plain.md").write_text("## Q: What is plain?\n\nPlain.\n", encoding="utf-8")
    home = tmp_path / "home"
    env = {**os.environ, "COACH_HOME": str(home), "COACH_FILE_TIMEOUT": "0.1"}
    result = subprocess.run(
        [*COACH, "import", str(notes)], env=env, capture_output=True, text=True, timeout=WALL_LIMIT, check=False
    )
    assert result.returncode == 1
    [failure] = [line for line in result.stderr.splitlines() if line.startswith("✗ ")]
    assert "big.md" in failure and "longer than 0.1 s" in failure and "COACH_FILE_TIMEOUT" in failure
    assert "plain.md: +1 new" in result.stdout
    assert_sound(result, home)
