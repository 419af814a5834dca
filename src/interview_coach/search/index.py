"""Keep the search index in step with the bank: passages, their embeddings, and near-duplicate question groups.

Indexing never loses work: it runs in three steps, each committed as it goes, and the rows themselves record how far
it got, so a run killed or interrupted anywhere is continued by the next one.

1. Passages: each stale document (new or edited, or indexed with another model or passage format) gets its passages
   written in one transaction, keyword-searchable at once. A passage whose text was embedded before, in any
   document, takes that vector; the others wait with no vector. `index_state.grouped` is set false.
2. Vectors: passages waiting for a vector are embedded, each distinct text once, in windows of similar length,
   each window committed with its vectors.
   A file too big to embed whole (search/budget.py) has some passages written with an empty vector: searched by
   keyword only, and never waited for.
3. Groups: once every passage has its vector, the near-duplicate groups are recomputed and the documents marked
   grouped.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.schema import Document, IndexState, Item, Note, Passage
from interview_coach.search.budget import DENSE_BUDGET, choose_dense
from interview_coach.search.duplicates import duplicate_groups
from interview_coach.search.embed import Embedder, Vectors
from interview_coach.search.passages import (
    PASSAGE_FORMAT,
    PassageSpec,
    fit_window,
    item_passages,
    section_passages,
)

WINDOW = 256  # distinct texts embedded and committed together: a kill loses at most one window
LOOKUP = 500  # content hashes per reuse query (under every database's bound-parameter limit)
KEYWORD_ONLY = b""  # the vector of a passage left out of dense search by the per-file budget

EmbedProgress = Callable[[int, int], None]  # (passages with vectors so far, passages to embed this run)

# Test-only: fault-injection tests set COACH_TEST_PAUSE_AT=<stage> to freeze the process at a named stage and kill
# it there (see tests/test_faults_index.py). Nothing sets it in normal use.
PAUSE_ENV = "COACH_TEST_PAUSE_AT"
STAGES = ("index-start", "passages-document", "passages", "vectors-uncommitted", "vectors-window", "vectors")


def pause_point(stage: str) -> None:
    if os.environ.get(PAUSE_ENV) == stage:
        print(f"paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(600)


@dataclass
class IndexReport:
    documents: int = 0  # documents whose passages were (re)written
    passages: int = 0  # passages written
    embedded: int = 0  # distinct texts the model embedded in this run
    reused: int = 0  # passages written with a vector already known for their text
    grouped: bool = False  # duplicate groups were rebuilt
    complete: bool = True  # every passage has its vector
    keyword_only: int = 0  # passages written without a vector (over a file's budget, or symbols only)
    too_big: list[TooBig] = field(default_factory=list)  # files only partly searched by meaning


@dataclass(frozen=True)
class TooBig:
    path: str
    embedded: int  # passages with (or waiting for) a vector
    passages: int


def index_bank(
    bank: Bank,
    embedder: Embedder,
    progress: EmbedProgress | None = None,
    embed_limit: int | None = None,
    dense_budget: int = DENSE_BUDGET,
) -> IndexReport:
    """Bring the index up to date. With embed_limit, vectors are only computed when at most that many passages
    await them (keyword search and the vectors already there still cover everything written). dense_budget is
    each file's share of embedding work, in estimated model tokens."""
    report = IndexReport()
    pause_point("index-start")
    write_passages(bank, embedder, report, dense_budget)
    pending = pending_passages(bank, embedder.model_id)
    if embed_limit is not None and pending > embed_limit:
        report.complete = False
        return report
    if pending:
        embed_pending(bank, embedder, progress, report)
    pause_point("vectors")
    report.grouped = update_duplicate_groups(bank, embedder.model_id)
    return report


@dataclass
class IndexStatus:
    stale_documents: int  # documents whose passages are missing or out of date
    other_models: list[str]  # models the existing vectors were made with, when not the current one
    items: int
    passages: int = 0
    embedded: int = 0  # passages with a vector of the current model
    ungrouped: int = 0  # documents not yet in the duplicate groups

    @property
    def current(self) -> bool:
        return not self.stale_documents and self.embedded == self.passages and not self.ungrouped

    @property
    def interrupted(self) -> bool:
        """Work an earlier run left: passages waiting for vectors, or groups not rebuilt after them."""
        return self.embedded < self.passages or self.ungrouped > 0


def index_status(bank: Bank, model_id: str) -> IndexStatus:
    with bank.session() as session:
        stale = _stale_documents(session, model_id)
        models = session.scalars(select(IndexState.model).distinct()).all()
        items = session.scalar(select(func.count(Item.id)).where(Item.retired.is_(False))) or 0
        passages = session.scalar(select(func.count(Passage.id))) or 0
        ungrouped = session.scalar(select(func.count()).where(IndexState.grouped.is_(False))) or 0
    waiting = pending_passages(bank, model_id)
    return IndexStatus(
        len(stale), [m for m in models if m != model_id], int(items), int(passages), int(passages) - waiting, ungrouped
    )


def pending_passages(bank: Bank, model_id: str) -> int:
    """Passages still waiting for a vector (an index-only count: ix_passages_unembedded)."""
    with bank.session() as session:
        return int(session.scalar(select(func.count(Passage.id)).where(Passage.vector.is_(None))) or 0)


# Step 1: passages


def write_passages(bank: Bank, embedder: Embedder, report: IndexReport, dense_budget: int = DENSE_BUDGET) -> None:
    with bank.session() as session:
        stale = _stale_documents(session, embedder.model_id)
    for doc_id in stale:
        with bank.session() as session:
            plan = _plan_document(session, doc_id, embedder, dense_budget)
        with bank.transaction() as session:
            written = _write_document(session, doc_id, plan, embedder.model_id)
        passages = len(plan.specs)
        report.documents += 1
        report.passages += passages
        report.reused += written.reused
        report.keyword_only += written.keyword_only
        if plan.over_budget:
            report.too_big.append(TooBig(written.path, passages - written.keyword_only, passages))
        pause_point("passages-document")
    pause_point("passages")


def _stale_documents(session: Session, model_id: str) -> list[int]:
    rows = session.execute(
        select(Document.id, Document.content_hash, IndexState.content_hash, IndexState.model)
        .outerjoin(IndexState, IndexState.document_id == Document.id)
        .order_by(Document.id)
    ).all()
    return [doc_id for doc_id, digest, indexed, model in rows if indexed != _indexed_as(digest) or model != model_id]


def _indexed_as(digest: str | None) -> str:
    """What index_state records for a document: its content and the passage format it was indexed with."""
    return hashlib.sha256(f"{digest}/{PASSAGE_FORMAT}".encode()).hexdigest()


def _specs_for(session: Session, document_id: int) -> list[PassageSpec]:
    specs: list[PassageSpec] = []
    items = session.scalars(
        select(Item).where(Item.document_id == document_id, Item.retired.is_(False)).order_by(Item.ordinal)
    )
    for item in items:
        specs += item_passages(item.id, item.question, item.answer, item.heading_path, item.line_start, item.line_end)
    sections = session.scalars(
        select(Note).where(Note.document_id == document_id, Note.note_type == "section").order_by(Note.line_start)
    )
    for note in sections:
        numbers = (note.data or {}).get("line_numbers")
        span = (note.line_start, note.line_end)
        specs += section_passages(document_id, note.title, note.body, note.heading_path, span, numbers)
    return specs


def _known_vectors(session: Session, hashes: set[str], model_id: str) -> dict[str, bytes]:
    """Vectors already computed for these texts, in any document (a question asked in three files is embedded once)."""
    known: dict[str, bytes] = {}
    ordered = sorted(hashes)
    for start in range(0, len(ordered), LOOKUP):
        rows = session.execute(
            select(Passage.content_hash, Passage.vector).where(
                Passage.content_hash.in_(ordered[start : start + LOOKUP]),
                Passage.model == model_id,
                Passage.vector.is_not(None),
            )
        )
        known.update((digest, vector) for digest, vector in rows if vector)
    return known


@dataclass(frozen=True)
class _Plan:
    specs: list[PassageSpec]
    known: dict[str, bytes]  # content hash → a vector already computed for that text
    left_out: frozenset[str]  # content hashes searched by keyword only
    over_budget: bool


def _plan_document(session: Session, document_id: int, embedder: Embedder, dense_budget: int) -> _Plan:
    """A document's passages and how each is searched. The budget is chosen on the passages as made; only the
    chosen ones are fitted to the model's window (a text left out never meets the model, and checking 16,000
    chunks of a table dump against the tokenizer is most of the cost of writing them)."""
    specs = _specs_for(session, document_id)
    known = _known_vectors(session, {spec.content_hash for spec in specs}, embedder.model_id)
    choice = choose_dense(specs, known, dense_budget)
    fitted = fit_window(specs, embedder.fits, keep=choice.left_out)
    halves = {spec.content_hash for spec in fitted} - {spec.content_hash for spec in specs}
    known |= _known_vectors(session, halves, embedder.model_id)
    return _Plan(fitted, known, choice.left_out, choice.over_budget)


@dataclass(frozen=True)
class _Written:
    path: str
    reused: int  # passages written with a vector known for their text
    keyword_only: int  # passages written without one, for good


def _write_document(session: Session, document_id: int, plan: _Plan, model_id: str) -> _Written:
    """The document's passages replaced, with the vectors known for their texts, and none (for good) for the
    passages its dense budget leaves out."""
    known, left_out = plan.known, plan.left_out
    session.execute(delete(Passage).where(Passage.document_id == document_id))
    rows = [
        {
            "document_id": document_id,
            "item_id": spec.item_id,
            "unit": spec.unit,
            "field": spec.field,
            "title": spec.title,
            "text": spec.text,
            "keywords": spec.keywords,
            "heading_path": list(spec.heading_path),
            "line_start": spec.line_start,
            "line_end": spec.line_end,
            "quote_line": spec.quote_line,
            "content_hash": spec.content_hash,
            "model": model_id,
            "vector": known.get(spec.content_hash, KEYWORD_ONLY if spec.content_hash in left_out else None),
        }
        for spec in plan.specs
    ]
    if rows:
        # Core, not the ORM's bulk insert: that splits the rows wherever the set of NULL columns changes (a vector
        # sampled every 28th passage made 571 statements of a 16,000-row table dump).
        session.connection().execute(insert(Passage), rows)
    digest_of, path = session.execute(
        select(Document.content_hash, Document.path).where(Document.id == document_id)
    ).one()
    digest = _indexed_as(digest_of)
    state = session.get(IndexState, document_id)
    if state is None:
        session.add(IndexState(document_id=document_id, content_hash=digest, model=model_id, grouped=False))
    else:
        state.content_hash, state.model, state.grouped = digest, model_id, False
    reused = sum(1 for row in rows if row["vector"])
    keyword_only = sum(1 for row in rows if row["vector"] == KEYWORD_ONLY)
    return _Written(path, reused, keyword_only)


# Step 2: vectors


@dataclass
class _Text:
    embedded: str
    ids: list[int]  # every passage with this text


def embed_pending(bank: Bank, embedder: Embedder, progress: EmbedProgress | None, report: IndexReport) -> None:
    texts = _pending_texts(bank, embedder.model_id)
    total = sum(len(t.ids) for t in texts)
    done = 0
    if progress:
        progress(0, total)
    for window in _windows(texts):
        vectors = embedder.embed([t.embedded for t in window])
        rows = [
            {"pid": pid, "vec": vector.astype(np.float32).tobytes()}
            for text, vector in zip(window, vectors, strict=True)
            for pid in text.ids
        ]
        with bank.transaction() as session:
            statement = update(Passage).where(Passage.id == bindparam("pid")).values(vector=bindparam("vec"))
            session.connection().execute(statement, rows)
            pause_point("vectors-uncommitted")
        report.embedded += len(window)
        done += len(rows)
        if progress:
            progress(done, total)
        pause_point("vectors-window")


def _pending_texts(bank: Bank, model_id: str) -> list[_Text]:
    """Passages without a vector, by distinct embedded text (rebuilt from the row exactly as it was hashed)."""
    by_hash: dict[str, _Text] = {}
    with bank.session() as session:
        rows = session.execute(
            select(
                Passage.id,
                Passage.unit,
                Passage.field,
                Passage.title,
                Passage.text,
                Passage.heading_path,
                Passage.content_hash,
            ).where(Passage.vector.is_(None), Passage.model == model_id)
        )
        for pid, unit, field, title, text, heading_path, digest in rows:
            entry = by_hash.get(digest)
            if entry is None:
                spec = PassageSpec(unit, field, title, text, tuple(heading_path or ()), 0, 0)
                entry = by_hash[digest] = _Text(spec.embedded_text, [])
            entry.ids.append(pid)
    return list(by_hash.values())


def _windows(texts: list[_Text]) -> Iterator[list[_Text]]:
    """Windows of similar length (little padding inside a batch), visited in a fixed shuffled order, so the
    rate the progress bar shows, and its time left, hold from the first window to the last."""
    ordered = sorted(texts, key=lambda t: len(t.embedded))
    windows = [ordered[start : start + WINDOW] for start in range(0, len(ordered), WINDOW)]
    random.Random(0).shuffle(windows)
    yield from windows


def waiting_cosines(session: Session, embedder: Embedder, query: Vectors, passage_ids: list[int]) -> dict[int, float]:
    """For a search on a partly built index: the cosine with `query` of passages still waiting for their vector,
    embedded now (a few keyword matches), so relevance and refusal judge them as they will once indexed."""
    if not passage_ids:
        return {}
    rows = session.execute(
        select(Passage.id, Passage.unit, Passage.field, Passage.title, Passage.text, Passage.heading_path).where(
            Passage.id.in_(passage_ids)
        )
    ).all()
    specs = [
        PassageSpec(unit, field, title, text, tuple(path or ()), 0, 0) for _, unit, field, title, text, path in rows
    ]
    vectors = embedder.embed([spec.embedded_text for spec in specs])
    return {int(row[0]): float(vector @ query) for row, vector in zip(rows, vectors, strict=True)}


# Step 3: duplicate groups


def update_duplicate_groups(bank: Bank, model_id: str) -> bool:
    """Recompute near-duplicate groups over every live question, when some document is not in them yet and every
    question has its vector. Returns whether they were rebuilt."""
    with bank.session() as session:
        if not session.scalar(select(func.count()).where(IndexState.grouped.is_(False))):
            return False
    if pending_passages(bank, model_id):
        return False
    changed = _changed_groups(bank, model_id)
    with bank.transaction() as session:
        for item_id, group in changed.items():
            session.execute(update(Item).where(Item.id == item_id).values(duplicate_group=group))
        session.execute(update(IndexState).where(IndexState.grouped.is_(False)).values(grouped=True))
    return True


def _changed_groups(bank: Bank, model_id: str) -> dict[str, str | None]:
    """item id → its new group (None: in none), for the items whose group changes (one matrix product per block)."""
    with bank.session() as session:
        rows = session.execute(
            select(Passage.item_id, Item.question, Passage.vector)
            .join(Item, Item.id == Passage.item_id)
            # "Elevator pitch" under two different projects is not the same question.
            .where(Passage.field == "question", Passage.model == model_id, Item.retired.is_(False))
            .where(Item.kind != "project")
            .order_by(Item.id)
        ).all()
        current = dict(
            session.execute(select(Item.id, Item.duplicate_group).where(Item.duplicate_group.is_not(None))).all()
        )
    live = [(str(item_id), question, vector) for item_id, question, vector in rows if item_id and vector]
    ids = [item_id for item_id, _, _ in live]
    groups: dict[str, str] = {}
    if live:
        matrix: Vectors = np.stack([np.frombuffer(vector, dtype=np.float32) for _, _, vector in live])
        groups = duplicate_groups(ids, [question for _, question, _ in live], matrix)
    # Items that left every group (retired, edited) lose their old group too.
    return {i: groups.get(i) for i in {*ids, *current} if groups.get(i) != current.get(i)}
