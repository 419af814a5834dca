"""Password hashes: argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile), rehashed when they change."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from interview_coach.errors import CoachError

MIN_LENGTH = 8


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise CoachError(f"password: use at least {MIN_LENGTH} characters")
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when `password` matches; a missing hash (an account with no password yet) matches nothing, after the
    same work as a real check so the answer's timing does not tell which accounts exist."""
    if not stored:
        _hasher().hash(password or "x")
        return False
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)
