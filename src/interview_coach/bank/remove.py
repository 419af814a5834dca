"""Take imported files (or the bundled sample) out of practice and search, keeping their history.

Removing a file retires its items (answers, ratings and review logs stay, as with questions that left the notes),
drops its structured notes and search passages, and marks the document removed: importing a folder that still
holds the file leaves it out, importing the file by name (or `--sample`) brings it back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.importer import SAMPLE_PREFIX
from interview_coach.bank.schema import Document, IndexState, Item, Note, Passage
from interview_coach.errors import CoachError

SAMPLE_WORD = "sample"


@dataclass
class RemovedFile:
    path: str
    items: int  # questions taken out of practice and search
    already: bool = False  # removed before; nothing changed


@dataclass
class RemovalPlan:
    files: list[RemovedFile] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(f.items for f in self.files)


def plan_removal(bank: Bank, sources: list[str]) -> RemovalPlan:
    """The imported files each SOURCE names: a file or folder path (as imported), a path as `coach list`
    shows it, `sample` for the bundled sample. Raises CoachError naming any SOURCE that matches nothing."""
    plan = RemovalPlan()
    with bank.session() as session:
        documents = list(session.scalars(select(Document).order_by(Document.path)))
        unmatched = []
        for source in sources:
            matches = [d for d in documents if _matches(d, source)]
            if not matches:
                unmatched.append(source)
            for document in matches:
                if document.id not in plan.document_ids:
                    plan.document_ids.append(document.id)
                    plan.files.append(_removed_file(session, document))
    if unmatched:
        raise CoachError(
            f"no imported notes match {', '.join(repr(s) for s in unmatched)}; "
            "`coach list` shows each item's source (or use `sample` for the bundled sample)"
        )
    return plan


def remove_documents(bank: Bank, plan: RemovalPlan, now: datetime) -> RemovalPlan:
    """Apply the plan in one transaction."""
    ids = [d for d, f in zip(plan.document_ids, plan.files, strict=True) if not f.already]
    if not ids:
        return plan
    with bank.transaction() as session:
        _regroup_partners(session, ids)
        session.execute(
            update(Item).where(Item.document_id.in_(ids), Item.retired.is_(False)).values(retired=True, updated_at=now)
        )
        for table in (Passage, Note, IndexState):  # search forgets them; notes come back with a re-import
            session.execute(delete(table).where(table.document_id.in_(ids)))
        # An empty hash makes the next import of the file read it again, even unchanged.
        session.execute(update(Document).where(Document.id.in_(ids)).values(removed_at=now, content_hash=""))
    return plan


def _regroup_partners(session: Session, ids: list[int]) -> None:
    """Documents sharing a duplicate group with the removed items are marked ungrouped, so the next indexing
    rebuilds their groups (a group left with one live member is no group)."""
    groups = select(Item.duplicate_group).where(Item.document_id.in_(ids), Item.duplicate_group.is_not(None))
    partners = select(Item.document_id).where(Item.duplicate_group.in_(groups), Item.document_id.not_in(ids))
    session.execute(update(IndexState).where(IndexState.document_id.in_(partners)).values(grouped=False))
    session.execute(update(Item).where(Item.document_id.in_(ids)).values(duplicate_group=None))


def _matches(document: Document, source: str) -> bool:
    key = document.source_key
    if source == SAMPLE_WORD:
        return key.startswith(SAMPLE_PREFIX)
    if source == document.path:
        return True
    if key.startswith(SAMPLE_PREFIX):
        return False
    target = str(Path(source).expanduser().resolve())
    return key == target or key.startswith(target.rstrip(os.sep) + os.sep)


def _removed_file(session: Session, document: Document) -> RemovedFile:
    active = session.scalar(select(func.count(Item.id)).where(Item.document_id == document.id, Item.retired.is_(False)))
    return RemovedFile(document.path, int(active or 0), already=document.removed_at is not None)
