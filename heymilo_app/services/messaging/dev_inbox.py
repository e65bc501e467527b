"""The dev inbox: messages kept in the outbox when no provider is configured.

A tool for demos and development, off unless the operator sets ``DEV_INBOX`` (``make run``
and ``make dev`` do). It is for recruiters of the organization only: the messages carry
working candidate links, with which the reader can act as the candidate. A password reset
link is shown only to the person it was sent to; to anyone else it is masked. A reply
"as the candidate" touches only the organization's own candidates and opt-out list.
"""

from __future__ import annotations

import re

from sqlmodel import Session, select

from heymilo_app.models import Candidate, Channel, MessageStatus, OutboundMessage, User
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.messaging import message_log, sms_inbound, sms_opt_outs
from heymilo_app.settings import get_settings

OFF_MESSAGE = (
    "The dev inbox is off. It is for demos and development: set DEV_INBOX=true, with no email "
    "or SMS provider configured, to turn it on."
)
# Kinds whose links let the reader act as the recipient; shown only to the recipient.
PRIVATE_KINDS = frozenset({"password_reset"})
HIDDEN_LINK = "[link hidden: only its recipient sees it]"
_LINK = re.compile(r"https?://\S+|/reset-password/\S+")


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
    """Whether the dev inbox is on: the operator turned it on, and email and SMS are offline.

    Returns:
        True when ``DEV_INBOX`` is set and no provider is configured.
    """
    settings = get_settings()
    return settings.dev_inbox and settings.email_offline and settings.sms_offline


def visible_body(message: OutboundMessage, user: User) -> str:
    """The message as the reader may see it: private links masked unless it is theirs.

    Args:
        message: The outbox row.
        user: The reader.

    Returns:
        Its body.
    """
    if message.kind in PRIVATE_KINDS and message.to_address.lower() != user.email.lower():
        return _LINK.sub(HIDDEN_LINK, message.body)
    return message.body


def list_messages(*, session: Session, user: User, limit: int = 200) -> list[OutboundMessage]:
    """The organization's newest outbox messages.

    Args:
        session: Database session.
        user: The acting user.
        limit: At most this many.

    Returns:
        Newest first.

    Raises:
        NotFound: When the dev inbox is off.
        PermissionDenied: For hiring managers.
    """
    if not enabled():
        raise NotFound(OFF_MESSAGE)
    require_recruiter(user)
    return list(
        session.exec(
            select(OutboundMessage)
            .where(OutboundMessage.organization_id == user.organization_id)
            .order_by(OutboundMessage.id.desc())
            .limit(limit)
        ).all()
    )


def get_message(*, session: Session, user: User, message_id: int) -> OutboundMessage:
    """One of the organization's messages.

    Args:
        session: Database session.
        user: The acting recruiter.
        message_id: The outbox id.

    Returns:
        The row.

    Raises:
        NotFound: Off, or not a message of the organization.
        PermissionDenied: For hiring managers.
    """
    if not enabled():
        raise NotFound(OFF_MESSAGE)
    require_recruiter(user)
    message = session.get(OutboundMessage, message_id)
    if message is None or message.organization_id != user.organization_id:
        raise NotFound("No such message.")
    return message


def reply_as_candidate(
    *, session: Session, user: User, message_id: int, body: str
) -> sms_inbound.InboundResult:
    """Answer one of the organization's texts as its recipient would, offline.

    Only the organization's own candidates with the number and its own opt-out list change
    (a STOP or START typed here never touches another organization's).

    Args:
        session: Database session.
        user: The acting recruiter.
        message_id: The text being answered.
        body: The reply.

    Returns:
        What the reply did.

    Raises:
        NotFound: Off, not the organization's message, or not a text.
        PermissionDenied: For hiring managers.
    """
    message = get_message(session=session, user=user, message_id=message_id)
    if message.channel != Channel.SMS:
        raise NotFound("Open a text message to reply to it.")
    return sms_inbound.handle_inbound(
        session=session,
        from_number=message.to_address,
        body=body,
        organization_id=user.organization_id,
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
    listed = sms_opt_outs.opted_out_numbers(session=session, organization_id=user.organization_id)
    return set(declined) | listed
