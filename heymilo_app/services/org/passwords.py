"""Passwords: forgotten ones reset by an emailed link, changing one's own, ending sessions.

A reset link carries a random token; only its SHA-256 is kept (``PasswordReset``). It works
once, for ``PASSWORD_RESET_MINUTES``, and a newer link or a successful reset makes every
earlier one useless. Asking for a link always gets the same answer, whether the address has
an account or not, and is limited per address and per email (``rate_limits``). Setting a new
password, by a link or in the settings, ends the user's login sessions (all of them after a
reset; all but the current one after a change).

Hashing a password is slow on purpose (argon2): callers in async code run these functions
in a thread.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from urllib.parse import quote

from sqlmodel import Session, delete, select

from heymilo_app.models import AuthSession, Organization, PasswordReset, User, utcnow
from heymilo_app.services.common import rate_limits
from heymilo_app.services.common.errors import Invalid, NotFound, RateLimited
from heymilo_app.services.common.text import normalize_email
from heymilo_app.services.org import accounts, password_hashing
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

# Page URLs (kept here until routes.py, owned elsewhere, takes them over).
FORGOT_PASSWORD_ROUTE = "/forgot-password"
RESET_PASSWORD_ROUTE = "/reset-password/[token]"

REQUESTED_MESSAGE = (
    "If an account exists for that address, we've emailed a link to set a new password."
)
INVALID_LINK_MESSAGE = "This link is not valid any more. Ask for a new one."
WRONG_PASSWORD_MESSAGE = "That is not your current password."
RATE_WINDOW = timedelta(hours=1)
ADDRESS_BUCKET = "password-reset-address"
EMAIL_BUCKET = "password-reset-email"
# Wrong current passwords in the change form, per user, before it stops checking for a while.
CHANGE_BUCKET = "password-change-failure"
CHANGE_MAX_FAILURES = 5
CHANGE_WINDOW = timedelta(minutes=15)


def reset_password_path(token: str) -> str:
    """Path of a password reset link.

    Args:
        token: The reset token.

    Returns:
        The path.
    """
    return f"/reset-password/{quote(token)}"


def end_sessions(session: Session, user_id: int, keep_token_hash: str | None = None) -> int:
    """End a user's login sessions (the caller commits).

    Args:
        session: Database session.
        user_id: Whose sessions.
        keep_token_hash: The hash of one session to keep (the browser making the change).

    Returns:
        How many sessions were ended.
    """
    statement = delete(AuthSession).where(AuthSession.user_id == user_id)
    if keep_token_hash:
        statement = statement.where(AuthSession.token_hash != keep_token_hash)
    return session.exec(statement).rowcount or 0


def cancel_resets(session: Session, user_id: int) -> None:
    """Make a user's unused reset links useless (the caller commits).

    Args:
        session: Database session.
        user_id: Whose links.
    """
    session.exec(
        delete(PasswordReset).where(
            PasswordReset.user_id == user_id,
            PasswordReset.used_at.is_(None),
        )
    )


def request_reset(*, session: Session, email: str, client_address: str = "") -> None:
    """Email a reset link to the account of an address, if it has one (committed here).

    The answer is the same whether an account exists or not: the caller always shows
    ``REQUESTED_MESSAGE``. Past ``PASSWORD_RESET_MAX_PER_EMAIL`` links an hour for one email
    nothing more is sent, silently (no inbox is flooded, and the limit applies to unknown
    addresses alike).

    Args:
        session: Database session.
        email: What the visitor typed.
        client_address: The requesting client's address.

    Raises:
        Invalid: When the email is not an email address.
        RateLimited: When the client address asked too often this hour.
    """
    settings = get_settings()
    try:
        normalized = normalize_email(email)
    except ValueError as error:
        raise Invalid({"email": str(error)}) from None
    if not rate_limits.allow(
        session=session,
        bucket=ADDRESS_BUCKET,
        key=client_address,
        limit=settings.password_reset_max_per_address,
        window=RATE_WINDOW,
    ):
        session.rollback()
        raise RateLimited("Too many reset requests from this network. Try again in an hour.")
    if not rate_limits.allow(
        session=session,
        bucket=EMAIL_BUCKET,
        key=normalized,
        limit=settings.password_reset_max_per_email,
        window=RATE_WINDOW,
    ):
        session.commit()
        return
    user = session.exec(select(User).where(User.email == normalized)).first()
    if user is None or not user.is_active:
        session.commit()
        return
    cancel_resets(session, user.id)
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(
        user_id=user.id,
        token_hash=password_hashing.hash_token(token),
        expires_at=utcnow() + timedelta(minutes=settings.password_reset_minutes),
    )
    session.add(reset)
    organization = session.get(Organization, user.organization_id)
    link = settings.public_base_url.rstrip("/") + reset_password_path(token)
    accounts.email_user(
        session=session,
        user=user,
        kind="password_reset",
        subject="Reset your password",
        text=(
            "Someone, hopefully you, asked to reset the password of your "
            f"{organization.name} account. Set a new password here (the link works once, "
            f"within {settings.password_reset_minutes} minutes):\n\n{link}\n\n"
            "If it was not you, ignore this email: your password stays as it is."
        ),
        # Not the reset's id: ids of deleted rows come back on SQLite.
        dedupe_key=f"password_reset:{reset.token_hash}",
    )
    session.commit()
    logger.info("password reset link queued for user %s", user.id)


def find_reset(*, session: Session, token: str) -> tuple[PasswordReset, User]:
    """Resolve a reset link (nothing is changed).

    Args:
        session: Database session.
        token: The token of the link.

    Returns:
        The reset and its user.

    Raises:
        NotFound: For an unknown, used, replaced or expired link, or a removed user.
    """
    row = (
        session.exec(
            select(PasswordReset, User)
            .join(User, User.id == PasswordReset.user_id)
            .where(PasswordReset.token_hash == password_hashing.hash_token(token))
        ).first()
        if token
        else None
    )
    if row is None:
        raise NotFound(INVALID_LINK_MESSAGE)
    reset, user = row
    if reset.used_at is not None or reset.expires_at <= utcnow() or not user.is_active:
        raise NotFound(INVALID_LINK_MESSAGE)
    return reset, user


def confirm_reset(*, session: Session, token: str, password: str) -> User:
    """Set a new password through a reset link and end every session of its user.

    Args:
        session: Database session.
        token: The token of the link.
        password: The new password (the sign-up rules apply).

    Returns:
        The user, who now logs in with the new password.

    Raises:
        Invalid: Under "password" when it breaks the rules; nothing changes.
        NotFound: For a link that is not valid.
    """
    # Hashed before the first query: no transaction (nor SQLite's write lock) is open while
    # argon2 runs.
    password_hash = password_hashing.prehash(password)
    reset, user = find_reset(session=session, token=token)
    if message := password_hashing.password_problem(password):
        raise Invalid({"password": message})
    user.password_hash = password_hash
    reset.used_at = utcnow()
    cancel_resets(session, user.id)
    ended = end_sessions(session, user.id)
    session.commit()
    logger.info("password of user %s reset; %d sessions ended", user.id, ended)
    return user


def change_password(
    *,
    session: Session,
    user: User,
    current_password: str,
    new_password: str,
    keep_token_hash: str | None = None,
) -> int:
    """Change the acting user's own password and end their other sessions.

    Args:
        session: Database session.
        user: The acting (logged-in) user.
        current_password: What they typed as their current password.
        new_password: The new password (the sign-up rules apply).
        keep_token_hash: Hash of the session making the change, which stays logged in.

    Returns:
        How many other sessions were ended.

    Raises:
        Invalid: Under "current_password" or "new_password"; nothing changes.
        RateLimited: After too many wrong current passwords.
        NotFound: When the user is not active any more.
    """
    if not user.is_active:
        raise NotFound("No such user.")
    key = str(user.id)
    if (
        rate_limits.hits(session=session, bucket=CHANGE_BUCKET, key=key, window=CHANGE_WINDOW)
        >= CHANGE_MAX_FAILURES
    ):
        raise RateLimited("Too many wrong passwords. Try again in 15 minutes.")
    errors: dict[str, str] = {}
    if message := password_hashing.password_problem(new_password):
        errors["new_password"] = message
    elif new_password == current_password:
        errors["new_password"] = "Choose a password different from your current one."
    user_id, stored_hash = user.id, user.password_hash
    # End the read: no transaction (nor SQLite's write lock) is open while argon2 runs.
    session.rollback()
    right = bool(current_password) and password_hashing.verify_password(
        stored_hash, current_password
    )
    new_hash = password_hashing.hash_password(new_password) if right and not errors else ""
    if not right:
        rate_limits.record(session=session, bucket=CHANGE_BUCKET, key=key)
        session.commit()
        raise Invalid({"current_password": WRONG_PASSWORD_MESSAGE})
    if errors:
        raise Invalid(errors)
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound("No such user.")
    user.password_hash = new_hash
    session.add(user)
    cancel_resets(session, user.id)
    ended = end_sessions(session, user.id, keep_token_hash=keep_token_hash)
    session.commit()
    logger.info("user %s changed their password; %d other sessions ended", user.id, ended)
    return ended
