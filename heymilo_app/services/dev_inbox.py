"""The dev inbox: messages kept in the outbox when no provider is configured."""

from __future__ import annotations

from sqlmodel import Session, select

from heymilo_app.models import Candidate, MessageStatus, OutboundMessage, User
from heymilo_app.services import message_log, sms_inbound
from heymilo_app.services.errors import NotFound
from heymilo_app.settings import get_settings


def status_label(message: OutboundMessage) -> str:
    """Where a message is, in the words recruiters see it in ("waiting for business hours",
    "retrying", "not sent"); what the inbox holds is "delivered offline".

    Args:
        message: The outbox row.

    Returns:
        A lower-case label.
    """
    if message.status == MessageStatus.DELIVERED_OFFLINE:
        return "delivered offline"
    return message_log.delivery(message).label.lower()


def enabled() -> bool:
    """Whether the dev inbox is on: only while email and SMS are both offline.

    Returns:
        True offline.
    """
    settings = get_settings()
    return settings.email_offline and settings.sms_offline


def list_messages(*, session: Session, user: User, limit: int = 200) -> list[OutboundMessage]:
    """The organization's newest outbox messages.

    Args:
        session: Database session.
        user: The acting user.
        limit: At most this many.

    Returns:
        Newest first.

    Raises:
        NotFound: When the dev inbox is off (providers are configured).
    """
    if not enabled():
        raise NotFound("The dev inbox is off while real providers are configured.")
    return list(
        session.exec(
            select(OutboundMessage)
            .where(OutboundMessage.organization_id == user.organization_id)
            .order_by(OutboundMessage.id.desc())
            .limit(limit)
        ).all()
    )


def opted_out_numbers(*, session: Session, user: User) -> set[str]:
    """Numbers no text goes to: on the organization's opt-out list (a STOP, also from before
    the candidate was added) or of a candidate who declined texts.

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        E.164 numbers.
    """
    declined = session.exec(
        select(Candidate.phone).where(
            Candidate.organization_id == user.organization_id,
            Candidate.sms_opt_out == True,  # noqa: E712 - SQL expression
        )
    ).all()
    listed = sms_inbound.opted_out_numbers(session=session, organization_id=user.organization_id)
    return set(declined) | listed
