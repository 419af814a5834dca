"""Passages: the file line of a one-line passage (one bullet of a section), so a citation can point at it.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("passages", sa.Column("quote_line", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("passages", "quote_line")
