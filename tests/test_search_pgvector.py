"""Dense search in PostgreSQL with pgvector, and its in-memory fallback: both rank as SQLite does on the same bank.

Real servers only (scripts/test-postgres.sh): Debian's PostgreSQL, without the extension on bookworm, is where the
fallback runs by itself; a server with pgvector (Debian's package, or the `pgserver` wheel) runs the SQL path,
and COACH_PGVECTOR=off turns it off there."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text, update

from interview_coach.bank import Bank, open_bank
from interview_coach.bank.importer import import_paths, import_sample
from interview_coach.bank.schema import Passage
from interview_coach.search import pgvector
from interview_coach.search.embed import default_embedder
from interview_coach.search.index import index_bank
from interview_coach.search.pgvector import SqlDenseIndex
from interview_coach.search.retrieve import DenseIndex, dense_index, search

pytestmark = pytest.mark.postgres

QUERIES = [
    "what is overfitting and how do you prevent it",
    "difference between L1 and L2 regularization",
    "tell me about a conflict with a teammate",
    "how does a hash map handle collisions",
    "precision versus recall",
    "gradient descent learning rate",
]


def _indexed(bank: Bank) -> Bank:
    import_sample(bank)
    index_bank(bank, default_embedder())
    return bank


@pytest.fixture(scope="module")
def sqlite_bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return _indexed(open_bank(f"sqlite:///{tmp_path_factory.mktemp('bank') / 'bank.db'}"))


def _ranking(bank: Bank, mode: str = "dense") -> list[list[tuple[str, str, float]]]:
    """Each query's results as (title, source, score): passage ids differ between banks, what they show does not."""
    results = []
    for query in QUERIES:
        hits = search(bank, default_embedder(), query, k=8, mode=mode).hits
        results.append([(hit.title, f"{hit.path}:{hit.line_start}", round(hit.score, 4)) for hit in hits])
    return results


def _without_scores(ranking: list[list[tuple[str, str, float]]]) -> list[list[tuple[str, str]]]:
    return [[(title, source) for title, source, _ in hits] for hits in ranking]


def test_pgvector_ranks_in_sql_as_sqlite_ranks_in_memory(pgvector_bank: Bank, sqlite_bank: Bank) -> None:
    bank = _indexed(pgvector_bank)
    index = dense_index(bank, default_embedder().model_id)
    assert isinstance(index, SqlDenseIndex)  # the SQL path, not the fallback
    with bank.engine.connect() as conn:
        mirrored = conn.scalar(text("SELECT count(*) FROM passages WHERE embedding IS NOT NULL"))
        vectors = conn.scalar(text("SELECT count(*) FROM passages WHERE vector IS NOT NULL"))
    assert mirrored == vectors > 100
    expected = _ranking(sqlite_bank)
    got = _ranking(bank)
    assert _without_scores(got) == _without_scores(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert [score for *_, score in mine] == pytest.approx([score for *_, score in theirs], abs=1e-3)
    # Hybrid too: the same dense ranking fused with the same PostgreSQL keyword ranking as the fallback's.
    hybrid = _ranking(bank, "hybrid")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(pgvector.SETTING, "off")
        assert isinstance(dense_index(bank, default_embedder().model_id), DenseIndex)
        assert _ranking(bank, "hybrid") == hybrid


def test_raw_and_standardised_rankings_match_the_in_memory_matrix(pgvector_bank: Bank) -> None:
    bank = _indexed(pgvector_bank)
    model = default_embedder().model_id
    sql_index = dense_index(bank, model)
    assert isinstance(sql_index, SqlDenseIndex)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(pgvector.SETTING, "off")
        memory = dense_index(bank, model)
    assert isinstance(memory, DenseIndex)
    vector = default_embedder().embed(["why is my validation loss going up"])[0]
    for standardised in (True, False):
        mine, theirs = sql_index.rank(vector, 40, standardised), memory.rank(vector, 40, standardised)
        assert [pid for pid, _ in mine] == [pid for pid, _ in theirs]
        assert [s for _, s in mine] == pytest.approx([s for _, s in theirs], abs=1e-4)
    ids = [pid for pid, _ in memory.rank(vector, 10)]
    assert sql_index.cosines(ids, vector) == pytest.approx(memory.cosines(ids, vector), abs=1e-5)


def test_a_changed_vector_is_mirrored_again_before_the_next_search(pgvector_bank: Bank, tmp_path: Path) -> None:
    bank = pgvector_bank
    notes = tmp_path / "notes.md"
    notes.write_text("# ML\n\n## What is dropout?\n\nDropout zeroes random activations during training.\n")
    import_paths(bank, [str(notes)])
    index_bank(bank, default_embedder())
    first = search(bank, default_embedder(), "dropout regularisation", mode="dense").hits[0]
    other = default_embedder().embed(["a completely different sentence about databases"])[0]
    with bank.transaction() as session:  # as re-indexing a changed passage would
        session.execute(update(Passage).values(vector=other.astype("float32").tobytes()))
    with bank.engine.connect() as conn:  # the trigger emptied the mirror...
        assert conn.scalar(text("SELECT count(*) FROM passages WHERE embedding IS NOT NULL")) == 0
    again = search(bank, default_embedder(), "dropout regularisation", mode="dense").hits[0]
    assert again.cosine < first.cosine - 0.1  # ...and the next search ranked by the new vectors


def test_fallback_where_the_server_has_no_pgvector_ranks_as_sqlite(postgres_bank: Bank, sqlite_bank: Bank) -> None:
    bank = _indexed(postgres_bank)
    index = dense_index(bank, default_embedder().model_id)
    with bank.engine.connect() as conn:
        available = conn.scalar(text("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'"))
    assert isinstance(index, SqlDenseIndex if available else DenseIndex)
    assert _without_scores(_ranking(bank)) == _without_scores(_ranking(sqlite_bank))
