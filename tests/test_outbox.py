"""The outbox delivers each message exactly once through the real SDKs, faults and all."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app import db
from heymilo_app.models import Channel, MessageStatus, Organization, OutboundMessage, utcnow
from heymilo_app.providers.email import OfflineMailer, SendGridMailer
from heymilo_app.providers.sms import OfflineSms, TwilioSms
from heymilo_app.services.messaging import outbox, outbox_claims, outbox_delivery, outbox_outcomes
from heymilo_app.services.pipeline import send_rules
from heymilo_app.settings import get_settings
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


def _twilio(server: FakeTwilio, timeout: float = 5.0) -> TwilioSms:
    return TwilioSms(
        account_sid="AC" + "0" * 32,
        auth_token="token",
        from_number="+15005550006",
        base_url=server.url,
        timeout=timeout,
    )


def _passes(engine: sa.Engine, count: int, every: timedelta, rng=None, **providers) -> None:
    """Run ``count`` sender passes, ``every`` apart from now (a retry's backoff elapses)."""
    now = utcnow()
    providers = {"mailer": OfflineMailer(), "sms": OfflineSms(), **providers}
    for step in range(count):
        outbox_delivery.deliver_due(
            holds=send_rules.holds, engine=engine, now=now + every * step, rng=rng, **providers
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


def _texts(session: Session, org_id: int, count: int) -> None:
    for index in range(count):
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
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms()
    )
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
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms()
    )
    assert report.requests == 2 and report.sent == 1001
    assert sorted(len(r["body"]["personalizations"]) for r in sendgrid.requests) == [1, 1000]


def test_500_twice_then_success_is_delivered_once(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 3)
    sendgrid.fail(500)
    sendgrid.fail(500)
    _passes(engine, 3, timedelta(hours=1), random.Random(7), mailer=_mailer(sendgrid))
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
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=_mailer(sendgrid),
        sms=OfflineSms(),
        now=now,
        rng=random.Random(1),
    )
    row = session.exec(select(OutboundMessage)).one()
    wait = (row.send_after - now).total_seconds()
    assert (
        outbox_outcomes.RETRY_BASE_SECONDS * 0.5 <= wait <= outbox_outcomes.RETRY_BASE_SECONDS * 1.5
    )
    assert "503" in row.last_error
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=_mailer(sendgrid),
        sms=OfflineSms(),
        now=now + timedelta(seconds=1),
    )
    assert report.requests == 0 and len(sendgrid.requests) == 1


def test_429_honours_retry_after(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 2)
    sendgrid.fail(429, headers={"Retry-After": "120"})
    now = utcnow()
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms(), now=now
    )
    assert report.retried == 2
    rows = session.exec(select(OutboundMessage)).all()
    # Counted from the moment SendGrid answered (the pass's clock runs on from ``now``).
    assert all(120 <= (r.send_after - now).total_seconds() < 125 for r in rows)
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=_mailer(sendgrid),
        sms=OfflineSms(),
        now=now + timedelta(seconds=121),
    )
    assert _statuses(session) == {"sent": 2}


def test_a_timeout_is_retried(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 1)
    sendgrid.fail(202, delay=1.5)  # answers too late
    now = utcnow()
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=_mailer(sendgrid, timeout=0.5),
        sms=OfflineSms(),
        now=now,
    )
    assert report.retried == 1 and "did not answer" in report.errors[0]
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=_mailer(sendgrid),
        sms=OfflineSms(),
        now=now + timedelta(hours=1),
    )
    assert _statuses(session) == {"sent": 1}


def test_400_is_not_retried_and_the_error_is_kept(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 2)
    sendgrid.fail(400)
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=_mailer(sendgrid), sms=OfflineSms()
    )
    assert report.failed == 2
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=_mailer(sendgrid),
        sms=OfflineSms(),
        now=utcnow() + timedelta(days=1),
    )
    assert len(sendgrid.requests) == 1
    row = session.exec(select(OutboundMessage)).first()
    assert row.status == MessageStatus.FAILED and "injected 400" in row.last_error


def test_the_sending_settings_come_from_the_environment(
    session: Session,
    engine: sa.Engine,
    org_id: int,
    sendgrid: FakeSendGrid,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pydantic import ValidationError

    from heymilo_app.providers import factory
    from heymilo_app.settings import Settings

    for name, value in (
        ("OUTBOX_MAX_ATTEMPTS", "2"),
        ("OUTBOX_STALE_CLAIM_MINUTES", "30"),
        ("PROVIDER_TIMEOUT_SECONDS", "4.5"),
        ("WEBHOOK_TIMEOUT_SECONDS", "3"),
        ("SENDGRID_API_KEY", "SG.test"),
        ("TWILIO_ACCOUNT_SID", "AC" + "0" * 32),
        ("TWILIO_AUTH_TOKEN", "token"),
        ("TWILIO_FROM_NUMBER", "+15005550006"),
    ):
        monkeypatch.setenv(name, value)
    settings = Settings()
    monkeypatch.setattr("heymilo_app.settings.get_settings", lambda: settings)
    monkeypatch.setattr(outbox_claims, "get_settings", lambda: settings)
    monkeypatch.setattr(outbox_outcomes, "get_settings", lambda: settings)
    monkeypatch.setattr(outbox_delivery, "get_settings", lambda: settings)
    monkeypatch.setattr(factory, "get_settings", lambda: settings)
    assert factory.get_mailer()._timeout == 4.5
    assert factory.get_sms()._http.timeout == 4.5
    assert outbox_claims.stale_claim_age() == timedelta(minutes=30)
    assert outbox_claims.claim_budget() == timedelta(minutes=15)

    _emails(session, org_id, 1)
    for _ in range(3):
        sendgrid.fail(500)
    _passes(engine, 4, timedelta(days=1), mailer=_mailer(sendgrid))
    assert len(sendgrid.requests) == 2 and _statuses(session) == {"failed": 1}

    for name in ("OUTBOX_MAX_ATTEMPTS", "PROVIDER_TIMEOUT_SECONDS"):
        monkeypatch.setenv(name, "0")
        with pytest.raises(ValidationError, match=name.lower()):
            Settings()
        monkeypatch.delenv(name)


def test_retries_stop_after_the_last_attempt(
    session: Session, engine: sa.Engine, org_id: int, sendgrid: FakeSendGrid
) -> None:
    _emails(session, org_id, 1)
    for _ in range(get_settings().outbox_max_attempts):
        sendgrid.fail(500)
    _passes(
        engine, get_settings().outbox_max_attempts + 2, timedelta(days=1), mailer=_mailer(sendgrid)
    )
    assert len(sendgrid.requests) == get_settings().outbox_max_attempts
    assert _statuses(session) == {"failed": 1}


def test_sms_through_twilio_with_a_retry(
    session: Session, engine: sa.Engine, org_id: int, twilio: FakeTwilio
) -> None:
    _texts(session, org_id, 3)
    twilio.fail(500)
    now = utcnow()
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio),
        now=now,
        status_callback="http://localhost:3000/api/twilio/status",
    )
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio),
        now=now + timedelta(hours=1),
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


def test_offline_delivery_keeps_messages_for_the_dev_inbox(
    session: Session, engine: sa.Engine, org_id: int
) -> None:
    _emails(session, org_id, 4)
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=OfflineMailer(), sms=OfflineSms()
    )
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
            while outbox_delivery.deliver_due(
                holds=send_rules.holds,
                engine=engine,
                mailer=_mailer(sendgrid),
                sms=OfflineSms(),
                limit=25,
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
    claimed = outbox_claims.claim(engine=engine, channel=Channel.EMAIL, limit=10, now=now)
    assert len(claimed) == 2
    assert outbox_claims.claim(engine=engine, channel=Channel.EMAIL, limit=10, now=now) == []
    assert outbox_claims.reap_stale_claims(engine=engine, now=now + timedelta(minutes=1)) == 0
    assert outbox_claims.reap_stale_claims(engine=engine, now=now + timedelta(minutes=11)) == 2
    assert _statuses(session) == {"queued": 2}


# Twilio faults, as the SendGrid ones above, through the real SDK.


def test_twilio_500_twice_then_success_is_delivered_once(
    session: Session, engine: sa.Engine, org_id: int, twilio: FakeTwilio
) -> None:
    _texts(session, org_id, 1)
    twilio.fail(500)
    twilio.fail(500)
    _passes(engine, 4, timedelta(hours=1), random.Random(7), sms=_twilio(twilio))
    assert len(twilio.requests) == 3
    assert [d["to"] for d in twilio.delivered] == ["+14155550100"]
    row = session.exec(select(OutboundMessage)).one()
    assert (row.status, row.attempts, row.last_error) == (MessageStatus.SENT, 3, "")
    assert row.provider_id == twilio.delivered[0]["sid"]


def test_twilio_429_honours_retry_after(
    session: Session, engine: sa.Engine, org_id: int, twilio: FakeTwilio
) -> None:
    _texts(session, org_id, 1)
    twilio.fail(429, headers={"Retry-After": "600"})
    now = utcnow()
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio),
        now=now,
        rng=random.Random(1),
    )
    assert report.retried == 1
    row = session.exec(select(OutboundMessage)).one()
    # Ten minutes as Twilio asked, not the 15-45 s of the first backoff.
    assert 600 <= (row.send_after - now).total_seconds() < 605
    assert "429" in row.last_error and "next in 600 s" in row.last_error
    early = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio),
        now=now + timedelta(minutes=9),
    )
    assert early.requests == 0
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio),
        now=now + timedelta(minutes=11),
    )
    assert _statuses(session) == {"sent": 1} and len(twilio.delivered) == 1


def test_twilio_timeout_is_retried(
    session: Session, engine: sa.Engine, org_id: int, twilio: FakeTwilio
) -> None:
    _texts(session, org_id, 1)
    twilio.fail(503, delay=1.5)  # answers too late
    now = utcnow()
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio, timeout=0.5),
        now=now,
    )
    assert report.retried == 1 and "did not answer" in report.errors[0]
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio),
        now=now + timedelta(hours=1),
    )
    assert _statuses(session) == {"sent": 1} and len(twilio.delivered) == 1


def test_twilio_400_is_not_retried_and_the_error_is_kept(
    session: Session, engine: sa.Engine, org_id: int, twilio: FakeTwilio
) -> None:
    _texts(session, org_id, 1)
    twilio.fail(400)
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=OfflineMailer(), sms=_twilio(twilio)
    )
    assert report.failed == 1 and report.retried == 0
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=_twilio(twilio),
        now=utcnow() + timedelta(days=1),
    )
    assert len(twilio.requests) == 1 and twilio.delivered == []
    row = session.exec(select(OutboundMessage)).one()
    assert row.status == MessageStatus.FAILED
    assert row.last_error.startswith("Twilio answered 400 (code 21211): ")
    assert row.last_error.endswith("injected 400")


# Exactly once under long passes.


class _TakenOverMidSend:
    """A text provider so slow that the row's claim is reaped and re-claimed while it sends."""

    name = "slow"

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.other_claims: list[OutboundMessage] = []

    def send_sms(self, *, to: str, body: str, status_callback: str = ""):
        later = utcnow() + outbox_claims.stale_claim_age() + timedelta(minutes=1)
        assert outbox_claims.reap_stale_claims(engine=self.engine, now=later) == 1
        self.other_claims = outbox_claims.claim(
            engine=self.engine, channel=Channel.SMS, limit=10, now=later
        )
        return OfflineSms().send_sms(to=to, body=body)


def test_a_row_reaped_and_claimed_by_another_sender_is_not_recorded_by_the_first(
    session: Session, engine: sa.Engine, org_id: int
) -> None:
    _texts(session, org_id, 1)
    slow = _TakenOverMidSend(engine)
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=OfflineMailer(), sms=slow
    )
    [taken] = slow.other_claims
    assert report.sent == 0 and report.superseded == 1
    session.expire_all()
    row = session.exec(select(OutboundMessage)).one()
    # Still the second sender's to deliver and record: nothing overwrote its claim.
    assert (row.status, row.claim_token, row.attempts) == (
        MessageStatus.SENDING,
        taken.claim_token,
        0,
    )


def test_holds_do_not_touch_a_row_another_sender_holds(
    session: Session, engine: sa.Engine, org_id: int
) -> None:
    _texts(session, org_id, 1)
    mine = outbox_claims.claim(engine=engine, channel=Channel.SMS, limit=10)
    later = utcnow() + outbox_claims.stale_claim_age() + timedelta(minutes=1)
    outbox_claims.reap_stale_claims(engine=engine, now=later)
    [theirs] = outbox_claims.claim(engine=engine, channel=Channel.SMS, limit=10, now=later)
    organization = session.get(Organization, org_id)
    organization.business_hours_start, organization.business_hours_end = 9, 10  # closed
    organization.business_days = [0]
    session.commit()
    report = outbox_outcomes.DeliveryReport()
    with Session(engine, expire_on_commit=False) as own:
        wednesday = datetime(2035, 11, 28, 16, 0, tzinfo=UTC)  # closed: the text waits
        assert (
            outbox_outcomes.apply_holds(
                own, mine, mine[0].claim_token, wednesday, report, send_rules.holds
            )
            == []
        )
    session.expire_all()
    row = session.exec(select(OutboundMessage)).one()
    assert (row.status, row.claim_token) == (MessageStatus.SENDING, theirs.claim_token)


class _Clock:
    """utcnow() for the outbox that moves on by ``step`` each time a text is sent."""

    def __init__(self, step: timedelta) -> None:
        self.now = utcnow()
        self.step = step

    def __call__(self):
        return self.now


def test_texts_are_claimed_a_batch_at_a_time_each_stamped_with_its_claim(
    session: Session, engine: sa.Engine, org_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _texts(session, org_id, 5)
    clock = _Clock(timedelta(minutes=1))
    monkeypatch.setattr(outbox_delivery, "utcnow", clock)
    monkeypatch.setattr(outbox_claims, "utcnow", clock)
    monkeypatch.setattr(outbox_delivery, "SMS_CLAIM", 2)
    claimed: list[list] = []
    real_claim = outbox_claims.claim

    def spy(**kwargs):
        rows = real_claim(**kwargs)
        claimed.append([(row.id, row.claimed_at) for row in rows])
        return rows

    monkeypatch.setattr(outbox_claims, "claim", spy)

    class Sms(OfflineSms):
        def send_sms(self, **kwargs):
            clock.now += clock.step  # each text takes a minute
            return super().send_sms(**kwargs)

    start = clock.now
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=OfflineMailer(), sms=Sms(), now=start
    )
    assert report.sent == 5
    sms_claims = [c for c in claimed if c]  # no emails nor webhooks are due
    assert [len(c) for c in sms_claims] == [2, 2, 1]
    # Each claim is stamped when it is made, not when the pass began.
    assert [c[0][1] - start for c in sms_claims] == [timedelta(minutes=m) for m in (0, 2, 4)]


def test_a_claim_older_than_its_budget_hands_its_unsent_rows_back_first(
    session: Session, engine: sa.Engine, org_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _texts(session, org_id, 3)
    clock = _Clock(timedelta(minutes=3))
    monkeypatch.setattr(outbox_delivery, "utcnow", clock)
    monkeypatch.setattr(outbox_claims, "utcnow", clock)
    stamps: list = []

    class Sms(OfflineSms):
        def send_sms(self, *, to: str, body: str, status_callback: str = ""):
            with Session(engine) as look:
                row = look.exec(
                    select(OutboundMessage).where(OutboundMessage.to_address == to)
                ).one()
                stamps.append(clock.now - row.claimed_at)
            clock.now += clock.step  # each text takes three minutes
            return super().send_sms(to=to, body=body)

    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=OfflineMailer(), sms=Sms(), now=clock.now
    )
    assert report.sent == 3 and _statuses(session) == {"delivered_offline": 3}
    # The third was handed back at six minutes and claimed again: no text leaves on a claim
    # older than the budget, so none can have been taken over as stale.
    assert all(age <= outbox_claims.claim_budget() for age in stamps)
    assert stamps == [timedelta(0), timedelta(minutes=3), timedelta(0)]


def test_a_claim_takes_at_most_its_limit(session: Session, engine: sa.Engine, org_id: int) -> None:
    """On PostgreSQL, ``UPDATE ... WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)``
    claimed every due row: the subquery ran again for each row, skipping those just taken."""
    _texts(session, org_id, 5)
    first = outbox_claims.claim(engine=engine, channel=Channel.SMS, limit=2)
    second = outbox_claims.claim(engine=engine, channel=Channel.SMS, limit=2)
    assert [len(first), len(second)] == [2, 2]
    assert {r.id for r in first}.isdisjoint({r.id for r in second})
    assert _statuses(session) == {"sending": 4, "queued": 1}
