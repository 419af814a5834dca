"""doctor, backup: check a bank thoroughly, and copy it safely."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from interview_coach.cli import cli, emit_json
from interview_coach.errors import CoachError
from interview_coach.textsafe import one_line

_HELP = {"help_option_names": ["-h", "--help"]}


@cli.command("doctor", context_settings=_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.pass_context
def doctor_cmd(ctx: click.Context, as_json: bool) -> None:
    """Check the bank: its file, SQLite's full integrity check, the schema revision and the search index.

    Read-only; exit status 1 when a check fails, with what to do.

    \b
    Example:
      coach doctor
      coach --db ~/old-bank.db doctor --json
    """
    from interview_coach.bank.doctor import diagnose
    from interview_coach.config import database_url

    diagnosis = diagnose(database_url(ctx.obj.get("db")))
    if as_json:
        emit_json(diagnosis.as_dict())
    else:
        click.echo(f"Bank: {one_line(diagnosis.bank)}")
        for check in diagnosis.checks:
            click.echo(f"{'✓' if check.ok else '✗'} {check.name}: {one_line(check.detail)}")
        click.echo("All checks passed." if diagnosis.ok else "Problems found (see ✗ above).")
    if not diagnosis.ok:
        sys.exit(1)


@cli.command("backup", context_settings=_HELP)
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print where the backup went as JSON.")
@click.pass_context
def backup_cmd(ctx: click.Context, path: Path | None, as_json: bool) -> None:
    """Copy the bank to PATH (default: backups/bank-<date>.db beside it), consistent even while coach runs.

    Uses SQLite's online backup API. For a PostgreSQL bank it prints the pg_dump command to use instead.
    Restore by copying a backup over the bank file (or passing it with --db).

    \b
    Example:
      coach backup
      coach backup ~/bank-before-exam.db
    """
    from interview_coach.bank import sqlite_path
    from interview_coach.bank.backup import backup_sqlite, default_backup_path, postgres_instructions
    from interview_coach.bank.health import check_sqlite_file
    from interview_coach.config import database_url

    url = database_url(ctx.obj.get("db"))
    source = sqlite_path(url)
    if source is None:
        raise CoachError(postgres_instructions(url) if url.startswith("postgresql") else f"cannot back up {url}")
    if not source.exists():
        raise CoachError(f"no bank at {source} yet; import notes first (coach import --sample)")
    check_sqlite_file(source)
    written = backup_sqlite(source, path.expanduser() if path else default_backup_path(source))
    if as_json:
        emit_json({"bank": str(source), "backup": str(written), "bytes": written.stat().st_size})
    else:
        click.echo(f"Backed up {one_line(source)} to {one_line(written)} ({written.stat().st_size:,} bytes).")
