"""Team mode: accounts, their web sessions, failed sign-ins (the rate limit), groups, and which user owns each bank.

Each user's items, attempts, cards, reviews and mock sessions live in that user's own bank (a PostgreSQL schema or
a SQLite file beside this one), so ownership is recorded once per bank: the existing single-user bank becomes bank 1,
owned by the user `admin` made here (no password until `coach users password admin`).

Revision ID: 0009
Revises: 0008
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "banks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
    )
    op.create_index("ix_banks_owner", "banks", ["owner_id"])
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
    )
    op.create_table(
        "group_members",
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "bank_shares",  # read-only: members of the group may browse and search the bank
        sa.Column("bank_id", sa.Integer(), sa.ForeignKey("banks.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "web_sessions",
        # The sha256 of the cookie's token: a leaked table signs no one in.
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("bank_id", sa.Integer(), sa.ForeignKey("banks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["account", "ip", "failed_at"])
    if context.config.attributes.get("seed_accounts", True):  # not in a member's own bank: no accounts live there
        _seed_owner()


def _seed_owner() -> None:
    now = datetime.now(UTC)
    insert = sa.text("INSERT INTO users (name, is_admin, created_at) VALUES ('admin', :yes, :now)").bindparams(
        sa.bindparam("yes", True, type_=sa.Boolean()), sa.bindparam("now", now, type_=sa.DateTime(timezone=True))
    )
    op.execute(insert)
    op.execute("INSERT INTO banks (owner_id, name) SELECT id, 'main' FROM users WHERE name = 'admin'")


def downgrade() -> None:
    for table in ("login_failures", "web_sessions", "bank_shares", "group_members", "groups", "banks", "users"):
        op.drop_table(table)
