"""Users, groups and read-only shares, in the team's main bank. An admin makes them (`coach users …`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from interview_coach.accounts.passwords import hash_password
from interview_coach.accounts.tables import bank_shares, banks, group_members, groups, users, web_sessions
from interview_coach.bank import Bank
from interview_coach.errors import CoachError

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    is_admin: bool
    has_password: bool = True


@dataclass(frozen=True)
class BankRef:
    """A bank a user may open: their own (writable) or one shared with one of their groups (read-only)."""

    id: int
    name: str
    owner: str
    read_only: bool


def check_name(name: str, what: str = "user name") -> str:
    name = name.strip().lower()
    if not _NAME.fullmatch(name):
        raise CoachError(f"{what} {name!r}: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return name


def add_user(bank: Bank, name: str, password: str, now: datetime, admin: bool = False) -> User:
    """A new account with its own (empty) bank."""
    name, hashed = check_name(name), hash_password(password)
    try:
        with bank.transaction() as session:
            values = {"name": name, "password_hash": hashed, "is_admin": admin, "created_at": now}
            user_id = session.execute(insert(users).values(**values).returning(users.c.id)).scalar_one()
            session.execute(insert(banks).values(owner_id=user_id, name=name))
    except IntegrityError as exc:
        raise CoachError(f"user {name!r} exists already; `coach users password {name}` sets a new password") from exc
    return User(int(user_id), name, admin)


def set_password(bank: Bank, name: str, password: str) -> None:
    hashed = hash_password(password)
    with bank.transaction() as session:
        user = find_user(session, name)
        session.execute(users.update().where(users.c.id == user.id).values(password_hash=hashed))
        session.execute(delete(web_sessions).where(web_sessions.c.user_id == user.id))  # a reset locks out old cookies


def remove_user(bank: Bank, name: str) -> list[int]:
    """Delete an account, its sessions and its bank rows; returns the ids of the banks whose data the caller
    drops (accounts.banks.drop_bank). The main bank (bank 1, the team's own) is never removed this way."""
    with bank.transaction() as session:
        user = find_user(session, name)
        owned = [int(i) for i in session.scalars(select(banks.c.id).where(banks.c.owner_id == user.id))]
        if 1 in owned:
            raise CoachError(f"{name!r} owns the team's main bank (bank 1); it cannot be removed")
        # Readers who had one of these banks open go back to their own.
        own = select(func.min(banks.c.id)).where(banks.c.owner_id == web_sessions.c.user_id).scalar_subquery()
        readers = web_sessions.c.bank_id.in_(owned) & (web_sessions.c.user_id != user.id)
        session.execute(web_sessions.update().where(readers).values(bank_id=own))
        session.execute(delete(bank_shares).where(bank_shares.c.bank_id.in_(owned)))
        session.execute(delete(web_sessions).where(web_sessions.c.user_id == user.id))
        session.execute(delete(group_members).where(group_members.c.user_id == user.id))
        session.execute(delete(banks).where(banks.c.owner_id == user.id))
        session.execute(delete(users).where(users.c.id == user.id))
    return owned


def find_user(session: Session, name: str) -> User:
    row = session.execute(select(users).where(users.c.name == name.strip().lower())).first()
    if row is None:
        raise CoachError(f"no user {name!r}; `coach users list` shows them, `coach users add NAME` makes one")
    return User(row.id, row.name, bool(row.is_admin), row.password_hash is not None)


def list_users(bank: Bank) -> list[User]:
    with bank.session() as session:
        rows = session.execute(select(users).order_by(users.c.name)).all()
    return [User(r.id, r.name, bool(r.is_admin), r.password_hash is not None) for r in rows]


def own_bank(session: Session, user_id: int) -> int:
    """The id of the user's own bank (the first one made for them; bank 1 for the upgraded single-user bank)."""
    found = session.scalar(select(banks.c.id).where(banks.c.owner_id == user_id).order_by(banks.c.id))
    if found is None:
        raise CoachError("this account has no bank; ask an admin to recreate it")
    return int(found)


def readable_banks(session: Session, user_id: int) -> list[BankRef]:
    """The user's own bank first, then the banks shared with any group the user is in."""
    owned = select(banks.c.id, banks.c.name, users.c.name.label("owner")).join(users, users.c.id == banks.c.owner_id)
    mine = session.execute(owned.where(banks.c.owner_id == user_id).order_by(banks.c.id)).all()
    shared = session.execute(
        owned.join(bank_shares, bank_shares.c.bank_id == banks.c.id)
        .join(group_members, group_members.c.group_id == bank_shares.c.group_id)
        .where(group_members.c.user_id == user_id, banks.c.owner_id != user_id)
        .distinct()
        .order_by(banks.c.id)
    ).all()
    own = [BankRef(r.id, r.name, r.owner, False) for r in mine]
    return own + [BankRef(r.id, r.name, r.owner, True) for r in shared]


def add_to_group(bank: Bank, group: str, user_name: str) -> None:
    """Put a user in a group (made when it is new)."""
    group = check_name(group, "group name")
    with bank.transaction() as session:
        user = find_user(session, user_name)
        group_id = _group_id(session, group, create=True)
        member = select(group_members).where(group_members.c.group_id == group_id, group_members.c.user_id == user.id)
        if session.execute(member).first() is None:
            session.execute(insert(group_members).values(group_id=group_id, user_id=user.id))


def share_bank(bank: Bank, owner_name: str, group: str, shared: bool = True) -> None:
    """Share (or stop sharing) a user's own bank read-only with a group."""
    group = check_name(group, "group name")
    with bank.transaction() as session:
        bank_id = own_bank(session, find_user(session, owner_name).id)
        group_id = _group_id(session, group, create=shared)
        session.execute(delete(bank_shares).where(bank_shares.c.bank_id == bank_id, bank_shares.c.group_id == group_id))
        if shared:
            session.execute(insert(bank_shares).values(bank_id=bank_id, group_id=group_id))


def _group_id(session: Session, name: str, create: bool) -> int:
    found = session.scalar(select(groups.c.id).where(groups.c.name == name))
    if found is not None:
        return int(found)
    if not create:
        raise CoachError(f"no group {name!r}; `coach users group {name} USER` makes it")
    return int(session.execute(insert(groups).values(name=name).returning(groups.c.id)).scalar_one())


@dataclass(frozen=True)
class Group:
    """A group, its members and the banks shared with it (by owner name), for the admin pages."""

    name: str
    members: list[str]
    shared: list[str]


def list_groups(bank: Bank) -> list[Group]:
    with bank.session() as session:
        names = session.execute(select(groups.c.id, groups.c.name).order_by(groups.c.name)).all()
        members = session.execute(
            select(group_members.c.group_id, users.c.name)
            .join(users, users.c.id == group_members.c.user_id)
            .order_by(users.c.name)
        ).all()
        shares = session.execute(
            select(bank_shares.c.group_id, users.c.name)
            .join(banks, banks.c.id == bank_shares.c.bank_id)
            .join(users, users.c.id == banks.c.owner_id)
            .order_by(users.c.name)
        ).all()
    return [Group(name, [u for g, u in members if g == gid], [u for g, u in shares if g == gid]) for gid, name in names]
