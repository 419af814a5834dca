"""FSRS scheduling (the maintained `fsrs` package, FSRS-6) as pure functions: the time is always passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

DEFAULT_RETENTION = 0.9


@dataclass(frozen=True)
class Scheduled:
    card: dict[str, Any]  # fsrs.Card.to_dict(), stored as JSON
    due: datetime


def scheduler(desired_retention: float = DEFAULT_RETENTION) -> Scheduler:
    # No fuzzing: the same ratings at the same times always give the same due dates (and tests can pin them).
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def review(card: dict[str, Any] | None, rating: int, now: datetime, retention: float = DEFAULT_RETENTION) -> Scheduled:
    """The card after a rating (1 Again, 2 Hard, 3 Good, 4 Easy) given at `now`; None is a new card."""
    current = Card.from_dict(card) if card else Card(card_id=1, due=now)  # type: ignore[arg-type]
    updated, _log = scheduler(retention).review_card(current, Rating(rating), review_datetime=now)
    return Scheduled(dict(updated.to_dict()), updated.due)


def retrievability(card: dict[str, Any] | None, now: datetime, retention: float = DEFAULT_RETENTION) -> float:
    """The probability of recalling the item now (0 for an item never reviewed)."""
    if not card:
        return 0.0
    return float(scheduler(retention).get_card_retrievability(Card.from_dict(card), now))  # type: ignore[arg-type]


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; everything the bank stores is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
