"""Results back to the ATS: each stage result and final outcome, POSTed to the organization's URL.

Events go through the outbox like every other message (a row first, then the sender, with its
claims, retries and backoff), so an event is delivered once and survives restarts. The body is
fixed when the event happens; the signature is made at each attempt with the organization's
current secret (see ``providers/webhook.py`` for the headers a receiver checks).
"""

from __future__ import annotations

import json
import secrets
import uuid
from urllib.parse import urlsplit

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    Channel,
    Organization,
    OutboundMessage,
    Score,
    Stage,
    User,
    utcnow,
)
from heymilo_app.providers import safe_http
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.messaging import outbox
from heymilo_app.services.pipeline import summaries
from heymilo_app.settings import get_settings

STAGE_COMPLETED = "application.stage_completed"
COMPLETED = "application.completed"
DISQUALIFIED = "application.disqualified"
WITHDRAWN = "application.withdrawn"
EXPIRED = "application.expired"
PING = "ping"
OUTCOME_EVENTS = {
    "completed": COMPLETED,
    "disqualified": DISQUALIFIED,
    "withdrawn": WITHDRAWN,
    "expired": EXPIRED,
}


def new_secret() -> str:
    """A fresh signing secret.

    Returns:
        ``whsec_`` and 32 random bytes, URL-safe.
    """
    return "whsec_" + secrets.token_urlsafe(32)


def check_url(url: str) -> str:
    """Validate a webhook URL.

    http and https are allowed, but never credentials in the URL, cloud metadata names, or
    hosts written as a refused address in any numeric form libc reads (``2130706433``,
    ``0x7f000001``, ``127.1``, ``[::ffff:127.0.0.1]``): link-local, multicast and reserved
    always, loopback and private networks unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` is on.
    Names are not resolved here (what they resolve to can change); every delivery checks the
    addresses it connects to (``providers/safe_http.py``).

    Args:
        url: What the recruiter typed ("" turns webhooks off).

    Returns:
        The cleaned URL.

    Raises:
        Invalid: With a message for the "webhook_url" field.
    """
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 (raises for a port that is not a number in range)
    except ValueError:  # an unclosed "[" or a bad port
        raise Invalid({"webhook_url": "Enter a full URL starting with https://"}) from None
    if parts.scheme not in ("http", "https") or not hostname:
        raise Invalid({"webhook_url": "Enter a full URL starting with https://"})
    if parts.username or parts.password:
        raise Invalid({"webhook_url": "Put credentials in your receiver, not in the URL."})
    try:
        safe_http.check_host(hostname, allow_private=get_settings().webhook_allow_private_addresses)
    except safe_http.AddressRefused as refused:
        raise Invalid({"webhook_url": str(refused)}) from refused
    if len(url) > 500:
        raise Invalid({"webhook_url": "Use a URL of at most 500 characters."})
    return url


def configure(*, session: Session, user: User, url: str) -> Organization:
    """Set (or clear) the organization's webhook URL; the first URL creates the secret.

    Args:
        session: Database session.
        user: The acting recruiter.
        url: The receiver, or "" to stop sending.

    Returns:
        The organization.

    Raises:
        Invalid: For a bad URL.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    organization = session.get(Organization, user.organization_id)
    organization.webhook_url = check_url(url)
    if organization.webhook_url and not organization.webhook_secret:
        organization.webhook_secret = new_secret()
    session.commit()
    return organization


def rotate_secret(*, session: Session, user: User) -> Organization:
    """Replace the signing secret (events not yet sent are signed with the new one).

    Args:
        session: Database session.
        user: The acting recruiter.

    Returns:
        The organization.
    """
    require_recruiter(user)
    organization = session.get(Organization, user.organization_id)
    organization.webhook_secret = new_secret()
    session.commit()
    return organization


def _enqueue(
    session: Session,
    organization: Organization,
    event: str,
    data: dict,
    *,
    application_id: int | None,
    dedupe_key: str | None,
) -> OutboundMessage | None:
    if not organization.webhook_url:
        return None
    delivery_id = uuid.uuid4().hex
    body = json.dumps(
        {
            "id": delivery_id,
            "event": event,
            "created_at": utcnow().isoformat(),
            "organization": organization.slug,
            "data": data,
        },
        separators=(",", ":"),
        default=str,
    )
    return outbox.enqueue(
        session=session,
        organization_id=organization.id,
        application_id=application_id,
        channel=Channel.WEBHOOK,
        kind=event,
        to_address=organization.webhook_url,
        body=body,
        payload={"event": event, "delivery_id": delivery_id},
        dedupe_key=dedupe_key,
    )


def stage_result(
    *, session: Session, application: Application, stage: Stage, score: Score | None
) -> OutboundMessage | None:
    """Queue the event of a finished stage (once per application and stage).

    Args:
        session: Database session (the caller commits).
        application: The application.
        stage: The stage it finished.
        score: Its score, when scored.

    Returns:
        The queued event, or None when the organization has no webhook.
    """
    organization = session.get(Organization, application.organization_id)
    data = summaries.summary(session=session, application=application)
    data["stage"] = {"id": stage.id, "type": str(stage.type), "title": stage.title}
    data["result"] = (
        {
            "total": score.total,
            "passed": score.passed,
            "dealbreaker_passed": score.dealbreaker_passed,
            "dealbreaker_failures": score.dealbreaker_failures,
            "criteria": score.criteria,
            "summary": score.summary,
            "scorer": score.scorer,
        }
        if score is not None
        else None
    )
    return _enqueue(
        session,
        organization,
        STAGE_COMPLETED,
        data,
        application_id=application.id,
        dedupe_key=f"webhook:{application.id}:stage:{stage.id}",
    )


def outcome(*, session: Session, application: Application) -> OutboundMessage | None:
    """Queue the final outcome of an application (completed, disqualified, ...), once.

    Args:
        session: Database session (the caller commits).
        application: The application in its final status.

    Returns:
        The queued event, or None (no webhook, or the status is not final).
    """
    event = OUTCOME_EVENTS.get(str(application.status))
    if event is None:
        return None
    organization = session.get(Organization, application.organization_id)
    return _enqueue(
        session,
        organization,
        event,
        summaries.summary(session=session, application=application),
        application_id=application.id,
        # Per status: a disqualification a recruiter later overturns still reports the end.
        dedupe_key=f"webhook:{application.id}:outcome:{application.status}",
    )


def send_test(*, session: Session, user: User) -> OutboundMessage:
    """Queue a ``ping`` event so a recruiter can check their receiver.

    Args:
        session: Database session.
        user: The acting recruiter.

    Returns:
        The queued event.

    Raises:
        Invalid: When no webhook URL is set.
    """
    require_recruiter(user)
    organization = session.get(Organization, user.organization_id)
    if not organization.webhook_url:
        raise Invalid({"webhook_url": "Save a webhook URL first."})
    message = _enqueue(
        session,
        organization,
        PING,
        {"message": "A test event from OpenInterview.", "sent_by": user.email},
        application_id=None,
        dedupe_key=None,
    )
    session.commit()
    return message


def recent(*, session: Session, user: User, limit: int = 10) -> list[OutboundMessage]:
    """The organization's latest webhook deliveries, newest first.

    Args:
        session: Database session.
        user: The acting user.
        limit: At most this many.

    Returns:
        Outbox rows.
    """
    return list(
        session.exec(
            select(OutboundMessage)
            .where(
                OutboundMessage.organization_id == user.organization_id,
                OutboundMessage.channel == Channel.WEBHOOK,
            )
            .order_by(OutboundMessage.id.desc())
            .limit(limit)
        ).all()
    )
