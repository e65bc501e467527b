"""Organization API keys for the ATS API: created once, stored hashed, checked on each call."""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from heymilo_app.models import ApiKey, Organization, User, utcnow
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.org.password_hashing import hash_token

KEY_PREFIX = "hm_"


def create_api_key(*, session: Session, organization: Organization, name: str = "") -> str:
    """Create an API key for an organization.

    Args:
        session: Database session.
        organization: Owner of the key.
        name: A label to tell keys apart.

    Returns:
        The key itself, which is shown once and never stored.
    """
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiKey(
            organization_id=organization.id,
            name=name.strip()[:200],
            prefix=key[:10],
            key_hash=hash_token(key),
        )
    )
    session.commit()
    return key


def organization_for_key(*, session: Session, key: str) -> Organization | None:
    """Find the organization an API key belongs to, and note its use.

    Args:
        session: Database session.
        key: The key from an ``Authorization: Bearer`` header.

    Returns:
        The organization, or None for an unknown or revoked key.
    """
    if not key or not key.startswith(KEY_PREFIX):
        return None
    api_key = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_token(key))).first()
    if api_key is None or api_key.revoked_at is not None:
        return None
    api_key.last_used_at = utcnow()
    session.commit()
    return session.get(Organization, api_key.organization_id)


def find_organization(*, session: Session, slug: str | None) -> Organization:
    """Pick an organization by slug, or the only one when no slug is given.

    Args:
        session: Database session.
        slug: Organization slug, or None.

    Returns:
        The organization.

    Raises:
        NotFound: When the slug is unknown, or no slug is given and there is not exactly one.
    """
    if slug:
        organization = session.exec(select(Organization).where(Organization.slug == slug)).first()
        if organization is None:
            raise NotFound(f"No organization with slug {slug!r}.")
        return organization
    organizations = session.exec(select(Organization).limit(2)).all()
    if len(organizations) != 1:
        raise NotFound(
            "There is no organization yet."
            if not organizations
            else "There are several organizations: name one with --org SLUG."
        )
    return organizations[0]


def list_api_keys(*, session: Session, user: User) -> list[ApiKey]:
    """List the API keys of the user's organization (never the keys themselves).

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        Newest first.
    """
    return list(
        session.exec(
            select(ApiKey)
            .where(ApiKey.organization_id == user.organization_id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
        ).all()
    )


def create_api_key_as(*, session: Session, user: User, name: str) -> str:
    """Create an API key for the acting recruiter's organization.

    Args:
        session: Database session.
        user: The acting user; must be a recruiter.
        name: A label for the key.

    Returns:
        The key, shown once.

    Raises:
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    organization = session.get(Organization, user.organization_id)
    return create_api_key(session=session, organization=organization, name=name or "Settings page")


def revoke_api_key(*, session: Session, user: User, key_id: int) -> None:
    """Revoke one of the organization's API keys.

    Args:
        session: Database session.
        user: The acting user; must be a recruiter.
        key_id: The key's id.

    Raises:
        PermissionDenied: For hiring managers.
        NotFound: When the key is not the organization's.
    """
    require_recruiter(user)
    api_key = session.get(ApiKey, key_id)
    if api_key is None or api_key.organization_id != user.organization_id:
        raise NotFound("No such API key.")
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        session.commit()
