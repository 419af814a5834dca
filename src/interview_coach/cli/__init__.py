"""The `coach` command: parse options, call one core function, format the result, translate errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from interview_coach.errors import CoachError

if TYPE_CHECKING:
    from interview_coach.bank import Bank

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class CoachGroup(click.Group):
    """Expected errors become one line on stderr and exit status 1; --debug shows the traceback instead."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if (ctx.obj and ctx.obj.get("debug")) or not isinstance(exc, CoachError) and not _database_fault(exc):
                raise
            if not isinstance(exc, CoachError):  # a damaged, locked or read-only bank met mid-command
                from interview_coach.bank.health import bank_fault
                from interview_coach.config import database_url

                exc = bank_fault(database_url((ctx.obj or {}).get("db")), exc)
            from interview_coach.textsafe import one_line

            click.echo(f"Error: {one_line(exc)}", err=True)  # messages quote notes and paths: shown as text
            sys.exit(1)


def _database_fault(exc: BaseException) -> bool:
    if "sqlalchemy" not in sys.modules:  # nothing touched a database
        return False
    from interview_coach.bank.health import is_database_fault

    return is_database_fault(exc)


@click.group(cls=CoachGroup, context_settings=_CONTEXT)
@click.version_option(package_name="interview-coach")
@click.option(
    "--db",
    "db",
    metavar="URL",
    envvar="COACH_DATABASE_URL",
    help="Database URL (sqlite:///path.db or postgresql://…). Default: a SQLite file in COACH_HOME.",
)
@click.option(
    "--demo", is_flag=True, help="Use the demo bank (demo.db in COACH_HOME) that `make run` fills with the sample."
)
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, demo: bool, debug: bool) -> None:
    """interview-coach: practise ML interviews from your own notes, offline.

    \b
    Example:
      coach import --sample      # bundled sample notes
      coach import ~/notes       # your own markdown notes
      coach list --kind behavioral
    """
    ctx.ensure_object(dict)
    ctx.obj.update(db=db, demo=demo, debug=debug)


# Commands that save what the user gives them: a read-only or damaged bank is refused before they start.
WRITE_COMMANDS = frozenset({"import", "index", "practice", "mock", "pitch", "remove"})


@contextmanager
def open_from(ctx: click.Context) -> Iterator[Bank]:
    """The bank named by --db / COACH_DATABASE_URL / COACH_HOME, opened (and migrated) and closed after use."""
    from interview_coach.bank import open_bank
    from interview_coach.config import database_url

    url = database_url(ctx.obj.get("db"), demo=bool(ctx.obj.get("demo")))
    bank = open_bank(url, for_writing=ctx.command.name in WRITE_COMMANDS)
    if bank.backup is not None:
        click.echo(f"Backed up the bank to {bank.backup} before upgrading it.", err=True)
    try:
        yield bank
    finally:
        bank.close()


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def emit_jsonl(data: Any) -> None:
    """One compact JSON object on one line (batch output, one line per input)."""
    click.echo(json.dumps(data, ensure_ascii=False))


def main() -> None:
    cli(prog_name="coach")


# Commands register themselves on import; kept last so `cli` exists.
from interview_coach.cli import commands as _commands  # noqa: E402,F401
from interview_coach.cli import dossier_commands as _dossier_commands  # noqa: E402,F401
from interview_coach.cli import grade_commands as _grade_commands  # noqa: E402,F401
from interview_coach.cli import maintenance_commands as _maintenance_commands  # noqa: E402,F401
from interview_coach.cli import manage_commands as _manage_commands  # noqa: E402,F401
from interview_coach.cli import mock_commands as _mock_commands  # noqa: E402,F401
from interview_coach.cli import practice_commands as _practice_commands  # noqa: E402,F401
from interview_coach.cli import search_commands as _search_commands  # noqa: E402,F401
from interview_coach.cli import serve_commands as _serve_commands  # noqa: E402,F401
from interview_coach.cli import users_commands as _users_commands  # noqa: E402,F401

__all__ = ["cli", "main", "Path"]
