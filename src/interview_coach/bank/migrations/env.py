"""Alembic environment: run on the connection open_bank hands over (no ini file, no URL of its own)."""

from alembic import context

from interview_coach.bank.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs batch mode to alter tables
)
with context.begin_transaction():
    context.run_migrations()
