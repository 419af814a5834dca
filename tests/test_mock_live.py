"""The mock interview one request at a time (mock/live.py), on a real SQLite bank with a clock the test moves:
the step's clock starts at its first showing and runs over a reload, stops while the page is away (a closed tab,
or an interview left in the terminal), and the answer is timed from the first showing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interview_coach.bank import Bank, open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.config import Settings
from interview_coach.errors import CoachError
from interview_coach.mock import live, store

NOTES = """# Prep

## Technical screen

#### What does batch normalization do?
It normalizes each mini-batch's activations, then rescales them with learned parameters.

#### Why use a validation set?
To tune hyperparameters on data the model was not trained on.
"""


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    assert import_paths(bank, [str(tmp_path / "notes.md")]).ok
    yield bank  # type: ignore[misc]
    bank.close()


def _start(bank: Bank, clock: Clock, tmp_path: Path) -> int:
    plan = live.make_plan(bank, "phone-screen", None, (), 7, clock(), folder=tmp_path / "home")
    return live.start(bank, Settings(), clock, plan)


def test_the_step_clock_runs_over_reloads_and_stops_while_away(bank: Bank, tmp_path: Path) -> None:
    clock = Clock()
    session = _start(bank, clock, tmp_path)
    first = live.view(bank, Settings(), clock, session)
    assert first.step is not None and first.spent == 0
    clock.advance(40)
    assert live.save_draft(bank, Settings(), clock, session, first.step.key, "It normalizes").spent == 40
    clock.advance(20)
    again = live.view(bank, Settings(), clock, session)  # a reload: same step, same draft, the clock went on
    assert (again.step.key, again.draft, again.spent) == (first.step.key, "It normalizes", 60)  # type: ignore[union-attr]
    clock.advance(3 * 3600)  # the tab closed for three hours
    back = live.view(bank, Settings(), clock, session)
    assert back.spent == 60 and back.draft == "It normalizes"  # the time away was a pause
    clock.advance(live.PAUSE_AFTER - 1)  # a long think with the page open counts
    assert live.view(bank, Settings(), clock, session).spent == 60 + live.PAUSE_AFTER - 1
    result = live.submit(bank, Settings(), clock, session, first.step.key, "It normalizes mini-batch activations.")
    with bank.session() as s:
        saved = next(a for a in store.answers(s, session) if a.id == result.answer_id)
        assert saved.status in ("graded", "saved") and saved.seconds == 60 + live.PAUSE_AFTER - 1
    following = live.view(bank, Settings(), clock, session)
    assert following.step is not None and following.step.key != first.step.key and following.spent == 0


def test_stale_and_unknown_steps_and_interviews(bank: Bank, tmp_path: Path) -> None:
    clock = Clock()
    session = _start(bank, clock, tmp_path)
    with pytest.raises(CoachError, match="not the one being asked"):
        live.save_draft(bank, Settings(), clock, session, "9.9", "text")
    with pytest.raises(CoachError, match="no mock interview 4242"):
        live.view(bank, Settings(), clock, 4242)
    with pytest.raises(CoachError, match="plan 'nope': no such plan"):
        live.make_plan(bank, "nope", None, (), 1, clock(), folder=tmp_path / "home")
    assert live.finish(bank, Settings(), clock, session) is None  # ended before any answer: no score
    assert live.view(bank, Settings(), clock, session).finished
    assert live.past(bank)[0]["finished"] is not None
