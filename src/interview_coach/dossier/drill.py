"""One pitch-drill attempt as a use case, for the CLI and the web app alike: the typed pitch is saved as a
practice attempt (committed first), then graded against the notes' pitch, its figures checked, and the grade and
suggested rating recorded. Scheduling is the practice rating (practice/turns.rate) on the attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from interview_coach.dossier.pitch import PitchFeedback, ensure_pitch_item, pitch_feedback
from interview_coach.errors import CoachError

if TYPE_CHECKING:
    from interview_coach.bank import Bank
    from interview_coach.dossier.api import PitchPlan
    from interview_coach.grade.grader import Embed

MAX_PITCH_CHARS = 20_000  # a pitch is a minute or two of speech; beyond this it is refused, not cut


@dataclass(frozen=True)
class PitchAttempt:
    attempt_id: int
    item_id: str
    feedback: PitchFeedback
    suggested: int  # 1–4, Again..Easy
    seconds: float  # time taken to type it


def start_drill(bank: Bank, plan: PitchPlan, now: datetime) -> str:
    """The practice item the drill's attempts go under (made once for a pitch that is not a question)."""
    return ensure_pitch_item(bank, plan.dossier, plan.pitch, now)


def drill_pitch(
    bank: Bank, name: str, answer: str, started: datetime, submitted: datetime, which: int = 1,
    seconds: int | None = None, embed: Embed | None = None,
) -> tuple[PitchPlan, PitchAttempt]:  # fmt: skip
    """The drill of project `name`'s pitch `which` (`plan_pitch`), then `submit_pitch`: the plan and the attempt."""
    from interview_coach.dossier.api import plan_pitch

    with bank.session() as session:
        plan = plan_pitch(session, name, which, seconds)
    return plan, submit_pitch(bank, plan, answer, started, submitted, embed)


def submit_pitch(
    bank: Bank, plan: PitchPlan, answer: str, started: datetime, submitted: datetime, embed: Embed | None = None
) -> PitchAttempt:
    """Save the pitch, then grade it; the attempt is left graded, waiting for its rating."""
    from interview_coach.grade.rating import rating_for
    from interview_coach.practice.store import record_grade, save_attempt

    text = answer.strip()
    if not text:
        raise CoachError("the pitch is empty; type your pitch before submitting")
    if len(text) > MAX_PITCH_CHARS:
        raise CoachError(f"the pitch is over {MAX_PITCH_CHARS:,} characters; a pitch is a minute or two of speech")
    item_id = start_drill(bank, plan, submitted)
    started = min(started, submitted)
    attempt_id = save_attempt(bank, item_id, text, started, submitted, plan.budget)  # before anything else
    if embed is None:
        from interview_coach.grade.grader import default_embed

        embed = default_embed()
    feedback, result = pitch_feedback(plan.pitch, plan.dossier.numbers, text, plan.budget, embed)
    suggested = int(rating_for(result))
    record_grade(bank, attempt_id, feedback.as_dict(), feedback.score, suggested)
    return PitchAttempt(attempt_id, item_id, feedback, suggested, (submitted - started).total_seconds())
