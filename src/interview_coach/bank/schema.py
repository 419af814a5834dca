"""Tables of the question bank. Portable SQL only: the same schema runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, true
from sqlalchemy import text as sql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_key: Mapped[str] = mapped_column(String(1024), unique=True)
    path: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    encoding: Mapped[str] = mapped_column(String(40), default="utf-8")
    repairs: Mapped[int] = mapped_column(Integer, default=0)
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set by `coach remove`: its items are retired and its passages gone until the file is imported by name again.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    items: Mapped[list[Item]] = relationship(back_populates="document")
    notes: Mapped[list[Note]] = relationship(back_populates="document", cascade="all, delete-orphan")


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_kind", "kind"),
        Index("ix_items_topic", "topic"),
        Index("ix_items_document", "document_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    ordinal: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(64))
    heading_path: Mapped[list[str]] = mapped_column(JSON, default=list)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    answer_line_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    answer_line_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    star: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    duplicate_group: Mapped[str | None] = mapped_column(String(32), nullable=True)  # id of the group's first item
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    document: Mapped[Document] = relationship(back_populates="items")


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_document", "document_id"), Index("ix_notes_type", "note_type"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    note_type: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    heading_path: Mapped[list[str]] = mapped_column(JSON, default=list)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    document: Mapped[Document] = relationship(back_populates="notes")


class Passage(Base):
    """A searchable stretch of the notes: an item's question, a chunk of its answer, or a section of notes no
    question owns. Keyword search indexes `title` + `keywords` (FTS5 on SQLite, tsvector on PostgreSQL, both made by the
    migration); `vector` is the embedding of `title` + `text` by `model`, kept while `content_hash` is unchanged."""

    __tablename__ = "passages"
    __table_args__ = (
        Index("ix_passages_document", "document_id"),
        Index("ix_passages_item", "item_id"),
        Index("ix_passages_content_hash", "content_hash"),
        # Passages still waiting for their vector (a resumable index finds them without a scan).
        Index(
            "ix_passages_unembedded", "id", sqlite_where=sql("vector IS NULL"), postgresql_where=sql("vector IS NULL")
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    item_id: Mapped[str | None] = mapped_column(ForeignKey("items.id"), nullable=True)
    unit: Mapped[str] = mapped_column(String(40))  # what a result is: the item id, or "s:<document>:<line>"
    field: Mapped[str] = mapped_column(String(16))  # question | answer | section | line
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(Text, default="")  # text normalised for keyword matching
    heading_path: Mapped[list[str]] = mapped_column(JSON, default=list)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    quote_line: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a one-line passage's own line
    content_hash: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(120), default="")
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class IndexState(Base):
    """Which version of each document the search index reflects, and with which model; `grouped` is false until
    the duplicate groups include the document's current questions (its passages may still await their vectors)."""

    __tablename__ = "index_state"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(120))
    grouped: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Attempt(Base):
    """One answer typed in practice. Saved (committed) before it is graded, so nothing typed is ever lost."""

    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_item", "item_id"), Index("ix_attempts_submitted", "submitted_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    budget_seconds: Mapped[int] = mapped_column(Integer, default=0)
    answer: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="saved")  # saved | graded | rated | skipped | never
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    grade: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    suggested_rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1 Again .. 4 Easy, as given


class Card(Base):
    """The FSRS memory state of one item; absent until the item is first rated."""

    __tablename__ = "cards"
    __table_args__ = (Index("ix_cards_due", "due"),)

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    fsrs: Mapped[dict[str, Any]] = mapped_column(JSON)
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)  # "never ask again"


class Review(Base):
    """The review log: every rating applied to a card, with the card's due date after it."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_item", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"), nullable=True)
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
