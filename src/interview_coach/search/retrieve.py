"""Hybrid retrieval: keyword (FTS5 / PostgreSQL full text) and dense (cosine) rankings fused per item or section.

Each method ranks passages; a result (an item, or a section of notes) takes its best passage in each ranking, and
the two rankings are fused with reciprocal-rank fusion. A query the notes do not cover is refused, judged from how
close the best passage is in meaning and how many of the query's words the best result contains.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.schema import Document, Item, Passage
from interview_coach.errors import CoachError
from interview_coach.search.embed import Embedder, Vectors
from interview_coach.search.passages import keyword_text

MAX_QUERY_CHARS = 1000
CANDIDATES = 100  # passages taken from each method before fusion
RRF_K = 60
DENSE_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.0
# Refusal: a query is covered when its best passage is close in meaning, or reasonably close while most of its
# words appear in the result. Chosen on the dev queries' score distributions as a whole, not per query.
COVERED_COSINE = 0.55
PARTLY_COVERED_COSINE = 0.40
COVERED_WORDS = 0.6
ANSWER_SPREAD = 0.12  # "ask" quotes passages within this cosine of the best one

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    "a an the what is are was were be how why when where which who whom do does did can could would should i me my "
    "you your we our of in on at for to from and or with about as by it its this that these those there here "
    "did write wrote notes note answer say said tell explain describe show give".split()
)


class QueryError(CoachError):
    pass


@dataclass
class Hit:
    unit: str
    score: float  # fused, 0..1 (1 = first in both rankings)
    cosine: float  # best passage's cosine similarity with the query
    passage: str
    title: str  # the question, or the section heading
    item_id: str | None
    kind: str  # the item's kind, or "notes" for a section
    topic: str
    path: str
    line_start: int
    line_end: int
    heading_path: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.item_id or self.unit,
            "score": round(self.score, 4),
            "relevance": round(self.cosine, 4),
            "question": self.title,
            "passage": self.passage,
            "kind": self.kind,
            "topic": self.topic,
            "heading_path": self.heading_path,
            "source": {"path": self.path, "line_start": self.line_start, "line_end": self.line_end},
        }


@dataclass
class SearchResult:
    query: str
    refused: bool
    hits: list[Hit]  # kept even when refused, for evaluation; never shown as answers then
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        shown = [] if self.refused else [hit.as_dict() for hit in self.hits]
        return {"query": self.query, "refused": self.refused, "results": shown}


def clean_query(query: str) -> str:
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(query):,} characters; search takes up to {MAX_QUERY_CHARS:,}: ask about one thing"
        )
    cleaned = " ".join(_CONTROL.sub(" ", query).split())
    if not cleaned:
        raise QueryError('the query is empty; say what to look for, e.g. coach search "L1 vs L2 regularization"')
    return cleaned


def query_terms(query: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(keyword_text(query))]
    return list(dict.fromkeys(w for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())))


def search(
    bank: Bank,
    embedder: Embedder,
    query: str,
    k: int = 5,
    kind: str | None = None,
    topic: str | None = None,
    mode: str = "hybrid",
) -> SearchResult:
    query = clean_query(query)
    dense = dense_index(bank, embedder.model_id)
    vector = embedder.embed([query])[0]
    with bank.session() as session:
        dense_ranked = dense.rank(vector, CANDIDATES) if mode != "keyword" else []
        keyword_ranked = keyword_rank(session, query, CANDIDATES) if mode != "dense" else []
        fused = _fuse(dense_ranked, keyword_ranked)
        hits = _hits(session, fused, dense, vector, k, kind, topic)
    refused, reason = _refusal(query, hits)
    return SearchResult(query, refused, hits, reason)


def _fuse(dense: list[tuple[int, float]], keyword: list[tuple[int, float]]) -> dict[int, float]:
    """Passage id → fused score; per-unit aggregation happens when units are known."""
    scores: dict[int, float] = {}
    for weight, ranked in ((DENSE_WEIGHT, dense), (KEYWORD_WEIGHT, keyword)):
        for rank, (passage_id, _) in enumerate(ranked, start=1):
            scores[passage_id] = scores.get(passage_id, 0.0) + weight / (RRF_K + rank)
    return scores


def _hits(
    session: Session,
    fused: dict[int, float],
    dense: DenseIndex,
    vector: Vectors,
    k: int,
    kind: str | None,
    topic: str | None,
) -> list[Hit]:
    if not fused:
        return []
    rows = session.execute(
        select(Passage, Document.path, Item.kind, Item.topic)
        .join(Document, Document.id == Passage.document_id)
        .outerjoin(Item, Item.id == Passage.item_id)
        .where(Passage.id.in_(list(fused)))
    ).all()
    by_unit: dict[str, list[tuple[float, float, Passage, str, str | None, str | None]]] = {}
    for passage, path, item_kind, item_topic in rows:
        if (kind and item_kind != kind) or (topic and item_topic != topic):
            continue
        entry = (fused[passage.id], dense.cosine(passage.id, vector), passage, path, item_kind, item_topic)
        by_unit.setdefault(passage.unit, []).append(entry)
    top = (DENSE_WEIGHT + KEYWORD_WEIGHT) / (RRF_K + 1)
    hits = []
    for entries in by_unit.values():
        score = max(e[0] for e in entries)
        cosine = max(e[1] for e in entries)
        # Quote the best-matching answer chunk or section text; the question alone only when nothing else matched.
        shown = max(entries, key=lambda e: (e[2].field != "question", e[0]))
        _, _, passage, source, unit_kind, unit_topic = shown
        hits.append(_hit(passage, source, unit_kind, unit_topic, min(1.0, score / top), cosine))
    return sorted(hits, key=lambda h: h.score, reverse=True)[:k]


def _hit(passage: Passage, path: str, kind: str | None, topic: str | None, score: float, cosine: float) -> Hit:
    return Hit(
        unit=passage.unit,
        score=score,
        cosine=cosine,
        passage=passage.text,
        title=passage.title,
        item_id=passage.item_id,
        kind=kind or "notes",
        topic=topic or "notes",
        path=path,
        line_start=passage.line_start,
        line_end=passage.line_end,
        heading_path=list(passage.heading_path),
    )


def answer_passages(result: SearchResult) -> list[Hit]:
    """For "ask": only the passages close to the best one in meaning; weak extra matches would mislead."""
    if result.refused or not result.hits:
        return []
    best = max(hit.cosine for hit in result.hits)
    floor = max(PARTLY_COVERED_COSINE, best - ANSWER_SPREAD)
    return [hit for hit in result.hits if hit.cosine >= floor] or result.hits[:1]


def _refusal(query: str, hits: list[Hit]) -> tuple[bool, str]:
    if not hits:
        return True, "nothing in your notes matches"
    top = max(hits[:3], key=lambda h: h.cosine)
    if top.cosine >= COVERED_COSINE:
        return False, ""
    terms = query_terms(query)
    found = _words_found(terms, f"{top.title} {top.passage}")
    if top.cosine >= PARTLY_COVERED_COSINE and found >= COVERED_WORDS:
        return False, ""
    return True, f"best match is weak (similarity {top.cosine:.2f}, {found:.0%} of your words)"


def _words_found(terms: list[str], text: str) -> float:
    if not terms:
        return 0.0
    words = {w.lower() for w in _WORD.findall(text)}
    return sum(1 for t in terms if t in words or any(w.startswith(t[:5]) for w in words if len(t) > 5)) / len(terms)


def keyword_rank(session: Session, query: str, limit: int) -> list[tuple[int, float]]:
    terms = query_terms(query)
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
        rows = session.execute(
            text(
                "SELECT rowid, bm25(passages_fts, 2.0, 1.0) AS rank FROM passages_fts "
                "WHERE passages_fts MATCH :match ORDER BY rank LIMIT :limit"
            ),
            {"match": match, "limit": limit},
        ).all()
        return [(int(row[0]), -float(row[1])) for row in rows]
    tsquery = " | ".join(re.sub(r"[^\w]", "", t) for t in terms if re.sub(r"[^\w]", "", t))
    rows = session.execute(
        text(
            "SELECT id, ts_rank_cd(search_vector, q) AS rank FROM passages, to_tsquery('english', :q) q "
            "WHERE search_vector @@ q ORDER BY rank DESC LIMIT :limit"
        ),
        {"q": tsquery, "limit": limit},
    ).all()
    return [(int(row[0]), float(row[1])) for row in rows]


class DenseIndex:
    """Every passage vector of one model, as one matrix in memory; reloaded when the passages change."""

    def __init__(self, ids: np.ndarray, matrix: Vectors, stamp: tuple[int, int]) -> None:
        self.ids = ids
        self.matrix = matrix
        self.stamp = stamp
        self.row_of = {int(pid): row for row, pid in enumerate(ids)}

    def rank(self, vector: Vectors, limit: int) -> list[tuple[int, float]]:
        if not len(self.ids):
            return []
        sims = self.matrix @ vector
        top = np.argpartition(-sims, min(limit, len(sims) - 1))[:limit] if len(sims) > limit else np.arange(len(sims))
        order = top[np.argsort(-sims[top])]
        return [(int(self.ids[i]), float(sims[i])) for i in order]

    def cosine(self, passage_id: int, vector: Vectors) -> float:
        row = self.row_of.get(passage_id)
        return float(self.matrix[row] @ vector) if row is not None else 0.0


_cache: dict[tuple[str, str], DenseIndex] = {}
_cache_lock = threading.Lock()


def dense_index(bank: Bank, model_id: str) -> DenseIndex:
    with bank.session() as session:
        count, last = session.execute(
            select(func.count(Passage.id), func.coalesce(func.max(Passage.id), 0)).where(Passage.model == model_id)
        ).one()
        stamp = (int(count), int(last))
        key = (bank.url, model_id)
        with _cache_lock:
            cached = _cache.get(key)
            if cached is not None and cached.stamp == stamp:
                return cached
        rows = session.execute(
            select(Passage.id, Passage.vector).where(Passage.model == model_id, Passage.vector.is_not(None))
        ).all()
    rows = [row for row in rows if row[1]]
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    matrix = (
        np.frombuffer(b"".join(row[1] or b"" for row in rows), dtype=np.float32).reshape(len(rows), -1)
        if rows
        else np.zeros((0, 1), dtype=np.float32)
    )
    index = DenseIndex(ids, matrix, stamp)
    with _cache_lock:
        _cache[key] = index
    return index
