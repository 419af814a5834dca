"""The pitch drill: feedback on a typed (later spoken) pitch — its length against the stated budget at a speaking
pace of ~140 words a minute, the pitch's key points covered (the offline grader against the notes' pitch), the
project's figures quoted and any misquoted — and the pitch as a practice item, so attempts are saved and
scheduled like any other."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from interview_coach.bank import Bank
from interview_coach.bank.schema import Document, Item
from interview_coach.dossier.consistency import check_numbers, mentioned
from interview_coach.dossier.keynumbers import KeyNumber
from interview_coach.dossier.projects import Dossier, Pitch

if TYPE_CHECKING:
    from interview_coach.grade.grader import Embed, Grade

WORDS_PER_MINUTE = 140
DEFAULT_SECONDS = 60  # a pitch whose heading states no duration
TOO_LONG, TOO_SHORT = 1.15, 0.6  # of the budget, in spoken time


@dataclass
class PitchFeedback:
    words: int
    spoken_seconds: float  # at WORDS_PER_MINUTE
    budget_seconds: int
    length: str  # "too long" | "too short" | "on time"
    score: int
    verdict: str
    points: list[dict[str, str]]  # the pitch's key points: text, status
    numbers_quoted: list[str]
    numbers_missing: list[str]  # figures the notes' pitch quotes that the answer leaves out
    misquotes: list[str]
    grade: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def budget_for(pitch: Pitch, seconds: int | None) -> int:
    return seconds or pitch.seconds or DEFAULT_SECONDS


def spoken_seconds(text: str) -> float:
    return len(text.split()) * 60 / WORDS_PER_MINUTE


def length_verdict(spoken: float, budget: int) -> str:
    if spoken > budget * TOO_LONG:
        return "too long"
    if spoken < budget * TOO_SHORT:
        return "too short"
    return "on time"


def pitch_feedback(
    pitch: Pitch, numbers: list[KeyNumber], answer: str, budget: int, embed: Embed, question: str = ""
) -> tuple[PitchFeedback, Grade]:
    """Grade a pitch against the notes' pitch and check its figures against the project's."""
    from interview_coach.grade.grader import grade

    result = grade(question or f"Pitch: {pitch.title}", pitch.text, answer, embed)
    in_pitch = [n for n in numbers if pitch.line_start <= n.line <= pitch.line_end]
    quoted, missing = mentioned(answer, in_pitch)
    spoken = spoken_seconds(answer)
    feedback = PitchFeedback(
        words=len(answer.split()),
        spoken_seconds=round(spoken, 1),
        budget_seconds=budget,
        length=length_verdict(spoken, budget),
        score=result.score,
        verdict=result.verdict,
        points=[{"text": p.text, "status": p.status} for p in result.points],
        numbers_quoted=sorted({n.quantity.raw for n in quoted}),
        numbers_missing=sorted({n.quantity.raw for n in missing} - {n.quantity.raw for n in quoted}),
        misquotes=[m.message() for m in check_numbers(answer, numbers)],
        grade=result.as_dict(),
    )
    return feedback, result


def pitch_item_id(dossier: Dossier, pitch: Pitch) -> str:
    digest = hashlib.sha1(f"{pitch.path}\0pitch\0{dossier.key}\0{pitch.title}".encode()).hexdigest()
    return "p" + digest[:11]


def ensure_pitch_item(bank: Bank, dossier: Dossier, pitch: Pitch, now: datetime) -> str:
    """The practice item attempts at this pitch are saved under: the notes' own item when the pitch is one (a
    heading the parser read as a question), else an item made for it (kind project, stable id). An import that
    rewrites the file retires a made item like any question that left the notes; the next drill brings it back."""
    if pitch.item_id:
        return pitch.item_id
    ident = pitch_item_id(dossier, pitch)
    question = f"Pitch: {dossier.name} — {pitch.title}"
    with bank.transaction() as session:
        item = session.get(Item, ident)
        if item is None:
            document = session.get(Document, pitch.document_id)
            if document is None:
                raise LookupError(f"document {pitch.document_id} is gone")
            ordinal = int(session.scalar(select(func.max(Item.ordinal)).where(Item.document_id == document.id)) or 0)
            item = Item(
                id=ident,
                document_id=document.id,
                ordinal=ordinal + 1,
                kind="project",
                topic="projects",
                created_at=now,
                star=None,
                note="",
                duplicate_group=None,
            )
            session.add(item)
        item.question, item.answer, item.retired, item.updated_at = question, pitch.text, False, now
        item.heading_path = [dossier.heading or dossier.name, pitch.title]
        item.line_start, item.line_end = pitch.line_start, pitch.line_end
        item.answer_line_start, item.answer_line_end = pitch.line_start, pitch.line_end
    return ident
