"""How many reviews fall due on each of the next days (the progress page's forecast)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from interview_coach.practice.stats import compute_stats
from interview_coach.practice.store import due_cards
from interview_coach.practice.trend import score_trend


@dataclass(frozen=True)
class DueDay:
    day: date
    count: int  # the first day also counts everything already overdue


def due_forecast(session: Session, now: datetime, days: int = 14) -> list[DueDay]:
    counts = {now.date() + timedelta(days=n): 0 for n in range(days)}
    horizon = datetime.combine(now.date() + timedelta(days=days), datetime.min.time(), tzinfo=now.tzinfo)
    for _item, due in due_cards(session, now, horizon):
        day = max(due.astimezone(now.tzinfo).date(), now.date())
        if day in counts:
            counts[day] += 1
    return [DueDay(day, count) for day, count in counts.items()]


def progress(session: Session, now: datetime, retention: float, days: int = 14) -> dict[str, Any]:
    """What the progress page shows: `coach stats` (readiness per topic and kind, streak), the due forecast and
    the scores over time."""
    data = compute_stats(session, now, retention)
    data["forecast"] = [{"day": d.day.isoformat(), "count": d.count} for d in due_forecast(session, now, days)]
    data["scores"] = score_trend(session, now)
    return data
