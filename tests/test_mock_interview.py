"""A mock interview over a real SQLite bank with a fixed clock and a grader passed in: steps, saving before
grading, the follow-up, FSRS scheduling, self-ratings, resume after leaving mid-answer, the report's data, HTML
(parsed) and markdown; and on the seed notes, a planned ml-engineer interview against the mock-interview
write-up's rounds."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from interview_coach.bank import open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.config import Settings
from interview_coach.grade.grader import Grade, PointResult
from interview_coach.grade.rating import Rating
from interview_coach.mock import store
from interview_coach.mock.interview import MockInterview
from interview_coach.mock.planner import plan_interview
from interview_coach.mock.plans import BUILTIN_PLANS, parse_plans
from interview_coach.mock.render import render_html, render_markdown
from interview_coach.mock.report import report_data
from interview_coach.practice.store import history

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOTES = """# Interview prep

## Technical screen

#### What does dropout do?
It zeroes random activations during training. It is switched off at inference time.

#### What is the bias-variance trade-off?
Error splits into bias and variance; more capacity lowers bias and raises variance.

## Behavioral questions

- Tell me about a time you disagreed with a teammate.
- Describe a project that failed and what you learned.

## Questions to ask the interviewer

- What does the on-call rotation look like?
- How do you measure model quality in production?
"""
PLANS_TOML = """
[plans.two]
title = "Two sections"
[[plans.two.sections]]
name = "screen"
title = "Technical screen"
minutes = 4
questions = 2
kinds = ["technical"]
[[plans.two.sections]]
name = "behavioral"
title = "Behavioral"
minutes = 3
questions = 1
kinds = ["behavioral"]
[[plans.two.sections]]
name = "yours"
title = "Questions for us"
role = "your-questions"
minutes = 1
kinds = ["ask_interviewer"]
"""
PLANS = parse_plans(PLANS_TOML, "test")


class FixedClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def grader(question: str, reference: str, answer: str) -> Grade:
    """Covers a point (a sentence) when the answer has its longest word; scores by the share covered."""
    points = [
        PointResult(
            p, "covered" if max(re.findall(r"[a-z]+", p.lower()), key=len) in answer.lower() else "missed", 0.5, ""
        )
        for p in re.split(r"(?<=\.)\s+", reference.strip())
        if p
    ]
    score = round(100 * sum(p.status == "covered" for p in points) / max(1, len(points)))
    return Grade(score, "good", points, [], [])


@pytest.fixture
def bank(tmp_path: Path):  # type: ignore[no-untyped-def]
    notes = tmp_path / "prep.md"
    notes.write_text(NOTES, encoding="utf-8")
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(notes)])
    yield bank
    bank.close()


def _plan(bank, seed: int = 2):  # type: ignore[no-untyped-def]
    with bank.session() as session:
        pool, pitches = store.pool(session)
    return plan_interview(PLANS["two"], pool, T0, seed, pitches=tuple(pitches)), pool


def test_an_interview_step_by_step_then_resumed_and_reported(bank) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock()
    plan, pool = _plan(bank)
    assert [(s.title, s.budget, [q.budget for q in s.questions]) for s in plan.sections] == [
        ("Technical screen", 240, [120, 120]),
        ("Behavioral", 180, [180]),
        ("Questions for us", 60, [60]),
    ]
    interview = MockInterview.start(bank, Settings(), clock, plan, pool, grader=grader)
    first = interview.next_step()
    assert first is not None and first.key == "1.1" and first.role == "question"
    started = clock()
    clock.advance(100)
    assert interview.clock_line(first, started).endswith("· 30 s left for this one")
    assert "dropout" in first.question.prompt
    weak = "Dropout zeroes activations."
    result = interview.submit(first, weak, started)
    assert result.grade is not None and result.grade.score == 50 and len(result.missed) == 1
    assert result.follow_up is not None and result.follow_up.reason == "missed key point"
    with bank.session() as session:
        [attempt] = history(session)
    assert (attempt.answer, attempt.status, attempt.rating) == (weak, "rated", 2)  # scheduled (Hard) by FSRS

    follow = interview.next_step()
    assert follow is not None and (follow.key, follow.role) == ("1.1f", "follow-up")
    assert follow.question.prompt.startswith("You didn't mention that ")
    started = clock()
    clock.advance(40)
    interview.submit(follow, "It is off at inference.", started)

    second = interview.next_step()
    assert second is not None and second.key == "1.2"
    started = clock()
    clock.advance(30)
    assert interview.save_unfinished(second, "half an answer", started) is not None

    # Ctrl-C: the program ends. A new one resumes at the same question, with the saved text shown.
    clock.advance(3600)
    again = MockInterview.resume(bank, Settings(), clock, grader=grader)
    step = again.next_step()
    assert step is not None and step.key == "1.2" and step.partial == "half an answer"
    assert again.used_seconds() == 140  # the hour the program was closed does not count
    started = clock()
    clock.advance(150)  # over budget: no time left for a follow-up
    again.submit(step, "Error splits into bias and variance. More capacity lowers bias.", started)
    behavioral = again.next_step()
    assert behavioral is not None and behavioral.key == "2.1" and behavioral.question.self_rated
    started = clock()
    clock.advance(60)
    again.submit(behavioral, "We disagreed on <script>alert(1)</script> & metrics; I ran both.", started)
    yours = again.next_step()
    assert yours is not None and yours.role == "your-questions"
    started = clock()
    clock.advance(20)
    result = again.submit(yours, "How does on-call rotation work here?\nWhat is the team size?", started)
    assert result.comparison is not None and result.comparison["not_asked"] == [
        "How do you measure model quality in production?"
    ]
    assert again.next_step() is None
    [unrated] = again.unrated()
    again.rate_self(unrated, Rating.HARD)
    score = again.finish()
    assert score == pytest.approx((50 + 100 + 100) / 3, abs=0.1)

    with bank.session() as session:
        data = report_data(session)
    assert [s["score"] for s in data["sections"]] == [pytest.approx(83.3, abs=0.1), None, None]
    assert [s["used"] for s in data["sections"]] == [290, 60, 20]
    assert [m["point"] for m in data["missed"]] == [result_missed(data)]
    assert data["follow_ups"][0]["before"] == 50 and data["follow_ups"][0]["score"] == 100
    assert data["drill"]["command"].startswith("coach practice --item ")
    assert len(data["drill"]["items"]) == 3 and data["drill"]["items"][0]["score"] == 50
    check_html(render_html(data), data)
    markdown = render_markdown(data)
    assert "## Key points missed" in markdown and data["drill"]["command"] in markdown


def result_missed(data: dict) -> str:  # type: ignore[type-arg]
    return data["sections"][0]["answers"][0]["missed"][0]


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.ids += [v for k, v in attrs if k == "id" and v]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(page: str, data: dict) -> None:  # type: ignore[type-arg]
    parser = _Sections()
    parser.feed(page)
    for section in ("sections", "time", "time-chart", "missed", "delivery", "follow-ups", "drill", "progress"):
        assert section in parser.ids
    assert "script" not in parser.tags and "<script>" not in page  # answers and notes are escaped
    text = " ".join(parser.text)
    assert "We disagreed on <script>alert(1)</script> & metrics" in text  # …and read as written
    assert f"{data['score']:.0f}" in text and data["missed"][0]["point"] in text


def test_out_of_time_goes_straight_to_your_questions(bank) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock()
    plan, pool = _plan(bank)
    interview = MockInterview.start(bank, Settings(), clock, plan, pool, grader=grader)
    step = interview.next_step()
    assert step is not None
    started = clock()
    clock.advance(plan.budget + 1)
    interview.submit(step, "A very long answer about everything.", started)
    nxt = interview.next_step()
    assert nxt is not None and nxt.role == "your-questions"


def test_seed_notes_plan_follows_the_write_up_rounds(shared: Path, tmp_path: Path) -> None:
    bank = open_bank(f"sqlite:///{tmp_path / 'seeds.db'}")
    try:
        import_paths(bank, [str(p) for p in sorted((shared / "seeds").iterdir())])
        with bank.session() as session:
            pool, pitches = store.pool(session)
        write_up = _write_up(shared)
        rounds = [
            line[3:].strip() for line in write_up.read_text(encoding="utf-8").splitlines() if line.startswith("## ")
        ]
        spec = parse_plans(BUILTIN_PLANS, "built-in")["ml-engineer"]
        for seed in range(5):
            plan = plan_interview(spec, pool, T0, seed, pitches=tuple(pitches))
            assert plan.budget <= spec.minutes * 60
            assert sum(q.budget for q in plan.questions()) <= plan.budget
            matched = [next(s for s in plan.sections if _same_round(s.title, heading)) for heading in rounds]
            assert [s.number for s in matched] == sorted(s.number for s in matched)  # in the write-up's order
            for section, heading in zip(matched, rounds, strict=True):
                # e.g. "ML Breadth Questions": its section asks questions filed under a heading naming the round
                assert section.questions, heading
                assert all(_same_round(section.title, q.context) for q in section.questions), (heading, seed)
            assert plan.sections[0].role == "pitch" and "elevator pitch" in plan.sections[0].questions[0].prompt
            assert plan.sections[-1].role == "your-questions" and plan.ask_interviewer
    finally:
        bank.close()


def _write_up(shared: Path) -> Path:
    for path in sorted((shared / "seeds").iterdir()):
        first = path.read_text(encoding="utf-8", errors="replace").lstrip().splitlines()[0]
        if "mock interview" in first.lower():
            return path
    pytest.skip("no mock-interview write-up among the seed notes")


def _same_round(title: str, heading: str) -> bool:
    words = {w for w in re.findall(r"[a-z]+", title.lower()) if w not in ("ml", "and")}
    return bool(words) and words <= set(re.findall(r"[a-z]+", heading.lower()))


def test_migration_0007_from_an_old_bank_and_back(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    from interview_coach.bank import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)

    def migrate(target: str, down: bool = False) -> None:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, target)

    migrate("0004")  # a bank from before mock interviews, with an answer in it
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "insert into documents (source_key, path, title, content_hash, encoding, repairs, line_count, imported_at)"
            " values ('k', 'n.md', '', 'h', 'utf-8', 0, 1, '2026-01-01')"
        )
        connection.exec_driver_sql(
            "insert into items (id, document_id, ordinal, question, answer, kind, topic, heading_path,"
            " line_start, line_end, note, retired, created_at, updated_at) values ('i1', 1, 0, 'Q?', 'A.',"
            " 'technical', 'ml', '[]', 1, 1, '', 0, '2026-01-01', '2026-01-01')"
        )
    bank = open_bank(url)  # opening migrates to the head
    assert {"mock_sessions", "mock_answers"} <= set(inspect(bank.engine).get_table_names())
    with bank.session() as session:
        pool, _ = store.pool(session)
    assert [item.item_id for item in pool] == ["i1"]
    bank.close()
    migrate("0004", down=True)
    assert "mock_sessions" not in inspect(engine).get_table_names()
    engine.dispose()


CHECKS = Path(__file__).parent / "data" / "answer_checks.md"  # a project's figures, two prompts, one STAR story
CHECK_PLANS = parse_plans(
    """
[plans.checks]
title = "Project and stories"
[[plans.checks.sections]]
name = "project"
title = "Project"
minutes = 3
questions = 1
kinds = ["project"]
[[plans.checks.sections]]
name = "behavioral"
title = "Behavioral"
minutes = 8
questions = 2
kinds = ["behavioral"]
""",
    "test",
)
RETOLD = (
    "My manager wanted ten thousand more contracts labelled by hand, so I plotted a learning curve over "
    "annotation batches and used active sampling on the hardest clauses, and we launched two weeks early."
)


def test_misquoted_figures_and_a_story_retold_after_resume_are_flagged(tmp_path: Path) -> None:
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(CHECKS)])
    with bank.session() as session:
        pool, _ = store.pool(session)
    plan = plan_interview(CHECK_PLANS["checks"], pool, T0, 1)
    clock = FixedClock()
    interview = MockInterview.start(bank, Settings(), clock, plan, pool, grader=grader)
    flagged: dict[str, list[str]] = {}
    behavioral = 0
    while (step := interview.next_step()) is not None:
        if step.question.kind == "behavioral" and step.role == "question":
            if behavioral == 1:  # the program ends between the two stories; a new one resumes
                interview = MockInterview.resume(bank, Settings(), clock, grader=grader)
            behavioral += 1
            answer = RETOLD
        elif step.role == "question":
            answer = "On a held-out set it reached 95% F1 and 23 ms at p99."
        else:
            answer = "A short follow-up answer."
        started = clock()
        clock.advance(30)
        result = interview.submit(step, answer, started)
        assert result.notes is not None
        flagged[f"{step.role} {step.question.prompt}"] = result.notes.messages()
    assert behavioral == 2
    [misquote] = flagged["question How did you evaluate the NER service?"]  # 23 ms agrees with the notes
    assert misquote.startswith("you said 95% F1; your notes say 99.9% (")
    stories = [v for k, v in flagged.items() if k.startswith("question ") and "NER" not in k]
    assert stories[0] == [] and len(stories[1]) == 1  # told once: nothing; told again after the resume: flagged
    assert stories[1][0].startswith("the same story (Arguing about the labelling budget) answered 2 questions")
    interview.finish()
    with bank.session() as session:
        data = report_data(session)
    notes = [n for entry in data["delivery"]["notes"] for n in entry["notes"]]
    assert any(n.startswith("you said 95% F1") for n in notes)  # in the report's delivery notes
    assert any(n.startswith("the same story (Arguing about the labelling budget)") for n in notes)
    bank.close()


def test_a_pitch_is_asked_about_by_its_project_name_not_its_decorated_heading(tmp_path: Path) -> None:
    notes = tmp_path / "projects.md"
    notes.write_text(
        "# Projects\n\n## 📊 Project 1: Churn Radar\n\n### Elevator pitch\n\n"
        "I built a churn model for a telecom that flags at-risk accounts a month ahead.\n",
        encoding="utf-8",
    )
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    assert import_paths(bank, [str(notes)]).ok
    with bank.session() as session:
        _, pitches = store.pool(session)
    assert [p.project for p in pitches] == ["Churn Radar"]
    assert pitches[0].body.startswith("I built a churn model")
