"""Results back to the ATS: signed webhooks through the outbox, retried, delivered once."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Job,
    MessageStatus,
    Organization,
    OutboundMessage,
    Score,
    User,
    utcnow,
)
from heymilo_app.providers import webhook as webhook_provider
from heymilo_app.providers.email import OfflineMailer
from heymilo_app.providers.sms import OfflineSms
from heymilo_app.services.common.errors import Invalid, PermissionDenied
from heymilo_app.services.jobs.jobs import interview_stages, published_interview
from heymilo_app.services.messaging import outbox_delivery, outbox_outcomes
from heymilo_app.services.pipeline import send_rules, webhooks
from heymilo_app.settings import get_settings
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.support import add_manager, add_to_job, demo_recruiter_and_job


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookReceiver]:
    # The receiver listens on 127.0.0.1, which webhooks refuse unless this is on.
    monkeypatch.setattr(get_settings(), "webhook_allow_private_addresses", True)
    server = WebhookReceiver()
    yield server
    server.close()


@pytest.fixture
def setup(session: Session, receiver: WebhookReceiver) -> tuple[User, Job, Application]:
    user, job = demo_recruiter_and_job(session)
    job.sms_invitations = False
    webhooks.configure(session=session, user=user, url=receiver.url + "/hooks/openinterview")
    application = add_to_job(
        session, user, job, "lee@example.net", first_name="Lee", last_name="Park"
    )
    return user, job, application


def _deliver(engine: sa.Engine, now=None) -> outbox_outcomes.DeliveryReport:
    return outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=now or utcnow(),
        webhook=webhook_provider.HttpWebhookPoster(timeout=3),
    )


def _score(session: Session, application: Application, stage_id: int) -> Score:
    score = Score(
        application_id=application.id,
        stage_id=stage_id,
        total=82.5,
        passed=True,
        criteria=[{"name": "Experience", "weight": 1, "score": 4, "evidence": "5 years"}],
        summary="Strong support background.",
        scorer="offline-lexical-v1",
    )
    session.add(score)
    session.flush()
    return score


def test_a_stage_result_is_posted_once_signed_with_the_organizations_secret(
    session: Session, engine: sa.Engine, setup: tuple, receiver: WebhookReceiver
) -> None:
    user, job, application = setup
    stage = interview_stages(
        session=session, interview=published_interview(session=session, job=job)
    )[0]
    score = _score(session, application, stage.id)
    first = webhooks.stage_result(
        session=session, application=application, stage=stage, score=score
    )
    again = webhooks.stage_result(
        session=session, application=application, stage=stage, score=score
    )
    session.commit()
    assert first.id == again.id  # one event per application and stage
    report = _deliver(engine)
    assert report.sent >= 2  # the invitation email and the event
    [request] = receiver.delivered
    headers = {k.lower(): v for k, v in request["headers"].items()}
    secret = session.get(Organization, user.organization_id).webhook_secret
    assert secret.startswith("whsec_")
    assert webhook_provider.verify(
        secret,
        timestamp=headers["x-openinterview-timestamp"],
        body=request["raw"],
        signature=headers["x-openinterview-signature"],
    )
    assert not webhook_provider.verify(
        "whsec_wrong",
        timestamp=headers["x-openinterview-timestamp"],
        body=request["raw"],
        signature=headers["x-openinterview-signature"],
    )
    body = request["body"]
    assert headers["x-openinterview-event"] == body["event"] == "application.stage_completed"
    assert headers["x-openinterview-delivery"] == body["id"]
    assert body["data"]["application_id"] == application.id
    assert body["data"]["stage"]["id"] == stage.id
    assert body["data"]["result"]["total"] == 82.5
    assert body["data"]["result"]["criteria"][0]["evidence"] == "5 years"
    assert _deliver(engine).sent == 0
    assert len(receiver.requests) == 1


def test_a_tampered_or_stale_request_does_not_verify() -> None:
    body = b'{"event":"ping"}'
    now = int(time.time())
    signature = webhook_provider.sign("whsec_s", now, body)
    assert webhook_provider.verify("whsec_s", timestamp=str(now), body=body, signature=signature)
    assert not webhook_provider.verify(
        "whsec_s", timestamp=str(now), body=b'{"event":"pong"}', signature=signature
    )
    assert not webhook_provider.verify(
        "whsec_s", timestamp=str(now), body=body, signature=signature, now=now + 301
    )
    assert not webhook_provider.verify("whsec_s", timestamp="soon", body=body, signature=signature)


def test_500_twice_then_success_keeps_the_delivery_id_and_arrives_once(
    session: Session, engine: sa.Engine, setup: tuple, receiver: WebhookReceiver
) -> None:
    _, _, application = setup
    application.status = ApplicationStatus.COMPLETED
    application.finished_at = utcnow()
    event = webhooks.outcome(session=session, application=application)
    session.commit()
    receiver.fail(500)
    receiver.fail(503)
    now = utcnow()
    assert _deliver(engine, now).retried == 1
    session.expire_all()
    row = session.get(OutboundMessage, event.id)
    assert row.status == MessageStatus.QUEUED and row.send_after > now
    assert "500" in row.last_error
    assert _deliver(engine, now + timedelta(hours=2)).retried == 1
    assert _deliver(engine, now + timedelta(hours=4)).sent == 1
    assert len(receiver.requests) == 3 and len(receiver.delivered) == 1
    ids = {r["body"]["id"] for r in receiver.requests}
    assert len(ids) == 1  # every retry carries the same idempotency key
    assert receiver.delivered[0]["body"]["event"] == "application.completed"


def test_a_4xx_is_not_retried_and_429_waits_as_asked(
    session: Session, engine: sa.Engine, setup: tuple, receiver: WebhookReceiver
) -> None:
    user, _, _ = setup
    receiver.fail(410)
    gone = webhooks.send_test(session=session, user=user)
    now = utcnow()
    assert _deliver(engine, now).failed == 1
    session.expire_all()
    row = session.get(OutboundMessage, gone.id)
    assert row.status == MessageStatus.FAILED and "410" in row.last_error
    receiver.fail(429, headers={"Retry-After": "120"})
    busy = webhooks.send_test(session=session, user=user)
    now = utcnow()
    assert _deliver(engine, now).retried == 1
    done = utcnow()
    session.expire_all()
    row = session.get(OutboundMessage, busy.id)
    assert row.status == MessageStatus.QUEUED
    # The pass's clock runs on while it sends, so the wait counts from when the answer came.
    waited = timedelta(seconds=120)
    assert now + waited <= row.send_after <= done + waited
    assert _deliver(engine, done + timedelta(seconds=121)).sent == 1
    assert receiver.delivered[-1]["body"]["event"] == "ping"


def test_a_rotated_secret_signs_what_is_still_waiting(
    session: Session, engine: sa.Engine, setup: tuple, receiver: WebhookReceiver
) -> None:
    user, _, _ = setup
    webhooks.send_test(session=session, user=user)
    old = session.get(Organization, user.organization_id).webhook_secret
    new = webhooks.rotate_secret(session=session, user=user).webhook_secret
    assert new != old
    _deliver(engine)
    request = receiver.delivered[-1]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert webhook_provider.verify(
        new,
        timestamp=headers["x-openinterview-timestamp"],
        body=request["raw"],
        signature=headers["x-openinterview-signature"],
    )


def test_lapsed_invitations_are_reported_as_expired(
    session: Session, engine: sa.Engine, setup: tuple, receiver: WebhookReceiver
) -> None:
    from heymilo_app.services.pipeline import reminders

    _, _, application = setup
    application.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    reminders.run_once(engine=engine)
    _deliver(engine)
    events = [r["body"] for r in receiver.delivered]
    expired = [e for e in events if e["data"]["application_id"] == application.id]
    assert [e["event"] for e in expired] == ["application.expired"]
    assert expired[0]["data"]["status"] == "expired"


def test_no_webhook_url_means_no_event(session: Session, setup: tuple) -> None:
    user, _, application = setup
    webhooks.configure(session=session, user=user, url="")
    application.status = ApplicationStatus.DISQUALIFIED
    assert webhooks.outcome(session=session, application=application) is None
    with pytest.raises(Invalid):
        webhooks.send_test(session=session, user=user)
    assert (
        session.exec(select(OutboundMessage).where(OutboundMessage.channel == "webhook")).first()
        is None
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://ats.example.com/hook",
        "not a url",
        "https://user:pass@ats.example.com/hook",
        "http://169.254.169.254/latest/meta-data",
        # Refused even with WEBHOOK_ALLOW_PRIVATE_ADDRESSES on (the setup turns it on).
        "http://0xa9fea9fe/latest/meta-data",  # 169.254.169.254 in hex
        "http://2852039166/",  # and in decimal
        "http://[::ffff:169.254.169.254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.google.internal./",
        "http://metadata/",
        "http://[fe80::1]/",
        "http://0.0.0.0:8000/",
        "http://224.0.0.1/",
        "http://[::1/",
        "http://ats.example.com:99999/",
    ],
)
def test_bad_webhook_urls_are_refused(session: Session, setup: tuple, url: str) -> None:
    user, _, _ = setup
    before = session.get(Organization, user.organization_id).webhook_url
    with pytest.raises(Invalid) as error:
        webhooks.configure(session=session, user=user, url=url)
    assert "webhook_url" in error.value.errors
    session.rollback()
    assert session.get(Organization, user.organization_id).webhook_url == before


def test_a_hiring_manager_cannot_set_the_webhook(session: Session, setup: tuple) -> None:
    user, _, _ = setup
    manager = add_manager(session, user)
    with pytest.raises(PermissionDenied):
        webhooks.configure(session=session, user=manager, url="https://evil.example.com/")
    with pytest.raises(PermissionDenied):
        webhooks.rotate_secret(session=session, user=manager)


def test_the_body_is_json_with_the_organization_and_no_secret(
    session: Session, setup: tuple
) -> None:
    user, _, _ = setup
    message = webhooks.send_test(session=session, user=user)
    body = json.loads(message.body)
    organization = session.get(Organization, user.organization_id)
    assert body["organization"] == organization.slug
    assert organization.webhook_secret not in message.body
