"""The team: recruiters invite colleagues as recruiters or hiring managers, and remove them.

An invitation is a link with a random token (only its hash is stored) that expires after
seven days; the colleague opens it, sets a name and password, and is logged in. A removed
member is deactivated (kept for the history of what they did), logged out everywhere, and
can neither log in nor reset their password.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlmodel import Session, func, select

from heymilo_app import routes
from heymilo_app.models import Organization, Role, TeamInvite, User, utcnow
from heymilo_app.services import accounts, passwords
from heymilo_app.services.access import require_recruiter
from heymilo_app.services.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.text import normalize_email
from heymilo_app.settings import get_settings

INVITE_DAYS = 7


# Accepting an invitation for an email that already has an account (one account belongs to
# one organization).
ACCOUNT_ELSEWHERE = (
    "This email already has an account, and an account belongs to one organization. Log in "
    "with it, or ask for an invitation to another email."
)


def invite(*, session: Session, user: User, email: str, role: str) -> str:
    """Invite a colleague to the acting recruiter's organization.

    Args:
        session: Database session.
        user: The acting recruiter.
        email: The colleague's email.
        role: "recruiter" or "hiring_manager".

    Returns:
        The invitation link (shown once; only its hash is kept).

    Raises:
        Invalid: For a bad email, an existing account, or an unknown role.
    """
    require_recruiter(user)
    errors: dict[str, str] = {}
    normalized = ""
    try:
        normalized = normalize_email(email)
    except ValueError as error:
        errors["email"] = str(error)
    # Only a colleague of the same organization is named as taken: whether another
    # organization's user has this email is not the inviter's business (an invitation to it
    # cannot be accepted; the link says so to whoever holds it).
    if (
        normalized
        and session.exec(
            select(User.id).where(
                User.email == normalized, User.organization_id == user.organization_id
            )
        ).first()
    ):
        errors["email"] = "This person is already on your team."
    if role not in {r.value for r in Role}:
        errors["role"] = "Choose recruiter or hiring manager."
    if errors:
        raise Invalid(errors)
    # A new invitation to the same address replaces an open one.
    for old in session.exec(
        select(TeamInvite).where(
            TeamInvite.organization_id == user.organization_id,
            TeamInvite.email == normalized,
            TeamInvite.accepted_at.is_(None),
            TeamInvite.revoked_at.is_(None),
        )
    ).all():
        old.revoked_at = utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        TeamInvite(
            organization_id=user.organization_id,
            email=normalized,
            role=role,
            token_hash=accounts.hash_token(token),
            invited_by_id=user.id,
            expires_at=utcnow() + timedelta(days=INVITE_DAYS),
        )
    )
    session.commit()
    return get_settings().public_base_url.rstrip("/") + routes.join(token)


def open_invites(*, session: Session, user: User) -> list[TeamInvite]:
    """Invitations not yet accepted, revoked or expired.

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        Newest first.
    """
    return list(
        session.exec(
            select(TeamInvite)
            .where(
                TeamInvite.organization_id == user.organization_id,
                TeamInvite.accepted_at.is_(None),
                TeamInvite.revoked_at.is_(None),
                TeamInvite.expires_at > utcnow(),
            )
            .order_by(TeamInvite.created_at.desc())
        ).all()
    )


def revoke(*, session: Session, user: User, invite_id: int) -> None:
    """Withdraw an invitation.

    Args:
        session: Database session.
        user: The acting recruiter.
        invite_id: The invitation.

    Raises:
        NotFound: When it is not the organization's.
    """
    require_recruiter(user)
    found = session.get(TeamInvite, int(invite_id))
    if found is None or found.organization_id != user.organization_id:
        raise NotFound("No such invitation.")
    found.revoked_at = utcnow()
    session.commit()


def find_invite(*, session: Session, token: str) -> tuple[TeamInvite, Organization]:
    """Resolve an invitation link.

    Args:
        session: Database session.
        token: The token of the link.

    Returns:
        The invitation and its organization.

    Raises:
        NotFound: For an unknown, used, withdrawn or expired link.
    """
    found = session.exec(
        select(TeamInvite).where(TeamInvite.token_hash == accounts.hash_token(token or ""))
    ).first()
    if (
        found is None
        or found.accepted_at is not None
        or found.revoked_at is not None
        or found.expires_at <= utcnow()
    ):
        raise NotFound("This invitation link is not valid any more.")
    return found, session.get(Organization, found.organization_id)


def accept(*, session: Session, token: str, full_name: str, password: str) -> accounts.LoginResult:
    """Create the invited colleague's account and log them in.

    Args:
        session: Database session.
        token: The token of the invitation link.
        full_name: Their name.
        password: At least 10 characters.

    Returns:
        The new user and a login session token.

    Raises:
        NotFound: For a link that is not valid.
        Invalid: With a message per field; nothing is created.
    """
    # Hashed before the first query: no transaction is open while argon2 runs.
    password_hash = accounts.prehash(password)
    found, organization = find_invite(session=session, token=token)
    if session.exec(select(User.id).where(User.email == found.email)).first():
        raise Invalid({"form": ACCOUNT_ELSEWHERE})
    user = accounts.add_user(
        session=session,
        organization=organization,
        full_name=full_name,
        email=found.email,
        password=password,
        role=Role(found.role),
        password_hash=password_hash,
    )
    found.accepted_at = utcnow()
    session.commit()
    return accounts.LoginResult(
        user=user, token=accounts.open_session_for(session=session, user=user)
    )


def remove_member(*, session: Session, user: User, member_id: int | str) -> User:
    """Remove a colleague from the organization: deactivate them and end their sessions.

    Args:
        session: Database session.
        user: The acting recruiter.
        member_id: The colleague's user id.

    Returns:
        The removed member (removing one already removed changes nothing).

    Raises:
        PermissionDenied: For hiring managers (and a recruiter removed meanwhile).
        NotFound: For an unknown id or another organization's user.
        Invalid: Under "member" for oneself or the organization's last recruiter.
    """
    require_recruiter(user)
    try:
        member = session.get(User, int(member_id))
    except (TypeError, ValueError):
        member = None
    if member is None or member.organization_id != user.organization_id:
        raise NotFound("No such team member.")
    if member.id == user.id:
        raise Invalid({"member": "You cannot remove yourself."})
    if not member.is_active:
        return member
    # Lock the acting recruiter's row: two recruiters removing each other at once cannot
    # both succeed and leave the organization without one.
    acting = session.exec(
        select(User)
        .where(User.id == user.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if acting is None or not acting.is_active:
        raise PermissionDenied("Only active recruiters can remove colleagues.")
    if member.role == Role.RECRUITER:
        recruiters_left = session.exec(
            select(func.count(User.id)).where(
                User.organization_id == user.organization_id,
                User.role == Role.RECRUITER,
                User.is_active == True,  # noqa: E712 - SQL expression
                User.id != member.id,
            )
        ).one()
        if recruiters_left == 0:
            raise Invalid({"member": "The organization needs at least one recruiter."})
    member.is_active = False
    session.add(member)
    passwords.cancel_resets(session, member.id)
    passwords.end_sessions(session, member.id)
    session.commit()
    return member
