"""What recruiters see of the messages sent to a candidate: each one's delivery in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from heymilo_app.models import Channel, MessageStatus, OutboundMessage, User
from heymilo_app.services.common.access import owned_application

# Tones map to badge colors in the interface.
GOOD, INFO, WAIT, BAD, OFF = "good", "info", "wait", "bad", "off"

KIND_LABELS = {
    "invitation": "Invitation",
    "reminder": "Reminder",
    "next_stage": "Next stage",
    "sms_stage": "Text stage opening",
    "sms_help": "Answer to HELP",
    "not_advancing": "Not advancing",
    "thank_you": "Thank you",
    "score_alert": "Score alert to a recruiter",
}
# Messages of an application that are not outreach to its candidate: the list's delivery
# columns skip them (a recruiter's score alert, the automatic answer to a HELP text), so
# they show how the candidate's own invitations and reminders fared.
NOT_OUTREACH = ("score_alert", "sms_help")
CHANNEL_LABELS = {"email": "Email", "sms": "Text", "voice": "Call", "webhook": "Webhook"}


@dataclass(frozen=True)
class Delivery:
    """One message's state for people."""

    label: str
    tone: str
    detail: str = ""


def delivery(message: OutboundMessage) -> Delivery:
    """Describe where a message is: queued, waiting, sent, delivered, bounced, failed...

    Args:
        message: The outbox row.

    Returns:
        Label, tone and the provider's error or reason when there is one.
    """
    status = message.status
    if status == MessageStatus.CANCELLED:
        return Delivery("Not sent", OFF, message.last_error)
    if status == MessageStatus.FAILED:
        return Delivery("Failed", BAD, message.last_error)
    if status == MessageStatus.DELIVERED_OFFLINE:
        # Said to a customer, not a developer: nothing went out, and why.
        return Delivery(
            "Not sent: no email or SMS service",
            OFF,
            "No email or text message service is set up, so it was kept on this server "
            "(SENDGRID_API_KEY and TWILIO_* turn them on).",
        )
    if status == MessageStatus.SENDING:
        return Delivery("Sending", INFO)
    if status == MessageStatus.QUEUED:
        if "business hours" in message.last_error:
            return Delivery("Waiting for business hours", WAIT, message.last_error)
        if message.attempts:
            return Delivery("Retrying", WAIT, message.last_error)
        return Delivery("Queued", WAIT)
    reported = message.delivery_status
    if reported == "delivered":
        return Delivery("Delivered", GOOD)
    if reported == "bounced":
        return Delivery("Bounced", BAD, message.last_error)
    if reported in ("failed", "undelivered"):
        return Delivery(reported.capitalize(), BAD, message.last_error)
    return Delivery("Sent", INFO)


def latest_by_application(
    *, session: Session, application_ids: list[int]
) -> dict[int, dict[str, Delivery]]:
    """The latest message to the candidate per channel (email, text) of each application.

    Args:
        session: Database session.
        application_ids: The applications listed.

    Returns:
        Application id to {"email": Delivery, "sms": Delivery} (a channel may be missing).
    """
    found: dict[int, dict[str, Delivery]] = {}
    if not application_ids:
        return found
    rows = session.exec(
        select(OutboundMessage)
        .where(
            OutboundMessage.application_id.in_(application_ids),
            OutboundMessage.channel.in_((Channel.EMAIL, Channel.SMS)),
            OutboundMessage.kind.not_in(NOT_OUTREACH),
        )
        .order_by(OutboundMessage.id)
    ).all()
    for row in rows:
        found.setdefault(row.application_id, {})[str(row.channel)] = delivery(row)
    return found


@dataclass(frozen=True)
class LoggedMessage:
    """One line of a candidate's message history."""

    id: int
    what: str  # "Invitation · Email"
    to: str
    created_at: datetime
    sent_at: datetime | None
    delivery: Delivery


def history(*, session: Session, user: User, application_id: int) -> list[LoggedMessage]:
    """Every message of an application, newest first, for a user of its organization.

    Args:
        session: Database session.
        user: The acting user.
        application_id: The application.

    Returns:
        The messages.

    Raises:
        NotFound: When the application is not the user's organization's.
    """
    owned_application(session, user, application_id)
    rows = session.exec(
        select(OutboundMessage)
        .where(OutboundMessage.application_id == application_id)
        .order_by(OutboundMessage.id.desc())
    ).all()
    return [
        LoggedMessage(
            id=row.id,
            what=" · ".join(
                (
                    KIND_LABELS.get(row.kind, row.kind.replace("_", " ").capitalize()),
                    CHANNEL_LABELS.get(str(row.channel), str(row.channel)),
                )
            ),
            to=row.to_address if row.channel != Channel.WEBHOOK else "Your ATS webhook",
            created_at=row.created_at,
            sent_at=row.sent_at,
            delivery=delivery(row),
        )
        for row in rows
    ]
