"""The outbox: every email, text, call and webhook is a row before it is sent; and the numbers
that asked for no more texts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from heymilo_app.models.base import Channel, MessageStatus, utcnow

# What a provider reports about a message after it was handed over
# (``OutboundMessage.delivery_status``): the outbox, the webhooks and the labels share them.
DELIVERY_SENT = "sent"
DELIVERY_DELIVERED = "delivered"
DELIVERY_FAILED = "failed"
DELIVERY_UNDELIVERED = "undelivered"
DELIVERY_BOUNCED = "bounced"
DELIVERY_FINAL = frozenset(
    {DELIVERY_DELIVERED, DELIVERY_FAILED, DELIVERY_UNDELIVERED, DELIVERY_BOUNCED}
)
DELIVERY_FAILURES = frozenset({DELIVERY_FAILED, DELIVERY_UNDELIVERED, DELIVERY_BOUNCED})


class OutboundMessage(SQLModel, table=True):
    """One message to deliver exactly once."""

    __tablename__ = "outbound_message"
    __table_args__ = (
        # Which applications got an SMS invitation (the dashboard's channel split).
        sa.Index("ix_outbound_message_kind_channel", "kind", "channel", "application_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    application_id: int | None = Field(
        default=None, foreign_key="application.id", index=True, ondelete="CASCADE"
    )
    channel: Channel = Field(sa_type=sa.String(16))
    # What the message is for: invitation, reminder, stage_invite, result, ...
    kind: str = Field(default="", max_length=40)
    to_address: str = Field(max_length=500)
    subject: str = Field(default="", max_length=500)
    body: str = Field(default="", sa_type=sa.Text)
    html: str = Field(default="", sa_type=sa.Text)
    # Extra provider data (webhook payload, call script, ...).
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    status: MessageStatus = Field(default=MessageStatus.QUEUED, sa_type=sa.String(32), index=True)
    # Guarantees one row per logical message (e.g. "invite:42:email").
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    # Rows with the same key go to the provider in one request (email personalizations).
    batch_key: str = Field(default="", max_length=64, index=True)
    # Set when a sender claims the row; only that sender delivers it.
    claim_token: str = Field(default="", max_length=64, index=True)
    claimed_at: datetime | None = None
    # What the provider reported afterwards: delivered, bounced, undelivered, ...
    delivery_status: str = Field(default="", max_length=32)
    delivery_updated_at: datetime | None = None
    provider: str = Field(default="", max_length=40)
    provider_id: str = Field(default="", max_length=200)
    attempts: int = 0
    last_error: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow)
    send_after: datetime = Field(default_factory=utcnow, index=True)
    sent_at: datetime | None = None


class ProviderEvent(SQLModel, table=True):
    """A provider callback already applied (SendGrid's sg_event_id, ...): each counts once."""

    __tablename__ = "provider_event"
    __table_args__ = (sa.UniqueConstraint("provider", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=40)
    event_id: str = Field(max_length=200)
    received_at: datetime = Field(default_factory=utcnow)


class SmsOptOut(SQLModel, table=True):
    """A phone number that asked an organization for no more texts (STOP, QUIT, ...).

    Kept by number, not by candidate: a candidate added later with this number gets no text
    either. START or UNSTOP deletes the row.
    """

    __tablename__ = "sms_opt_out"
    __table_args__ = (sa.UniqueConstraint("organization_id", "phone"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    # E.164 number.
    phone: str = Field(max_length=20, index=True)
    # What opted it out: the keyword texted (STOP, QUIT, ...), "twilio 21610" (Twilio refused
    # a text because the number had replied STOP) or "candidate flag" (revision 0010).
    source: str = Field(default="", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
