"""Recruiter accounts: sign-up, log in and out, login sessions, password guessing limits.

Passwords are hashed with argon2 (argon2-cffi). A login session is a random
token kept in the browser's cookie; only its SHA-256 is stored, so a copy of
the database logs nobody in.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, delete, func, select

from heymilo_app.models import (
    AuthSession,
    Branding,
    LoginAttempt,
    Organization,
    Role,
    User,
    utcnow,
)
from heymilo_app.services.errors import Invalid, PermissionDenied, RateLimited
from heymilo_app.services.text import normalize_email, random_suffix, slugify
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
LOGIN_FAILED_MESSAGE = "That email and password do not match an account."


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
        errors["email"] = "An account with this email already exists. Log in instead."
    if message := _check_password(password):
        errors["password"] = message
    return errors, normalized


def sign_up(
    *, session: Session, organization_name: str, full_name: str, email: str, password: str
) -> User:
    """Create an organization and its first user, a recruiter.

    Args:
        session: Database session.
        organization_name: Name of the hiring company.
        full_name: The user's name.
        email: The user's email (the login).
        password: At least 10 characters.

    Returns:
        The new user.

    Raises:
        Invalid: With a message per field; nothing is created.
    """
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
        password_hash=hash_password(password),
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
        password_hash=hash_password(password),
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


def _recent_failures(session: Session, email: str) -> tuple[int, object]:
    settings = get_settings()
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    row = session.exec(
        select(func.count(LoginAttempt.id), func.max(LoginAttempt.attempted_at)).where(
            LoginAttempt.email == email,
            LoginAttempt.succeeded == False,  # noqa: E712 - SQL expression
            LoginAttempt.attempted_at >= since,
        )
    ).one()
    return row[0], row[1]


def log_in(*, session: Session, email: str, password: str) -> LoginResult:
    """Check an email and password and open a login session.

    After ``LOGIN_MAX_FAILURES`` failures within ``LOGIN_WINDOW_MINUTES`` for one
    email, further tries are refused until ``LOGIN_LOCKOUT_MINUTES`` after the
    last failure, even with the right password.

    Args:
        session: Database session.
        email: What the user typed as email.
        password: What the user typed as password.

    Returns:
        The user and a new session token.

    Raises:
        Invalid: One generic message under "form" for any wrong email or password.
        RateLimited: When the email is locked out.
    """
    settings = get_settings()
    key = (email or "").strip().lower()
    failures, last_failure = _recent_failures(session, key)
    locked = (
        failures >= settings.login_max_failures
        and last_failure is not None
        and utcnow() - last_failure < timedelta(minutes=settings.login_lockout_minutes)
    )
    if locked:
        raise RateLimited(
            "Too many failed logins for this email. "
            f"Try again in {settings.login_lockout_minutes} minutes."
        )
    user = session.exec(select(User).where(User.email == key)).first() if key else None
    ok = (
        user is not None
        and user.is_active
        and bool(password)
        and verify_password(user.password_hash, password)
    )
    if user is None:
        # Spend the same time as a real check so timing does not reveal which emails exist.
        verify_password(_dummy_hash(), password or "x")
    session.add(LoginAttempt(email=key[:320], succeeded=ok))
    if not ok:
        session.commit()
        raise Invalid({"form": LOGIN_FAILED_MESSAGE})
    if _password_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    token = _open_session(session, user)
    session.commit()
    return LoginResult(user=user, token=token)


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
