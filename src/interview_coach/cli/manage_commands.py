"""remove: take imported files or the sample out of practice and search. Parses input, calls the core, renders."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import click

from interview_coach.cli import cli, emit_json, open_from


@cli.command("remove", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, required=True)
@click.option("--yes", "-y", is_flag=True, help="Remove without asking.")
@click.option("--json", "as_json", is_flag=True, help="Print what was removed as JSON.")
@click.pass_context
def remove_cmd(ctx: click.Context, sources: tuple[str, ...], yes: bool, as_json: bool) -> None:
    """Take imported notes files (or the bundled sample) out of practice and search.

    SOURCE is a file or folder you imported, a source path as `coach list` shows it, or `sample`.
    Their questions are retired, not deleted: past answers, ratings and the review log are kept. Importing a
    folder that still holds a removed file leaves it out; importing the file by name (or `coach import
    --sample`) brings it back.

    \b
    Example:
      coach remove sample
      coach remove ~/interview-notes/old-draft.md --yes --json
    """
    from interview_coach.bank.remove import plan_removal, remove_documents

    with open_from(ctx) as bank:
        plan = plan_removal(bank, list(sources))
        todo = [f for f in plan.files if not f.already]
        if todo and not yes:
            names = ", ".join(f.path for f in todo[:5]) + (f" and {len(todo) - 5} more" if len(todo) > 5 else "")
            question = f"Remove {len(todo)} file(s) ({plan.items} questions) from practice and search: {names}?"
            click.confirm(question + " History is kept.", abort=True, err=True)
        remove_documents(bank, plan, datetime.now(UTC))
    if as_json:
        emit_json({"removed": [asdict(f) for f in todo], "already_removed": [f.path for f in plan.files if f.already]})
        return
    for f in plan.files:
        click.echo(f"{f.path}: {'already removed' if f.already else f'{f.items} questions removed'}")
    if todo:
        click.echo("History is kept; import a file by name (or --sample) to bring it back.")
