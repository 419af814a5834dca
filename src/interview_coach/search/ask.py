"""Ask your notes: a question → an honest outcome and the passages that answer it, each with file:line.

The use case behind `coach ask`, and what the web app's ask box and the mock interviewer's follow-ups call: the
search decides whether the notes cover the question (answerability); only then are passages quoted as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_coach.bank import Bank
from interview_coach.search.embed import Embedder
from interview_coach.search.retrieve import NOT_IN_NOTES, Hit, SearchResult, search

MIN_QUOTED_SIMILARITY = 0.40  # a passage further than this from the question in meaning is never quoted
ANSWER_SPREAD = 0.12  # quote the passages within this similarity of the best one: weak extra matches mislead


@dataclass
class Answer:
    question: str
    outcome: str  # answered | partly | not_in_notes
    passages: list[Hit]  # quoted as the answer; empty when the notes do not cover the question
    result: SearchResult

    @property
    def closest(self) -> Hit | None:
        """For "not_in_notes": the nearest passage, to be shown only as such, never as an answer."""
        return self.result.closest

    @property
    def message(self) -> str:
        return self.result.message

    def as_dict(self) -> dict[str, object]:
        closest = self.closest
        data: dict[str, object] = {
            "question": self.result.query,
            "outcome": self.outcome,
            "covered": self.outcome != NOT_IN_NOTES,
            "message": self.message,
            "missing": self.result.missing,
            "answerable": round(self.result.answerable, 4),
            "passages": [hit.as_dict() for hit in self.passages],
            "closest": closest.as_dict() if closest else None,
        }
        if self.result.corrected:
            data["searched_for"] = self.result.corrected
        if self.result.language:
            data["language"] = self.result.language
        return data


def ask(bank: Bank, embedder: Embedder, question: str, k: int = 3) -> Answer:
    result = search(bank, embedder, question, k=k)
    return Answer(result.query, result.outcome, answer_passages(result), result)


def answer_passages(result: SearchResult) -> list[Hit]:
    """Only the passages close to the best one in meaning; none when the notes do not cover the question."""
    if result.refused or not result.hits:
        return []
    best = max(hit.cosine for hit in result.hits)
    floor = max(MIN_QUOTED_SIMILARITY, best - ANSWER_SPREAD)
    return [hit for hit in result.hits if hit.cosine >= floor] or result.hits[:1]
