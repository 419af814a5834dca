"""Hybrid retrieval: keyword (FTS5 / PostgreSQL full text) and dense (cosine) rankings fused per item or section.

Each method ranks passages (dense by cosine standardised within each kind of passage); a result (an item, or a
section of notes) takes its best passage's score in each ranking, and the two are fused as a weighted sum of scores
scaled by each method's best. Whether the results answer the query is decided apart (answerability): the outcome is
"answered", "partly" (a concept of the query is nowhere in the notes) or "not_in_notes", and each result carries
a calibrated relevance.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.schema import Document, Item, Passage
from interview_coach.errors import CoachError
from interview_coach.search import answerability, pgvector
from interview_coach.search.answerability import Concepts, Verdict
from interview_coach.search.embed import Embedder, Vectors
from interview_coach.search.index import waiting_cosines
from interview_coach.search.language import other_language
from interview_coach.search.passages import keyword_text
from interview_coach.search.pgvector import SqlDenseIndex
from interview_coach.search.spelling import Vocabulary, is_english_word

MAX_QUERY_CHARS = 10_000
LONG_QUERY_WORDS = 40  # a longer query (a pasted paragraph) is searched by its most distinctive words
LONG_QUERY_TERMS = 12
CANDIDATES = 100  # passages taken from each method before fusion
DENSE_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.0
JUDGED_RESULTS = 5  # answerability reads this many top results
SIMILARITY_RESULTS = 3  # the query's closeness in meaning: the best cosine among this many top results
PHRASE_WINDOW = 4  # a phrase's two words count as used together within this many words of each other

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    "a an the what is are was were be how why when where which who whom do does did can could would should i me my "
    "you your we our of in on at for to from and or with about as by it its this that these those there here "
    "did write wrote notes note answer say said tell explain describe show give".split()
)


class QueryError(CoachError):
    pass


ANSWERED, PARTLY, NOT_IN_NOTES = answerability.ANSWERED, answerability.PARTLY, answerability.NOT_IN_NOTES


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
    passage_line: int | None = None  # the quoted line's own file line, when the passage is one line of a section
    relevance: float = 0.0  # calibrated: the probability that this result answers the query
    matched: float = 0.0  # share of the query's weight (its specific words) the result's text uses
    document_id: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.item_id or self.unit,
            "score": round(self.score, 4),
            "relevance": round(self.relevance, 4),
            "similarity": round(self.cosine, 4),
            "question": self.title,
            "passage": self.passage,
            "kind": self.kind,
            "topic": self.topic,
            "heading_path": self.heading_path,
            "source": {"path": self.path, "line_start": self.line_start, "line_end": self.line_end},
            "passage_line": self.passage_line,
        }


@dataclass
class SearchResult:
    query: str
    refused: bool  # outcome == "not_in_notes"
    hits: list[Hit]  # kept even when refused, for evaluation; never shown as answers then
    reason: str = ""  # why the notes do not (wholly) answer it, for "not_in_notes" and "partly"
    corrected: str | None = None  # the query as searched: typos corrected, shared words of another language, or
    # the distinctive words of a long query
    language: str | None = None  # the query's language code, when it is not English
    outcome: str = ""  # answered | partly | not_in_notes
    missing: list[str] = field(default_factory=list)  # the query's concepts the notes never mention
    answerable: float = 0.0  # probability that the notes answer the query
    evidence: dict[str, float] = field(default_factory=dict)  # what answerability was judged from

    def __post_init__(self) -> None:
        if not self.outcome:
            self.outcome = NOT_IN_NOTES if self.refused else ANSWERED

    @property
    def message(self) -> str:
        """One sentence saying what the notes do not cover; empty when they answer the query."""
        if self.outcome == NOT_IN_NOTES:
            if self.missing:
                return f"Your notes never mention {answerability.listed(self.missing)}."
            return f"Your notes don't cover this: {self.reason}."
        if self.outcome == PARTLY:
            return f"Partly: your notes never mention {answerability.listed(self.missing)}; the rest is below."
        return ""

    @property
    def closest(self) -> Hit | None:
        """The nearest passage of a refused query: shown only labelled as not an answer."""
        return self.hits[0] if self.refused and self.hits else None

    def as_dict(self) -> dict[str, object]:
        shown = [] if self.refused else [hit.as_dict() for hit in self.hits]
        data: dict[str, object] = {
            "query": self.query,
            "refused": self.refused,
            "outcome": self.outcome,
            "missing": self.missing,
            "answerable": round(self.answerable, 4),
            "results": shown,
        }
        if self.corrected:
            data["searched_for"] = self.corrected
        if self.language:
            data["language"] = self.language
        if self.reason:
            data["reason"] = self.reason
        if self.closest is not None:
            data["closest"] = self.closest.as_dict()
        return data


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
    asked = clean_query(query)
    dense = dense_index(bank, embedder.model_id)
    query = dense.vocabulary.correct_query(asked)
    language = _query_language(query, dense.vocabulary)
    if language:
        # The meaning model reads English only: search the words the question shares with the notes ("LoRA"),
        # as asked, since a correction would turn a foreign word into a look-alike English one.
        shared = [t for t in query_terms(asked) if t in dense.vocabulary]
        if not shared:
            reason = (
                f"the question looks like it is in another language ({language}) "
                "and shares no word with your notes; ask in English"
            )
            return SearchResult(asked, True, [], reason, language=language)
        query = " ".join(shared)
    with bank.session() as session:
        concepts = answerability.query_concepts(query, dense.vocabulary, lambda words: phrase_in_notes(session, words))
        nothing = _nothing_to_look_for(query, concepts)
        if nothing:
            return SearchResult(asked, True, [], nothing, language=language)
        if len(query.split()) > LONG_QUERY_WORDS:
            query, concepts = _distinctive(query, concepts)
        vector = embedder.embed([query])[0]
        dense_ranked = dense.rank(vector, CANDIDATES, standardised=mode == "hybrid")
        keyword_ranked = keyword_rank(session, query, CANDIDATES) if mode != "dense" else []
        rows = _passages(session, {pid for pid, _ in dense_ranked} | {pid for pid, _ in keyword_ranked}, kind, topic)
        rankings = []
        if mode != "keyword":
            rankings.append((DENSE_WEIGHT, _unit_scores(dense_ranked, rows)))
        if mode != "dense":
            rankings.append((KEYWORD_WEIGHT, _unit_scores(keyword_ranked, rows)))
        found = dense.cosines(list(rows), vector)
        cosines = {pid: found.get(pid, 0.0) for pid in rows}
        # A partly built index: the best keyword matches still waiting for a vector are embedded for this query.
        waiting = [pid for pid, _ in keyword_ranked if pid in rows and pid not in found][: 2 * k]
        cosines |= waiting_cosines(session, embedder, vector, waiting)
        hits = _hits(session, rankings, rows, cosines, k)
        standing = dense_ranked[0][1] if dense_ranked and mode == "hybrid" else 0.0  # the nearest's standing
        # Each method's first result: whether they agree is evidence, whichever method ranks the results shown.
        if mode == "dense":
            keyword_ranked = keyword_rank(session, query, JUDGED_RESULTS)
        rows |= _passages(session, {pid for pid, _ in keyword_ranked[:JUDGED_RESULTS]} - set(rows), kind, topic)
        bests = (_best_unit(dense_ranked, rows), _best_unit(keyword_ranked, rows))
        verdict, evidence = _judge(session, concepts, hits, standing, bests)
    return SearchResult(
        asked,
        verdict.outcome == NOT_IN_NOTES,
        hits,
        verdict.reason,
        corrected=query if query != asked else None,
        language=language,
        outcome=verdict.outcome,
        missing=verdict.missing,
        answerable=verdict.probability,
        evidence=evidence,
    )


def _exact_phrase(session: Session, words: list[str]) -> bool:
    clean = [w for w in (re.sub(r"[^\w]", "", word) for word in words) if w]
    if len(clean) < 2:
        return False
    if session.get_bind().dialect.name == "sqlite":
        sql, match = "SELECT 1 FROM passages_fts WHERE passages_fts MATCH :q LIMIT 1", '"' + " ".join(clean) + '"'
    else:
        sql = "SELECT 1 FROM passages WHERE search_vector @@ to_tsquery('english', :q) LIMIT 1"
        match = " <-> ".join(clean)
    return session.execute(text(sql), {"q": match}).first() is not None


def _nothing_to_look_for(query: str, concepts: Concepts) -> str | None:
    """Why a query names no topic to search for (no words, one letter, only common words, only numbers), or None."""
    words = answerability.tokens(query)
    if not words:
        return 'the query has no words, only punctuation or symbols; ask about a topic, e.g. "L1 vs L2 regularization"'
    if not concepts.terms and any(word.isalpha() and len(word) == 1 for word in words):
        return 'the query is too short to look for; ask about a topic, e.g. "L1 vs L2 regularization"'
    if not concepts.terms:
        return 'the query has only common words (like "what" or "the"); name the topic to look for'
    if all(term.word.isdigit() for term in concepts.terms):
        return 'the query has only numbers; say what they measure, e.g. "F1 score 0.92 on the NER project"'
    return None


def _distinctive(query: str, concepts: Concepts) -> tuple[str, Concepts]:
    """A pasted paragraph is searched by its most specific words the notes use (then others), in their order: the
    meaning model reads only a window of tokens, a long text's everyday words would match everything a little, and
    its context ("I have an onsite next week") is not what it asks about."""
    kept = sorted(concepts.terms, key=lambda t: (not t.present, -t.weight))[:LONG_QUERY_TERMS]
    kept.sort(key=lambda t: t.position)
    words = {t.word for t in kept} | {"of", "in"}
    reduced = Concepts(kept, [p for p in concepts.phrases if set(p.words) <= words], concepts.query, concepts.offsets)
    return " ".join(t.word for t in kept), reduced


def _best_unit(ranked: list[tuple[int, float]], rows: dict[int, _Row]) -> str | None:
    """One method's first result (item or section) among the candidates the filters keep."""
    return next((rows[pid].unit for pid, _ in ranked if pid in rows), None)


def _judge(
    session: Session,
    concepts: Concepts,
    hits: list[Hit],
    standing: float = 0.0,
    bests: tuple[str | None, str | None] | None = None,
) -> tuple[Verdict, dict[str, float]]:
    """Answerability of the query from its concepts and the top results, and each result's relevance."""
    model = answerability.default_model()
    top = hits[:JUDGED_RESULTS]
    texts = _unit_texts(session, top)
    for hit in hits:
        stems = {word for text in texts.get(hit.unit, []) for word in text}
        hit.matched = answerability.matched_share(concepts, stems)
    similarity = max((hit.cosine for hit in hits[:SIMILARITY_RESULTS]), default=0.0)
    evidence = answerability.evidence(
        concepts,
        similarity,
        [texts.get(hit.unit, []) for hit in top],
        [hit.cosine for hit in top],
        standing,
        bests or (None, None),
    )
    verdict = answerability.judge(concepts, evidence, model)
    for hit in hits:
        hit.relevance = answerability.relevance(model, verdict, hit.cosine, hit.score, hit.matched)
    return verdict, evidence


def _unit_texts(session: Session, hits: list[Hit]) -> dict[str, list[list[str]]]:
    """Every passage of each result (its question, answer chunks or section text), as stem sequences clause by
    clause. Read through indexed columns: an item's passages by item id, a section's within its document."""
    items = [hit.item_id for hit in hits if hit.item_id]
    sections = [hit for hit in hits if not hit.item_id]
    columns = select(Passage.unit, Passage.title, Passage.keywords).where(Passage.field != "line")
    rows = list(session.execute(columns.where(Passage.item_id.in_(items)))) if items else []
    if sections:
        documents = {hit.document_id for hit in sections}
        units = [hit.unit for hit in sections]
        rows += session.execute(columns.where(Passage.document_id.in_(documents), Passage.unit.in_(units))).all()
    texts: dict[str, list[list[str]]] = {}
    for unit, title, keywords in rows:
        texts.setdefault(unit, []).extend(
            clause for part in (title or "", keywords or "") if part for clause in answerability.clauses_of(part)
        )
    return {unit: list({tuple(t): t for t in parts}.values()) for unit, parts in texts.items()}


def phrase_in_notes(session: Session, words: Sequence[str]) -> bool:
    """Whether the notes use this word (one), these two words within PHRASE_WINDOW words of each other, or this
    hyphened compound ("b-tree") as written, through the keyword index (stemmed: "normalizing flows" finds
    "normalized flow")."""
    if len(words) == 1 and "-" in words[0]:
        return _exact_phrase(session, words[0].split("-"))
    clean = [w for w in (re.sub(r"[^\w]", "", word) for word in words) if w]
    if not clean or len(clean) != len(words):
        return False
    if session.get_bind().dialect.name == "sqlite":
        quoted = " ".join(f'"{w}"' for w in clean)
        match = quoted if len(clean) == 1 else f"NEAR({quoted}, {PHRASE_WINDOW})"
        sql = "SELECT 1 FROM passages_fts WHERE passages_fts MATCH :q LIMIT 1"
    else:
        if len(clean) == 1:
            match = clean[0]
        else:
            first, second = clean
            near = [
                f"{a} <{d}> {b}" for d in range(1, PHRASE_WINDOW + 2) for a, b in ((first, second), (second, first))
            ]
            match = " | ".join(f"({pair})" for pair in near)
        sql = "SELECT 1 FROM passages WHERE search_vector @@ to_tsquery('english', :q) LIMIT 1"
    return session.execute(text(sql), {"q": match}).first() is not None


def _query_language(query: str, vocabulary: Vocabulary) -> str | None:
    """The query's language when it is not English; only a query left with a word that is neither English nor in
    the notes after typo correction is checked, so notes in another language are searched as they are."""
    unknown = [t for t in query_terms(query) if not t.isdigit() and t not in vocabulary and not is_english_word(t)]
    return other_language(query) if unknown else None


class _Row(NamedTuple):
    """What ranking needs of a candidate passage; its text is read only for the results shown."""

    id: int
    unit: str
    field: str
    item_id: str | None
    kind: str | None
    topic: str | None


def _passages(session: Session, ids: set[int], kind: str | None, topic: str | None) -> dict[int, _Row]:
    if not ids:
        return {}
    rows = session.execute(
        select(Passage.id, Passage.unit, Passage.field, Passage.item_id, Item.kind, Item.topic)
        .outerjoin(Item, Item.id == Passage.item_id)
        .where(Passage.id.in_(list(ids)))
    ).all()
    found = (_Row._make(row) for row in rows)
    return {row.id: row for row in found if not (kind and row.kind != kind) and not (topic and row.topic != topic)}


def _unit_scores(ranked: list[tuple[int, float]], rows: dict[int, _Row]) -> dict[str, float]:
    """Passages ranked by one method → results in the same order, each scored by its best passage."""
    units: dict[str, float] = {}
    for passage_id, score in ranked:
        if passage_id in rows:
            units.setdefault(rows[passage_id].unit, score)
    return units


def _hits(
    session: Session,
    rankings: list[tuple[float, dict[str, float]]],
    rows: dict[int, _Row],
    cosines: dict[int, float],
    k: int,
) -> list[Hit]:
    """The k best results by fused score; each quotes its best passage."""
    fused = fuse(rankings)
    by_unit: dict[str, list[_Row]] = {}
    for row in rows.values():
        by_unit.setdefault(row.unit, []).append(row)
    chosen = []
    for unit in _top_units(fused, [list(scores) for _, scores in rankings], k):
        candidates = by_unit[unit]
        cosine = max(cosines.get(row.id, 0.0) for row in candidates)
        # Quote the best-matching answer chunk or section text; the question alone only when nothing else matched.
        shown = max(candidates, key=lambda row: (row.field != "question", cosines.get(row.id, -1.0)))
        chosen.append((shown, fused[unit], cosine))
    passages = _shown_passages(session, [row.id for row, _, _ in chosen])
    return [_hit(row, passages[row.id], score, cosine) for row, score, cosine in chosen]


def fuse(rankings: list[tuple[float, dict[str, float]]]) -> dict[str, float]:
    """Score fusion, 0..1: per method, each result's score scaled by that method's best (a score at or below 0,
    BM25's minimum or a passage no closer than the average of its kind, counts as 0), then a weighted mean. Unlike
    rank fusion it keeps how far apart results are, so a clear winner of one method stays near the top even when
    the other method misses it."""
    total = sum(weight for weight, _ in rankings) or 1.0
    fused: dict[str, float] = {}
    for weight, scores in rankings:
        top = max(scores.values(), default=0.0)
        for unit, score in scores.items():
            share = max(score, 0.0) / top if top > 0 else 0.0
            fused[unit] = fused.get(unit, 0.0) + weight * share / total
    return fused


def _top_units(fused: dict[str, float], rankings: list[list[str]], k: int) -> list[str]:
    """The k best by fused score, except that each method's own first choice is always among them: a result only
    one method finds (an exact rare term, or a paraphrase with no shared word) is often the right one."""
    ordered = sorted(fused, key=lambda u: fused[u], reverse=True)
    top = ordered[:k]
    firsts = [units[0] for units in rankings if units and units[0] not in top]
    if firsts and k > len(firsts):
        top = top[: k - len(firsts)] + firsts
        top.sort(key=lambda u: fused[u], reverse=True)
    return top


def _shown_passages(session: Session, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = session.execute(
        select(
            Passage.id,
            Passage.title,
            Passage.text,
            Passage.heading_path,
            Passage.line_start,
            Passage.line_end,
            Passage.quote_line,
            Passage.document_id,
            Document.path,
        )
        .join(Document, Document.id == Passage.document_id)
        .where(Passage.id.in_(ids))
    ).all()
    return {row.id: row for row in rows}


def _hit(row: _Row, shown: Any, score: float, cosine: float) -> Hit:
    return Hit(
        unit=row.unit,
        score=score,
        cosine=cosine,
        passage=shown.text,
        title=shown.title,
        item_id=row.item_id,
        kind=row.kind or "notes",
        topic=row.topic or "notes",
        path=shown.path,
        line_start=shown.line_start,
        line_end=shown.line_end,
        heading_path=list(shown.heading_path or []),
        passage_line=shown.quote_line,
        document_id=shown.document_id,
    )


def keyword_rank(session: Session, query: str, limit: int) -> list[tuple[int, float]]:
    terms = query_terms(query)
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        # bm25() is lower for better matches; the title column weighs twice the text.
        sql = (
            "SELECT rowid, -bm25(passages_fts, 2.0, 1.0) AS score FROM passages_fts "
            "WHERE passages_fts MATCH :q ORDER BY score DESC LIMIT :limit"
        )
        query_text = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
    else:
        sql = (
            "SELECT id, ts_rank_cd(search_vector, q) AS score FROM passages, to_tsquery('english', :q) q "
            "WHERE search_vector @@ q ORDER BY score DESC LIMIT :limit"
        )
        query_text = " | ".join(w for w in (re.sub(r"[^\w]", "", t) for t in terms) if w)
    if not query_text:
        return []
    rows = session.execute(text(sql), {"q": query_text, "limit": limit}).all()
    return [(int(row[0]), float(row[1])) for row in rows]


class DenseIndex:
    """Every passage vector of one model, as one matrix in memory; reloaded when the passages change.

    Rows are grouped by passage kind (question, answer chunk, section, line), because each kind has its own spread
    of cosine similarities: a one-line question and a 120-word answer chunk are not equally close to any query.
    """

    def __init__(
        self, ids: np.ndarray, fields: list[str], matrix: Vectors, stamp: tuple[int, ...], vocabulary: Vocabulary
    ) -> None:
        order = sorted(range(len(ids)), key=lambda row: fields[row])
        self.ids = ids[order]
        self.kinds = _runs([fields[row] for row in order])
        self.vocabulary = vocabulary  # the words of the notes, for typo correction
        # Stored transposed and contiguous: a (1 x d) @ (d x n) product is several times faster than (n x d) @ d.
        self.by_dimension = np.ascontiguousarray(matrix[order].T)
        self.stamp = stamp
        self.row_of = {int(pid): row for row, pid in enumerate(self.ids)}

    def rank(self, vector: Vectors, limit: int, standardised: bool = True) -> list[tuple[int, float]]:
        """Passages by how far their cosine stands above the others of their kind, for this query (in standard
        deviations): for fusion, a raw cosine would let whichever kind runs closer to queries crowd out the rest,
        and its narrow spread would weigh little against BM25's. Alone (standardised=False), raw cosine ranks."""
        if not len(self.ids):
            return []
        sims = vector @ self.by_dimension
        standing = self._standing(sims) if standardised else sims
        top = np.argpartition(-standing, limit)[:limit] if len(standing) > limit else np.arange(len(standing))
        order = top[np.argsort(-standing[top])]
        return [(int(self.ids[i]), float(standing[i])) for i in order]

    def _standing(self, sims: np.ndarray) -> np.ndarray:
        standing = np.empty_like(sims)
        for start, end in self.kinds:
            kind = sims[start:end]
            standing[start:end] = (kind - kind.mean()) / max(float(kind.std()), 1e-6)
        return standing

    def cosine(self, passage_id: int, vector: Vectors) -> float:
        row = self.row_of.get(passage_id)
        return float(self.by_dimension[:, row] @ vector) if row is not None else 0.0

    def cosines(self, passage_ids: list[int], vector: Vectors) -> dict[int, float]:
        """The cosine with `vector` of those of these passages that have a vector of this model."""
        return {pid: self.cosine(pid, vector) for pid in passage_ids if pid in self.row_of}


_cache: dict[tuple[str, str, bool], DenseIndex | SqlDenseIndex] = {}
_cache_lock = threading.Lock()


def dense_index(bank: Bank, model_id: str) -> DenseIndex | SqlDenseIndex:
    """The bank's dense index for this model: in SQL where PostgreSQL has pgvector (see search.pgvector), else
    every vector in memory, reloaded when the passages change."""
    schema = pgvector.extension_schema(bank)
    if schema is not None:
        pgvector.sync(bank, schema)
    with bank.session() as session:
        # Cheap on every query (index-only): passage ids are never reused, so any re-index changes the pair.
        count, last = session.execute(select(func.count(Passage.id), func.coalesce(func.max(Passage.id), 0))).one()
        # Vectors are filled in after their passages are written (resumable indexing): count those still waiting.
        waiting = session.scalar(select(func.count(Passage.id)).where(Passage.vector.is_(None)))
        stamp = (int(count), int(last), int(waiting or 0))
        key = (bank.url, model_id, schema is not None)
        with _cache_lock:
            cached = _cache.get(key)
            if cached is not None and cached.stamp == stamp:
                return cached
        if schema is not None:  # the vectors stay in the database; only the vocabulary is read
            vocabulary = _vocabulary(session)
            sql_index = SqlDenseIndex(bank, schema, model_id, stamp, vocabulary)
            with _cache_lock:
                _cache[key] = sql_index
            return sql_index
        rows = session.execute(
            select(Passage.id, Passage.vector, Passage.field).where(
                Passage.model == model_id, Passage.vector.is_not(None)
            )
        ).all()
        vocabulary = _vocabulary(session)
    rows = [row for row in rows if row[1]]
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    matrix = (
        np.frombuffer(b"".join(row[1] or b"" for row in rows), dtype=np.float32).reshape(len(rows), -1)
        if rows
        else np.zeros((0, 1), dtype=np.float32)
    )
    index = DenseIndex(ids, [row[2] for row in rows], matrix, stamp, vocabulary)
    with _cache_lock:
        _cache[key] = index
    return index


def _vocabulary(session: Session) -> Vocabulary:
    """The words of the notes, for typo correction."""
    return Vocabulary(f"{title} {words}" for title, words in session.execute(select(Passage.title, Passage.keywords)))


def _runs(labels: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of equal labels in a sorted list."""
    bounds, start = [], 0
    for _, run in groupby(labels):
        size = sum(1 for _ in run)
        bounds.append((start, start + size))
        start += size
    return bounds
