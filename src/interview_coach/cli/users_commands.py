"""users: accounts for `coach serve --team` (an admin runs these on the server). Parses input, calls the core."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import click

from interview_coach.cli import cli, emit_json, open_from

_HELP = {"help_option_names": ["-h", "--help"]}


@cli.group("users", context_settings=_HELP)
def users_group() -> None:
    """Accounts for the team server (`coach serve --team`): add users, set passwords, groups and shares.

    Each user has their own bank; the bank you had before team mode belongs to the user `admin` (set its password
    with `coach users password admin`).

    \b
    Example:
      coach users add alice
      coach users list --json
    """


def _password(confirm: bool = True) -> str:
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=confirm, err=True))


@users_group.command("add", context_settings=_HELP)
@click.argument("name")
@click.option("--admin", is_flag=True, help="The user may manage the team (reserved for admin tools).")
@click.option("--json", "as_json", is_flag=True, help="Print the new account as JSON.")
@click.pass_context
def add_cmd(ctx: click.Context, name: str, admin: bool, as_json: bool) -> None:
    """Make an account with its own empty bank; asks for the password (twice).

    \b
    Example:
      coach users add alice
      coach --db postgresql://coach@db/coach users add bob --admin
    """
    from interview_coach.accounts.users import add_user

    password = _password()
    with open_from(ctx) as bank:
        user = add_user(bank, name, password, datetime.now(UTC), admin=admin)
    if as_json:
        emit_json(asdict(user))
        return
    click.echo(f"Added {user.name}; they sign in at the team server's /login.")


@users_group.command("password", context_settings=_HELP)
@click.argument("name")
@click.pass_context
def password_cmd(ctx: click.Context, name: str) -> None:
    """Set a user's password; asks for it (twice). Signs the user out everywhere.

    \b
    Example:
      coach users password admin
    """
    from interview_coach.accounts.users import set_password

    password = _password()
    with open_from(ctx) as bank:
        set_password(bank, name, password)
    click.echo(f"Password set for {name}.")


@users_group.command("remove", context_settings=_HELP)
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Remove without asking.")
@click.pass_context
def remove_cmd(ctx: click.Context, name: str, yes: bool) -> None:
    """Delete an account and its bank (notes, answers, reviews): it cannot be undone. Signs the user out.

    \b
    Example:
      coach users remove alice --yes
    """
    from interview_coach.accounts.banks import drop_bank
    from interview_coach.accounts.users import remove_user

    if not yes:
        click.confirm(f"Delete {name} and everything in their bank?", abort=True, err=True)
    with open_from(ctx) as bank:
        for bank_id in remove_user(bank, name):
            drop_bank(bank, bank_id)
    click.echo(f"Removed {name} and their bank.")


@users_group.command("list", context_settings=_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the accounts as JSON.")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """List the accounts.

    \b
    Example:
      coach users list --json
    """
    from interview_coach.accounts.users import list_users

    with open_from(ctx) as bank:
        found = list_users(bank)
    if as_json:
        emit_json([asdict(user) for user in found])
        return
    for user in found:
        notes = [note for note, on in (("admin", user.is_admin), ("no password yet", not user.has_password)) if on]
        click.echo(user.name + (f"  ({', '.join(notes)})" if notes else ""))


@users_group.command("group", context_settings=_HELP)
@click.argument("group")
@click.argument("names", nargs=-1, required=True)
@click.pass_context
def group_cmd(ctx: click.Context, group: str, names: tuple[str, ...]) -> None:
    """Put users in a group (made when new); a bank shared with the group opens read-only for them.

    \b
    Example:
      coach users group cohort-7 alice bob
    """
    from interview_coach.accounts.users import add_to_group

    with open_from(ctx) as bank:
        for name in names:
            add_to_group(bank, group, name)
    click.echo(f"{', '.join(names)} in {group}.")


@users_group.command("share", context_settings=_HELP)
@click.argument("owner")
@click.argument("group")
@click.option("--stop", is_flag=True, help="Stop sharing the bank with the group.")
@click.pass_context
def share_cmd(ctx: click.Context, owner: str, group: str, stop: bool) -> None:
    """Share OWNER's bank read-only with GROUP: members browse and search it from the Banks menu.

    \b
    Example:
      coach users share admin cohort-7
      coach users share admin cohort-7 --stop
    """
    from interview_coach.accounts.users import share_bank

    with open_from(ctx) as bank:
        share_bank(bank, owner, group, shared=not stop)
    click.echo(f"{owner}'s bank is {'no longer ' if stop else ''}shared read-only with {group}.")
