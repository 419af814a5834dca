"""Resumable indexing: passages are written before they are embedded, so the index records its own progress.

A passage without a vector is waiting to be embedded (a partial index finds those at once); `index_state.grouped`
says whether the duplicate groups already include the document's current questions; vectors are reused by content
hash from any document. Filling in a vector no longer rewrites the passage's keyword index (SQLite trigger).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_NEW = "INSERT INTO passages_fts(rowid, title, keywords) VALUES (new.id, new.title, new.keywords);"
_OLD = (
    "INSERT INTO passages_fts(passages_fts, rowid, title, keywords) VALUES ('delete', old.id, old.title, old.keywords);"
)


def upgrade() -> None:
    # Banks indexed before this revision were indexed (and grouped) in one go.
    op.add_column("index_state", sa.Column("grouped", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.create_index("ix_passages_content_hash", "passages", ["content_hash"])
    op.create_index(
        "ix_passages_unembedded",
        "passages",
        ["id"],
        sqlite_where=sa.text("vector IS NULL"),
        postgresql_where=sa.text("vector IS NULL"),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER passages_au")
        op.execute(f"CREATE TRIGGER passages_au AFTER UPDATE OF title, keywords ON passages BEGIN {_OLD} {_NEW} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER passages_au")
        op.execute(f"CREATE TRIGGER passages_au AFTER UPDATE ON passages BEGIN {_OLD} {_NEW} END")
    op.drop_index("ix_passages_unembedded", "passages")
    op.drop_index("ix_passages_content_hash", "passages")
    op.drop_column("index_state", "grouped")
