"""Delivering the outbox: one pass of the sender, every message delivered exactly once.

How delivery works, and the one window it cannot close:

1. ``outbox.enqueue`` writes the row (``queued``); a ``dedupe_key`` makes the same logical
   message (an invitation, a reminder) one row however often it is asked for.
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
committed leaves the row ``sending``. ``outbox_claims.reap_stale_claims`` re-queues such rows
after ``stale_claim_age()`` (``OUTBOX_STALE_CLAIM_MINUTES``) so nothing is lost; that one
message may then arrive twice. Neither SendGrid nor Twilio's Messages API honours an idempotency
key, so the window is kept short instead (the outcome is committed right after the provider
answers), and every email carries its outbox id in ``custom_args`` so a duplicate can be
recognised in the event stream.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from heymilo_app.db import writer
from heymilo_app.models import Channel, Organization, OutboundMessage, utcnow
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
from heymilo_app.services.messaging import outbox_claims, outbox_outcomes
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

# Rows claimed at once: one SendGrid request's worth of emails; texts and webhooks go one
# request each (Twilio sends about one segment a second per number anyway).
EMAIL_CLAIM = 1000
SMS_CLAIM = 100
WEBHOOK_CLAIM = 100


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
    report: outbox_outcomes.DeliveryReport,
    requests: Callable[[list[OutboundMessage]], list[list[OutboundMessage]]],
    send: Callable[[list[OutboundMessage]], Any],
    holds: outbox_outcomes.HoldPolicy | None = None,
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
    left, budget = limit, outbox_claims.claim_budget()
    while left > 0:
        claimed_at = clock()
        rows = outbox_claims.claim(
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
        pending = requests(
            outbox_outcomes.apply_holds(session, rows, token, clock(), report, holds)
        )
        for index, batch in enumerate(pending):
            if index and clock() - claimed_at > budget:
                # Hand the rest back before the claim could be taken for stale.
                rest = [row.id for later in pending[index:] for row in later]
                outbox_claims.release(session, rest, token)
                left += len(rest)
                break
            ids = [row.id for row in batch]
            try:
                result = send(batch)
            except ProviderError as error:
                logger.warning("%s: %d row(s) failed: %s", channel, len(ids), error)
                report.errors.append(str(error))
                outbox_outcomes.record_outcome(
                    session, ids, token=token, now=clock(), error=error, rng=rng, report=report
                )
            else:
                outbox_outcomes.record_outcome(
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
    holds: outbox_outcomes.HoldPolicy | None = None,
) -> outbox_outcomes.DeliveryReport:
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
    report = outbox_outcomes.DeliveryReport()

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
