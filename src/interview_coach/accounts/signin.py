"""Signing in and out: web sessions and the failed-sign-in limit, both rows in the main bank so that every server
process sees the same sessions and counts the same failures."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from interview_coach.accounts.passwords import hash_password, needs_rehash, verify_password
from interview_coach.accounts.tables import banks, login_failures, users, web_sessions
from interview_coach.accounts.users import User, own_bank, readable_banks
from interview_coach.bank import Bank
from interview_coach.errors import CoachError

SESSION_DAYS = 14
FAILURE_LIMIT = 5  # failed sign-ins per account and address ...
FAILURE_WINDOW = timedelta(minutes=15)  # ... within this window, then sign-in is refused until the oldest ages out


class SignInRefused(CoachError):
    """Wrong name or password (one message for both, so it does not tell which accounts exist)."""


class TooManyAttempts(CoachError):
    pass


@dataclass(frozen=True)
class Member:
    """A signed-in user and the bank their session has open."""

    user: User
    csrf: str
    bank_id: int
    read_only: bool  # the open bank is someone else's, shared with one of the user's groups


@dataclass(frozen=True)
class SignedIn:
    token: str  # goes in the cookie; only its hash is stored
    member: Member


def sign_in(bank: Bank, name: str, password: str, ip: str, now: datetime) -> SignedIn:
    """A new session for the account, or SignInRefused (counted) / TooManyAttempts (checked before any hashing)."""
    account, ip = name.strip().lower()[:64], ip[:64]
    with bank.session() as session:  # reads only: the hash check below runs outside any write transaction
        _check_limit(session, account, ip, now)
        row = session.execute(select(users).where(users.c.name == account)).first()
    matches = verify_password(row.password_hash if row is not None else None, password)  # same work when absent
    if row is None or not matches:
        with bank.transaction() as session:
            # Old failures go as new ones come, which keeps the table small.
            session.execute(delete(login_failures).where(login_failures.c.failed_at < now - FAILURE_WINDOW))
            session.execute(insert(login_failures).values(account=account, ip=ip, failed_at=now))
        raise SignInRefused("wrong user name or password")
    user = User(row.id, row.name, bool(row.is_admin))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    rehashed = hash_password(password) if needs_rehash(row.password_hash) else None
    with bank.transaction() as session:
        if rehashed:
            session.execute(users.update().where(users.c.id == user.id).values(password_hash=rehashed))
        session.execute(delete(login_failures).where(login_failures.c.account == account, login_failures.c.ip == ip))
        session.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now))  # expired ones go here
        bank_id = own_bank(session, user.id)
        expires = now + timedelta(days=SESSION_DAYS)
        row_values = {"token_hash": _digest(token), "user_id": user.id, "csrf": csrf, "bank_id": bank_id}
        session.execute(insert(web_sessions).values(**row_values, created_at=now, expires_at=expires))
    return SignedIn(token, Member(user, csrf, bank_id, read_only=False))


def _check_limit(session: Session, account: str, ip: str, now: datetime) -> None:
    since = now - FAILURE_WINDOW
    recent = select(func.count()).where(
        login_failures.c.account == account, login_failures.c.ip == ip, login_failures.c.failed_at >= since
    )
    if (session.scalar(recent) or 0) >= FAILURE_LIMIT:
        minutes = int(FAILURE_WINDOW.total_seconds() // 60)
        raise TooManyAttempts(f"too many failed sign-ins for {account!r} from this address; try again in {minutes} min")


def resolve(bank: Bank, token: str | None, now: datetime) -> Member | None:
    """The member a session cookie belongs to, or None (absent, unknown or expired)."""
    if not token:
        return None
    with bank.session() as session:
        row = session.execute(
            select(web_sessions, users.c.name, users.c.is_admin, banks.c.owner_id)
            .join(users, users.c.id == web_sessions.c.user_id)
            .join(banks, banks.c.id == web_sessions.c.bank_id)
            .where(web_sessions.c.token_hash == _digest(token), web_sessions.c.expires_at > now)
        ).first()
    if row is None:
        return None
    user = User(row.user_id, row.name, bool(row.is_admin))
    member = Member(user, row.csrf, row.bank_id, read_only=row.owner_id != row.user_id)
    return _still_shared(bank, token, member) if member.read_only else member


def _still_shared(bank: Bank, token: str, member: Member) -> Member:
    """A session left open on a shared bank loses it the moment the share (or the group membership) ends: it is
    checked on every request and the session goes back to the user's own bank."""
    with bank.session() as session:
        if any(ref.id == member.bank_id for ref in readable_banks(session, member.user.id)):
            return member
    with bank.transaction() as session:
        own = own_bank(session, member.user.id)
        session.execute(web_sessions.update().where(web_sessions.c.token_hash == _digest(token)).values(bank_id=own))
    return Member(member.user, member.csrf, own, read_only=False)


def open_bank_id(bank: Bank, token: str, member: Member, bank_id: int) -> Member:
    """Switch the session to another bank the user may read (their own, or one shared with their group)."""
    with bank.transaction() as session:
        allowed = {ref.id: ref for ref in readable_banks(session, member.user.id)}
        if bank_id not in allowed:
            raise CoachError(f"no bank {bank_id} you can open; the bank menu lists yours and those shared with you")
        session.execute(
            web_sessions.update().where(web_sessions.c.token_hash == _digest(token)).values(bank_id=bank_id)
        )
    return Member(member.user, member.csrf, bank_id, allowed[bank_id].read_only)


def sign_out(bank: Bank, token: str | None) -> None:
    if token:
        with bank.transaction() as session:
            session.execute(delete(web_sessions).where(web_sessions.c.token_hash == _digest(token)))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
