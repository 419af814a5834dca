"""The library's listing (one query of the columns a listing shows) against the full
item path the JSON API uses, and the facets' single query against one query per facet, on a real SQLite bank
with due, weak, self-rated, suspended and retired items in two notes files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from interview_coach.bank import Bank, open_bank
from interview_coach.bank.facets import facets
from interview_coach.bank.importer import import_paths
from interview_coach.bank.library import LibraryRow, ListedItem, browse, listing, retire_item
from interview_coach.bank.schema import Card, Document, Item
from interview_coach.practice import store

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ML = """# ML notes

## Regularization

#### Q: How do L1 and L2 regularization differ?

L1 adds the sum of absolute weights; L2 adds the sum of squared weights.

#### Q: What does dropout do?

It zeroes random activations during training.

## Retrieval

#### Q: What is reciprocal rank fusion?

It sums 1 / (k + rank) for each document across ranked lists.

#### Q: Why combine BM25 with dense embeddings?

BM25 matches rare exact terms; embeddings match paraphrases.
"""
PEOPLE = """# Behavioral

## Conflict

#### Q: Tell me about a time you disagreed with your manager.

I showed data from a small experiment and we agreed on a trial.

#### Q: Describe a time you missed a deadline.

I told the team early and cut scope.
"""


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    (tmp_path / "ml.md").write_text(ML, encoding="utf-8")
    (tmp_path / "people.md").write_text(PEOPLE, encoding="utf-8")
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    assert import_paths(bank, [str(tmp_path / "ml.md"), str(tmp_path / "people.md")]).ok
    yield bank  # type: ignore[misc]
    bank.close()


def _ids(bank: Bank) -> dict[str, str]:
    with bank.session() as session:
        return {q: i for i, q in session.execute(select(Item.id, Item.question))}


def _answered(bank: Bank, item_id: str, score: int | None, rating: int | None, days_ago: int = 3) -> None:
    """An attempt with this score (None: self-rated) and, when given, a rating that schedules the item."""
    when = NOW - timedelta(days=days_ago)
    attempt = store.save_attempt(bank, item_id, "my answer", when - timedelta(minutes=1), when, 120)
    if score is not None:
        store.record_grade(bank, attempt, {"score": score}, score, 3)
    if rating is not None:
        store.apply_rating(bank, item_id, rating, when, attempt)


def _shown(row: LibraryRow[Any]) -> tuple[object, ...]:
    item = row.item
    path = item.path if isinstance(item, ListedItem) else item.document.path
    return (item.id, item.question, item.kind, item.topic, path, item.line_start, row.due, row.last_score,
            row.weak, row.is_due)  # fmt: skip


def test_the_listing_shows_what_the_full_items_show_under_every_filter(bank: Bank) -> None:
    ids = _ids(bank)
    _answered(bank, ids["How do L1 and L2 regularization differ?"], 40, 1, days_ago=30)  # weak, due again
    _answered(bank, ids["What does dropout do?"], 90, 3, days_ago=0)  # strong, due later
    _answered(bank, ids["What does dropout do?"], 30, None, days_ago=1)  # the latest result: graded, not rated
    _answered(bank, ids["Tell me about a time you disagreed with your manager."], None, 2, 0)  # self-rated Hard
    _answered(bank, ids["What is reciprocal rank fusion?"], 95, 4)
    store.never_ask(bank, ids["What is reciprocal rank fusion?"], NOW)  # suspended: no schedule shown
    retire_item(bank, ids["Describe a time you missed a deadline."], NOW)
    with bank.session() as session:  # one card due now, whatever FSRS gave it
        card = session.get(Card, ids["How do L1 and L2 regularization differ?"])
        assert card is not None
        card.due = NOW - timedelta(hours=1)
        session.commit()
    filters = [{}, {"due": True}, {"weak": True}, {"due": True, "weak": True}, {"kind": "behavioral"},
               {"topic": "rag"}, {"source": "people"}, {"source": "ml.md", "weak": True}]  # fmt: skip
    with bank.session() as session:
        for chosen in filters:
            listed = [_shown(r) for r in listing(session, NOW, **chosen)]  # type: ignore[arg-type]
            full = [_shown(r) for r in browse(session, NOW, **chosen)]  # type: ignore[arg-type]
            assert listed == full, chosen
        everything = {row[1]: row for row in map(_shown, listing(session, NOW))}
    assert "Describe a time you missed a deadline." not in everything  # retired
    l1 = everything["How do L1 and L2 regularization differ?"]
    assert l1[-3:] == (40, True, True)
    assert everything["What does dropout do?"][-3:] == (30, True, False)  # the latest result counts
    assert everything["Tell me about a time you disagreed with your manager."][-3:] == (None, True, False)
    fusion = everything["What is reciprocal rank fusion?"]
    assert fusion[6] is None and fusion[-3:] == (95, False, False)  # suspended: no next review
    assert everything["Why combine BM25 with dense embeddings?"][6:] == (None, None, False, False)  # new


def test_facets_in_one_query_match_one_query_per_facet(bank: Bank) -> None:
    retire_item(bank, _ids(bank)["Describe a time you missed a deadline."], NOW)
    with bank.session() as session:
        live = Item.retired.is_(False)
        kinds = list(session.scalars(select(Item.kind).where(live).distinct().order_by(Item.kind)))
        topics = list(session.scalars(select(Item.topic).where(live).distinct().order_by(Item.topic)))
        paths = select(Document.path).join(Item).where(live).distinct().order_by(Document.path)
        sources = list(session.scalars(paths))
        found = facets(session)
    assert (found.kinds, found.topics, found.sources) == (kinds, topics, sources)
    assert len(found.topics) >= 3 and len(found.sources) == 2 and found.kinds == ["behavioral", "technical"]
