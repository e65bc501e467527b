"""Recruiter accounts: sign-up, log in and out, login sessions, password guessing limits.

Passwords are hashed with argon2 (argon2-cffi). A login session is a random
token kept in the browser's cookie; only its SHA-256 is stored, so a copy of
the database logs nobody in.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import hashlib
import logging
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, delete, func, select

from heymilo_app.models import (
    AuthSession,
    Branding,
    Channel,
    LoginAttempt,
    Organization,
    Role,
    User,
    utcnow,
)
from heymilo_app.services.common import rate_limits
from heymilo_app.services.common.errors import Invalid, PermissionDenied, RateLimited
from heymilo_app.services.common.text import normalize_email, random_suffix, slugify
from heymilo_app.services.messaging import outbox
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

T = TypeVar("T")

MIN_PASSWORD_LENGTH = 10
LOGIN_FAILED_MESSAGE = "That email and password do not match an account."
# Sign-up with an email that has an account: no more than the form must say, and the way on.
EMAIL_TAKEN = (
    "This email cannot be used for a new account. If it is yours, log in, or reset your "
    "password from the login page."
)
# Sign-ups an hour from one client address (each one also tells whether an email is free).
SIGNUPS_PER_ADDRESS = 10


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


def _check_password(password: str) -> str | None:
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
    return "" if _check_password(password) else hash_password(password)


def _unique_org_slug(session: Session, name: str) -> str:
    base = slugify(name, max_length=60)
    slug = base
    while session.exec(select(Organization.id).where(Organization.slug == slug)).first():
        slug = f"{base}-{random_suffix(4)}"
    return slug


def _validated_user_fields(
    session: Session, *, full_name: str, email: str, password: str
) -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    if not full_name.strip():
        errors["full_name"] = "Enter your name."
    normalized = ""
    try:
        normalized = normalize_email(email)
    except ValueError as error:
        errors["email"] = str(error)
    if normalized and session.exec(select(User.id).where(User.email == normalized)).first():
        errors["email"] = EMAIL_TAKEN
    if message := _check_password(password):
        errors["password"] = message
    return errors, normalized


def sign_up(
    *,
    session: Session,
    organization_name: str,
    full_name: str,
    email: str,
    password: str,
    client_address: str = "",
) -> User:
    """Create an organization and its first user, a recruiter.

    Args:
        session: Database session.
        organization_name: Name of the hiring company.
        full_name: The user's name.
        email: The user's email (the login).
        password: At least 10 characters.
        client_address: The browser's address (sign-ups are limited per address).

    Returns:
        The new user.

    Raises:
        Invalid: With a message per field; nothing is created.
        RateLimited: Past ``SIGNUPS_PER_ADDRESS`` sign-ups an hour from the address.
    """
    # Hashed before the first query: no transaction (nor SQLite's write lock) is open while
    # argon2 runs.
    password_hash = prehash(password)
    if client_address and not rate_limits.allow(
        session=session,
        bucket="signup-address",
        key=client_address[:64],
        limit=SIGNUPS_PER_ADDRESS,
        window=timedelta(hours=1),
    ):
        session.rollback()
        raise RateLimited("Too many sign-ups from this network. Try again in an hour.")
    session.commit()
    errors, normalized = _validated_user_fields(
        session, full_name=full_name, email=email, password=password
    )
    if not organization_name.strip():
        errors["organization_name"] = "Enter the name of your organization."
    if errors:
        raise Invalid(errors)
    organization = Organization(
        name=organization_name.strip(), slug=_unique_org_slug(session, organization_name)
    )
    session.add(organization)
    session.flush()
    session.add(Branding(organization_id=organization.id))
    user = User(
        organization_id=organization.id,
        email=normalized,
        full_name=full_name.strip(),
        password_hash=password_hash,
        role=Role.RECRUITER,
    )
    session.add(user)
    session.commit()
    logger.info("organization %s signed up", organization.slug)
    return user


def add_user(
    *,
    session: Session,
    organization: Organization,
    full_name: str,
    email: str,
    password: str,
    role: Role,
    acting_user: User | None = None,
    password_hash: str = "",
) -> User:
    """Add a user to an existing organization.

    Args:
        session: Database session.
        organization: The organization the user joins.
        full_name: The user's name.
        email: The login email.
        password: At least 10 characters.
        role: Recruiter or hiring manager.
        acting_user: The recruiter adding them; None for the command line.
        password_hash: ``prehash(password)``, when the caller hashed before its first query.

    Returns:
        The new user.

    Raises:
        PermissionDenied: When the acting user is not a recruiter of the organization.
        Invalid: With a message per field; nothing is created.
    """
    if acting_user is not None and (
        acting_user.organization_id != organization.id or acting_user.role != Role.RECRUITER
    ):
        raise PermissionDenied("Only recruiters of this organization can add users.")
    errors, normalized = _validated_user_fields(
        session, full_name=full_name, email=email, password=password
    )
    if role not in set(Role):
        errors["role"] = "Choose recruiter or hiring manager."
    if errors:
        raise Invalid(errors)
    user = User(
        organization_id=organization.id,
        email=normalized,
        full_name=full_name.strip(),
        password_hash=password_hash or hash_password(password),
        role=Role(role),
    )
    session.add(user)
    session.commit()
    return user


@dataclass(frozen=True)
class LoginResult:
    """A successful login: the user and the session token for the browser's cookie."""

    user: User
    token: str


# At most this many passwords are hashed or checked at once (argon2 takes tens of
# milliseconds and 64 MB each); more wait their turn in the pool, off the event loop.
HASHING = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")

# Failed logins from one address for any emails, and for one email from any addresses,
# before back-off starts: multiples of LOGIN_MAX_FAILURES (the threshold of one address
# trying one email).
ADDRESS_FACTOR = 3
EMAIL_FACTOR = 5


async def off_the_loop(work: Callable[[], T]) -> T:
    """Run password work (hashing, or a whole login) in the bounded hashing pool.

    Args:
        work: What to run; it opens its own database session if it needs one.

    Returns:
        What it returned.
    """
    return await asyncio.get_running_loop().run_in_executor(HASHING, work)


def _failures(session: Session, since, **match: str) -> tuple[int, object]:
    row = session.exec(
        select(func.count(LoginAttempt.id), func.max(LoginAttempt.attempted_at)).where(
            *(getattr(LoginAttempt, column) == value for column, value in match.items()),
            LoginAttempt.succeeded == False,  # noqa: E712 - SQL expression
            LoginAttempt.attempted_at >= since,
        )
    ).one()
    return row[0], row[1]


def backoff_seconds(failures: int, threshold: int) -> float:
    """How long after the last failure the next try waits.

    Args:
        failures: Failed tries within the window.
        threshold: Failures allowed before back-off starts.

    Returns:
        0 under the threshold, then 1, 2, 4 ... seconds, at most ``LOGIN_LOCKOUT_MINUTES``.
    """
    if failures < threshold:
        return 0.0
    cap = get_settings().login_lockout_minutes * 60.0
    return min(cap, 2.0 ** min(failures - threshold, 30))


def _wait_left(session: Session, email: str, address: str) -> float:
    """Seconds before this email may be tried from this address (0: now)."""
    settings = get_settings()
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    threshold = settings.login_max_failures
    checks = [(_failures(session, since, email=email, client_address=address), threshold)]
    if address:
        checks.append(
            (_failures(session, since, client_address=address), threshold * ADDRESS_FACTOR)
        )
    checks.append((_failures(session, since, email=email), threshold * EMAIL_FACTOR))
    now = utcnow()
    left = 0.0
    for (count, last), limit in checks:
        wait = backoff_seconds(count, limit)
        if wait and last is not None:
            left = max(left, wait - (now - last).total_seconds())
    return left


def log_in(*, session: Session, email: str, password: str, client_address: str = "") -> LoginResult:
    """Check an email and password and open a login session.

    Failed tries back off rather than lock: after ``LOGIN_MAX_FAILURES`` failures within
    ``LOGIN_WINDOW_MINUTES`` from one address for one email (3x that from one address for any
    emails, 5x for one email from anywhere) the next try waits 1 s after the last failure,
    then 2, 4, 8 ... up to ``LOGIN_LOCKOUT_MINUTES``. A try during the wait is refused without
    checking the password and is not counted, so someone guessing from elsewhere cannot shut
    the owner out for long, and the owner gets one email saying that their password is being
    guessed (``_alert_owner``). The password is checked with no transaction open (argon2 is
    slow; no write lock is held meanwhile).

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
    left = _wait_left(session, key, address)
    if left > 0:
        session.rollback()
        raise RateLimited(
            f"Too many failed logins. Try again in {_duration(left)}, or reset your password."
        )
    user = session.exec(select(User).where(User.email == key)).first() if key else None
    user_id, stored_hash = (user.id, user.password_hash) if user is not None else (None, "")
    active = user is not None and user.is_active
    # End the read: no transaction is open while argon2 runs.
    session.rollback()
    if user_id is None:
        # Spend the same time as a real check so timing does not reveal which emails exist.
        verify_password(_dummy_hash(), password or "x")
        ok = False
    else:
        ok = active and bool(password) and verify_password(stored_hash, password)
    session.add(LoginAttempt(email=key, client_address=address, succeeded=ok))
    if not ok:
        session.commit()
        if user_id is not None and active:
            _alert_owner(session, user_id, key)
        raise Invalid({"form": LOGIN_FAILED_MESSAGE})
    user = session.get(User, user_id)
    if _password_hasher().check_needs_rehash(stored_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    token = _open_session(session, user)
    session.commit()
    return LoginResult(user=user, token=token)


def _duration(seconds: float) -> str:
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _alert_owner(session: Session, user_id: int, email: str) -> None:
    """Email the account's owner once when failed logins for their email start backing off.

    Sent when the failures of the window reach ``LOGIN_MAX_FAILURES`` (from any address), at
    most once a day per account (``rate_limits``); committed here.
    """
    settings = get_settings()
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    count, _ = _failures(session, since, email=email)
    if count != settings.login_max_failures:
        return
    if not rate_limits.allow(
        session=session, bucket="login-alert", key=email, limit=1, window=timedelta(days=1)
    ):
        session.rollback()
        return
    user = session.get(User, user_id)
    organization = session.get(Organization, user.organization_id)
    email_user(
        session=session,
        user=user,
        kind="login_alert",
        subject="Failed sign-ins to your account",
        text=(
            f"There were {count} failed sign-ins to your {organization.name} account in the "
            f"last {settings.login_window_minutes} minutes. Further tries now wait a little "
            "longer each time; you can still sign in with your password.\n\nIf it was not "
            'you, someone may be guessing your password: choose a new one with "Forgot your '
            'password?" on the login page.'
        ),
        dedupe_key=f"login_alert:{user.id}:{utcnow():%Y-%m-%d}",
    )
    session.commit()
    logger.warning("failed logins for user %s are backing off; the owner was emailed", user.id)


def email_user(
    *, session: Session, user: User, kind: str, subject: str, text: str, dedupe_key: str
) -> None:
    """Queue an email about their account to a user (a reset link, a login alert).

    Greeted by name, signed by the organization, sent from its name; the caller commits.

    Args:
        session: Database session.
        user: The recipient.
        kind: The message's kind ("password_reset", "login_alert").
        subject: The subject.
        text: The paragraphs between the greeting and the signature.
        dedupe_key: Makes a repeat of the same email a no-op.
    """

    settings = get_settings()
    organization = session.get(Organization, user.organization_id)
    outbox.enqueue(
        session=session,
        organization_id=user.organization_id,
        channel=Channel.EMAIL,
        kind=kind,
        to_address=user.email,
        subject=subject,
        body=f"Hi {user.full_name},\n\n{text}\n\n{organization.name} · Open Interview",
        payload={
            "from_email": settings.email_from,
            "from_name": settings.email_from_name or organization.name,
        },
        dedupe_key=dedupe_key,
    )


@functools.cache
def _dummy_hash() -> str:
    return _password_hasher().hash(secrets.token_hex(16))


def _open_session(session: Session, user: User) -> str:
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
    token = _open_session(session, user)
    session.commit()
    return token


# A login is handed from the websocket to the browser's cookie through a ticket: the login
# session's row, under a token of its own that works for this long and once.
TICKET_SECONDS = 60


def to_ticket(*, session: Session, token: str) -> str:
    """Turn a just-opened login session into a single-use ticket for the cookie endpoint.

    The event that logged the user in cannot set an HttpOnly cookie (only an HTTP answer
    can), so the browser is sent to ``/api/session/{ticket}``, which redeems it.

    Args:
        session: Database session.
        token: The session token ``log_in``, ``sign_up`` or ``team.accept`` returned.

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


def list_team(*, session: Session, user: User) -> list[User]:
    """List the users of the acting user's organization.

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        Users by name.
    """
    return list(
        session.exec(
            select(User)
            .where(User.organization_id == user.organization_id)
            .order_by(User.full_name, User.id)
        ).all()
    )
