"""The outbox: every message is a row before anything is sent, and is delivered exactly once.

How delivery works, and the one window it cannot close:

1. ``enqueue`` writes the row (``queued``); a ``dedupe_key`` makes the same logical message
   (an invitation, a reminder) one row however often it is asked for.
2. A sender *claims* due rows in one transaction that flips them to ``sending`` with its own
   claim token and the time of the claim (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite
   serializes writers), and commits. Only the holder of the token delivers those rows, so
   several senders in several processes never send a row twice. It claims a little at a
   time (``EMAIL_CLAIM``, ``SMS_CLAIM``, ``WEBHOOK_CLAIM`` rows) and claims again when done,
   and hands back unsent rows of a claim older than ``claim_budget()``: a row is never held
   near ``stale_claim_age()``, after which another sender could take it over.
3. It calls the provider (email in batches of up to 1,000 personalizations, texts one by one)
   and records the outcome at once: ``sent`` / ``delivered_offline``; a retryable failure
   (timeout, 429, 5xx) goes back to ``queued`` with exponential backoff and jitter, or the
   provider's Retry-After; anything else is ``failed`` with its error, shown to the recruiter.
   Every update is made ``WHERE claim_token`` is still this sender's: a row re-queued and
   claimed by another sender meanwhile is that sender's to record.

The window: a sender that dies after the provider accepted a message and before step 3
committed leaves the row ``sending``. ``reap_stale_claims`` re-queues such rows after
``stale_claim_age()`` (``OUTBOX_STALE_CLAIM_MINUTES``) so nothing is lost; that one message
may then arrive twice. Neither SendGrid nor Twilio's Messages API honours an idempotency
key, so the window is kept short instead (the outcome is committed right after the provider
answers), and every email carries its outbox id in ``custom_args`` so a duplicate can be
recognised in the event stream.
"""

from __future__ import annotations

import logging
import random
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select, update

from heymilo_app.db import writer
from heymilo_app.models import Channel, MessageStatus, Organization, OutboundMessage, utcnow
from heymilo_app.models.messaging import DELIVERY_FAILURES as FAILED_DELIVERY
from heymilo_app.providers.base import ProviderError
from heymilo_app.providers.email import (
    MAX_PERSONALIZATIONS,
    EmailBatch,
    EmailRecipient,
    Mailer,
    list_unsubscribe,
)
from heymilo_app.providers.sms import SmsSender
from heymilo_app.providers.webhook import HttpWebhookPoster, WebhookPoster
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30.0
RETRY_CAP_SECONDS = 3600.0
# Rows claimed at once: one SendGrid request's worth of emails; texts and webhooks go one
# request each (Twilio sends about one segment a second per number anyway).
EMAIL_CLAIM = 1000
SMS_CLAIM = 100
WEBHOOK_CLAIM = 100


def stale_claim_age() -> timedelta:
    """How old a claim is when another sender may take it over (OUTBOX_STALE_CLAIM_MINUTES)."""
    return timedelta(minutes=get_settings().outbox_stale_claim_minutes)


def claim_budget() -> timedelta:
    """How old a claim may grow before its unsent rows go back (half the stale age)."""
    return stale_claim_age() / 2


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


def _record(
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
    """Record what the provider said about rows this sender still holds, and commit."""
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
                headers=list_unsubscribe(
                    row.payload.get("unsubscribe_link", ""),
                    row.payload.get("one_click_unsubscribe", ""),
                ),
            )
            for row in rows
        ],
    )


def _apply_holds(
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


def _release(session: Session, ids: list[int], token: str) -> None:
    """Put rows this sender holds and did not send back in the queue, and commit."""
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


class HoldPolicy(Protocol):
    """Which claimed rows must not go out now: row id to a hold with ``reason`` and
    ``until`` (None: cancelled; a time: queued again until then)."""

    def __call__(
        self, *, session: Session, rows: list[OutboundMessage], now: datetime
    ) -> dict[int, Any]: ...


def _deliver_channel(
    session: Session,
    *,
    engine: Engine,
    channel: Channel,
    size: int,
    limit: int,
    due: datetime,
    clock: Callable[[], datetime],
    rng: random.Random,
    report: DeliveryReport,
    requests: Callable[[list[OutboundMessage]], list[list[OutboundMessage]]],
    send: Callable[[list[OutboundMessage]], Any],
    holds: HoldPolicy | None = None,
) -> None:
    """Claim a channel's due rows ``size`` at a time and deliver them, up to ``limit``.

    Args:
        session: Where outcomes are recorded.
        engine: The database (claims commit on their own).
        channel: Which rows.
        size: Rows per claim.
        limit: Rows per pass.
        due: Rows due by then are taken (the pass's start: a row retried in this pass
            waits for the next one).
        clock: The current time.
        rng: Jitter source.
        report: Counts what happened.
        requests: Splits claimed rows into provider requests.
        send: Sends one request's rows; returns the SendResult or raises ProviderError.
        holds: Which claimed rows must not go out now (None: none are held).
    """
    left, budget = limit, claim_budget()
    while left > 0:
        claimed_at = clock()
        rows = claim(
            engine=engine,
            channel=channel,
            limit=min(size, left),
            now=due,
            claimed_at=claimed_at,
        )
        if not rows:
            return
        left -= len(rows)
        token = rows[0].claim_token
        pending = requests(_apply_holds(session, rows, token, clock(), report, holds))
        for index, batch in enumerate(pending):
            if index and clock() - claimed_at > budget:
                # Hand the rest back before the claim could be taken for stale.
                rest = [row.id for later in pending[index:] for row in later]
                _release(session, rest, token)
                left += len(rest)
                break
            ids = [row.id for row in batch]
            try:
                result = send(batch)
            except ProviderError as error:
                logger.warning("%s: %d row(s) failed: %s", channel, len(ids), error)
                report.errors.append(str(error))
                _record(session, ids, token=token, now=clock(), error=error, rng=rng, report=report)
            else:
                _record(
                    session, ids, token=token, now=clock(), result=result, rng=rng, report=report
                )


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
    holds: HoldPolicy | None = None,
) -> DeliveryReport:
    """One pass of the sender: claim what is due, a little at a time, and deliver it.

    Args:
        engine: The database.
        mailer: Email provider.
        sms: Text provider.
        limit: At most this many rows per channel.
        now: The time the pass starts (tests move it); the pass's clock runs on from it.
        rng: Jitter source (tests seed it).
        status_callback: URL for Twilio's delivery updates (each text adds its outbox id).
        webhook: Poster of the organizations' webhooks (default: HTTP).
        holds: Which claimed rows must not go out now, and until when: the messaging
            rules (``send_rules.holds``, which the worker passes). None holds nothing.

    Returns:
        What happened.
    """
    started = utcnow()
    start = now or started
    rng = rng or random.Random()
    webhook = webhook or HttpWebhookPoster(timeout=get_settings().webhook_timeout_seconds)
    report = DeliveryReport()

    def clock() -> datetime:
        return start + (utcnow() - started)

    def send_email(rows: list[OutboundMessage]):
        report.requests += 0 if mailer.name == "offline" else 1
        return mailer.send_batch(_email_batch(rows))

    def send_text(rows: list[OutboundMessage]):
        report.requests += 0 if sms.name == "offline" else 1
        [row] = rows
        # The row's id in the callback URL finds it when Twilio calls back before the SID
        # is recorded.
        callback = f"{status_callback}?outbox_id={row.id}" if status_callback else ""
        return sms.send_sms(to=row.to_address, body=row.body, status_callback=callback)

    secrets_by_org: dict[int, str] = {}

    def post_event(rows: list[OutboundMessage]):
        [row] = rows
        if row.organization_id not in secrets_by_org:
            organization = session.get(Organization, row.organization_id)
            secrets_by_org[row.organization_id] = organization.webhook_secret
            session.commit()  # no transaction (no SQLite write lock) across the POST
        report.requests += 1
        return webhook.post(
            url=row.to_address,
            body=row.body.encode(),
            secret=secrets_by_org[row.organization_id],
            event=row.payload.get("event", row.kind),
            delivery_id=row.payload.get("delivery_id", str(row.id)),
        )

    def one_by_one(rows: list[OutboundMessage]) -> list[list[OutboundMessage]]:
        return [[row] for row in rows]

    with Session(writer(engine), expire_on_commit=False) as session:
        for channel, size, requests, send in (
            (Channel.EMAIL, EMAIL_CLAIM, _email_batches, send_email),
            (Channel.SMS, SMS_CLAIM, one_by_one, send_text),
            (Channel.WEBHOOK, WEBHOOK_CLAIM, one_by_one, post_event),
        ):
            _deliver_channel(
                session,
                engine=engine,
                channel=channel,
                size=size,
                limit=limit,
                due=start,
                clock=clock,
                rng=rng,
                report=report,
                requests=requests,
                send=send,
                holds=holds,
            )
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
