"""Search index: passages with embeddings, keyword index (FTS5 / tsvector), duplicate groups.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("items", sa.Column("duplicate_group", sa.String(32), nullable=True))
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(32), sa.ForeignKey("items.id"), nullable=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("heading_path", sa.JSON(), nullable=False),
        sa.Column("line_start", sa.Integer(), nullable=False),
        sa.Column("line_end", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(40), nullable=False),
        sa.Column("model", sa.String(120), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sqlite_autoincrement=True,  # ids never reused: (count, max id) then tells whether passages changed
    )
    op.create_index("ix_passages_document", "passages", ["document_id"])
    op.create_index("ix_passages_item", "passages", ["item_id"])
    op.create_table(
        "index_state",
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("model", sa.String(120), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts()
    else:
        _postgres_fts()


def _sqlite_fts() -> None:
    # External-content FTS5 over (title, keywords) kept in step by triggers; porter stemming so "embeddings" finds
    # "embedding". `keywords` is the passage text normalised for matching (e.g. "1,566" → "1566").
    op.execute(
        "CREATE VIRTUAL TABLE passages_fts USING fts5(title, keywords, content='passages', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    old = (
        "INSERT INTO passages_fts(passages_fts, rowid, title, keywords) "
        "VALUES ('delete', old.id, old.title, old.keywords);"
    )
    new = "INSERT INTO passages_fts(rowid, title, keywords) VALUES (new.id, new.title, new.keywords);"
    op.execute(f"CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN {new} END")
    op.execute(f"CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN {old} END")
    op.execute(f"CREATE TRIGGER passages_au AFTER UPDATE ON passages BEGIN {old} {new} END")


def _postgres_fts() -> None:
    op.execute(
        "ALTER TABLE passages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(keywords, '')), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_passages_search ON passages USING GIN (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS passages_fts")
    op.drop_table("index_state")
    op.drop_table("passages")
    op.drop_column("items", "duplicate_group")
