"""What the model is asked to write, and the checks on what comes back.

The model only ever sees the user's own text (quoted passages; reference and answer) and is told to stay inside it.
A grounded answer must cite the passages it uses as [n]; citations to passages that were not given are removed
and reported, so a made-up source never reaches the user. The grade itself is never the model's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interview_coach.llm.client import LLMConfig, chat

if TYPE_CHECKING:  # only types: grading alone must not load the search stack
    from interview_coach.grade.grader import Grade
    from interview_coach.search.retrieve import Hit

_CITATION = re.compile(r"\[(\d{1,2})\]")

ANSWER_INSTRUCTIONS = (
    "You help someone prepare for a machine-learning interview by answering from their own notes. "
    "Use only the numbered passages you are given. Write at most five sentences. After each claim, cite the passage "
    "it comes from as [n]. If the passages do not answer the question, say so in one sentence and cite nothing."
)
COMMENT_INSTRUCTIONS = (
    "You are an interviewer giving feedback on a candidate's spoken answer. Compare it with the reference answer and "
    "the grader's findings. In at most four sentences: what was good, what was missing or wrong, and one concrete "
    "way to improve. Do not give a score."
)


@dataclass
class WrittenAnswer:
    text: str
    model: str
    cited: list[int] = field(default_factory=list)  # passage numbers the answer cites, in order of first use
    dropped: list[int] = field(default_factory=list)  # cited numbers that name no given passage (removed)

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "model": self.model, "cited": self.cited, "dropped_citations": self.dropped}


def answer_messages(question: str, hits: list[Hit]) -> list[dict[str, str]]:
    passages = "\n\n".join(
        f"[{n}] ({' > '.join([*hit.heading_path, hit.title])})\n{hit.passage}" for n, hit in enumerate(hits, start=1)
    )
    return [
        {"role": "system", "content": ANSWER_INSTRUCTIONS},
        {"role": "user", "content": f"Passages from my notes:\n\n{passages}\n\nQuestion: {question}"},
    ]


def grounded_answer(config: LLMConfig, question: str, hits: list[Hit]) -> WrittenAnswer:
    return check_citations(chat(config, answer_messages(question, hits)), len(hits), config.model)


def check_citations(text: str, passages: int, model: str) -> WrittenAnswer:
    cited: list[int] = []
    dropped: list[int] = []

    def keep(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if 1 <= number <= passages:
            if number not in cited:
                cited.append(number)
            return match.group(0)
        if number not in dropped:
            dropped.append(number)
        return ""

    cleaned = re.sub(r"[ \t]+([.,;:])", r"\1", _CITATION.sub(keep, text))
    return WrittenAnswer(cleaned.strip(), model, cited, dropped)


def comment_messages(question: str, reference: str, answer: str, grade: Grade) -> list[dict[str, str]]:
    missed = [p.text for p in grade.points if p.status in ("missed", "contradicted")]
    findings = [
        f"Score {grade.score}/100 ({grade.verdict}).",
        f"Key points missed or contradicted: {'; '.join(missed) or 'none'}.",
        f"Key terms missing: {', '.join(grade.terms_missing) or 'none'}.",
        *grade.signals,
    ]
    content = (
        f"Question: {question or '(not given)'}\n\nReference answer:\n{reference}\n\nCandidate's answer:\n{answer}"
        f"\n\nGrader's findings:\n" + "\n".join(f"- {line}" for line in findings)
    )
    return [{"role": "system", "content": COMMENT_INSTRUCTIONS}, {"role": "user", "content": content}]


def grade_comment(config: LLMConfig, question: str, reference: str, answer: str, grade: Grade) -> str:
    return chat(config, comment_messages(question, reference, answer, grade))
