"""The answer cut where key points matched (what the web app highlights): pure, on hand-made grades."""

from __future__ import annotations

from interview_coach.grade.grader import Grade, PointResult
from interview_coach.grade.highlight import Piece, highlight


def _grade(*points: PointResult) -> Grade:
    return Grade(50, "partial", list(points), [], [])


def test_pieces_put_the_answer_back_together_and_mark_each_span() -> None:
    answer = "L1 adds absolute weights; dropout is unrelated."
    grade = _grade(
        PointResult("L1 sums absolute weights", "covered", 0.9, "L1 adds absolute weights"),
        PointResult("dropout regularizes", "missed", 0.1, ""),
    )
    pieces = highlight(answer, grade)
    assert "".join(p.text for p in pieces) == answer
    assert pieces[0] == Piece("L1 adds absolute weights", "covered")
    assert pieces[1].status == ""


def test_a_contradiction_wins_where_spans_overlap_and_unknown_spans_mark_nothing() -> None:
    answer = "ridge sets weights to zero"
    grade = _grade(
        PointResult("ridge shrinks", "covered", 0.8, "ridge sets weights"),
        PointResult("ridge never zeroes", "contradicted", 0.8, "weights to zero"),
        PointResult("elsewhere", "covered", 0.8, "not in the answer"),
    )
    pieces = highlight(answer, grade)
    assert "".join(p.text for p in pieces) == answer
    assert [p.status for p in pieces] == ["covered", "contradicted"]
    assert pieces[1].text == "weights to zero"
    assert highlight("", grade) == []


def test_a_span_of_two_sentences_is_found_across_a_line_break() -> None:
    answer = "Watch the held-out loss.\nStop when it stalls."
    grade = _grade(PointResult("early stopping", "covered", 0.7, "Watch the held-out loss. Stop when it stalls."))
    pieces = highlight(answer, grade)
    assert "".join(p.text for p in pieces) == answer and pieces == [Piece(answer, "covered")]
