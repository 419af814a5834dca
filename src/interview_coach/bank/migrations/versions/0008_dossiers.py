"""Dossiers: checklist entries the user ticked, and story themes the user set.

Revision ID: 0008
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checklist_ticks",
        sa.Column("entry_key", sa.String(32), primary_key=True),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("ticked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "story_themes",
        sa.Column("story_key", sa.String(32), primary_key=True),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("story_themes")
    op.drop_table("checklist_ticks")
