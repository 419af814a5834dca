"""Bank faults through the real `coach` command on real files: a damaged, foreign, empty, read-only or
unreachable bank is one line saying what to do (exit 1, no traceback), `coach doctor` finds what the cheap
checks miss, an answer typed before the bank became unwritable is kept, and a fresh bank survives two
commands opening it at once."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

COACH = [str(Path(sys.executable).with_name("coach"))]  # the installed command, as a user runs it
LIMIT = 240  # seconds: a hang, not a speed target
QUESTIONS = 300  # enough pages that the middle of the file is table data, not the schema


def coach(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COACH_HOME": str(home), "COLUMNS": "200"}
    env.pop("COACH_DATABASE_URL", None)
    env.pop("COACH_LLM_URL", None)
    return subprocess.run(
        [*COACH, *args], env=env, input=stdin, capture_output=True, text=True, timeout=LIMIT, check=False
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The command failed with exactly one marked line and no traceback; returns that line."""
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output, output[-2000:]
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: "), line
    return line


@pytest.fixture(scope="module")
def good_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real bank made by `coach import`, copied by each test before it damages it."""
    root = tmp_path_factory.mktemp("good")
    notes = root / "notes"
    notes.mkdir()
    text = "".join(
        f"## Q: What is case {n} of the gradient story?\n\nIt is the answer to case {n}, about loss and batches.\n\n"
        for n in range(QUESTIONS)
    )
    (notes / "cases.md").write_text(text, encoding="utf-8")
    result = coach(root / "home", "import", str(notes))
    assert result.returncode == 0, result.stderr
    return root / "home" / "bank.db"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "plain.md").write_text("## Q: What is dropout?\n\nIt zeroes activations at random.\n", "utf-8")
    return folder


def damaged_copy(good: Path, tmp_path: Path, damage: str) -> Path:
    data = good.read_bytes()
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = b""
    elif damage == "not-a-database":
        data = b"These are my notes, not a bank.\n" * 200
    elif damage == "random-bytes":
        data = _random_bytes_in_the_middle(data, seed=15)
    path = tmp_path / f"{damage}.db"
    path.write_bytes(data)
    return path


def _random_bytes_in_the_middle(data: bytes, seed: int) -> bytes:
    """512 random bytes over the start of a page in the middle half of the file (its page header included)."""
    rng = random.Random(seed)
    pages = len(data) // 4096
    start = rng.randrange(pages // 4, 3 * pages // 4) * 4096
    damaged = bytearray(data)
    damaged[start : start + 512] = bytes(rng.randrange(256) for _ in range(512))
    return bytes(damaged)


def _integrity_fails(path: Path) -> bool:
    """SQLite's own verdict, independent of coach."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return True


@pytest.mark.parametrize("damage", ["truncated", "empty", "not-a-database", "random-bytes"])
def test_a_damaged_bank_is_one_line_with_what_to_do(good_bank: Path, tmp_path: Path, notes: Path, damage: str) -> None:
    bank = damaged_copy(good_bank, tmp_path, damage)
    size = bank.stat().st_size
    home = tmp_path / "home"
    # Every command checks the bank first: damage in a table page a read does not touch is found too.
    commands = [("import", str(notes)), ("practice", "--new", "1"), ("list",), ("stats",), ("search", "loss")]
    for command in commands:
        line = one_line_error(coach(home, "--db", str(bank), *command, stdin="an answer\n\nq\n"))
        assert str(bank) in line
        assert "backup" in line or "delete it" in line or "--db" in line, line
    assert bank.stat().st_size == size  # nothing was written over it
    assert not home.joinpath("recovered").exists()  # refused before any question was asked


@pytest.mark.parametrize("seed", [1, 2])
def test_a_read_command_finds_random_byte_corruption_too(good_bank: Path, tmp_path: Path, seed: int) -> None:
    bank = tmp_path / "bank.db"
    bank.write_bytes(_random_bytes_in_the_middle(good_bank.read_bytes(), seed))
    line = one_line_error(coach(tmp_path / "home", "--db", str(bank), "list", "--json"))
    assert "is damaged" in line and "backup" in line and "coach doctor" in line


def test_the_check_runs_once_per_state_of_the_file(good_bank: Path, tmp_path: Path) -> None:
    """A sound bank is checked once, and again only when the file changes: damage written since is found; damage
    that leaves the file's size and time as they were is left to `coach doctor` (the full check)."""
    bank = tmp_path / "bank.db"
    shutil.copy(good_bank, bank)
    home = tmp_path / "home"
    assert coach(home, "--db", str(bank), "list", "--json").returncode == 0
    marker = bank.with_name("bank.db.checked")
    checked = marker.read_text(encoding="ascii")
    assert str(bank.stat().st_size) in checked
    assert coach(home, "--db", str(bank), "stats", "--json").returncode == 0
    assert marker.read_text(encoding="ascii") == checked  # nothing changed: not checked again
    sound = bank.read_bytes()
    times = (bank.stat().st_atime_ns, bank.stat().st_mtime_ns)
    bank.write_bytes(_random_bytes_in_the_middle(sound, seed=1))
    os.utime(bank, ns=times)  # the same size and time: the remembered check stands
    assert coach(home, "--db", str(bank), "list", "--json").returncode == 0
    assert "✗ integrity" in coach(home, "--db", str(bank), "doctor").stdout
    bank.write_bytes(_random_bytes_in_the_middle(sound, seed=1))  # the same damage, written now
    line = one_line_error(coach(home, "--db", str(bank), "list", "--json"))
    assert "is damaged" in line


def test_an_empty_file_never_becomes_an_empty_bank(good_bank: Path, tmp_path: Path) -> None:
    bank = damaged_copy(good_bank, tmp_path, "empty")
    line = one_line_error(coach(tmp_path / "home", "--db", str(bank), "list"))
    assert "empty file" in line
    assert bank.read_bytes() == b""


@pytest.mark.parametrize("seed", [1, 2, 15])
def test_doctor_finds_random_byte_corruption(good_bank: Path, tmp_path: Path, seed: int) -> None:
    bank = tmp_path / "bank.db"
    bank.write_bytes(_random_bytes_in_the_middle(good_bank.read_bytes(), seed))
    assert _integrity_fails(bank)  # the damage is real
    result = coach(tmp_path / "home", "--db", str(bank), "doctor")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "✗ integrity" in result.stdout and "backup" in result.stdout
    sound = coach(tmp_path / "home", "--db", str(good_bank), "doctor", "--json")
    assert sound.returncode == 0, sound.stdout


@pytest.mark.parametrize("damage", ["truncated", "not-a-database"])
def test_doctor_reports_a_damaged_file_as_a_failed_check(good_bank: Path, tmp_path: Path, damage: str) -> None:
    bank = damaged_copy(good_bank, tmp_path, damage)
    result = coach(tmp_path / "home", "--db", str(bank), "doctor")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "✗ " in result.stdout and "Problems found" in result.stdout


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """Paths added to the list are made unwritable, even for root (chattr +i), and writable again after."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        else:
            path.chmod(0o644)


def make_read_only(path: Path, registry: list[Path]) -> None:
    registry.append(path)
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], check=False).returncode:
        pytest.skip("running as root without chattr +i: no way to make a file read-only for this test")


def test_practice_on_a_read_only_bank_refuses_before_the_user_types(
    good_bank: Path, tmp_path: Path, notes: Path, read_only: list[Path]
) -> None:
    bank = tmp_path / "bank.db"
    shutil.copy(good_bank, bank)
    make_read_only(bank, read_only)
    home = tmp_path / "home"
    result = coach(home, "--db", str(bank), "practice", "--new", "1", stdin="my typed answer\n\nq\n")
    line = one_line_error(result)
    assert "read-only" in line and "chmod" in line
    assert "What is case" not in result.stdout  # no question was shown, so nothing was typed for it
    line = one_line_error(coach(home, "--db", str(bank), "import", str(notes)))
    assert "read-only" in line
    listing = coach(home, "--db", str(bank), "list", "--json")  # reading still works
    assert listing.returncode == 0 and "What is case 0 of" in listing.stdout


def test_an_answer_typed_when_the_bank_stops_taking_writes_is_kept_in_a_recovery_file(
    good_bank: Path, tmp_path: Path, read_only: list[Path]
) -> None:
    bank = tmp_path / "bank.db"
    shutil.copy(good_bank, bank)
    home = tmp_path / "home"
    env = {**os.environ, "COACH_HOME": str(home), "COLUMNS": "200"}
    args = [*COACH, "--db", str(bank), "practice", "--new", "1"]
    process = subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    shown = b""
    while b"> " not in shown:  # the answer prompt: the session is open and waiting for the user
        chunk = os.read(process.stdout.fileno(), 4096)
        assert chunk, shown.decode(errors="replace")
        shown += chunk
    for path in (bank, bank.with_name("bank.db-wal")):  # the bank and its write-ahead log stop taking writes
        if path.exists():
            make_read_only(path, read_only)
    try:
        out, err = process.communicate(b"my precious answer\n\nq\n", timeout=LIMIT)
    finally:
        process.kill()
    output = (shown + out + err).decode(errors="replace")
    assert process.returncode == 1 and "Traceback" not in output, output[-2000:]
    [line] = err.decode().strip().splitlines()
    assert "your answer is kept in" in line
    recovery = Path(line.rsplit(" kept in ", 1)[1].strip())
    assert recovery.is_relative_to(home) and "my precious answer" in recovery.read_text(encoding="utf-8")


def test_an_uncreatable_bank_folder_is_one_line_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    line = one_line_error(coach(tmp_path / "home", "--db", str(blocker / "sub" / "bank.db"), "list"))
    assert str(blocker / "sub") in line and "--db" in line
    line = one_line_error(coach(blocker / "home", "stats"))  # the default bank under COACH_HOME
    assert str(blocker / "home") in line and "COACH_HOME" in line


def test_a_bank_path_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "bank.db"
    folder.mkdir()
    line = one_line_error(coach(tmp_path / "home", "--db", str(folder), "list"))
    assert "is a folder" in line


def test_two_commands_opening_a_fresh_bank_at_once_both_succeed_20_times(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("COACH_DATABASE_URL", None)
    for trial in range(20):
        home = tmp_path / f"home{trial}"
        trial_env = {**env, "COACH_HOME": str(home)}
        pair = [
            subprocess.Popen([*COACH, *command], env=trial_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for command in (("list", "--json"), ("stats", "--json"))
        ]
        for process in pair:
            out, err = process.communicate(timeout=LIMIT)
            assert process.returncode == 0, f"trial {trial}: {err.decode(errors='replace')[-2000:]}"
        with sqlite3.connect(home / "bank.db") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
