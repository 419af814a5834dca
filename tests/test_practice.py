"""Practice: FSRS with fixed clocks, the question queue, and the real `coach practice` program driven through a
pseudo-terminal (typed answers, rating override, Ctrl-D, SIGKILL after submitting, two sessions at once)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pexpect
import pytest
from click.testing import CliRunner

from interview_coach.cli import cli
from interview_coach.practice.queue import Candidate, build_queue
from interview_coach.practice.schedule import retrievability, review

COACH = str(Path(sys.executable).with_name("coach"))
NOTES = """# Practice notes

## Fundamentals

#### What does dropout do?
It zeroes random activations during training so the network cannot rely on single units, which reduces
overfitting.

#### What is the bias-variance trade-off?
Error splits into bias (wrong assumptions, underfitting) and variance (sensitivity to the sample, overfitting);
more capacity lowers bias and raises variance.

## Retrieval

#### What is RAG?
Retrieval-augmented generation adds retrieved passages to the prompt so answers cite sources.

#### What is BM25?
A keyword ranking function that weighs term frequency with saturation, inverse document frequency and length.
"""


def test_fsrs_due_dates_for_known_rating_sequences() -> None:
    t0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    good = review(None, 3, t0)
    assert good.due == t0 + timedelta(minutes=10)
    good_good = review(good.card, 3, good.due)
    assert good_good.due == datetime(2026, 1, 7, 9, 10, tzinfo=UTC)
    assert review(good_good.card, 3, good_good.due).due == datetime(2026, 1, 18, 9, 10, tzinfo=UTC)
    assert review(None, 1, t0).due == t0 + timedelta(minutes=1)
    assert review(None, 4, t0).due == datetime(2026, 1, 13, 9, 0, tzinfo=UTC)
    assert review(good_good.card, 1, good_good.due).due == good_good.due + timedelta(minutes=10)
    assert retrievability(None, t0) == 0.0
    assert retrievability(good_good.card, good_good.due) > retrievability(
        good_good.card, good_good.due + timedelta(days=30)
    )


def test_queue_due_first_topics_interleaved_duplicates_once() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    past, future = now - timedelta(hours=1), now + timedelta(days=2)
    items = [
        Candidate("n1", "rag", "n1", None, 0),
        Candidate("n2", "rag", "g", None, 1),
        Candidate("n3", "rag", "g", None, 2),  # same question as n2 in another file
        Candidate("n4", "nlp", "n4", None, 3),
        Candidate("d1", "nlp", "d1", past - timedelta(days=1), 4),
        Candidate("d2", "rag", "d2", past, 5),
        Candidate("later", "rag", "later", future, 6),
    ]
    assert build_queue(items, now, new_limit=10) == ["d1", "d2", "n1", "n4", "n2"]
    assert build_queue(items, now, new_limit=1) == ["d1", "d2", "n1"]
    assert build_queue(items, now, new_limit=10, due_only=True) == ["d1", "d2"]


if TYPE_CHECKING:
    from conftest import ChatServer


@pytest.fixture
def practice_home(tmp_path: Path) -> dict[str, str]:
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    env = {**os.environ, "COACH_HOME": str(tmp_path / "home"), "COLUMNS": "100", "TERM": "dumb"}
    env.pop("COACH_DATABASE_URL", None)
    runner = CliRunner(env={"COACH_HOME": env["COACH_HOME"], "COACH_DATABASE_URL": None})
    assert runner.invoke(cli, ["import", str(notes), "--json"]).exit_code == 0
    return env


def coach_json(env: dict[str, str], *args: str) -> object:
    result = CliRunner(env={"COACH_HOME": env["COACH_HOME"], "COACH_DATABASE_URL": None}).invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def spawn(env: dict[str, str], *args: str) -> pexpect.spawn:
    return pexpect.spawn(COACH, ["practice", *args], env=env, encoding="utf-8", timeout=90)


def answer(child: pexpect.spawn, text: str) -> str:
    child.expect(r"\] > ")
    question = child.before.split("\n")[-3:]
    child.sendline(text)
    child.expect(r"\] > ")
    child.sendline("")
    child.expect("answer saved")
    return " ".join(question)


def test_a_session_end_to_end(practice_home: dict[str, str]) -> None:
    env = practice_home
    child = spawn(env, "--new", "4")
    answer(child, "It randomly zeroes activations while training, so the model overfits less.")
    child.expect("Rate:")
    child.sendline("")  # accept the suggestion
    answer(child, "BM25 is a ranking function.")
    child.expect("Rate:")
    child.sendline("a")  # override
    answer(child, "Bias is underfitting and variance is overfitting.")
    child.expect("Rate:")
    child.sendline("g")
    child.expect(r"\] > ")  # the fourth question: quit with Ctrl-D instead
    child.sendeof()
    child.expect("Session over")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    history = coach_json(env, "history")
    assert isinstance(history, list) and len(history) == 3
    assert {row["status"] for row in history} == {"rated"}
    assert all(row["score"] is not None for row in history)
    overridden = next(row for row in history if row["answer"] == "BM25 is a ranking function.")
    assert overridden["rating"] == 1
    stats = coach_json(env, "stats")
    assert isinstance(stats, dict) and stats["attempts"] == 3
    assert sum(topic["practised"] for topic in stats["topics"]) == 3
    assert all(0.0 <= topic["readiness"] <= 1.0 for topic in stats["topics"])

    # Time passes: the item rated Again falls due, and the next session starts with it.
    database = Path(env["COACH_HOME"]) / "bank.db"
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE cards SET due = ? WHERE item_id = ?",
            ((datetime.now(UTC) - timedelta(minutes=5)).isoformat(sep=" "), overridden["item_id"]),
        )
    due = coach_json(env, "due")
    assert [row["id"] for row in due] == [overridden["item_id"]]  # type: ignore[index]
    second = spawn(env, "--new", "0")
    second.expect(r"\] > ")
    assert overridden["question"] in second.before
    second.sendeof()
    second.expect(pexpect.EOF)


def test_an_answer_survives_sigkill_right_after_submitting(practice_home: dict[str, str]) -> None:
    child = spawn(practice_home, "--new", "1")
    answer(child, "Dropout switches off random units during training.")
    child.kill(signal.SIGKILL)
    child.close()
    history = coach_json(practice_home, "history")
    assert [row["answer"] for row in history] == ["Dropout switches off random units during training."]  # type: ignore[index]


def test_an_unfinished_answer_is_kept_on_ctrl_d(practice_home: dict[str, str]) -> None:
    child = spawn(practice_home, "--new", "1")
    child.expect(r"\] > ")
    child.sendline("Half of my answer")
    child.expect(r"\] > ")
    child.sendeof()
    child.expect("Session over")
    child.expect(pexpect.EOF)
    history = coach_json(practice_home, "history")
    assert [(row["answer"], row["status"]) for row in history] == [("Half of my answer", "saved")]  # type: ignore[index]


def test_two_sessions_on_one_bank(practice_home: dict[str, str]) -> None:
    first, second = spawn(practice_home, "--new", "2"), spawn(practice_home, "--new", "2")
    for child, text in ((first, "First session answer."), (second, "Second session answer.")):
        answer(child, text)
    for child in (first, second):
        child.expect("Rate:")
        child.sendline("g")
    for child in (first, second):
        child.expect(r"\] > ")
        child.sendeof()
        child.expect(pexpect.EOF)
        assert "database is locked" not in child.before
    answers = {row["answer"] for row in coach_json(practice_home, "history")}  # type: ignore[union-attr]
    assert answers == {"First session answer.", "Second session answer."}


def test_a_configured_model_comments_after_the_grade(practice_home: dict[str, str], chat_server: ChatServer) -> None:
    chat_server.reply = "You named dropout's effect; add that it is switched off at inference."
    child = spawn(
        {**practice_home, "COACH_LLM_URL": chat_server.url, "COACH_LLM_MODEL": "tiny-test-model"}, "--new", "1"
    )
    answer(child, "It randomly zeroes activations while training, so the model overfits less.")
    child.expect("Comment \\(written by tiny-test-model\\)")
    child.expect("switched off at inference")
    child.expect("Rate:")
    child.sendline("")
    child.expect(pexpect.EOF)
    prompt = chat_server.requests[0]["messages"][-1]["content"]
    assert "It randomly zeroes activations while training" in prompt
    history = coach_json(practice_home, "history")
    assert [row["status"] for row in history] == ["rated"]  # type: ignore[index]


def test_nothing_to_practise_and_bad_budget(coach_home: Path) -> None:
    runner = CliRunner()
    empty = runner.invoke(cli, ["practice"])
    assert empty.exit_code == 0 and "Nothing to practise" in empty.output
    bad = runner.invoke(cli, ["practice", "--budget", "lunch=5"])
    assert bad.exit_code == 1 and "KIND=SECONDS" in bad.stderr


def test_items_without_a_reference_are_self_rated(tmp_path: Path) -> None:
    notes = tmp_path / "prompts.md"
    notes.write_text(
        "# Prompts\n\n## Questions to practise\n1. How would you scale a feature store?\n", encoding="utf-8"
    )
    env = {**os.environ, "COACH_HOME": str(tmp_path / "home"), "COLUMNS": "100", "TERM": "dumb"}
    env.pop("COACH_DATABASE_URL", None)
    assert CliRunner(env={"COACH_HOME": env["COACH_HOME"]}).invoke(cli, ["import", str(notes)]).exit_code == 0
    child = spawn(env, "--new", "1")
    answer(child, "Shard by entity key and cache hot features.")
    child.expect("rate yourself")
    child.expect("Rate:")
    child.sendline("h")
    child.expect("Session over")
    child.expect(pexpect.EOF)
    [row] = coach_json(env, "history")  # type: ignore[misc]
    assert row["score"] is None and row["rating"] == 2 and row["status"] == "rated"


def test_ctrl_c_ends_the_session_cleanly(practice_home: dict[str, str]) -> None:
    child = spawn(practice_home, "--new", "2")
    child.expect(r"\] > ")
    child.sendintr()
    child.expect("Session over")
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before


@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm", "sighup"])
def test_the_line_being_typed_is_kept_when_leaving(practice_home: dict[str, str], stop: str) -> None:
    child = spawn(practice_home, "--new", "1")
    child.expect(r"\] > ")
    child.sendline("First line of my answer")
    child.expect(r"\] > ")
    child.send("and the line I was typing")
    child.expect("typing")  # echoed: it is in the prompt's buffer
    if stop == "ctrl-c":
        child.sendintr()
    else:
        child.kill(signal.SIGTERM if stop == "sigterm" else signal.SIGHUP)
    child.expect("unfinished answer is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in child.before
    if stop != "ctrl-c":
        assert child.exitstatus == 128 + (signal.SIGTERM if stop == "sigterm" else signal.SIGHUP)
    history = coach_json(practice_home, "history")
    assert [row["answer"] for row in history] == ["First line of my answer\nand the line I was typing"]  # type: ignore[index]


def test_ctrl_d_at_the_rating_prompt_schedules_the_suggestion(practice_home: dict[str, str]) -> None:
    child = spawn(practice_home, "--new", "1")
    answer(child, "It randomly zeroes activations while training, so the model overfits less.")
    child.expect("Rate:")
    child.sendeof()
    child.expect(r"\(suggested\): next review")
    child.expect(pexpect.EOF)
    [row] = coach_json(practice_home, "history")  # type: ignore[misc]
    assert row["status"] == "rated" and row["rating"] == row["suggested_rating"]
    assert len(coach_json(practice_home, "due", "--days", "365")) == 1  # type: ignore[arg-type]
