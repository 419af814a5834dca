"""Fault injection: `coach import` killed (SIGKILL) or interrupted (SIGINT) at named stages of indexing, then run
again. The next run must finish the index (every passage embedded, duplicate groups rebuilt) and say what it
resumed; the result must equal an import that was never interrupted.

The stages come from COACH_TEST_PAUSE_AT (search/index.py, test-only): the process prints "paused at <stage>" and
sleeps there, holding whatever it holds (an open transaction for vectors-uncommitted), and is killed then.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

COACH = [sys.executable, "-c", "from interview_coach.cli import main; main()"]


def notes_folder(folder: Path) -> Path:
    """Two files with two shared questions (duplicate groups) and enough passages for several embedding windows."""
    folder.mkdir(parents=True, exist_ok=True)
    shared = (
        "\n#### What is retrieval-augmented generation?\nIt fetches passages and adds them to the prompt.\n"
        "\n#### How does dropout regularize a network?\nIt zeroes random activations while training.\n"
    )
    for name, offset in (("a", 0), ("b", 200)):
        lines = [f"# Notes {name}", shared]
        for i in range(offset, offset + 75):
            name = pseudo_word(i)  # questions that share no content word are never grouped as duplicates
            lines += [f"#### What is {name}?", f"The {name} knob of the training run.", ""]
        (folder / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
    return folder


def pseudo_word(n: int) -> str:
    syllables = ["ka", "lo", "mi", "ru", "se", "ta", "vo", "ne", "pi", "zu"]
    return "".join(syllables[int(d)] for d in f"{n:03d}") + "x"


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COACH_DATABASE_URL", "COACH_TEST_PAUSE_AT")}
    return {**env, "COACH_HOME": str(home), **extra}


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COACH, *args], env=env_for(home), capture_output=True, text=True, timeout=300)


def stop_at(home: Path, stage: str, sig: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a command until it pauses at `stage`, send it `sig`, and return what it printed."""
    process = subprocess.Popen(
        [*COACH, *args],
        env=env_for(home, COACH_TEST_PAUSE_AT=stage),
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 240
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.strip() == f"paused at {stage}" or time.monotonic() > deadline:
            break
    assert seen and seen[-1].strip() == f"paused at {stage}", "".join(seen)
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, "".join(seen) + err)


def bank_state(home: Path) -> dict[str, object]:
    with sqlite3.connect(home / "bank.db") as db:
        total, embedded = db.execute("SELECT count(*), count(vector) FROM passages").fetchone()
        ungrouped = db.execute("SELECT count(*) FROM index_state WHERE NOT grouped").fetchone()[0]
        groups = db.execute(
            "SELECT question, duplicate_group FROM items WHERE duplicate_group IS NOT NULL ORDER BY question"
        ).fetchall()
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        indexed = db.execute("SELECT count(*) FROM index_state").fetchone()[0]
    return {
        "passages": total,
        "embedded": embedded,
        "ungrouped": ungrouped,
        "groups": groups,
        "documents": documents,
        "indexed": indexed,
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The notes, and the bank an uninterrupted import makes of them."""
    root = tmp_path_factory.mktemp("faults")
    notes = notes_folder(root / "notes")
    home = root / "reference"
    done = run(home, "import", str(notes))
    assert done.returncode == 0, done.stderr
    state = bank_state(home)
    grouped = {question for question, _ in state["groups"]}  # type: ignore[attr-defined]
    assert state["embedded"] == state["passages"]
    assert {"What is retrieval-augmented generation?", "How does dropout regularize a network?"} <= grouped
    return notes, state


@pytest.mark.parametrize(
    "stage", ["index-start", "passages-document", "vectors-uncommitted", "vectors-window", "vectors"]
)
def test_an_import_killed_during_indexing_is_finished_by_the_next_import(
    tmp_path: Path, reference: tuple[Path, dict[str, object]], stage: str
) -> None:
    notes, expected = reference
    home = tmp_path / "home"
    killed = stop_at(home, stage, signal.SIGKILL, "import", str(notes))
    assert killed.returncode == -signal.SIGKILL
    before = bank_state(home)
    assert before["embedded"] < before["passages"] or before["ungrouped"] or before["indexed"] < before["documents"]
    again = run(home, "import", str(notes))
    assert again.returncode == 0, again.stderr
    assert "unchanged" in again.stdout and "Traceback" not in again.stderr
    if stage in ("vectors-window", "vectors-uncommitted"):
        assert f"Resuming indexing: {before['embedded']:,} of {before['passages']:,} passages already embedded" in (
            again.stderr
        )
    if stage == "vectors":
        assert "Rebuilding duplicate groups" in again.stderr
    assert bank_state(home) == expected


def test_an_uncommitted_window_is_lost_but_the_committed_ones_are_kept(tmp_path: Path, reference) -> None:  # type: ignore[no-untyped-def]
    notes, _ = reference
    home = tmp_path / "home"
    stop_at(home, "vectors-window", signal.SIGKILL, "import", str(notes))
    one_window = bank_state(home)["embedded"]
    home2 = tmp_path / "home2"
    stop_at(home2, "vectors-uncommitted", signal.SIGKILL, "import", str(notes))
    assert bank_state(home2)["embedded"] == 0 < one_window  # type: ignore[operator]


def test_ctrl_c_during_import_keeps_committed_batches_and_says_so(tmp_path: Path, reference) -> None:  # type: ignore[no-untyped-def]
    notes, expected = reference
    home = tmp_path / "home"
    stopped = stop_at(home, "vectors-window", signal.SIGINT, "import", str(notes))
    assert stopped.returncode == 130, stopped.stderr
    state = bank_state(home)
    assert 0 < state["embedded"] < state["passages"]  # type: ignore[operator]
    assert f"Indexing stopped: {state['embedded']:,} of {state['passages']:,} passages embedded, all kept." in (
        stopped.stderr
    )
    assert "Traceback" not in stopped.stderr
    resumed = run(home, "index")
    assert resumed.returncode == 0, resumed.stderr
    assert f"Resuming indexing: {state['embedded']:,} of {state['passages']:,} passages already embedded" in (
        resumed.stderr
    )
    assert bank_state(home) == expected


def test_ctrl_c_during_a_searchs_indexing_still_answers(tmp_path: Path, reference) -> None:  # type: ignore[no-untyped-def]
    notes, _ = reference
    home = tmp_path / "home"
    stop_at(home, "vectors-window", signal.SIGKILL, "import", str(notes))
    searched = stop_at(home, "vectors-window", signal.SIGINT, "search", "what does dropout do")
    assert searched.returncode == 0, searched.stderr
    assert "Indexing stopped:" in searched.stderr and "Searching keywords plus those" in searched.stderr
    assert "dropout" in searched.stdout.lower()
