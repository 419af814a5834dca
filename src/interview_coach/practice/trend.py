"""Scores over time, for the progress page and `GET /api/stats`: per day with graded answers (practice, pitch
drills and mock interviews alike — each graded answer is a practice attempt), the mean, lowest and highest score
and how many answers were graded, over the last `days` days."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interview_coach.bank.schema import Attempt
from interview_coach.practice.schedule import as_utc


def score_trend(session: Session, now: datetime, days: int = 90) -> list[dict[str, Any]]:
    since = now - timedelta(days=days)
    by_day: dict[str, list[int]] = defaultdict(list)
    query = select(Attempt.submitted_at, Attempt.score).where(Attempt.score.is_not(None))
    for submitted, score in session.execute(query):
        moment = as_utc(submitted)
        if since <= moment and score is not None:
            by_day[moment.date().isoformat()].append(int(score))
    return [
        {"day": day, "mean": round(sum(s) / len(s), 1), "low": min(s), "high": max(s), "graded": len(s)}
        for day, s in sorted(by_day.items())
    ]
