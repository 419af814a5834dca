"""The practice session as a use case: a fixed clock, a real SQLite bank, a grader passed in (and the real one
once), no terminal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interview_coach.bank import open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.config import Settings, load_settings
from interview_coach.errors import CoachError
from interview_coach.grade.grader import Grade
from interview_coach.grade.rating import Rating
from interview_coach.practice.queue import Candidate, build_queue
from interview_coach.practice.session import PracticeSession, Selection
from interview_coach.practice.store import history

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

PROJECT_NOTES = """# Churn model

## Advanced Technical Questions

1. How does transfer learning work in this project?

## Fundamentals

#### What does dropout do?
It zeroes random activations during training, which reduces overfitting.

#### What is the bias-variance trade-off?
Error splits into bias and variance; more capacity lowers bias and raises variance.

## Questions to ask the interviewer

- What does the on-call rotation look like for the ML team?
"""
OTHER_NOTES = """# Retrieval

## Search

#### What is BM25?
A keyword ranking function with term-frequency saturation and inverse document frequency.

#### What is RAG?
Retrieval-augmented generation adds retrieved passages to the prompt.
"""


class FixedClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def fake_grader(score: int):  # type: ignore[no-untyped-def]
    def grade(question: str, reference: str, answer: str) -> Grade:
        return Grade(score, "good", [], [], [])

    return grade


@pytest.fixture
def bank(tmp_path: Path):  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "churn-project.md").write_text(PROJECT_NOTES, encoding="utf-8")
    (notes / "retrieval.md").write_text(OTHER_NOTES, encoding="utf-8")
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(notes)])
    yield bank
    bank.close()


def test_a_session_saves_before_grading_and_schedules_with_the_clock(bank) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(T0)
    practice = PracticeSession.start(bank, Settings(), clock, Selection(new=10), grader=fake_grader(70))
    first = practice.next_question()
    assert first is not None and first.number == 1 and first.total == len(practice.queue)
    turn = practice.begin(first)
    clock.advance(42)
    attempt = practice.submit(turn, "my answer")
    with bank.session() as session:
        [row] = history(session)
    assert (row.id, row.answer, row.status, row.seconds) == (attempt, "my answer", "saved", 42.0)  # saved first
    feedback = practice.grade(turn)
    if first.reference:
        assert feedback.suggested == Rating.GOOD and feedback.grade is not None and feedback.grade.score == 70
        due = practice.rate(turn, feedback.suggested)
        assert due == T0 + timedelta(seconds=42) + timedelta(minutes=10)  # FSRS, first Good: ten minutes
    summary = practice.finish()
    assert summary.answered == 1 and summary.seconds == 42.0


def test_the_queue_mixes_files_prefers_references_and_never_drills_ask_interviewer(bank) -> None:  # type: ignore[no-untyped-def]
    practice = PracticeSession.start(bank, Settings(), FixedClock(T0), Selection(new=10))
    questions = [practice.load(ident) for ident in practice.queue]
    assert all(q.kind != "ask_interviewer" for q in questions)
    assert not any("on-call" in q.question for q in questions)
    files = [q.context.split(" › ")[0] for q in questions]
    assert files[:2] in (["churn-project.md", "retrieval.md"], ["retrieval.md", "churn-project.md"])
    with_reference = [bool(q.reference.strip()) for q in questions]
    assert with_reference == sorted(with_reference, reverse=True)  # the one without a reference comes last
    project = next(q for q in questions if "this project" in q.question)
    assert project.context.startswith("churn-project.md › Churn model")  # says which project


def test_queue_order_is_exact() -> None:
    items = [
        Candidate("a1", "ml", "a1", None, 0, "a.md", True),
        Candidate("a2", "ml", "a2", None, 1, "a.md", False),
        Candidate("a3", "nlp", "a3", None, 2, "a.md", True),
        Candidate("a4", "ml", "a4", None, 3, "a.md", True),
        Candidate("b1", "rag", "b1", None, 4, "b.md", True),
        Candidate("b2", "rag", "b2", None, 5, "b.md", False),
    ]
    assert build_queue(items, T0, new_limit=10) == ["a1", "b1", "a3", "a4", "a2", "b2"]


def test_leaving_mid_answer_keeps_the_text_and_leaving_at_rating_schedules(bank) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(T0)
    practice = PracticeSession.start(bank, Settings(), clock, Selection(new=10), grader=fake_grader(20))
    turn = practice.begin(practice.next_question())  # type: ignore[arg-type]
    assert practice.save_unfinished(turn, "   ") is None
    assert practice.save_unfinished(turn, "half of it\nand the line being typed") is not None
    graded = next(q for q in map(practice.load, practice.queue) if q.reference)
    turn = practice.begin(graded)
    practice.submit(turn, "something")
    practice.grade(turn)
    rating, due = practice.rate_by_default(turn)
    assert rating == Rating.AGAIN and due == T0 + timedelta(minutes=1)
    with bank.session() as session:
        rows = history(session)
    assert [(r.answer, r.status, r.rating) for r in rows] == [
        ("something", "rated", 1),
        ("half of it\nand the line being typed", "saved", None),
    ]


def test_minutes_end_the_session_by_the_clock(bank) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(T0)
    practice = PracticeSession.start(bank, Settings(), clock, Selection(new=10, minutes=1))
    assert practice.next_question() is not None
    clock.advance(61)
    assert practice.next_question() is None and practice.time_up


def test_only_named_items_in_their_order(bank) -> None:  # type: ignore[no-untyped-def]
    everything = PracticeSession.start(bank, Settings(), FixedClock(T0), Selection(new=10)).queue
    chosen = (everything[2], everything[0])
    practice = PracticeSession.start(bank, Settings(), FixedClock(T0), Selection(item_ids=chosen))
    assert practice.queue == list(chosen)


def test_the_real_grader_suggests_a_rating(bank) -> None:  # type: ignore[no-untyped-def]
    practice = PracticeSession.start(bank, Settings(), FixedClock(T0), Selection(new=10))
    dropout = next(q for q in map(practice.load, practice.queue) if "dropout" in q.question)
    turn = practice.begin(dropout)
    practice.submit(turn, "It randomly zeroes activations while training, which reduces overfitting.")
    feedback = practice.grade(turn)
    assert feedback.grade is not None and feedback.grade.score >= 65 and feedback.suggested in (3, 4)


def test_a_read_only_bank_is_refused_before_typing(bank, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from interview_coach.bank import Bank

    bank.close()
    # SQLite's read-only mode behaves like a file the user may not write (root ignores file modes).
    engine = create_engine(f"sqlite:///file:{tmp_path / 'bank.db'}?mode=ro&uri=true")
    readonly = Bank(engine, sessionmaker(engine), "sqlite:///bank.db")
    try:
        with pytest.raises(CoachError, match="cannot be written"):
            PracticeSession.start(readonly, Settings(), FixedClock(T0), Selection())
    finally:
        readonly.close()


def test_settings_option_over_env_over_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[practice]\nretention = 0.85\n[budgets]\ntechnical = 90\ncoding = 200\n", encoding="utf-8")
    settings = load_settings(("coding=240",), env={"COACH_RETENTION": "0.95"}, file=config)
    assert (settings.retention, settings.budget("technical"), settings.budget("coding")) == (0.95, 90, 240)
    assert load_settings(env={}, file=config).retention == 0.85
    config.write_text("[budgets]\nlunch = 5\n", encoding="utf-8")
    with pytest.raises(CoachError, match="lunch"):
        load_settings(env={}, file=config)


def test_an_answer_the_bank_refuses_goes_to_a_recovery_file(
    bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import json

    from sqlalchemy.exc import OperationalError

    from interview_coach.practice import store

    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))
    practice = PracticeSession.start(bank, Settings(), FixedClock(T0), Selection(new=1))
    turn = practice.begin(practice.next_question())  # type: ignore[arg-type]

    def refuse(*args: object, **kwargs: object) -> int:
        raise OperationalError("INSERT", {}, Exception("attempt to write a readonly database"))

    monkeypatch.setattr(store, "save_attempt", refuse)
    with pytest.raises(CoachError, match="your answer is kept in") as caught:
        practice.submit(turn, "the answer I typed")
    path = Path(str(caught.value).rsplit(" kept in ", 1)[1])
    assert path.parent == tmp_path / "home" / "recovered"
    assert json.loads(path.read_text(encoding="utf-8"))["answer"] == "the answer I typed"


CHECKS = Path(__file__).parent / "data" / "answer_checks.md"  # a project's figures, two prompts, one STAR story
RETOLD = (
    "My manager wanted ten thousand more contracts labelled by hand, so I plotted a learning curve over "
    "annotation batches and used active sampling on the hardest clauses."
)


def _ids(bank) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from interview_coach.bank.schema import Item

    with bank.session() as session:
        return {item.question: item.id for item in session.scalars(select(Item))}


def test_feedback_flags_a_misquoted_figure_and_a_retold_story(tmp_path: Path) -> None:
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(CHECKS)])
    ids = _ids(bank)
    order = (
        ids["How did you evaluate the NER service?"],
        ids["Tell me about a time you disagreed with your manager."],
        ids["Describe a time you had to deliver under a tight deadline."],
    )
    practice = PracticeSession.start(bank, Settings(), FixedClock(T0), Selection(item_ids=order), fake_grader(60))
    notes = []
    for answer in ("We reached 95% F1 and 23 ms at p99.", RETOLD, RETOLD):
        question = practice.next_question()
        assert question is not None
        turn = practice.begin(question)
        practice.submit(turn, answer)
        feedback = practice.grade(turn)
        assert feedback.notes is not None
        notes.append(feedback.notes.messages())
    assert [m.split(" (")[0] for m in notes[0]] == ["you said 95% F1; your notes say 99.9%"]  # 23 ms agrees
    assert notes[1] == []  # a story told once
    assert notes[2] == [
        "the same story (Arguing about the labelling budget) answered 2 questions: "
        "“Tell me about a time you disagreed with your manager.”; "
        "“Describe a time you had to deliver under a tight deadline.”"
    ]
    from interview_coach.bank.schema import Attempt

    with bank.session() as session:
        saved = session.query(Attempt).filter_by(item_id=order[0]).one().grade
    assert saved is not None and saved["notes"]["misquotes"][0]["notes_say"] == "99.9%"  # kept with the grade
    bank.close()


def test_a_question_loads_the_same_by_full_id_as_through_get_item(bank) -> None:  # type: ignore[no-untyped-def]
    """load reads a question's columns in one query; an id prefix still goes through get_item and the item."""
    from interview_coach.bank.queries import get_item
    from interview_coach.practice.session import question_view

    practice = PracticeSession.start(bank, Settings(), FixedClock(T0), Selection(new=10))
    assert len(practice.queue) >= 4
    for n, ident in enumerate(practice.queue, 1):
        quick = practice.load(ident, n, len(practice.queue))
        assert quick == practice.load(ident[:8], n, len(practice.queue))  # by prefix: the item path
        with bank.session() as session:
            item = get_item(session, ident)
            assert quick == question_view(item, n, len(practice.queue), Settings().budget(item.kind))
        assert quick.context.startswith(("churn-project.md › ", "retrieval.md › "))
    with pytest.raises(CoachError):
        practice.load("no-such-item")
