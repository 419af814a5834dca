"""Mock interviews: one row per interview (its plan as planned), one per answer given (saved before grading).

Revision ID: 0007
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mock_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("plan_name", sa.String(64), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("your_questions", sa.JSON(), nullable=True),
    )
    op.create_table(
        "mock_answers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("mock_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=True),
        sa.Column("attempt_id", sa.Integer(), sa.ForeignKey("attempts.id"), nullable=True),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("budget_seconds", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("grade", sa.JSON(), nullable=True),
        sa.Column("delivery", sa.JSON(), nullable=True),
        sa.Column("follow_up", sa.JSON(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
    )
    op.create_index("ix_mock_answers_session", "mock_answers", ["session_id"])


def downgrade() -> None:
    op.drop_table("mock_answers")
    op.drop_table("mock_sessions")
