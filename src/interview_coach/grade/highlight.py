"""Where in the answer each key point was found: the answer cut into pieces, each marked with the status of the
point whose span it is (covered, partly, contradicted) or unmarked, for a face to highlight."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_coach.grade.grader import Grade

_RANK = {"contradicted": 0, "covered": 1, "partly": 2}  # a contradiction wins where spans overlap


@dataclass(frozen=True)
class Piece:
    text: str
    status: str = ""  # "" where no key point matched


def highlight(answer: str, grade: Grade) -> list[Piece]:
    marks = [""] * len(answer)
    spans = sorted(
        ((p.span, p.status) for p in grade.points if p.span and p.status in _RANK),
        key=lambda span: -_RANK[span[1]],  # weakest first, so stronger marks overwrite
    )
    for span, status in spans:
        start, end = _locate(answer, span)
        if start >= 0:
            marks[start:end] = [status] * (end - start)
    return _runs(answer, marks)


def _locate(answer: str, span: str) -> tuple[int, int]:
    """Where the span is in the answer; its words may be apart by other whitespace there (two sentences read as
    one are joined by a space, and the answer may have a line break between them)."""
    start = answer.find(span)
    if start >= 0:
        return start, start + len(span)
    found = re.search(r"\s+".join(map(re.escape, span.split())), answer) if span.split() else None
    return (found.start(), found.end()) if found else (-1, -1)


def _runs(answer: str, marks: list[str]) -> list[Piece]:
    pieces: list[Piece] = []
    start = 0
    for n in range(1, len(answer) + 1):
        if n == len(answer) or marks[n] != marks[start]:
            pieces.append(Piece(answer[start:n], marks[start]))
            start = n
    return pieces
