"""The team: an organization's members, their roles, and removing them.

Recruiters change a member's role between recruiter and hiring manager; the organization
always keeps one active recruiter, checked under row locks so two recruiters demoting or
removing each other at once cannot both succeed. A removed member is deactivated (kept for
the history of what they did), logged out everywhere, and can neither log in nor reset their
password. Invitations to join are ``team_invites``.
"""

from __future__ import annotations

import logging

from sqlmodel import Session, func, select

from heymilo_app.models import Role, User
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.org import passwords

logger = logging.getLogger(__name__)

ROLE_NAMES = {Role.RECRUITER: "Recruiter", Role.HIRING_MANAGER: "Hiring manager"}
LAST_RECRUITER = "{name} is the organization's last recruiter. Make someone else a recruiter first."


def role_name(role: str) -> str:
    """A role as people read it.

    Args:
        role: "recruiter" or "hiring_manager".

    Returns:
        "Recruiter" or "Hiring manager" (the value itself when unknown).
    """
    try:
        return ROLE_NAMES[Role(role)]
    except ValueError:
        return role


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


def change_role(*, session: Session, user: User, member_id: int | str, role: str) -> User:
    """Make a colleague a recruiter or a hiring manager.

    The organization keeps at least one active recruiter: its last one (also the acting
    recruiter, about themselves) cannot become a hiring manager.

    Args:
        session: Database session.
        user: The acting recruiter.
        member_id: The colleague's user id.
        role: "recruiter" or "hiring_manager".

    Returns:
        The member (already in the role: nothing changes).

    Raises:
        PermissionDenied: For hiring managers (and a recruiter removed or demoted meanwhile).
        NotFound: For an unknown id or another organization's user.
        Invalid: Under "role" for an unknown role, under "member" for a removed member or the
            organization's last recruiter.
    """
    require_recruiter(user)
    try:
        new_role = Role(role)
    except ValueError:
        raise Invalid({"role": "Choose recruiter or hiring manager."}) from None
    try:
        member = session.get(User, int(member_id))
    except (TypeError, ValueError):
        member = None
    if member is None or member.organization_id != user.organization_id:
        raise NotFound("No such team member.")
    # Lock the organization's recruiters, in id order: two recruiters demoting each other
    # (or themselves) at once cannot both succeed and leave it without one. Read afresh,
    # since another recruiter may have changed the acting user's role meanwhile.
    recruiters = session.exec(
        select(User)
        .where(
            User.organization_id == user.organization_id,
            User.role == Role.RECRUITER,
            User.is_active == True,  # noqa: E712 - SQL expression
        )
        .order_by(User.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    if user.id not in {r.id for r in recruiters}:
        session.rollback()
        raise PermissionDenied("Only active recruiters can change a colleague's role.")
    session.refresh(member)
    if not member.is_active:
        session.rollback()
        raise Invalid({"member": f"{member.full_name} was removed from the team."})
    if member.role == new_role:
        session.rollback()
        return member
    if new_role == Role.HIRING_MANAGER and not [r for r in recruiters if r.id != member.id]:
        session.rollback()
        raise Invalid({"member": LAST_RECRUITER.format(name=member.full_name)})
    member.role = new_role
    session.add(member)
    session.commit()
    logger.info("user %s changed the role of user %s to %s", user.id, member.id, new_role)
    return member
