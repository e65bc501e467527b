"""The outbox delivers each message exactly once through the real SDKs, faults and all."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app import db
from heymilo_app.models import Channel, MessageStatus, Organization, OutboundMessage, utcnow
from heymilo_app.providers.email import OfflineMailer, SendGridMailer
from heymilo_app.providers.sms import OfflineSms, TwilioSms
from heymilo_app.services import outbox
from tests.fakes.providers import FakeSendGrid, FakeTwilio


@pytest.fixture
def sendgrid() -> Iterator[FakeSendGrid]:
    server = FakeSendGrid()
    yield server
    server.close()


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    server = FakeTwilio()
    yield server
    server.close()


@pytest.fixture
def org_id(session: Session) -> int:
    # Open around the clock: these tests are about delivery, not quiet hours
    # (tests/test_reminders_and_quiet_hours.py covers those).
    organization = Organization(
        name="Acme",
        slug="acme",
        business_hours_start=0,
        business_hours_end=24,
        business_days=list(range(7)),
    )
    session.add(organization)
    session.commit()
    return organization.id


def _mailer(server: FakeSendGrid, timeout: float = 5.0) -> SendGridMailer:
    return SendGridMailer(api_key="SG.test", host=server.url, timeout=timeout)


def _twilio(server: FakeTwilio) -> TwilioSms:
    return TwilioSms(
        account_sid="AC" + "0" * 32,
        auth_token="token",
        from_number="+15005550006",
        base_url=server.url,
        timeout=5,
    )


def _emails(session: Session, org_id: int, count: int, batch_key: str = "invite-v1") -> None:
    for index in range(count):
        outbox.enqueue(
            session=session,
            organization_id=org_id,
            channel=Channel.EMAIL,
            to_address=f"c{index}@example.net",
            subject=f"Hi c{index}",
            body=f"Hello c{index}",
            kind="invitation",
            dedupe_key=f"test:{batch_key}:{index}",
            batch_key=batch_key,
            payload={
                "from_email": "jobs@acme.example.com",
                "from_name": "Acme",
                "text_template": "Hello %name%",
                "substitutions": {"%name%": f"c{index}"},
            },
        )
    session.commit()


def _statuses(session: Session) -> Counter:
    session.expire_all()
    return Counter(str(s) for s in session.exec(select(OutboundMessage.status)).all())


def test_enqueue_is_idempotent_per_dedupe_key(session: Session, org_id: int) -> None:
    _emails(session, org_id, 3)
    _emails(session, org_id, 3)
    assert _statuses(session) == {"queued": 3}


def test_a_batch_goes_out_in_one_request_with_personalizations(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 25)
    report = outbox.deliver_due(engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms())
    assert (report.sent, report.requests) == (25, 1)
    [request] = sendgrid.requests
    assert request["authorization"] == "Bearer SG.test"
    assert len(request["body"]["personalizations"]) == 25
    assert sendgrid.delivered[3]["substitutions"] == {"%name%": "c3"}
    assert _statuses(session) == {"sent": 25}
    row = session.exec(select(OutboundMessage)).first()
    assert row.provider == "sendgrid" and row.provider_id and row.attempts == 1


def test_more_than_1000_recipients_are_split(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 1001)
    report = outbox.deliver_due(engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms())
    assert report.requests == 2 and report.sent == 1001
    assert sorted(len(r["body"]["personalizations"]) for r in sendgrid.requests) == [1, 1000]


def test_500_twice_then_success_is_delivered_once(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 3)
    sendgrid.fail(500)
    sendgrid.fail(500)
    now = utcnow()
    rng = random.Random(7)
    for step in range(3):
        outbox.deliver_due(
            engine=engine,
            mailer=_mailer(sendgrid),
            sms=OfflineSms(),
            now=now + timedelta(hours=step),
            rng=rng,
        )
    assert len(sendgrid.requests) == 3
    assert Counter(d["outbox_id"] for d in sendgrid.delivered) == Counter(
        {str(i): 1 for i in session.exec(select(OutboundMessage.id)).all()}
    )
    assert _statuses(session) == {"sent": 3}
    assert {r.attempts for r in session.exec(select(OutboundMessage)).all()} == {3}


def test_a_retry_waits_with_backoff_and_is_not_sent_early(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 1)
    sendgrid.fail(503)
    now = utcnow()
    outbox.deliver_due(
        engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms(), now=now, rng=random.Random(1)
    )
    row = session.exec(select(OutboundMessage)).one()
    wait = (row.send_after - now).total_seconds()
    assert outbox.RETRY_BASE_SECONDS * 0.5 <= wait <= outbox.RETRY_BASE_SECONDS * 1.5
    assert "503" in row.last_error
    report = outbox.deliver_due(
        engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms(), now=now + timedelta(seconds=1)
    )
    assert report.requests == 0 and len(sendgrid.requests) == 1


def test_429_honours_retry_after(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 2)
    sendgrid.fail(429, headers={"Retry-After": "120"})
    now = utcnow()
    report = outbox.deliver_due(engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms(), now=now)
    assert report.retried == 2
    rows = session.exec(select(OutboundMessage)).all()
    assert {(r.send_after - now).total_seconds() for r in rows} == {120.0}
    outbox.deliver_due(
        engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms(), now=now + timedelta(seconds=121)
    )
    assert _statuses(session) == {"sent": 2}


def test_a_timeout_is_retried(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 1)
    sendgrid.fail(202, delay=1.5)  # answers too late
    now = utcnow()
    report = outbox.deliver_due(
        engine=engine, mailer=_mailer(sendgrid, timeout=0.5), sms=OfflineSms(), now=now
    )
    assert report.retried == 1 and "did not answer" in report.errors[0]
    outbox.deliver_due(
        engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms(), now=now + timedelta(hours=1)
    )
    assert _statuses(session) == {"sent": 1}


def test_400_is_not_retried_and_the_error_is_kept(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 2)
    sendgrid.fail(400)
    report = outbox.deliver_due(engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms())
    assert report.failed == 2
    outbox.deliver_due(
        engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms(), now=utcnow() + timedelta(days=1)
    )
    assert len(sendgrid.requests) == 1
    row = session.exec(select(OutboundMessage)).first()
    assert row.status == MessageStatus.FAILED and "injected 400" in row.last_error


def test_retries_stop_after_the_last_attempt(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 1)
    for _ in range(outbox.MAX_ATTEMPTS):
        sendgrid.fail(500)
    now = utcnow()
    for step in range(outbox.MAX_ATTEMPTS + 2):
        outbox.deliver_due(
            engine=engine,
            mailer=_mailer(sendgrid),
            sms=OfflineSms(),
            now=now + timedelta(days=step),
        )
    assert len(sendgrid.requests) == outbox.MAX_ATTEMPTS
    assert _statuses(session) == {"failed": 1}


def test_sms_through_twilio_with_a_retry(
    session: Session, engine: sa.Engine, org_id: int, twilio: FakeTwilio
) -> None:
    for index in range(3):
        outbox.enqueue(
            session=session,
            organization_id=org_id,
            channel=Channel.SMS,
            to_address=f"+1415555010{index}",
            body=f"Hi {index}",
            kind="invitation",
            dedupe_key=f"sms:{index}",
        )
    session.commit()
    twilio.fail(500)
    now = utcnow()
    outbox.deliver_due(
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio),
        now=now,
        status_callback="http://localhost:3000/api/twilio/status",
    )
    outbox.deliver_due(
        engine=engine, mailer=OfflineMailer(), sms=_twilio(twilio), now=now + timedelta(hours=1)
    )
    assert sorted(d["to"] for d in twilio.delivered) == [
        "+14155550100",
        "+14155550101",
        "+14155550102",
    ]
    assert _statuses(session) == {"sent": 3}
    first = twilio.requests[0]
    assert first["path"].endswith("/Messages.json") and first["form"]["From"] == "+15005550006"
    assert session.exec(select(OutboundMessage.provider_id)).first().startswith("SM")


def test_twilio_400_fails_without_retry(
    session: Session, engine: sa.Engine, org_id: int, twilio: FakeTwilio
) -> None:
    outbox.enqueue(
        session=session,
        organization_id=org_id,
        channel=Channel.SMS,
        to_address="+14155550100",
        body="Hi",
        kind="invitation",
    )
    session.commit()
    twilio.fail(400)
    report = outbox.deliver_due(engine=engine, mailer=OfflineMailer(), sms=_twilio(twilio))
    assert report.failed == 1 and twilio.delivered == []


def test_offline_delivery_keeps_messages_for_the_dev_inbox(
    session: Session, engine: sa.Engine, org_id: int
) -> None:
    _emails(session, org_id, 4)
    report = outbox.deliver_due(engine=engine, mailer=OfflineMailer(), sms=OfflineSms())
    assert (report.sent, report.requests) == (4, 0)
    assert _statuses(session) == {"delivered_offline": 4}


def test_two_senders_racing_deliver_each_of_1000_messages_once(
    session: Session, db_url: str, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 1000, batch_key="")  # no batch key: one request per message
    engines = [db.make_engine(db_url) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(engine: sa.Engine) -> None:
        try:
            barrier.wait()
            while outbox.deliver_due(
                engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms(), limit=25
            ).sent:
                pass
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for engine in engines:
        engine.dispose()
    assert errors == []
    counts = Counter(d["outbox_id"] for d in sendgrid.delivered)
    assert len(counts) == 1000 and set(counts.values()) == {1}
    assert _statuses(session) == {"sent": 1000}


def test_a_claim_left_by_a_dead_sender_is_queued_again(
    session: Session, engine: sa.Engine, org_id: int
) -> None:
    _emails(session, org_id, 2)
    now = utcnow()
    claimed = outbox.claim(engine=engine, channel=Channel.EMAIL, limit=10, now=now)
    assert len(claimed) == 2
    assert outbox.claim(engine=engine, channel=Channel.EMAIL, limit=10, now=now) == []
    assert outbox.reap_stale_claims(engine=engine, now=now + timedelta(minutes=1)) == 0
    assert outbox.reap_stale_claims(engine=engine, now=now + timedelta(minutes=11)) == 2
    assert _statuses(session) == {"queued": 2}
