"""Word-level comparisons the mock interviewer needs (near-duplicate questions, related follow-ups, your
questions against the notes'): content-word stems, the grader's own tokenisation."""

from __future__ import annotations

from interview_coach.grade.lexical import content_stems


def stems(text: str) -> frozenset[str]:
    return frozenset(content_stems(text))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two stem sets (0 when either is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger (a short question inside a longer one counts)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def shorten(text: str, words: int = 14) -> str:
    parts = " ".join(text.split()).split(" ")
    return " ".join(parts[:words]).rstrip(".,;:") + ("…" if len(parts) > words else "")
