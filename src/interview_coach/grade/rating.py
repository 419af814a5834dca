"""The one place a grade becomes a spaced-repetition rating (FSRS's Again / Hard / Good / Easy).

    score < 40                  → Again  (the answer missed what matters: see it again soon)
    40 ≤ score < 65             → Hard   (partly there)
    65 ≤ score < 85             → Good
    score ≥ 85                  → Easy
A contradicted key point caps the rating at Hard: saying the opposite of a fact is worse than leaving it out.
"""

from __future__ import annotations

from enum import IntEnum

from interview_coach.grade.grader import Grade


class Rating(IntEnum):  # same numbering as FSRS
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def rating_for(grade: Grade) -> Rating:
    if grade.score < 40:
        rating = Rating.AGAIN
    elif grade.score < 65:
        rating = Rating.HARD
    elif grade.score < 85:
        rating = Rating.GOOD
    else:
        rating = Rating.EASY
    if any(point.status == "contradicted" for point in grade.points):
        rating = min(rating, Rating.HARD)
    return rating
