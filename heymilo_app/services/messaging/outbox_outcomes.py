"""Outcomes of delivery: what the provider said, recorded on the rows, and rows held back.

The sender records each answer at once: ``sent`` / ``delivered_offline``; a retryable failure
(timeout, 429, 5xx) goes back to ``queued`` with exponential backoff and jitter, or the
provider's Retry-After; anything else is ``failed`` with its error, shown to the recruiter.
Before sending, claimed rows the messaging rules hold (``HoldPolicy``) are cancelled or queued
again until they may go. Every update is made ``WHERE claim_token`` is still this sender's:
a row re-queued and claimed by another sender meanwhile is that sender's to record.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlmodel import Session, select

from heymilo_app.models import MessageStatus, OutboundMessage
from heymilo_app.models.messaging import DELIVERY_FAILURES as FAILED_DELIVERY
from heymilo_app.providers.base import ProviderError
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30.0
RETRY_CAP_SECONDS = 3600.0


@dataclass
class DeliveryReport:
    """What one pass of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    # Reminders no longer wanted, and texts waiting for business hours.
    cancelled: int = 0
    deferred: int = 0
    # Rows another sender took over after this one's claim went stale: not recorded here.
    superseded: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)


def backoff_seconds(attempts: int, rng: random.Random) -> float:
    """Seconds to wait before the next try: exponential, capped, with jitter.

    Args:
        attempts: Tries made so far (1 after the first failure).
        rng: Source of jitter.

    Returns:
        Seconds.
    """
    base = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return base * rng.uniform(0.5, 1.5)


def record_outcome(
    session: Session,
    ids: list[int],
    *,
    token: str,
    now: datetime,
    result=None,
    error: ProviderError | None = None,
    rng: random.Random,
    report: DeliveryReport,
) -> None:
    """Record what the provider said about rows this sender still holds, and commit.

    Args:
        session: Database session.
        ids: The rows of one provider request.
        token: This sender's claim token.
        now: When the answer came.
        result: The provider's SendResult (None when it raised).
        error: The provider's error (None when it answered).
        rng: Jitter source for the retry's backoff.
        report: Counts what happened.
    """
    # Locked (PostgreSQL; SQLite's writer holds the database) so no reaper or other sender
    # can take a row between this read and the update.
    rows = session.exec(
        select(OutboundMessage)
        .where(OutboundMessage.id.in_(ids), OutboundMessage.claim_token == token)
        .with_for_update()
    ).all()
    if len(rows) < len(ids):
        logger.warning(
            "%d of %d rows were taken over by another sender before this one recorded them",
            len(ids) - len(rows),
            len(ids),
        )
        report.superseded += len(ids) - len(rows)
    max_attempts = get_settings().outbox_max_attempts
    for row in rows:
        row.attempts += 1
        row.claim_token = ""
        if error is None:
            row.status = MessageStatus(result.status)
            row.provider, row.provider_id = result.provider, result.provider_id
            row.sent_at = now
            if row.delivery_status not in FAILED_DELIVERY:
                # A failure Twilio reported before this answer came keeps its reason.
                row.last_error = ""
            report.sent += 1
        elif error.retryable and row.attempts < max_attempts:
            wait = (
                error.retry_after
                if error.retry_after is not None
                else backoff_seconds(row.attempts, rng)
            )
            row.status = MessageStatus.QUEUED
            row.send_after = now + timedelta(seconds=wait)
            row.last_error = f"{error} (try {row.attempts}; next in {wait:.0f} s)"
            report.retried += 1
        else:
            row.status = MessageStatus.FAILED
            row.last_error = str(error)
            report.failed += 1
    session.commit()


class HoldPolicy(Protocol):
    """Which claimed rows must not go out now: row id to a hold with ``reason`` and
    ``until`` (None: cancelled; a time: queued again until then)."""

    def __call__(
        self, *, session: Session, rows: list[OutboundMessage], now: datetime
    ) -> dict[int, Any]: ...


def apply_holds(
    session: Session,
    rows: list[OutboundMessage],
    token: str,
    now: datetime,
    report: DeliveryReport,
    policy: HoldPolicy | None,
) -> list[OutboundMessage]:
    """Set aside claimed rows that must not go out now; return the ones to send.

    A reminder or text whose application no longer waits on the candidate (or whose
    candidate unsubscribed or opted out) is cancelled; a text outside business hours in the
    candidate's time zone goes back to the queue until the next allowed moment (see
    ``services/pipeline/send_rules.py``, the policy the worker passes in). Only rows this sender
    still holds are changed.

    Args:
        session: Database session.
        rows: The rows just claimed.
        token: This sender's claim token.
        now: The current time.
        report: Counts what was cancelled and deferred.
        policy: Which rows are held (None: none are).

    Returns:
        The rows to send now.
    """
    holds = policy(session=session, rows=rows, now=now) if policy is not None else {}
    if not holds:
        # End the read: on SQLite it holds the write lock, never kept across a provider call.
        session.commit()
        return rows
    for row in session.exec(
        select(OutboundMessage)
        .where(OutboundMessage.id.in_(holds), OutboundMessage.claim_token == token)
        .with_for_update()
    ).all():
        hold = holds[row.id]
        row.claim_token = ""
        row.last_error = hold.reason
        if hold.until is None:
            row.status = MessageStatus.CANCELLED
            report.cancelled += 1
        else:
            row.status = MessageStatus.QUEUED
            row.send_after = hold.until
            report.deferred += 1
    session.commit()
    return [row for row in rows if row.id not in holds]
