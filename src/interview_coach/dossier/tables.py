"""The dossier's own state in the bank: which checklist entries the user ticked, and the themes the user set for
a story. Both are keyed by stable keys derived from the notes, so they survive re-imports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from interview_coach.bank.schema import Base


class ChecklistTick(Base):
    __tablename__ = "checklist_ticks"

    entry_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(String(500), default="")  # what was ticked, for a reader of the table
    ticked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoryThemes(Base):
    __tablename__ = "story_themes"

    story_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
