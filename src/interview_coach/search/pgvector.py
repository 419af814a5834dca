"""Dense search inside PostgreSQL with the pgvector extension, where the server has it.

The float32 bytes in `passages.vector` stay the one source of truth (written by indexing, read by SQLite and by
every other path); on a PostgreSQL bank whose server has pgvector, a `passages.embedding vector` column mirrors
them, filled before each search for passages embedded since the last one, and emptied by a trigger whenever a
passage's vector or model changes. The dense ranking then runs in SQL: no worker holds every vector in memory or
reloads them after an import, which is what lets several workers share one team server.

Fallback: when `CREATE EXTENSION vector` fails (the package is not installed, or the role may not create it) or
COACH_PGVECTOR=off, dense search keeps the in-memory matrix SQLite uses. Both rank alike: the same inner product
of unit vectors, standardised within each kind of passage (so an exact scan; banks are thousands of passages, not
millions, and the standardisation needs every cosine of a kind anyway).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from interview_coach.bank import Bank
from interview_coach.search.embed import Vectors
from interview_coach.search.spelling import Vocabulary

SETTING = "COACH_PGVECTOR"  # "off": keep dense search in memory even where the server has pgvector
_LOCK_KEY = 0x636F616376  # one advisory lock id for adding the column (several workers start at once)
SYNC_BATCH = 2000  # passages mirrored per statement

_schemas: dict[str, str | None] = {}  # bank name -> the extension's schema, or None when it cannot be used
_schemas_lock = threading.Lock()


def disabled() -> bool:
    return os.environ.get(SETTING, "").strip().lower() in {"off", "0", "false", "no"}


def extension_schema(bank: Bank) -> str | None:
    """The schema of the `vector` extension once this bank's passages have their vector column, or None when this
    bank keeps dense search in memory (SQLite, no pgvector on the server, or COACH_PGVECTOR=off). Decided once per
    process and bank: a server that gains the package later is used from the next start."""
    if bank.engine.dialect.name != "postgresql" or disabled():
        return None
    with _schemas_lock:
        if bank.url not in _schemas:
            _schemas[bank.url] = _prepare(bank)
        return _schemas[bank.url]


def _prepare(bank: Bank) -> str | None:
    try:
        with bank.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            # Into public, not a team member's own schema: one extension serves every user's bank.
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public"))
    except DBAPIError:  # not installed, or this role may not create it: the in-memory fallback
        return None
    with bank.engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        schema = conn.scalar(
            text(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                "WHERE e.extname = 'vector'"
            )
        )
        conn.execute(text(f'ALTER TABLE passages ADD COLUMN IF NOT EXISTS embedding "{schema}".vector'))
        conn.execute(
            text(
                "CREATE INDEX IF NOT EXISTS ix_passages_unmirrored ON passages (id) "
                "WHERE embedding IS NULL AND vector IS NOT NULL"
            )
        )
        conn.execute(
            text(
                "CREATE OR REPLACE FUNCTION coach_embedding_stale() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN IF NEW.vector IS DISTINCT FROM OLD.vector OR NEW.model IS DISTINCT FROM OLD.model "
                "THEN NEW.embedding := NULL; END IF; RETURN NEW; END $$"
            )
        )
        conn.execute(
            text(
                "CREATE OR REPLACE TRIGGER passages_embedding_stale BEFORE UPDATE ON passages "
                "FOR EACH ROW EXECUTE FUNCTION coach_embedding_stale()"
            )
        )
    return str(schema)


def sync(bank: Bank, schema: str) -> int:
    """Mirror every passage vector written since the last search into the vector column; returns how many."""
    done = 0
    while True:
        with bank.engine.begin() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, vector FROM passages WHERE embedding IS NULL AND vector IS NOT NULL "
                    "ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED"
                ),
                {"n": SYNC_BATCH},
            ).all()
            if not rows:
                return done
            values = [{"id": row[0], "v": literal(bytes(row[1]))} for row in rows if row[1]]
            if values:
                conn.execute(
                    text(f'UPDATE passages SET embedding = CAST(:v AS "{schema}".vector) WHERE id = :id'), values
                )
            done += len(rows)
            if len(rows) < SYNC_BATCH:
                return done


def literal(vector: bytes) -> str:
    """pgvector's text form of a float32 vector; every value written so that it reads back as the same float32."""
    return "[" + ",".join(repr(value) for value in np.frombuffer(vector, dtype=np.float32).tolist()) + "]"


@dataclass
class SqlDenseIndex:
    """The dense index's interface (rank, cosines, vocabulary) answered by SQL on the vector column."""

    bank: Bank
    schema: str
    model_id: str
    stamp: tuple[int, ...]
    vocabulary: Vocabulary

    def _vector(self, vector: Vectors) -> str:
        return literal(np.asarray(vector, dtype=np.float32).tobytes())

    def rank(self, vector: Vectors, limit: int, standardised: bool = True) -> list[tuple[int, float]]:
        """As DenseIndex.rank: by cosine standardised within each kind of passage (population standard deviation),
        or by raw cosine. `<#>` is the negative inner product: the cosine of unit vectors, as on SQLite."""
        op = f'OPERATOR("{self.schema}".<#>)'
        scored = (
            f'SELECT id, field, -(embedding {op} CAST(:q AS "{self.schema}".vector)) AS cos FROM passages '
            "WHERE model = :model AND embedding IS NOT NULL"
        )
        if standardised:
            sql = (
                f"WITH s AS ({scored}) SELECT id, (cos - avg(cos) OVER w) / greatest(stddev_pop(cos) OVER w, 1e-6) "
                "AS standing FROM s WINDOW w AS (PARTITION BY field) ORDER BY standing DESC, id LIMIT :limit"
            )
        else:
            sql = f"{scored} ORDER BY cos DESC, id LIMIT :limit"
        with self.bank.engine.connect() as conn:
            rows = conn.execute(text(sql), {"q": self._vector(vector), "model": self.model_id, "limit": limit})
            return [(int(pid), float(score)) for pid, *_, score in rows]

    def cosines(self, passage_ids: list[int], vector: Vectors) -> dict[int, float]:
        """The cosine with `vector` of those of these passages that have a vector of this model."""
        if not passage_ids:
            return {}
        op = f'OPERATOR("{self.schema}".<#>)'
        sql = (
            f'SELECT id, -(embedding {op} CAST(:q AS "{self.schema}".vector)) FROM passages '
            "WHERE id = ANY(:ids) AND model = :model AND embedding IS NOT NULL"
        )
        with self.bank.engine.connect() as conn:
            rows = conn.execute(text(sql), {"q": self._vector(vector), "ids": passage_ids, "model": self.model_id})
            return {int(pid): float(cos) for pid, cos in rows}
