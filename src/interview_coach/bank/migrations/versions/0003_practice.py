"""Practice: attempts (saved before grading), FSRS cards, review log.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("budget_seconds", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("grade", sa.JSON(), nullable=True),
        sa.Column("suggested_rating", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
    )
    op.create_index("ix_attempts_item", "attempts", ["item_id"])
    op.create_index("ix_attempts_submitted", "attempts", ["submitted_at"])
    op.create_table(
        "cards",
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("fsrs", sa.JSON(), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_cards_due", "cards", ["due"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("attempt_id", sa.Integer(), sa.ForeignKey("attempts.id"), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_after", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reviews_item", "reviews", ["item_id"])


def downgrade() -> None:
    op.drop_table("reviews")
    op.drop_table("cards")
    op.drop_table("attempts")
