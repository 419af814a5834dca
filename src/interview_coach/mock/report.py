"""What a finished (or unfinished) interview amounts to, as plain data: overall and per-section scores, time used
against the budget per answer, the key points missed, delivery notes, the follow-ups and how they went, the five
items to drill next with the command that drills them, and progress over past interviews. Rendering is in
mock/render.py."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from interview_coach.errors import CoachError
from interview_coach.mock import store
from interview_coach.mock.planner import InterviewPlan
from interview_coach.practice.schedule import as_utc

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DRILL = 5
SELF_RATED_SCORE = {1: 20, 2: 50, 3: 75, 4: 90}  # a self-rating read as a score, only to rank what to drill


def report_data(session: Session, session_id: int | None = None) -> dict[str, Any]:
    row = store.get(session, session_id)
    if row is None:
        missing = f"no mock interview {session_id}" if session_id is not None else "no mock interviews yet"
        raise CoachError(f"{missing}; see them with: coach mock --list")
    answers = [_answer(a) for a in store.answers(session, row.id)]
    past = [summary_of(s) for s in store.sessions(session)]
    return assemble(summary_of(row), InterviewPlan.from_dict(row.plan), answers, past, row.your_questions)


def summary_of(row: store.MockSession) -> dict[str, Any]:
    return {
        "id": row.id,
        "plan": row.plan_name,
        "title": row.plan.get("title", row.plan_name),
        "started": as_utc(row.started_at).isoformat(timespec="seconds"),
        "finished": as_utc(row.finished_at).isoformat(timespec="seconds") if row.finished_at else None,
        "score": row.score,
    }


def _answer(a: store.MockAnswer) -> dict[str, Any]:
    grade = a.grade or {}
    return {
        "step": a.step,
        "role": a.role,
        "item_id": a.item_id,
        "prompt": a.prompt,
        "answer": a.answer,
        "status": a.status,
        "seconds": round(a.seconds, 1),
        "budget": a.budget_seconds,
        "score": a.score,
        "rating": a.rating,
        "missed": [p["text"] for p in grade.get("points", []) if p.get("status") in ("missed", "contradicted")],
        "delivery": a.delivery or {},
        "follow_up": a.follow_up,
        "comparison": a.grade if a.role == "your-questions" else None,
    }


def assemble(
    summary: dict[str, Any],
    plan: InterviewPlan,
    answers: list[dict[str, Any]],
    past: list[dict[str, Any]],
    your_questions: dict[str, Any] | None,
) -> dict[str, Any]:
    """Pure: the interview's rows and plan in, the report's data out."""
    given = [a for a in answers if a["status"] != "unfinished"]
    sections = []
    for section in plan.sections:
        keys = {q.key for q in section.questions}
        mine = [a for a in given if a["step"].removesuffix("f") in keys]
        scores = [a["score"] for a in mine if a["score"] is not None]
        sections.append(
            {
                "title": section.title,
                "name": section.name,
                "budget": section.budget,
                "used": round(sum(a["seconds"] for a in mine), 1),
                "score": round(sum(scores) / len(scores), 1) if scores else None,
                "answers": mine,
                "unanswered": [q.prompt for q in section.questions if q.key not in {a["step"] for a in mine}],
            }
        )
    scores = [a["score"] for a in given if a["score"] is not None]
    return {
        **summary,
        "score": summary["score"] if summary["score"] is not None else _mean(scores),
        "budget": plan.budget,
        "used": round(sum(a["seconds"] for a in given), 1),
        "sections": sections,
        "missed": [{"question": a["prompt"], "point": p} for a in given for p in a["missed"]],
        "delivery": _deliverysummary_of(given),
        "follow_ups": _follow_ups(given),
        "drill": _drill(given),
        "your_questions": your_questions or _your_questions(given),
        "progress": [p for p in past if p["finished"] or p["id"] == summary["id"]],
    }


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _follow_ups(given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_step = {a["step"]: a for a in given}
    out = []
    for answer in given:
        if not answer["follow_up"]:
            continue
        reply = by_step.get(f"{answer['step']}f")
        out.append(
            {
                "question": answer["prompt"],
                "follow_up": answer["follow_up"]["prompt"],
                "reason": answer["follow_up"]["reason"],
                "answer": reply["answer"] if reply else None,
                "score": reply["score"] if reply else None,
                "before": answer["score"],
            }
        )
    return out


def _drill(given: list[dict[str, Any]]) -> dict[str, Any]:
    """The weakest items of this interview (lowest score, or self-rated low), worst first."""
    ranked: dict[str, tuple[float, str]] = {}
    for answer in given:
        item_id = answer["item_id"]
        if not item_id:
            continue
        value = answer["score"] if answer["score"] is not None else SELF_RATED_SCORE.get(answer["rating"] or 0)
        if value is None:
            continue
        if item_id not in ranked or value < ranked[item_id][0]:
            ranked[item_id] = (value, answer["prompt"])
    worst = sorted(ranked.items(), key=lambda kv: (kv[1][0], kv[0]))[:DRILL]
    items = [{"id": ident, "question": prompt, "score": value} for ident, (value, prompt) in worst]
    command = "coach practice " + " ".join(f"--item {i['id']}" for i in items) if items else ""
    return {"items": items, "command": command}


def _deliverysummary_of(given: list[dict[str, Any]]) -> dict[str, Any]:
    fillers: Counter[str] = Counter()
    hedges: Counter[str] = Counter()
    over = short = 0
    spoken = [a for a in given if a["role"] != "your-questions"]  # a list of questions is not a spoken answer
    for answer in spoken:
        d = answer["delivery"]
        fillers.update(d.get("fillers", {}))
        hedges.update(d.get("hedges", {}))
        if d and d.get("speaking_seconds", 0) > d.get("budget", 0):
            over += 1
        elif d and d.get("speaking_seconds", 0) < d.get("budget", 0) / 3:
            short += 1
    return {
        "fillers": dict(fillers.most_common()),
        "hedges": dict(hedges.most_common()),
        "over_budget": over,
        "too_short": short,
        "notes": [{"question": a["prompt"], "notes": a["delivery"].get("notes", [])} for a in given if a["delivery"]],
    }


def _your_questions(given: list[dict[str, Any]]) -> dict[str, Any]:
    """An unfinished interview has the comparison only on the answer row."""
    return next((a["comparison"] for a in given if a["role"] == "your-questions" and a["comparison"]), {})
