"""Password and token hashing: argon2 for passwords, SHA-256 for random tokens.

Passwords are hashed with argon2id (argon2-cffi) at the cost the settings give, and checked
against their hash; the rules a new password must meet are here too. Random tokens (login
sessions, tickets, invitations, API keys) are kept only as their SHA-256, so a copy of the
database logs nobody in. Argon2 is slow on purpose: async callers run password work in the
bounded hashing pool (``off_the_loop``), never on the event loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from heymilo_app.settings import get_settings

T = TypeVar("T")

MIN_PASSWORD_LENGTH = 10

# At most this many passwords are hashed or checked at once (argon2 takes tens of
# milliseconds and 64 MB each); more wait their turn in the pool, off the event loop.
HASHING = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")


@functools.cache
def _password_hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
    )


def hash_password(password: str) -> str:
    """Hash a password with argon2id.

    Args:
        password: The plain password.

    Returns:
        The encoded argon2 hash.
    """
    return _password_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against its argon2 hash.

    Args:
        password_hash: Stored hash.
        password: What the user typed.

    Returns:
        True when they match.
    """
    try:
        return _password_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest of a random token.

    Args:
        token: A login session token or API key.

    Returns:
        64 hex characters.
    """
    return hashlib.sha256(token.encode()).hexdigest()


def password_problem(password: str) -> str | None:
    """Say why a new password is refused, if it is.

    Args:
        password: What the user chose.

    Returns:
        The message, or None when the password meets the rules.
    """
    if not password:
        return "Enter a password."
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    return None


def prehash(password: str) -> str:
    """Hash a password that meets the rules, before a session's first query.

    Args:
        password: What the user chose.

    Returns:
        Its hash, or "" when the rules refuse it (the fields' check then says why).
    """
    return "" if password_problem(password) else hash_password(password)


async def off_the_loop(work: Callable[[], T]) -> T:
    """Run password work (hashing, or a whole login) in the bounded hashing pool.

    Args:
        work: What to run; it opens its own database session if it needs one.

    Returns:
        What it returned.
    """
    return await asyncio.get_running_loop().run_in_executor(HASHING, work)


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with other parameters than the settings' (upgrade it).

    Args:
        password_hash: Stored hash.

    Returns:
        True when it should be hashed again at the next successful login.
    """
    return _password_hasher().check_needs_rehash(password_hash)


@functools.cache
def dummy_hash() -> str:
    """A hash of a random password, checked for unknown emails so timing reveals nothing.

    Returns:
        An argon2 hash that no password matches.
    """
    return _password_hasher().hash(secrets.token_hex(16))
