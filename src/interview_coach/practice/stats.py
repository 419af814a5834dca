"""Where the user stands: per topic and per kind — items, practised, recent score, FSRS retrievability, due, weakest
items — plus streak, time practised and a readiness figure per topic.

Readiness of a topic = the mean over its items of (FSRS probability of recalling the item now) × (latest score
on it / 100; a self-rated item counts its rating: Again 0, Hard 0.5, Good 0.8, Easy 1). Items never practised
count 0, so readiness grows with coverage, quality and memory together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interview_coach.bank.schema import Attempt, Card, Item
from interview_coach.practice.schedule import DEFAULT_RETENTION, as_utc, retrievability

READINESS_NOTE = (
    "readiness = mean over the topic's items of P(recall now, FSRS) × latest score/100 (self-rated: Again 0, "
    "Hard 0.5, Good 0.8, Easy 1); unpractised items count 0"
)
_SELF_RATED = {1: 0.0, 2: 0.5, 3: 0.8, 4: 1.0}


@dataclass
class GroupStats:
    name: str
    items: int = 0
    practised: int = 0
    due: int = 0
    scores: list[int] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    readiness_sum: float = 0.0
    weakest: list[tuple[int, str, str]] = field(default_factory=list)  # (last score, id, question)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "items": self.items,
            "practised": self.practised,
            "due": self.due,
            "mean_recent_score": round(sum(self.scores) / len(self.scores), 1) if self.scores else None,
            "retrievability": round(sum(self.recall) / len(self.recall), 3) if self.recall else None,
            "readiness": round(self.readiness_sum / self.items, 3) if self.items else 0.0,
            "weakest": [{"id": i, "question": q, "last_score": s} for s, i, q in sorted(self.weakest)[:3]],
        }


def compute_stats(session: Session, now: datetime, retention: float = DEFAULT_RETENTION) -> dict[str, Any]:
    items = session.scalars(select(Item).where(Item.retired.is_(False))).all()
    cards = {c.item_id: c for c in session.scalars(select(Card))}
    attempts = session.scalars(select(Attempt).order_by(Attempt.id)).all()
    latest: dict[str, Attempt] = {}
    for attempt in attempts:
        if attempt.status in ("graded", "rated") or attempt.rating is not None:
            latest[attempt.item_id] = attempt
    topics: dict[str, GroupStats] = {}
    kinds: dict[str, GroupStats] = {}
    for item in items:
        card = cards.get(item.id)
        if card is not None and card.suspended:
            continue
        for groups, key in ((topics, item.topic), (kinds, item.kind)):
            group = groups.setdefault(key, GroupStats(key))
            _add(group, item, card, latest.get(item.id), now, retention)
    return {
        "topics": [g.as_dict() for g in sorted(topics.values(), key=lambda g: g.name)],
        "kinds": [g.as_dict() for g in sorted(kinds.values(), key=lambda g: g.name)],
        "attempts": len(attempts),
        "minutes_practised": round(sum(a.seconds for a in attempts) / 60, 1),
        "streak_days": _streak([as_utc(a.submitted_at) for a in attempts], now),
        "readiness_explained": READINESS_NOTE,
    }


def _add(
    group: GroupStats, item: Item, card: Card | None, last: Attempt | None, now: datetime, retention: float
) -> None:
    group.items += 1
    if last is None and (card is None or not card.reviews):
        return
    group.practised += 1
    recall = retrievability(card.fsrs, now, retention) if card is not None and card.fsrs else 0.0
    group.recall.append(recall)
    if card is not None and as_utc(card.due) <= now:
        group.due += 1
    quality = 0.0
    if last is not None and last.score is not None:
        group.scores.append(last.score)
        group.weakest.append((last.score, item.id, item.question))
        quality = last.score / 100
    elif last is not None and last.rating is not None:
        quality = _SELF_RATED.get(last.rating, 0.0)
    group.readiness_sum += recall * quality


def _streak(moments: list[datetime], now: datetime) -> int:
    """Consecutive days with practice, ending today (or yesterday, if today has none yet)."""
    days = {m.date() for m in moments}
    day = now.date() if now.date() in days else now.date() - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak
