"""Recruiter accounts: signing up an organization, adding its users, emailing a user.

Signing up creates an organization with its branding and its first user, a recruiter; a
recruiter (or the command line) adds colleagues with a role. Each form field is checked before
anything is created, sign-ups are limited per client address, and the password is hashed
(``password_hashing``) before the first query so no transaction is open while argon2 runs.
Emails about an account (a reset link, a login alert) go through the outbox from here.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import Session, select

from heymilo_app.models import Branding, Channel, Organization, Role, User
from heymilo_app.services.common import rate_limits
from heymilo_app.services.common.errors import Invalid, PermissionDenied, RateLimited
from heymilo_app.services.common.text import normalize_email, random_suffix, slugify
from heymilo_app.services.messaging import outbox
from heymilo_app.services.org import password_hashing
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

# Sign-up with an email that has an account: no more than the form must say, and the way on.
EMAIL_TAKEN = (
    "This email cannot be used for a new account. If it is yours, log in, or reset your "
    "password from the login page."
)
# Sign-ups an hour from one client address (each one also tells whether an email is free).
SIGNUPS_PER_ADDRESS = 10


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
    if message := password_hashing.password_problem(password):
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
    password_hash = password_hashing.prehash(password)
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
        password_hash=password_hash or password_hashing.hash_password(password),
        role=Role(role),
    )
    session.add(user)
    session.commit()
    return user


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
