"""The `coach` command: parse options, call one core function, format the result, translate errors."""

from __future__ import annotations

import importlib
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

KIND_CHOICES = click.Choice(["technical", "coding", "system_design", "behavioral", "project", "ask_interviewer", "hr"])
_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# Each command's module, imported when that command runs (or all of them for --help): a command pays for its own
# imports only (tests/test_cli.py checks this table against the commands the modules register).
COMMAND_MODULES = {
    **dict.fromkeys(("import", "list", "show", "export"), "commands"),
    **dict.fromkeys(("projects", "project", "pitch", "numbers", "stories", "checklist"), "dossier_commands"),
    "grade": "grade_commands",
    **dict.fromkeys(("doctor", "backup"), "maintenance_commands"),
    "remove": "manage_commands",
    **dict.fromkeys(("mock", "report"), "mock_commands"),
    **dict.fromkeys(("practice", "due", "stats", "history"), "practice_commands"),
    **dict.fromkeys(("index", "search", "ask"), "search_commands"),
    "serve": "serve_commands",
    "users": "users_commands",
}


class CoachGroup(click.Group):
    """Expected errors become one line on stderr and exit status 1; --debug shows the traceback instead.
    Commands register themselves when their module is imported, which happens the first time one is looked up."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"interview_coach.cli.{module}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        load_all_commands()
        return super().list_commands(ctx)

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


def load_all_commands() -> None:
    """Import every command module, registering all commands on `cli` (for --help and for tests)."""
    for module in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"interview_coach.cli.{module}")


__all__ = ["cli", "main", "Path"]
