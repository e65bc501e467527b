"""Login sessions: the random token in the browser's cookie, and the ticket that hands it over.

A login session is a random token kept in the browser's HttpOnly cookie; only its SHA-256 is
stored (``AuthSession``). The websocket event that logs a user in cannot set that cookie, so
the new session is first turned into a single-use ticket that works for a minute, and the
cookie endpoint redeems it for the token the cookie keeps. A token finds its user while the
session is unexpired and the user active; logging out deletes the session.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlmodel import Session, delete, select

from heymilo_app.models import AuthSession, User, utcnow
from heymilo_app.services.org.password_hashing import hash_token
from heymilo_app.settings import get_settings

# A login is handed from the websocket to the browser's cookie through a ticket: the login
# session's row, under a token of its own that works for this long and once.
TICKET_SECONDS = 60


def add_session(session: Session, user: User) -> str:
    """Add a new login session for a user (the caller commits).

    Args:
        session: Database session.
        user: The user.

    Returns:
        The session token for the browser's cookie.
    """
    token = secrets.token_urlsafe(32)
    session.add(
        AuthSession(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(days=get_settings().session_days),
        )
    )
    return token


def open_session_for(*, session: Session, user: User) -> str:
    """Open a login session for a user who just signed up.

    Args:
        session: Database session.
        user: The user.

    Returns:
        The session token for the browser's cookie.
    """
    token = add_session(session, user)
    session.commit()
    return token


def to_ticket(*, session: Session, token: str) -> str:
    """Turn a just-opened login session into a single-use ticket for the cookie endpoint.

    The event that logged the user in cannot set an HttpOnly cookie (only an HTTP answer
    can), so the browser is sent to ``/api/session/{ticket}``, which redeems it.

    Args:
        session: Database session.
        token: The session token ``log_in``, ``sign_up`` or ``team_invites.accept`` returned.

    Returns:
        The ticket; "" when the token is not a session.
    """
    row = session.exec(
        select(AuthSession).where(AuthSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        return ""
    ticket = secrets.token_urlsafe(32)
    row.token_hash = hash_token(ticket)
    row.expires_at = utcnow() + timedelta(seconds=TICKET_SECONDS)
    session.commit()
    return ticket


def redeem_ticket(*, session: Session, ticket: str) -> str | None:
    """Exchange a ticket for the session token the cookie keeps (once, within a minute).

    Args:
        session: Database session.
        ticket: From the URL.

    Returns:
        The new session token, or None for an unknown, used or expired ticket.
    """
    if not ticket or len(ticket) > 100:
        return None
    now = utcnow()
    row = session.exec(
        select(AuthSession).where(
            AuthSession.token_hash == hash_token(ticket),
            AuthSession.expires_at > now,
            # Only tickets: a full session's token is no ticket.
            AuthSession.expires_at <= now + timedelta(seconds=TICKET_SECONDS),
        )
    ).first()
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or user is None or not user.is_active:
        session.rollback()
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash = hash_token(token)
    row.expires_at = now + timedelta(days=get_settings().session_days)
    session.commit()
    return token


def user_for_token(*, session: Session, token: str) -> User | None:
    """Find the active user a login session token belongs to.

    Args:
        session: Database session.
        token: The token from the browser's cookie.

    Returns:
        The user, or None for an unknown, expired or revoked token.
    """
    if not token:
        return None
    row = session.exec(
        select(User, AuthSession)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(AuthSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        return None
    user, auth_session = row
    if auth_session.expires_at <= utcnow() or not user.is_active:
        return None
    return user


def log_out(*, session: Session, token: str) -> None:
    """End the login session of a token (no error when it is unknown).

    Args:
        session: Database session.
        token: The token from the browser's cookie.
    """
    if token:
        session.exec(delete(AuthSession).where(AuthSession.token_hash == hash_token(token)))
        session.commit()
