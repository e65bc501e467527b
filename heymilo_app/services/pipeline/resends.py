"""Invitations sent again: a recruiter's resend, with the deadline extended when asked."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Channel,
    Organization,
    OutboundMessage,
    User,
    utcnow,
)
from heymilo_app.services.common.access import owned_application, require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.messaging import messaging_policy
from heymilo_app.services.pipeline.invitations import invite


def _sent_count(session: Session, application: Application, kind: str) -> int:
    """How many invitations (of this kind) the application already has, counted by email."""
    return session.exec(
        select(func.count(OutboundMessage.id)).where(
            OutboundMessage.application_id == application.id,
            OutboundMessage.kind == kind,
            OutboundMessage.channel == Channel.EMAIL,
        )
    ).one()


def resend(
    *,
    session: Session,
    application: Application,
    sender: User | None = None,
    extend_days: int | None = None,
) -> list[OutboundMessage]:
    """Send a new invitation, extending the deadline first when asked.

    Args:
        session: Database session (the caller commits).
        application: The application.
        sender: The recruiter.
        extend_days: Days from now the link stays valid; None keeps the deadline.

    Returns:
        The new messages.
    """
    if extend_days is not None:
        application.expires_at = utcnow() + timedelta(days=extend_days)
    if application.invited_at is None:
        # Added without inviting: this first invitation starts its clock, like any other.
        organization = session.get(Organization, application.organization_id)
        application.invited_at = utcnow()
        if application.expires_at is None:
            application.expires_at = application.invited_at + timedelta(
                days=messaging_policy.invitation_days(organization)
            )
    # A new number makes new dedupe keys: this is a second invitation, not a repeat.
    return invite(
        session=session,
        application=application,
        sender=sender,
        number=_sent_count(session, application, "invitation") + 1,
    )


# An invitation can be sent again while the application can still be answered.
RESENDABLE = (
    ApplicationStatus.INVITED,
    ApplicationStatus.IN_PROGRESS,
    ApplicationStatus.EXPIRED,
)


def resend_as(
    *, session: Session, user: User, application_id: int, extend: bool = False
) -> Application:
    """A recruiter sends an application's invitation again, extending its deadline if asked.

    Extending gives the link the organization's full validity again (from now) and reopens
    a lapsed invitation; a lapsed one cannot be resent without extending.

    Args:
        session: Database session.
        user: The acting recruiter.
        application_id: The application.
        extend: Whether to extend the deadline first.

    Returns:
        The application.

    Raises:
        NotFound: When it is not the user's organization's.
        PermissionDenied: For hiring managers.
        Invalid: When it is finished, or lapsed and not extended.
    """
    require_recruiter(user)
    application = owned_application(session, user, application_id)
    status = application.status
    if status not in RESENDABLE:
        raise Invalid({"application": f"This application is {status.replace('_', ' ')}."})
    if not extend and messaging_policy.lapsed(application):
        raise Invalid({"application": "The invitation has lapsed: extend it to send it again."})
    days = None
    if extend:
        organization = session.get(Organization, application.organization_id)
        days = messaging_policy.invitation_days(organization)
        if status == ApplicationStatus.EXPIRED:
            application.status = (
                ApplicationStatus.IN_PROGRESS
                if application.started_at
                else ApplicationStatus.INVITED
            )
    resend(session=session, application=application, sender=user, extend_days=days)
    session.commit()
    return application
