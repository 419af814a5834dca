"""Mock interviews, pure parts: plans from TOML, planning (exact sections, budgets and picks for a seed), delivery
coaching, the follow-up choice and your questions against the notes'."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interview_coach.errors import CoachError
from interview_coach.grade.grader import Grade, PointResult
from interview_coach.mock.delivery import coach
from interview_coach.mock.followup import choose_follow_up, compare_questions
from interview_coach.mock.interview import nudge
from interview_coach.mock.planner import Pitch, PlannedQuestion, PoolItem, plan_interview, weight
from interview_coach.mock.plans import BUILTIN_PLANS, load_plans, parse_plans, plans_file

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def item(ident: str, kind: str, context: str = "notes.md › Misc", reference: str = "ref", **extra: object) -> PoolItem:
    fields: dict[str, object] = {"topic": "ml", "group": ident, **extra}
    question = str(fields.pop("question", f"Question {ident} about {kind}?"))
    return PoolItem(ident, question, kind, str(fields.pop("topic")), context, reference, **fields)  # type: ignore[arg-type]


POOL = [
    item("t1", "technical", "mock.md › Technical Phone Screen Questions"),
    item("t2", "technical", "mock.md › Technical Phone Screen Questions"),
    item("t3", "technical", "mock.md › ML Breadth Questions"),
    item("t4", "technical", "mock.md › ML Depth Questions"),
    item("t5", "technical", "other.md › Misc", last_score=10),
    item("t6", "technical", "other.md › Misc", group="t5"),  # the same question as t5 in another file
    item("s1", "system_design", "mock.md › System Design Questions"),
    item("b1", "behavioral", "mock.md › Behavioral Questions"),
    item("b2", "behavioral", "other.md › Stories", reference=""),
    item("a1", "ask_interviewer", "other.md › Questions to ask", question="What does on-call look like?"),
]
SPEC = parse_plans(
    """
[plans.short]
title = "Short"
[[plans.short.sections]]
name = "screen"
minutes = 4
questions = 2
kinds = ["technical"]
prefer = ["screen"]
[[plans.short.sections]]
name = "design"
minutes = 5
questions = 1
kinds = ["system_design"]
[[plans.short.sections]]
name = "yours"
role = "your-questions"
minutes = 1
kinds = ["ask_interviewer"]
""",
    "test",
)["short"]


def test_a_plan_is_exact_for_a_seed_and_fits_the_time() -> None:
    plan = plan_interview(SPEC, POOL, NOW, seed=7)
    assert [(s.name, s.budget, [(q.key, q.item_id, q.budget) for q in s.questions]) for s in plan.sections] == [
        ("screen", 240, [("1.1", "t1", 120), ("1.2", "t2", 120)]),  # the round's own headings first
        ("design", 300, [("2.1", "s1", 300)]),
        ("yours", 60, [("3.1", None, 60)]),
    ]
    assert plan.budget == 600 and plan.ask_interviewer == ["What does on-call look like?"]
    assert plan_interview(SPEC, POOL, NOW, seed=7).as_dict() == plan.as_dict()


def test_shorter_interviews_ask_fewer_questions_within_the_minutes() -> None:
    plan = plan_interview(SPEC, POOL, NOW, seed=1, minutes=5)
    assert [s.budget for s in plan.sections] == [120, 150, 30]
    assert [len(s.questions) for s in plan.sections] == [1, 1, 1]
    assert sum(q.budget for q in plan.questions()) <= 5 * 60


def test_no_near_duplicates_and_weak_items_weigh_more() -> None:
    spec = parse_plans(BUILTIN_PLANS, "built-in")["ml-engineer"]
    for seed in range(20):
        plan = plan_interview(spec, POOL, NOW, seed=seed)
        ids = [q.item_id for q in plan.questions() if q.item_id]
        assert len(ids) == len(set(ids)) and not {"t5", "t6"} <= set(ids)
        assert "a1" not in ids  # asked of the candidate's questions at the end, never as a question
        assert plan.budget <= spec.minutes * 60
    weak, fresh = weight(POOL[4], NOW), weight(POOL[0], NOW)
    overdue = weight(item("x", "technical", due=NOW - timedelta(days=14), reviews=3), NOW)
    assert weak > fresh and overdue > weight(item("y", "technical", due=NOW + timedelta(days=1), reviews=3), NOW)
    assert weight(POOL[8], NOW) < weight(POOL[7], NOW)  # no reference: may appear, less often


def test_topics_narrow_the_answer_rounds_and_pitches_open_the_interview() -> None:
    pool = [*POOL, item("r1", "technical", topic="rag")]
    plan = plan_interview(SPEC, pool, NOW, seed=3, topics=("rag",))
    assert [q.item_id for q in plan.sections[0].questions] == ["r1"]  # only one on the topic
    spec = parse_plans(BUILTIN_PLANS, "built-in")["phone-screen"]
    pitch = Pitch(1, "Project 1: Rapid Insights", "I built a real-time dashboard…", "guide.md › Elevator Pitch")
    intro = plan_interview(spec, POOL, NOW, seed=0, pitches=(pitch,)).sections[0].questions[0]
    assert "elevator pitch of Project 1: Rapid Insights" in intro.prompt and intro.reference.startswith("I built")


def test_plans_file_is_written_once_and_errors_name_the_field(tmp_path: Path) -> None:
    path = plans_file(tmp_path)
    assert set(load_plans(path)) == {"ml-engineer", "phone-screen", "behavioral", "system-design"}
    assert 15 <= load_plans(path)["phone-screen"].minutes <= 20
    path.write_text(path.read_text().replace('title = "ML engineer interview loop"', 'title = "Mine"'))
    assert plans_file(tmp_path) == path and load_plans(path)["ml-engineer"].title == "Mine"  # kept
    with pytest.raises(CoachError, match="minutes"):
        parse_plans('[plans.x]\n[[plans.x.sections]]\nname = "a"\nminutes = "soon"\n', "mine.toml")
    with pytest.raises(CoachError, match="mine.toml: not valid TOML"):
        parse_plans("[plans", "mine.toml")


def test_delivery_coaching_counts_what_a_listener_hears() -> None:
    rambling = "Um so basically I think it's like, you know, maybe regularisation, um, I guess. " * 3
    d = coach(rambling, budget=120, kind="technical")
    assert d.words == 42 and d.speaking_seconds == 18 and d.short
    assert d.fillers["um"] == 6 and d.hedges == {"i think": 3, "maybe": 3, "i guess": 3}
    assert any("filler" in n for n in d.notes) and any("hedging" in n for n in d.notes)
    star = coach(
        "When I was at my last company our model drifted. I had to fix it. I built a monitor. "
        "As a result alerts fell by 40%.",
        budget=180,
        kind="behavioral",
    )
    assert star.star_missing == [] and star.concrete_result is True
    vague = coach("We had an outage and I fixed it.", budget=180, kind="behavioral")
    assert vague.concrete_result is False and "no concrete result: give a number or a measurable outcome" in vague.notes
    design = coach(
        "First the requirements: 10k QPS. Then data: logs into a feature pipeline. Then the model, "
        "served behind an API with a cache. Finally monitoring for drift.",
        budget=300,
        kind="system_design",
    )
    assert design.layers_covered == ["requirements", "data", "model", "serving", "monitoring"]
    assert design.layers_missing == ["iteration"] and {"first", "then", "finally"} <= set(design.signposts)
    long = coach("word " * 400, budget=60, kind="technical")
    assert long.speaking_seconds == 171 and "over the 1:00 budget" in long.notes[0]


def test_the_follow_up_asks_a_missed_point_else_a_related_question() -> None:
    question = PlannedQuestion("1.1", "What does dropout do?", "technical", "ml", "", "Dropout zeroes units.", 120)
    missed = Grade(40, "partial", [PointResult("It is switched off at inference time", "missed", 0.1, "")], [], [])
    enough = coach("word " * 200, 120, "technical")
    follow = choose_follow_up(question, missed, enough, POOL, set())
    assert follow is not None and follow.reason == "missed key point" and follow.budget == 60
    assert follow.prompt == (
        "You didn't mention that it is switched off at inference time — how does that fit into your answer?"
    )
    pool = [item("d2", "technical", question="How does dropout interact with batch norm?", reference="units")]
    short = coach("It drops units.", 120, "technical")
    related = choose_follow_up(question, None, short, pool, {"t1"})
    assert related is not None and related.item_id == "d2" and related.reason == "short answer"
    assert choose_follow_up(question, None, enough, pool, set()) is None  # long enough, nothing missed


def test_your_questions_against_the_notes_and_nudges() -> None:
    notes = ["What does the on-call rotation look like?", "How do you measure model quality in production?"]
    result = compare_questions(["How does on-call rotation work for the team?", "What is the team size?"], notes)
    assert [m["notes"] for m in result["matched"]] == [notes[0]]
    assert result["not_asked"] == [notes[1]]
    nudges = (nudge(80, 120), nudge(95, 120), nudge(130, 120))
    assert nudges == ("", "30 s left for this one", "over time for this one: wrap up")


def test_a_round_spreads_over_topics_before_repeating_one() -> None:
    pool = [item(f"w{n}", "technical", topic="rag", last_score=0) for n in range(4)]
    pool.append(item("other", "technical", topic="nlp"))  # lighter, but a topic of its own
    for seed in range(10):
        picks = [q.item_id for q in plan_interview(SPEC, pool, NOW, seed).sections[0].questions]
        assert len(picks) == 2 and "other" in picks, seed
