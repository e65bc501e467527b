"""Team invitations: recruiters invite colleagues as recruiters or hiring managers.

An invitation is a link with a random token (only its hash is stored) that expires after
seven days. It is emailed through the outbox (the link is also shown once, to copy); the
colleague opens it, sets a name and password, and is logged in. An open invitation to the
same address is replaced: with the same role it is a reminder, with another role only when
the recruiter confirms. Members and their roles are ``team``.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from heymilo_app import routes
from heymilo_app.models import Channel, Organization, Role, TeamInvite, User, utcnow
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.common.text import normalize_email
from heymilo_app.services.messaging import outbox
from heymilo_app.services.org import (
    accounts,
    authentication,
    login_sessions,
    password_hashing,
    team,
)
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

INVITE_DAYS = 7
# The outbox kind of the invitation email.
INVITE_KIND = "team_invite"


# Accepting an invitation for an email that already has an account (one account belongs to
# one organization).
ACCOUNT_ELSEWHERE = (
    "This email already has an account, and an account belongs to one organization. Log in "
    "with it, or ask for an invitation to another email."
)


ROLE_DUTIES = {
    Role.RECRUITER: "Recruiters build interviews, invite candidates and decide.",
    Role.HIRING_MANAGER: "Hiring managers read interview reports, comment and rate.",
}


class RoleConflict(Invalid):
    """The address already has an open invitation with another role (nothing changed).

    Args:
        email: The normalized address.
        current_role: The role of the open invitation.
        requested_role: The role asked for now.
    """

    def __init__(self, email: str, current_role: str, requested_role: str):
        self.email = email
        self.current_role = current_role
        self.requested_role = requested_role
        current, requested = team.role_name(current_role), team.role_name(requested_role)
        super().__init__(
            {
                "email": f"{email} is already invited as {current}. "
                f"Confirm to invite them as {requested} instead."
            }
        )


@dataclass(frozen=True)
class Invited:
    """What ``invite_colleague`` did.

    Attributes:
        link: The new invitation link (emailed; only its hash is kept).
        email: The normalized address.
        role: The invitation's role.
        resent: The address had an open invitation with the same role: it was replaced by
            this one and emailed again (the earlier link no longer works).
        role_changed: The address had an open invitation with another role, replaced on
            the caller's confirmation.
    """

    link: str
    email: str
    role: str
    resent: bool = False
    role_changed: bool = False


def invite(
    *, session: Session, user: User, email: str, role: str, change_role: bool = False
) -> str:
    """Invite a colleague and return the link (see ``invite_colleague``).

    Args:
        session: Database session.
        user: The acting recruiter.
        email: The colleague's email.
        role: "recruiter" or "hiring_manager".
        change_role: Replace an open invitation with another role.

    Returns:
        The invitation link.
    """
    return invite_colleague(
        session=session, user=user, email=email, role=role, change_role=change_role
    ).link


def invite_colleague(
    *, session: Session, user: User, email: str, role: str, change_role: bool = False
) -> Invited:
    """Invite a colleague to the acting recruiter's organization and email them the link.

    The email (through the outbox) names the organization, the inviter and the role. An open
    invitation to the same address is replaced: with the same role, this is a reminder (a
    new link is emailed, the earlier one stops working); with another role, only when the
    caller confirms with ``change_role``.

    Args:
        session: Database session.
        user: The acting recruiter.
        email: The colleague's email.
        role: "recruiter" or "hiring_manager".
        change_role: The caller confirmed replacing an open invitation with another role.

    Returns:
        The link and what happened to an earlier invitation.

    Raises:
        PermissionDenied: For hiring managers.
        RoleConflict: For an open invitation with another role, without ``change_role``.
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
    now = utcnow()
    earlier = session.exec(
        select(TeamInvite).where(
            TeamInvite.organization_id == user.organization_id,
            TeamInvite.email == normalized,
            TeamInvite.accepted_at.is_(None),
            TeamInvite.revoked_at.is_(None),
        )
    ).all()
    # An expired invitation is not waiting any more: replacing it needs no confirmation.
    waiting = [old for old in earlier if old.expires_at > now]
    other_role = next((old.role for old in waiting if old.role != role), None)
    if other_role is not None and not change_role:
        session.rollback()
        raise RoleConflict(normalized, other_role, role)
    for old in earlier:
        old.revoked_at = now
    token = secrets.token_urlsafe(32)
    invitation = TeamInvite(
        organization_id=user.organization_id,
        email=normalized,
        role=role,
        token_hash=password_hashing.hash_token(token),
        invited_by_id=user.id,
        expires_at=now + timedelta(days=INVITE_DAYS),
    )
    session.add(invitation)
    link = get_settings().public_base_url.rstrip("/") + routes.join(token)
    _email_invitation(session=session, user=user, invitation=invitation, link=link)
    session.commit()
    logger.info("team invitation queued for organization %s", user.organization_id)
    return Invited(
        link=link,
        email=normalized,
        role=role,
        resent=bool(waiting) and other_role is None,
        role_changed=other_role is not None,
    )


def _email_invitation(*, session: Session, user: User, invitation: TeamInvite, link: str) -> None:
    """Queue the invitation email (the caller commits)."""

    settings = get_settings()
    organization = session.get(Organization, user.organization_id)
    role = Role(invitation.role)
    outbox.enqueue(
        session=session,
        organization_id=user.organization_id,
        channel=Channel.EMAIL,
        kind=INVITE_KIND,
        to_address=invitation.email,
        subject=f"{user.full_name} invited you to join {organization.name}",
        body=(
            f"Hi,\n\n{user.full_name} invited you to join {organization.name} on Open "
            f"Interview as a {team.ROLE_NAMES[role].lower()}. {ROLE_DUTIES[role]}\n\n"
            f"Choose your name and password here (the link works once, until "
            f"{invitation.expires_at:%b %d, %Y}):\n\n{link}\n\n"
            "If you did not expect this, ignore this email: nothing happens unless you open "
            f"the link.\n\n{organization.name} · Open Interview"
        ),
        payload={
            "from_email": settings.email_from,
            "from_name": settings.email_from_name or organization.name,
        },
        # Not the invitation's id: ids of deleted rows come back on SQLite.
        dedupe_key=f"{INVITE_KIND}:{invitation.token_hash}",
    )


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
        select(TeamInvite).where(TeamInvite.token_hash == password_hashing.hash_token(token or ""))
    ).first()
    if (
        found is None
        or found.accepted_at is not None
        or found.revoked_at is not None
        or found.expires_at <= utcnow()
    ):
        raise NotFound("This invitation link is not valid any more.")
    return found, session.get(Organization, found.organization_id)


def accept(
    *, session: Session, token: str, full_name: str, password: str
) -> authentication.LoginResult:
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
    password_hash = password_hashing.prehash(password)
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
    return authentication.LoginResult(
        user=user, token=login_sessions.open_session_for(session=session, user=user)
    )
