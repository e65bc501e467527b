"""The outbox: every message is a row before anything is sent, and is delivered exactly once.

How delivery works, and the one window it cannot close:

1. ``enqueue`` writes the row (``queued``); a ``dedupe_key`` makes the same logical message
   (an invitation, a reminder) one row however often it is asked for.
2. A sender *claims* due rows in one statement that flips them to ``sending`` with its own
   claim token (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serializes writers), and
   commits. Only the holder of the token delivers those rows, so several senders in several
   processes never send a row twice.
3. It calls the provider (email in batches of up to 1,000 personalizations, texts one by one)
   and records the outcome at once: ``sent`` / ``delivered_offline``; a retryable failure
   (timeout, 429, 5xx) goes back to ``queued`` with exponential backoff and jitter, or the
   provider's Retry-After; anything else is ``failed`` with its error, shown to the recruiter.

The window: a sender that dies after the provider accepted a message and before step 3
committed leaves the row ``sending``. ``reap_stale_claims`` re-queues such rows after
``STALE_CLAIM_MINUTES`` so nothing is lost; that one message may then arrive twice. Neither
SendGrid nor Twilio's Messages API honours an idempotency key, so the window is kept short
instead (the outcome is committed right after the provider answers), and every email carries
its outbox id in ``custom_args`` so a duplicate can be recognised in the event stream.
"""

from __future__ import annotations

import logging
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select, update

from heymilo_app.db import writer
from heymilo_app.models import Channel, MessageStatus, Organization, OutboundMessage, utcnow
from heymilo_app.providers.base import ProviderError
from heymilo_app.providers.email import (
    MAX_PERSONALIZATIONS,
    EmailBatch,
    EmailRecipient,
    Mailer,
)
from heymilo_app.providers.sms import SmsSender
from heymilo_app.providers.webhook import HttpWebhookPoster, WebhookPoster

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_BASE_SECONDS = 30.0
RETRY_CAP_SECONDS = 3600.0
STALE_CLAIM_MINUTES = 10


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


def claim(
    *, engine: Engine, channel: Channel, limit: int, now: datetime | None = None
) -> list[OutboundMessage]:
    """Atomically take up to ``limit`` due rows of a channel for this sender.

    Args:
        engine: The database.
        channel: Which rows.
        limit: At most this many.
        now: The current time (tests move it).

    Returns:
        The claimed rows, oldest first; no other sender holds them.
    """
    now = now or utcnow()
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
        session.exec(
            update(OutboundMessage)
            .where(
                OutboundMessage.id.in_(due.scalar_subquery()),
                OutboundMessage.status == MessageStatus.QUEUED,
            )
            .values(status=MessageStatus.SENDING, claim_token=token, claimed_at=now)
        )
        session.commit()
        return list(
            session.exec(
                select(OutboundMessage)
                .where(OutboundMessage.claim_token == token)
                .order_by(OutboundMessage.id)
            ).all()
        )


@dataclass
class DeliveryReport:
    """What one pass of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    # Reminders no longer wanted, and texts waiting for business hours.
    cancelled: int = 0
    deferred: int = 0
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


def _record(
    session: Session,
    ids: list[int],
    *,
    now: datetime,
    result=None,
    error: ProviderError | None = None,
    rng: random.Random,
    report: DeliveryReport,
) -> None:
    rows = session.exec(select(OutboundMessage).where(OutboundMessage.id.in_(ids))).all()
    for row in rows:
        row.attempts += 1
        row.claim_token = ""
        if error is None:
            row.status = MessageStatus(result.status)
            row.provider, row.provider_id = result.provider, result.provider_id
            row.sent_at, row.last_error = now, ""
            report.sent += 1
        elif error.retryable and row.attempts < MAX_ATTEMPTS:
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


def _email_batches(rows: list[OutboundMessage]) -> list[list[OutboundMessage]]:
    groups: dict[str, list[OutboundMessage]] = defaultdict(list)
    for row in rows:
        groups[row.batch_key or f"single-{row.id}"].append(row)
    batches = []
    for group in groups.values():
        for start in range(0, len(group), MAX_PERSONALIZATIONS):
            batches.append(group[start : start + MAX_PERSONALIZATIONS])
    return batches


def _email_batch(rows: list[OutboundMessage]) -> EmailBatch:
    first = rows[0].payload
    return EmailBatch(
        from_email=first.get("from_email", ""),
        from_name=first.get("from_name", ""),
        text=first.get("text_template", rows[0].body),
        html=first.get("html_template", rows[0].html),
        recipients=[
            EmailRecipient(
                outbox_id=row.id,
                to=row.to_address,
                subject=row.subject,
                substitutions=row.payload.get("substitutions", {}),
            )
            for row in rows
        ],
    )


def _apply_holds(
    session: Session, rows: list[OutboundMessage], now: datetime, report: DeliveryReport
) -> list[OutboundMessage]:
    """Set aside claimed rows that must not go out now; return the ones to send.

    A reminder whose application finished (or whose candidate unsubscribed) is cancelled; a
    text outside business hours in the candidate's time zone goes back to the queue until the
    next allowed moment (see ``services/send_rules.py``).
    """
    from heymilo_app.services import send_rules

    holds = send_rules.holds(session=session, rows=rows, now=now)
    if not holds:
        return rows
    for row in session.exec(select(OutboundMessage).where(OutboundMessage.id.in_(holds))).all():
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


def deliver_due(
    *,
    engine: Engine,
    mailer: Mailer,
    sms: SmsSender,
    limit: int = 5000,
    now: datetime | None = None,
    rng: random.Random | None = None,
    status_callback: str = "",
    webhook: WebhookPoster | None = None,
) -> DeliveryReport:
    """One pass of the sender: claim what is due and deliver it.

    Args:
        engine: The database.
        mailer: Email provider.
        sms: Text provider.
        limit: At most this many rows per channel.
        now: The current time (tests move it).
        rng: Jitter source (tests seed it).
        status_callback: URL for Twilio's delivery updates.
        webhook: Poster of the organizations' webhooks (default: HTTP).

    Returns:
        What happened.
    """
    now = now or utcnow()
    rng = rng or random.Random()
    webhook = webhook or HttpWebhookPoster()
    report = DeliveryReport()
    emails = claim(engine=engine, channel=Channel.EMAIL, limit=limit, now=now)
    with Session(writer(engine), expire_on_commit=False) as session:
        emails = _apply_holds(session, emails, now, report)
        for batch_rows in _email_batches(emails):
            ids = [row.id for row in batch_rows]
            report.requests += 0 if mailer.name == "offline" else 1
            try:
                result = mailer.send_batch(_email_batch(batch_rows))
            except ProviderError as error:
                logger.warning("email batch of %d failed: %s", len(ids), error)
                report.errors.append(str(error))
                _record(session, ids, now=now, error=error, rng=rng, report=report)
            else:
                _record(session, ids, now=now, result=result, rng=rng, report=report)
        texts = claim(engine=engine, channel=Channel.SMS, limit=limit, now=now)
        for row in _apply_holds(session, texts, now, report):
            report.requests += 0 if sms.name == "offline" else 1
            try:
                result = sms.send_sms(
                    to=row.to_address, body=row.body, status_callback=status_callback
                )
            except ProviderError as error:
                logger.warning("SMS %d failed: %s", row.id, error)
                report.errors.append(str(error))
                _record(session, [row.id], now=now, error=error, rng=rng, report=report)
            else:
                _record(session, [row.id], now=now, result=result, rng=rng, report=report)
        events = claim(engine=engine, channel=Channel.WEBHOOK, limit=limit, now=now)
        secrets_by_org: dict[int, str] = {}
        for row in events:
            if row.organization_id not in secrets_by_org:
                organization = session.get(Organization, row.organization_id)
                secrets_by_org[row.organization_id] = organization.webhook_secret
            report.requests += 1
            try:
                result = webhook.post(
                    url=row.to_address,
                    body=row.body.encode(),
                    secret=secrets_by_org[row.organization_id],
                    event=row.payload.get("event", row.kind),
                    delivery_id=row.payload.get("delivery_id", str(row.id)),
                )
            except ProviderError as error:
                logger.warning("webhook %d failed: %s", row.id, error)
                report.errors.append(str(error))
                _record(session, [row.id], now=now, error=error, rng=rng, report=report)
            else:
                _record(session, [row.id], now=now, result=result, rng=rng, report=report)
    return report


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
                OutboundMessage.claimed_at < now - timedelta(minutes=STALE_CLAIM_MINUTES),
            )
            .values(
                status=MessageStatus.QUEUED,
                claim_token="",
                last_error="A sender stopped while sending this; it was queued again.",
            )
        )
        session.commit()
        return result.rowcount or 0


def counts_by_status(*, session: Session, organization_id: int) -> dict[str, int]:
    """How many of an organization's messages are in each state.

    Args:
        session: Database session.
        organization_id: The organization.

    Returns:
        Status to count.
    """
    rows = session.exec(
        select(OutboundMessage.status, sa.func.count(OutboundMessage.id))
        .where(OutboundMessage.organization_id == organization_id)
        .group_by(OutboundMessage.status)
    ).all()
    return {str(status): count for status, count in rows}


def run_sender_once() -> DeliveryReport:
    """One pass with the configured providers.

    Re-queues stale claims, lapses invitations past their deadline and queues due reminders
    (``services/reminders.py``), scores stages left "score pending", then delivers what is
    due.

    Returns:
        What happened.
    """
    from heymilo_app.db import get_engine
    from heymilo_app.providers.factory import get_mailer, get_sms
    from heymilo_app.services import pipeline, reminders
    from heymilo_app.settings import get_settings

    engine = get_engine()
    reap_stale_claims(engine=engine)
    reminders.run_once(engine=engine)
    with Session(writer(engine)) as session:
        # Stages whose score was pending (the model was down) are scored again.
        pipeline.rescore_pending(session=session)
    callback = get_settings().public_base_url.rstrip("/") + "/api/twilio/status"
    return deliver_due(engine=engine, mailer=get_mailer(), sms=get_sms(), status_callback=callback)
