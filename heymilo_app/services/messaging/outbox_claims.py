"""Claims on outbox rows: which sender holds which rows, and for how long.

A sender *claims* due rows in one transaction that flips them to ``sending`` with its own claim
token and the time of the claim (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serializes
writers), so several senders in several processes never send a row twice. Rows a sender did
not get to go back to the queue (``release``); a claim older than ``stale_claim_age()`` is one
whose sender stopped mid-send, and ``reap_stale_claims`` queues its rows again.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select, update

from heymilo_app.db import writer
from heymilo_app.models import Channel, MessageStatus, OutboundMessage, utcnow
from heymilo_app.settings import get_settings


def stale_claim_age() -> timedelta:
    """How old a claim is when another sender may take it over (OUTBOX_STALE_CLAIM_MINUTES)."""
    return timedelta(minutes=get_settings().outbox_stale_claim_minutes)


def claim_budget() -> timedelta:
    """How old a claim may grow before its unsent rows go back (half the stale age)."""
    return stale_claim_age() / 2


def claim(
    *,
    engine: Engine,
    channel: Channel,
    limit: int,
    now: datetime | None = None,
    claimed_at: datetime | None = None,
) -> list[OutboundMessage]:
    """Atomically take up to ``limit`` due rows of a channel for this sender.

    Args:
        engine: The database.
        channel: Which rows.
        limit: At most this many.
        now: The current time (tests move it): rows due by then are taken.
        claimed_at: The moment of the claim, stamped on the rows (default ``now``); a pass
            takes only rows due when it started, but stamps each claim with its own time.

    Returns:
        The claimed rows, oldest first, all with this claim's token; no other sender holds
        them.
    """
    now = now or utcnow()
    claimed_at = claimed_at or now
    token = secrets.token_hex(16)
    due = (
        select(OutboundMessage.id)
        .where(
            OutboundMessage.status == MessageStatus.QUEUED,
            OutboundMessage.channel == channel,
            OutboundMessage.send_after <= now,
        )
        .order_by(OutboundMessage.id)
        .limit(limit)
    )
    if engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    with Session(writer(engine), expire_on_commit=False) as session:
        # Two statements, not ``UPDATE ... WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP
        # LOCKED)``: PostgreSQL may run such a subquery again for each row it updates, each
        # time skipping the rows just taken, and so claim every due row whatever ``limit``.
        ids = list(session.exec(due).all())
        if not ids:
            session.commit()
            return []
        session.exec(
            update(OutboundMessage)
            .where(
                OutboundMessage.id.in_(ids),
                OutboundMessage.status == MessageStatus.QUEUED,
            )
            .values(status=MessageStatus.SENDING, claim_token=token, claimed_at=claimed_at)
        )
        session.commit()
        return list(
            session.exec(
                select(OutboundMessage)
                .where(OutboundMessage.claim_token == token)
                .order_by(OutboundMessage.id)
            ).all()
        )


def release(session: Session, ids: list[int], token: str) -> None:
    """Put rows this sender holds and did not send back in the queue, and commit.

    Args:
        session: Database session.
        ids: The rows.
        token: This sender's claim token (rows claimed by another sender stay as they are).
    """
    session.exec(
        update(OutboundMessage)
        .where(
            OutboundMessage.id.in_(ids),
            OutboundMessage.claim_token == token,
            OutboundMessage.status == MessageStatus.SENDING,
        )
        .values(status=MessageStatus.QUEUED, claim_token="")
    )
    session.commit()


def reap_stale_claims(*, engine: Engine, now: datetime | None = None) -> int:
    """Re-queue rows a sender claimed and never finished (it stopped mid-send).

    Args:
        engine: The database.
        now: The current time.

    Returns:
        How many rows were re-queued.
    """
    now = now or utcnow()
    with Session(writer(engine)) as session:
        result = session.exec(
            update(OutboundMessage)
            .where(
                OutboundMessage.status == MessageStatus.SENDING,
                OutboundMessage.claimed_at < now - stale_claim_age(),
            )
            .values(
                status=MessageStatus.QUEUED,
                claim_token="",
                last_error="A sender stopped while sending this; it was queued again.",
            )
        )
        session.commit()
        return result.rowcount or 0
