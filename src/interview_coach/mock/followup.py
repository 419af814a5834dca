"""The interviewer's one follow-up, pure: when an answer missed a key point of the notes' reference, ask about
that point; when it was short (and nothing was missed, or there is no reference), ask the most similar other
question in the notes. Also: the candidate's own questions for the interviewer against the notes' list."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from interview_coach.mock.text import containment, shorten, similarity, stems

if TYPE_CHECKING:
    from interview_coach.grade.grader import Grade
    from interview_coach.mock.delivery import Delivery
    from interview_coach.mock.planner import PlannedQuestion, PoolItem

RELATED = 0.08  # least word overlap for a "related" question to be about the same thing
ASKED = 0.5  # share of a notes question's words in one of yours for it to count as asked


@dataclass(frozen=True)
class FollowUp:
    prompt: str
    reference: str
    reason: str  # "missed key point" | "short answer"
    budget: int
    item_id: str | None = None  # a related item from the notes (graded and scheduled as itself)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def follow_up_budget(question_budget: int) -> int:
    return max(45, min(90, question_budget // 2)) // 5 * 5


def choose_follow_up(
    question: PlannedQuestion,
    grade: Grade | None,
    delivery: Delivery,
    pool: list[PoolItem],
    planned: set[str],
) -> FollowUp | None:
    budget = follow_up_budget(question.budget)
    missed = [p for p in (grade.points if grade else []) if p.status in ("missed", "contradicted")]
    if missed:
        point = missed[0].text
        said = shorten(point)
        if said[:1].isupper() and not said[1:2].isupper():  # "It is…" reads as "it is…" mid-sentence
            said = said[0].lower() + said[1:]
        prompt = f"You didn't mention that {said} — how does that fit into your answer?"
        return FollowUp(prompt, point, "missed key point", budget)
    if not delivery.short:
        return None
    related = related_item(question, pool, planned)
    if related is None:
        return None
    return FollowUp(related.question, related.reference, "short answer", budget, related.item_id)


def related_item(question: PlannedQuestion, pool: list[PoolItem], planned: set[str]) -> PoolItem | None:
    """The other item most like this question (by words of question and reference), not already in the plan."""
    words = stems(f"{question.prompt} {question.reference}")
    best: tuple[float, str, PoolItem] | None = None
    for item in pool:
        if item.item_id in planned or item.kind == "ask_interviewer" or item.item_id == question.item_id:
            continue
        score = similarity(words, stems(f"{item.question} {item.reference}"))
        if score >= RELATED and (best is None or (score, item.item_id) > (best[0], best[1])):
            best = (score, item.item_id, item)
    return best[2] if best else None


def compare_questions(yours: list[str], notes: list[str]) -> dict[str, Any]:
    """Which of the notes' questions-to-ask you asked (by shared words), and which you did not."""
    asked = [(q, stems(q)) for q in yours if q.strip()]
    matched, unasked = [], []
    for suggestion in notes:
        words = stems(suggestion)
        best = max(asked, key=lambda pair: containment(words, pair[1]), default=None)
        if best is not None and containment(words, best[1]) >= ASKED:
            matched.append({"notes": suggestion, "yours": best[0]})
        else:
            unasked.append(suggestion)
    return {"yours": [q for q, _ in asked], "matched": matched, "not_asked": unasked}
