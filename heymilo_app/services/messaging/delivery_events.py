"""What providers report after a message left: Twilio status callbacks, SendGrid events.

Both land on ``OutboundMessage.delivery_status``, the value the recruiter sees: ``sent``,
``delivered``, ``failed``, ``undelivered`` (texts) or ``bounced`` (email), with the provider's
reason in ``last_error`` and the time we learned it in ``delivery_updated_at``. The queue
state (``status``) is the sender's and is left alone.

A Twilio callback finds its text by ``MessageSid``, or, when it comes before the sender
recorded the SID, by the ``outbox_id`` the sender put in the callback URL.

Order rules (callbacks arrive late, out of order and more than once):

- ``delivered``, ``bounced``, ``failed`` and ``undelivered`` are *final*; ``sent`` is not.
  A non-final status never replaces a final one (a late ``sent`` after ``delivered`` is
  dropped).
- A failure may replace ``delivered``: SendGrid reports asynchronous bounces after the
  receiving server first accepted the mail, and a carrier can correct a delivery receipt.
  ``delivered`` never replaces a failure, and the first failure is kept over a later one.
- SendGrid's ``open``, ``click``, ``spamreport`` and ``unsubscribe`` imply the mail arrived,
  so they count as ``delivered`` when nothing final is known yet.

Each SendGrid event counts once: its ``sg_event_id`` is written to ``ProviderEvent`` (unique
per provider) in a savepoint before it is applied, so a retried batch, or two batches racing,
apply it once. Rows are locked (``FOR UPDATE`` on PostgreSQL; SQLite writers are serialized)
in id order, so concurrent callbacks for one message never lose an update or deadlock.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from heymilo_app.models import Candidate, Channel, OutboundMessage, ProviderEvent, utcnow
from heymilo_app.models.messaging import (
    DELIVERY_BOUNCED,
    DELIVERY_DELIVERED,
    DELIVERY_FAILED,
    DELIVERY_FAILURES,
    DELIVERY_FINAL,
    DELIVERY_SENT,
    DELIVERY_UNDELIVERED,
)
from heymilo_app.services.messaging import sms_opt_outs

logger = logging.getLogger(__name__)

SENT = DELIVERY_SENT
DELIVERED = DELIVERY_DELIVERED
FAILED = DELIVERY_FAILED
UNDELIVERED = DELIVERY_UNDELIVERED
BOUNCED = DELIVERY_BOUNCED
FINAL = DELIVERY_FINAL
FAILURES = DELIVERY_FAILURES

# Twilio MessageStatus -> what the recruiter sees. Inbound statuses (received, receiving)
# are not ours and are ignored.
TWILIO_STATUSES = {
    "accepted": SENT,
    "scheduled": SENT,
    "queued": SENT,
    "sending": SENT,
    "sent": SENT,
    "delivered": DELIVERED,
    "read": DELIVERED,
    "undelivered": UNDELIVERED,
    "failed": FAILED,
    "canceled": FAILED,
}

# Twilio error codes a status callback carries (it rarely carries a message of its own).
TWILIO_ERRORS = {
    "21610": "the recipient replied STOP and opted out",
    "21614": "not a mobile number",
    "30003": "unreachable destination handset",
    "30004": "message blocked by the recipient",
    "30005": "unknown destination handset",
    "30006": "landline or unreachable carrier",
    "30007": "filtered by the carrier (spam)",
    "30008": "unknown error from the carrier",
}
TWILIO_OPTED_OUT = "21610"
MAX_ID = 2**31 - 1

# SendGrid event -> what the recruiter sees.
SENDGRID_STATUSES = {
    "processed": SENT,
    "deferred": SENT,
    "delivered": DELIVERED,
    "open": DELIVERED,
    "click": DELIVERED,
    "spamreport": DELIVERED,
    "unsubscribe": DELIVERED,
    "group_unsubscribe": DELIVERED,
    "bounce": BOUNCED,
    "blocked": BOUNCED,
    "dropped": FAILED,
}
# Events after which the candidate gets no more email (reminders stop).
SENDGRID_UNSUBSCRIBES = frozenset({"spamreport", "unsubscribe", "group_unsubscribe"})


def _may_replace(current: str, new: str) -> bool:
    """Whether ``new`` replaces ``current`` under the order rules of this module."""
    if new == current:
        return False
    if current not in FINAL:
        return True
    return current == DELIVERED and new in FAILURES


def _apply(row: OutboundMessage, status: str, error: str = "") -> bool:
    """Move a row to a delivery status if the order rules allow it.

    Returns:
        Whether the row changed.
    """
    if not _may_replace(row.delivery_status, status):
        return False
    row.delivery_status = status
    row.delivery_updated_at = utcnow()
    if status in FAILURES and error:
        row.last_error = error
    return True


def _text_by_sid(session: Session, sid: str, outbox_id: Any, to: str) -> OutboundMessage | None:
    """The text a status callback is about, locked.

    By its SID; else by the outbox id in the callback URL the sender gave Twilio, when the
    callback came before the sender recorded the SID (Twilio can call back within
    milliseconds of accepting). That row must be a text to the callback's ``To`` whose SID
    is unset or the same.
    """
    if not sid:
        return None
    row = session.exec(
        select(OutboundMessage)
        .where(OutboundMessage.provider == "twilio", OutboundMessage.provider_id == sid)
        .with_for_update()
    ).first()
    row_id = _outbox_id({"outbox_id": outbox_id})
    if row is not None or row_id is None:
        return row
    row = session.exec(
        select(OutboundMessage).where(OutboundMessage.id == row_id).with_for_update()
    ).first()
    if (
        row is None
        or row.channel != Channel.SMS
        or row.provider_id not in ("", sid)
        or (to and row.to_address != to.strip())
    ):
        return None
    return row


def apply_twilio_status(
    session: Session,
    message_sid: str,
    status: str,
    error_code: str = "",
    error_message: str = "",
    *,
    outbox_id: Any = None,
    to: str = "",
) -> str:
    """Apply one Twilio status callback to the text it is about, and commit.

    ``failed`` and ``undelivered`` record the error (``Twilio error 30003: unreachable
    destination handset``); error 21610 (the recipient replied STOP) also opts out every
    candidate with that number and puts it on the opt-out list of the organizations that
    know it.

    Args:
        session: Database session.
        message_sid: ``MessageSid`` of the callback.
        status: ``MessageStatus`` of the callback (queued, sent, delivered, failed, ...).
        error_code: ``ErrorCode``, when there is one.
        error_message: ``ErrorMessage``, when there is one.
        outbox_id: The ``outbox_id`` of the callback URL, when it has one.
        to: ``To`` of the callback, when it has one.

    Returns:
        "applied" (the row changed), "unchanged" (an older or repeated status),
        "unknown_status" (a status we do not track) or "ignored" (no text with that SID);
        only "applied" changes anything.
    """
    sid = (message_sid or "").strip()
    row = _text_by_sid(session, sid, outbox_id, to or "")
    if row is None:
        logger.info("Twilio status %r for unknown message %r ignored", status, sid)
        return "ignored"
    mapped = TWILIO_STATUSES.get((status or "").strip().lower())
    if mapped is None:
        return "unknown_status"
    code = str(error_code or "").strip()
    error = ""
    if code or error_message:
        reason = (error_message or "").strip() or TWILIO_ERRORS.get(code, "no details")
        error = f"Twilio error {code}: {reason}" if code else f"Twilio: {reason}"
    changed = _apply(row, mapped, error)
    if code == TWILIO_OPTED_OUT and row.to_address:
        stopped = sms_opt_outs.stop_texts(
            session=session,
            phone=row.to_address,
            source=f"twilio {TWILIO_OPTED_OUT}",
            organization_ids={row.organization_id},
        )
        changed = changed or stopped
    session.commit()
    return "applied" if changed else "unchanged"


@dataclass
class EventCounts:
    """What a batch of SendGrid events did."""

    applied: int = 0
    duplicates: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts as a JSON-ready dict.

        Returns:
            {"applied", "duplicates", "skipped"}.
        """
        return asdict(self)


def _outbox_id(event: dict[str, Any]) -> int | None:
    value = event.get("outbox_id")
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else None
    # Larger ids cannot exist (the column is a 32-bit integer on PostgreSQL).
    return value if isinstance(value, int) and 0 < value <= MAX_ID else None


def _sendgrid_error(kind: str, event: dict[str, Any]) -> str:
    """``SendGrid bounce (5.1.1): 550 no such user`` from a failure event."""
    reason = str(event.get("reason") or event.get("response") or "no reason given")
    code = str(event.get("status") or "").strip()
    # Newer bounce events say whether the receiving server bounced or blocked the mail.
    label = event.get("type") if kind == "bounce" and event.get("type") == "blocked" else kind
    return f"SendGrid {label}" + (f" ({code})" if code else "") + f": {reason}"


def apply_sendgrid_events(session: Session, events: list[Any]) -> EventCounts:
    """Apply a batch of SendGrid event webhook events, each once, and commit.

    An event is used when it is a dict with a string ``sg_event_id``, an ``event`` we know and
    the ``outbox_id`` custom argument (SendGrid puts custom args at the top level of the event)
    of an email in the outbox, and an ``email`` that is that email's recipient (outbox ids are
    sequential, so an id alone proves nothing; another environment sharing the SendGrid
    account has its own ids). The outbox row's provider is
    not checked: a sender that stopped right after SendGrid accepted the mail left it unset.
    Anything else is skipped, never an error.

    ``bounce``/``blocked`` make the email ``bounced`` and ``dropped`` makes it ``failed``, with
    SendGrid's reason in ``last_error``; ``spamreport`` and ``unsubscribe`` also set the
    candidate's ``email_unsubscribed`` (no more reminders).

    Args:
        session: Database session.
        events: The parsed JSON array of the webhook.

    Returns:
        How many events were applied (including ones too old to change anything), were
        duplicates of events already applied, or were skipped.
    """
    counts = EventCounts()
    usable: list[tuple[dict[str, Any], str, int]] = []
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            counts.skipped += 1
            continue
        event_id, kind, outbox_id = event.get("sg_event_id"), event.get("event"), _outbox_id(event)
        if (
            not isinstance(event_id, str)
            or not event_id.strip()
            or len(event_id) > 200
            or not isinstance(kind, str)
            or kind not in SENDGRID_STATUSES
            or outbox_id is None
        ):
            counts.skipped += 1
            continue
        usable.append((event, kind, outbox_id))
    ids = sorted({outbox_id for _, _, outbox_id in usable})
    rows = (
        {
            row.id: row
            for row in session.exec(
                select(OutboundMessage)
                .where(OutboundMessage.id.in_(ids))
                .order_by(OutboundMessage.id)
                .with_for_update()
            ).all()
        }
        if ids
        else {}
    )
    for event, kind, outbox_id in usable:
        row = rows.get(outbox_id)
        email = event.get("email")
        if (
            row is None
            or row.channel != Channel.EMAIL
            or not isinstance(email, str)
            or not row.to_address
            or email.strip().lower() != row.to_address.strip().lower()
        ):
            counts.skipped += 1
            continue
        try:
            with session.begin_nested():
                session.add(ProviderEvent(provider="sendgrid", event_id=event["sg_event_id"]))
        except IntegrityError:
            counts.duplicates += 1
            continue
        status = SENDGRID_STATUSES[kind]
        _apply(row, status, _sendgrid_error(kind, event) if status in FAILURES else "")
        if kind in SENDGRID_UNSUBSCRIBES:
            _unsubscribe(session, row)
        counts.applied += 1
    session.commit()
    return counts


def _unsubscribe(session: Session, row: OutboundMessage) -> None:
    """Stop email to the candidate an outbox email went to."""
    candidates = session.exec(
        select(Candidate).where(
            Candidate.organization_id == row.organization_id,
            sa.func.lower(Candidate.email) == row.to_address.lower(),
        )
    ).all()
    for candidate in candidates:
        candidate.email_unsubscribed = True
