"""The outbox: every message is a row before anything is sent.

``enqueue`` writes a message as a ``queued`` row, for the sender (``outbox_delivery``) to
claim and deliver; a ``dedupe_key`` makes the same logical message (an invitation, a reminder)
one row however often it is asked for, even when two requests write it at once. A message
handed over some other way (a TwiML answer, the demo's old invitations) is recorded as
delivered on its row with ``record_delivered``, so every message shows in the history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from heymilo_app.models import Channel, MessageStatus, OutboundMessage, utcnow


def enqueue(
    *,
    session: Session,
    organization_id: int,
    channel: Channel,
    to_address: str,
    body: str,
    kind: str,
    application_id: int | None = None,
    subject: str = "",
    html: str = "",
    payload: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    batch_key: str = "",
    send_after: datetime | None = None,
    fresh: bool = False,
) -> OutboundMessage:
    """Write a message to the outbox (or return the one already there for its dedupe key).

    The caller commits.

    Args:
        session: Database session.
        organization_id: Whose message it is.
        channel: email, sms, voice or webhook.
        to_address: Email address, E.164 number or URL.
        body: The text as it will read.
        kind: invitation, reminder, ...
        application_id: The application it concerns.
        subject: Email subject.
        html: Email HTML.
        payload: What the provider needs besides (email templates and substitutions, ...).
        dedupe_key: One row per key, ever.
        batch_key: Rows sharing it may go out in one request.
        send_after: Not before this time.
        fresh: The message belongs to an application created in this transaction, so its
            dedupe key cannot exist yet (bulk imports skip the lookup).

    Returns:
        The row.
    """
    if dedupe_key and not fresh:
        existing = session.exec(
            select(OutboundMessage).where(OutboundMessage.dedupe_key == dedupe_key)
        ).first()
        if existing is not None:
            return existing
    message = OutboundMessage(
        organization_id=organization_id,
        application_id=application_id,
        channel=channel,
        kind=kind,
        to_address=to_address,
        subject=subject,
        body=body,
        html=html,
        payload=payload or {},
        dedupe_key=dedupe_key,
        batch_key=batch_key,
        send_after=send_after or utcnow(),
    )
    if fresh:
        session.add(message)
        return message
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        # Another request wrote the same logical message in the meantime.
        return session.exec(
            select(OutboundMessage).where(OutboundMessage.dedupe_key == dedupe_key)
        ).one()
    return message


def record_delivered(message: OutboundMessage, *, provider: str, at: datetime) -> None:
    """Record a queued row as delivered without the sender: what was answered in TwiML, or
    the demo's invitations of weeks ago. A row the sender already took is left alone.

    Args:
        message: The queued row.
        provider: "twilio", or "offline" (kept for the dev inbox).
        at: When it went.
    """
    if message.status != MessageStatus.QUEUED:
        return
    offline = provider == "offline"
    message.status = MessageStatus.DELIVERED_OFFLINE if offline else MessageStatus.SENT
    message.provider, message.attempts, message.sent_at = provider, 1, at
