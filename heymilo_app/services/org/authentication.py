"""Logging in: an email and password checked, a login session opened.

A wrong email and a wrong password get the same message, and an unknown email costs the same
argon2 time as a known one, so neither the answer nor its timing tells which emails have an
account. Tries are refused during a back-off (``login_limits``) without checking the
password. The password is checked with no transaction open (argon2 is slow; no write lock is
held meanwhile), and a hash made with older parameters is upgraded on a successful login.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from heymilo_app.models import LoginAttempt, User, utcnow
from heymilo_app.services.common.errors import Invalid, RateLimited
from heymilo_app.services.org import login_limits, login_sessions, password_hashing

LOGIN_FAILED_MESSAGE = "That email and password do not match an account."


@dataclass(frozen=True)
class LoginResult:
    """A successful login: the user and the session token for the browser's cookie."""

    user: User
    token: str


def log_in(*, session: Session, email: str, password: str, client_address: str = "") -> LoginResult:
    """Check an email and password and open a login session.

    Failed tries back off rather than lock: after ``LOGIN_MAX_FAILURES`` failures within
    ``LOGIN_WINDOW_MINUTES`` from one address for one email (3x that from one address for any
    emails, 5x for one email from anywhere) the next try waits 1 s after the last failure,
    then 2, 4, 8 ... up to ``LOGIN_LOCKOUT_MINUTES``. A try during the wait is refused without
    checking the password and is not counted, so someone guessing from elsewhere cannot shut
    the owner out for long, and the owner gets one email saying that their password is being
    guessed (``login_limits.alert_owner``). The password is checked with no transaction open
    (argon2 is slow; no write lock is held meanwhile).

    Args:
        session: Database session.
        email: What the user typed as email.
        password: What the user typed as password.
        client_address: The browser's address, as Reflex saw it.

    Returns:
        The user and a new session token.

    Raises:
        Invalid: One generic message under "form" for any wrong email or password.
        RateLimited: During a back-off, saying how long to wait.
    """
    key = (email or "").strip().lower()[:320]
    address = (client_address or "")[:64]
    left = login_limits.wait_left(session, key, address)
    if left > 0:
        session.rollback()
        raise RateLimited(
            f"Too many failed logins. Try again in {login_limits.duration(left)}, "
            "or reset your password."
        )
    user = session.exec(select(User).where(User.email == key)).first() if key else None
    user_id, stored_hash = (user.id, user.password_hash) if user is not None else (None, "")
    active = user is not None and user.is_active
    # End the read: no transaction is open while argon2 runs.
    session.rollback()
    if user_id is None:
        # Spend the same time as a real check so timing does not reveal which emails exist.
        password_hashing.verify_password(password_hashing.dummy_hash(), password or "x")
        ok = False
    else:
        ok = active and bool(password) and password_hashing.verify_password(stored_hash, password)
    session.add(LoginAttempt(email=key, client_address=address, succeeded=ok))
    if not ok:
        session.commit()
        if user_id is not None and active:
            login_limits.alert_owner(session, user_id, key)
        raise Invalid({"form": LOGIN_FAILED_MESSAGE})
    user = session.get(User, user_id)
    if password_hashing.needs_rehash(stored_hash):
        user.password_hash = password_hashing.hash_password(password)
    user.last_login_at = utcnow()
    token = login_sessions.add_session(session, user)
    session.commit()
    return LoginResult(user=user, token=token)
