"""Keep the search index in step with the bank: passages, their embeddings, and near-duplicate question groups.

Only documents whose content or model changed are re-indexed, and within them only passages whose text changed are
re-embedded (vectors are reused by content hash). Embedding runs in large batches across documents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.schema import Document, IndexState, Item, Note, Passage
from interview_coach.search.duplicates import duplicate_groups
from interview_coach.search.embed import Embedder, Vectors
from interview_coach.search.passages import (
    PASSAGE_FORMAT,
    PassageSpec,
    fit_window,
    item_passages,
    section_passages,
)

EMBED_CHUNK = 256  # texts per progress step

EmbedProgress = Callable[[int, int], None]  # (embedded so far, total to embed)


@dataclass
class IndexReport:
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0


def index_bank(bank: Bank, embedder: Embedder, progress: EmbedProgress | None = None) -> IndexReport:
    report = IndexReport()
    with bank.session() as session:
        stale = _stale_documents(session, embedder.model_id)
        plans = {doc_id: fit_window(_specs_for(session, doc_id), embedder.fits) for doc_id in stale}
        known = _known_vectors(session, stale, embedder.model_id)
    todo = list({s.content_hash: s for specs in plans.values() for s in specs if s.content_hash not in known}.values())
    fresh = _embed_all(embedder, todo, progress)
    vectors = known | fresh
    for doc_id, specs in plans.items():
        with bank.transaction() as session:
            _write_document(session, doc_id, specs, vectors, embedder.model_id)
        report.documents += 1
        report.passages += len(specs)
    report.embedded = len(fresh)
    report.reused = sum(len(specs) for specs in plans.values()) - len(fresh)
    if plans:
        _update_duplicate_groups(bank, embedder.model_id)
    return report


@dataclass
class IndexStatus:
    stale_documents: int
    other_models: list[str]  # models the existing vectors were made with, when not the current one
    items: int


def index_status(bank: Bank, model_id: str) -> IndexStatus:
    with bank.session() as session:
        stale = _stale_documents(session, model_id)
        models = session.scalars(select(IndexState.model).distinct()).all()
        items = session.scalar(select(func.count(Item.id)).where(Item.retired.is_(False))) or 0
    return IndexStatus(len(stale), [m for m in models if m != model_id], int(items))


def _stale_documents(session: Session, model_id: str) -> list[int]:
    rows = session.execute(
        select(Document.id, Document.content_hash, IndexState.content_hash, IndexState.model).outerjoin(
            IndexState, IndexState.document_id == Document.id
        )
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


def _known_vectors(session: Session, documents: list[int], model_id: str) -> dict[str, bytes]:
    if not documents:
        return {}
    rows = session.execute(
        select(Passage.content_hash, Passage.vector).where(
            Passage.document_id.in_(documents), Passage.model == model_id, Passage.vector.is_not(None)
        )
    ).all()
    return {digest: vector for digest, vector in rows if vector is not None}


def _embed_all(embedder: Embedder, specs: list[PassageSpec], progress: EmbedProgress | None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for start in range(0, len(specs), EMBED_CHUNK):
        batch = specs[start : start + EMBED_CHUNK]
        vectors = embedder.embed([spec.embedded_text for spec in batch])
        for spec, vector in zip(batch, vectors, strict=True):
            out[spec.content_hash] = vector.astype(np.float32).tobytes()
        if progress:
            progress(min(start + EMBED_CHUNK, len(specs)), len(specs))
    return out


def _write_document(
    session: Session, document_id: int, specs: list[PassageSpec], vectors: dict[str, bytes], model_id: str
) -> None:
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
            "vector": vectors.get(spec.content_hash),
        }
        for spec in specs
    ]
    if rows:
        session.execute(insert(Passage), rows)
    digest = _indexed_as(session.scalar(select(Document.content_hash).where(Document.id == document_id)))
    state = session.get(IndexState, document_id)
    if state is None:
        session.add(IndexState(document_id=document_id, content_hash=digest, model=model_id))
    else:
        state.content_hash, state.model = digest, model_id


def _update_duplicate_groups(bank: Bank, model_id: str) -> None:
    """Recompute near-duplicate groups over every live question (one matrix product per block of questions)."""
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
    changed = {i: groups.get(i) for i in {*ids, *current} if groups.get(i) != current.get(i)}
    if not changed:
        return
    with bank.transaction() as session:
        for item_id, group in changed.items():
            session.execute(update(Item).where(Item.id == item_id).values(duplicate_group=group))
