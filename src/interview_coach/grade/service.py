"""The grade use case for any face (CLI, practice session, web): read and check the answer, grade it, rate it.

Bad input gets one clear line (CoachError), never a traceback: no answer, an empty reference, binary bytes, an
answer far longer than an interview answer (graded on its first words, with a note), an unreadable batch CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from interview_coach.errors import CoachError
from interview_coach.grade.grader import Embed, Grade, grade, grade_many
from interview_coach.grade.rating import Rating, rating_for

MAX_ANSWER_WORDS = 3000  # an answer is graded on its first words beyond this (an interview answer is far shorter)
_CONTROL = {c for c in range(32) if c not in (9, 10, 13)}


@dataclass
class GradedAnswer:
    grade: Grade
    rating: Rating
    notes: list[str]  # about the input itself ("graded its first 3,000 words")


def read_answer(answer: str | None, stdin: BinaryIO | None = None) -> tuple[str, list[str]]:
    """The answer text from an option value, or from stdin when it is "-"; with notes about what was trimmed."""
    if answer is None:
        raise CoachError('give the answer to grade: --answer "…" (or --answer - to read it from stdin)')
    if answer == "-":
        data = stdin.read() if stdin is not None else b""
        return clean_answer(decode_answer(data))
    return clean_answer(answer)


def decode_answer(data: bytes) -> str:
    """Bytes from stdin as text; binary junk is refused with one line instead of reaching the tokenizer."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CoachError("the answer on stdin is not UTF-8 text (binary data?); pipe a text file") from exc
    if _binary(text):
        raise CoachError("the answer on stdin looks like binary data, not text; pipe a text file")
    return text


def _binary(text: str) -> bool:
    if not text:
        return False
    control = sum(1 for ch in text[:4096] if ord(ch) in _CONTROL)
    return "\x00" in text[:4096] and control > 2 or control / min(len(text), 4096) > 0.1


def clean_answer(text: str) -> tuple[str, list[str]]:
    notes = []
    text = "".join(ch if ord(ch) not in _CONTROL else " " for ch in text)
    words = text.split()
    if len(words) > MAX_ANSWER_WORDS:
        notes.append(f"the answer has {len(words):,} words; grading its first {MAX_ANSWER_WORDS:,}")
        text = " ".join(words[:MAX_ANSWER_WORDS])
    return text, notes


def grade_answer(
    question: str, reference: str | None, answer: str, embed: Embed, budget_s: float | None = None
) -> GradedAnswer:
    """Grade one answer against a reference and map it to a rating."""
    if reference is None or not reference.strip():
        raise CoachError("the reference answer is empty; pass the text a good answer should contain")
    text, notes = clean_answer(answer)
    result = grade(question, reference, text, embed, budget_s=budget_s)
    return GradedAnswer(result, rating_for(result), notes)


def grade_csv(path: Path, out: Path, embed_factory: Callable[[], Embed]) -> int:
    """Grade every row of a CSV (reference, answer; id and question optional) into `out`; the number of rows."""
    rows = _read_rows(path)
    cases = [(r.get("question", ""), r["reference"], clean_answer(r["answer"])[0]) for r in rows]
    grades = grade_many(cases, embed_factory()) if cases else []
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "score", "verdict", "rating", "covered", "missed", "contradicted", "deductions"])
    for n, (row, result) in enumerate(zip(rows, grades, strict=True), start=1):
        contradicted = sum(p.status == "contradicted" for p in result.points)
        reasons = "; ".join(f"-{d.points} {d.reason}" if d.points else d.reason for d in result.deductions)
        rating = rating_for(result).name.lower()
        writer.writerow(
            [
                row.get("id") or n,
                result.score,
                result.verdict,
                rating,
                result.covered,
                result.missed,
                contradicted,
                reasons,
            ]
        )
    try:
        out.write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as exc:
        raise CoachError(f"{out}: cannot write the graded CSV ({exc.strerror}); choose another --out path") from exc
    return len(rows)


def _read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip().lower() for c in reader.fieldnames or []]
            rows = [{k.strip().lower(): (v or "") for k, v in row.items() if k} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CoachError(f"{path}: cannot read the CSV ({exc}); save it as UTF-8 CSV with a header row") from exc
    for needed in ("reference", "answer"):
        if needed not in columns:
            raise CoachError(
                f"{path}: no '{needed}' column; the header needs reference and answer (id, question optional)"
            )
    return rows
