"""Twilio and SendGrid callbacks, signed for real, on SQLite and PostgreSQL.

Twilio requests are signed with the SDK's own ``RequestValidator``; SendGrid batches with an
ECDSA P-256 key pair made for the test, the way the Signed Event Webhook signs them.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select
from twilio.request_validator import RequestValidator

from heymilo_app import db
from heymilo_app.api import provider_webhooks
from heymilo_app.api.app import create_api
from heymilo_app.models import (
    Application,
    Candidate,
    Channel,
    MessageStatus,
    Organization,
    OutboundMessage,
    ProviderEvent,
)
from heymilo_app.providers.email import OfflineMailer
from heymilo_app.providers.sms import TwilioSms
from heymilo_app.services.messaging import (
    delivery_events,
    outbox,
    outbox_claims,
    outbox_delivery,
    sms_inbound,
)
from heymilo_app.services.pipeline import links, resends, send_rules
from heymilo_app.settings import get_settings
from tests.fakes.providers import FakeTwilio
from tests.support import add_to_job, demo_recruiter_and_job

TOKEN = "twilio-auth-token-for-tests"
BASE = "https://hire.example.com"
PHONE = "+14155550177"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch):
    """Twilio's auth token and a public URL behind a proxy; no SendGrid key yet."""
    current = get_settings()
    monkeypatch.setattr(current, "twilio_auth_token", TOKEN)
    monkeypatch.setattr(current, "public_base_url", BASE + "/")
    monkeypatch.setattr(current, "sendgrid_webhook_public_key", "")
    monkeypatch.setattr(current, "sendgrid_webhook_allow_unsigned", False)
    monkeypatch.setattr(current, "email_from", "jobs@acme.example.com")
    return current


@pytest.fixture
def client(engine: sa.Engine, settings) -> TestClient:
    return TestClient(create_api())


@pytest.fixture
def ivy(session: Session) -> Application:
    """The demo organization with a candidate invited by email and text."""
    user, job = demo_recruiter_and_job(session)
    return add_to_job(session, user, job, "ivy@example.net", phone=PHONE)


def _candidate(session: Session, phone: str = PHONE) -> Candidate:
    session.expire_all()
    return session.exec(select(Candidate).where(Candidate.phone == phone)).one()


def _twilio(
    client: TestClient,
    path: str,
    params: dict[str, str],
    *,
    token: str = TOKEN,
    url: str | None = None,
    signature: str | None = None,
):
    if signature is None:
        signature = RequestValidator(token).compute_signature(url or BASE + path, params)
    query = urlsplit(url).query if url else ""
    target = f"{path}?{query}" if query else path
    return client.post(target, data=params, headers={"X-Twilio-Signature": signature})


def _inbound(client: TestClient, body: str, sender: str = PHONE, **kwargs):
    params = {"From": sender, "To": "+15005550006", "Body": body, "MessageSid": "SMin" + body}
    return _twilio(client, "/api/twilio/sms", params, **kwargs)


def _status(client: TestClient, sid: str, status: str, code: str = "", **kwargs):
    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32}
    if code:
        params["ErrorCode"] = code
    return _twilio(client, "/api/twilio/status", params, **kwargs)


def _sms_count(session: Session, application: Application) -> int:
    return session.exec(
        select(func.count(OutboundMessage.id)).where(
            OutboundMessage.application_id == application.id,
            OutboundMessage.channel == Channel.SMS,
        )
    ).one()


def _twiml_messages(response) -> list[str]:
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    return [element.text or "" for element in root.iter("Message")]


# Inbound texts


def test_stop_by_webhook_opts_out_and_a_resend_queues_no_text(
    session: Session, client: TestClient, ivy: Application
) -> None:
    assert _sms_count(session, ivy) == 1
    response = _inbound(client, "Stop")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert _twiml_messages(response) == []  # Twilio confirms STOP itself
    candidate = _candidate(session)
    assert candidate.sms_opt_out
    assert links.sms_number(candidate, session=session) == ""
    application = session.get(Application, ivy.id)
    messages = resends.resend(session=session, application=application)
    session.commit()
    assert [m.channel for m in messages] == [Channel.EMAIL]
    assert _sms_count(session, ivy) == 1


def test_start_by_webhook_resumes_texts(
    session: Session, client: TestClient, ivy: Application
) -> None:
    assert _inbound(client, "STOP").status_code == 200
    assert _candidate(session).sms_opt_out
    response = _inbound(client, "start")
    assert response.status_code == 200 and _twiml_messages(response) == []
    candidate = _candidate(session)
    assert not candidate.sms_opt_out
    messages = resends.resend(session=session, application=session.get(Application, ivy.id))
    session.commit()
    assert sorted(str(m.channel) for m in messages) == ["email", "sms"]
    assert _sms_count(session, ivy) == 2


def test_help_is_answered_with_the_help_text_in_twiml(
    session: Session, client: TestClient, ivy: Application
) -> None:
    organization = session.get(Organization, ivy.organization_id)
    response = _inbound(client, "HELP")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    [reply] = _twiml_messages(response)
    assert reply == (
        f"{organization.name} interviews: reply STOP to stop texts, START to resume. "
        "Questions: reply here or email jobs@acme.example.com."
    )
    assert not _candidate(session).sms_opt_out


def test_the_help_answer_is_an_outbox_row_marked_sent_once_per_inbound_text(
    session: Session, client: TestClient, ivy: Application
) -> None:
    """Twilio sends the answer (TwiML); the outbox keeps it, so the history shows it."""
    response = _inbound(client, "HELP")
    [reply] = _twiml_messages(response)
    session.expire_all()
    [row] = session.exec(select(OutboundMessage).where(OutboundMessage.kind == "sms_help")).all()
    assert (row.channel, row.to_address, row.body) == (Channel.SMS, PHONE, reply)
    assert (row.status, row.provider, row.attempts) == (MessageStatus.SENT, "twilio", 1)
    assert row.application_id == ivy.id and row.sent_at is not None
    assert row.dedupe_key == "sms_help:SMinHELP"
    # Twilio retries a webhook it got no answer to: the same MessageSid is one row, answered
    # again.
    assert _twiml_messages(_inbound(client, "HELP")) == [reply]
    session.expire_all()
    assert (
        session.exec(
            select(func.count(OutboundMessage.id)).where(OutboundMessage.kind == "sms_help")
        ).one()
        == 1
    )
    # Never queued, so no sender sends it a second time.
    claimed = outbox_claims.claim(engine=db.get_engine(), channel=Channel.SMS, limit=100)
    assert row.id not in {r.id for r in claimed}


def test_help_speaks_the_organization_language(
    session: Session, client: TestClient, ivy: Application
) -> None:
    organization = session.get(Organization, ivy.organization_id)
    organization.language = "es"
    session.commit()
    [reply] = _twiml_messages(_inbound(client, "help"))
    assert reply.startswith(f"Entrevistas de {organization.name}: responde STOP")
    assert "jobs@acme.example.com" in reply


def test_a_plain_reply_changes_nothing_and_gets_an_empty_response(
    session: Session, client: TestClient, ivy: Application
) -> None:
    response = _inbound(client, "stop texting me at night please")
    assert response.status_code == 200 and _twiml_messages(response) == []
    assert not _candidate(session).sms_opt_out


def test_inbound_results_carry_the_reply_for_the_caller(session: Session, ivy, settings) -> None:
    stop = sms_inbound.handle_inbound(session=session, from_number=PHONE, body="STOP")
    assert stop.action == "opted_out" and "START" in stop.reply
    start = sms_inbound.handle_inbound(session=session, from_number=PHONE, body="START")
    assert start.action == "opted_in" and "STOP" in start.reply
    assert sms_inbound.handle_inbound(session=session, from_number=PHONE, body="hi").reply == ""
    # No sender must not match every candidate without a phone number.
    assert sms_inbound.handle_inbound(session=session, from_number="", body="STOP").candidates == 0


@pytest.mark.parametrize(
    "how",
    ["other token", "missing", "garbage", "signed for another URL", "no token configured"],
)
def test_a_bad_signature_is_refused_and_changes_nothing(
    session: Session,
    client: TestClient,
    ivy: Application,
    settings,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    kwargs = {
        "other token": {"token": "someone-else"},
        "missing": {"signature": ""},
        "garbage": {"signature": "bm90IGEgc2lnbmF0dXJl"},
        "signed for another URL": {"url": "http://testserver/api/twilio/sms"},
        "no token configured": {},
    }[how]
    if how == "no token configured":
        monkeypatch.setattr(settings, "twilio_auth_token", "")
    response = _inbound(client, "STOP", **kwargs)
    assert response.status_code == 403
    if how == "no token configured":
        assert "TWILIO_AUTH_TOKEN" in response.text
    assert not _candidate(session).sms_opt_out


def test_a_shared_key_signature_is_refused(
    session: Session, client: TestClient, ivy: Application
) -> None:
    params = {"From": PHONE, "Body": "STOP"}
    signature = RequestValidator(TOKEN).compute_signature(BASE + "/api/twilio/sms", params)
    response = client.post(
        "/api/twilio/sms",
        data=params,
        headers={
            "X-Twilio-Signature": signature,
            "X-Twilio-Webhooks-Signature-Settings": "key=webhooks_sharedkey_x,algorithm=HMAC_SHA1",
        },
    )
    assert response.status_code == 403
    assert not _candidate(session).sms_opt_out


# Twilio status callbacks


@pytest.fixture
def texted(session: Session, ivy: Application) -> OutboundMessage:
    """Ivy's invitation text, as sent through Twilio."""
    row = session.exec(
        select(OutboundMessage).where(
            OutboundMessage.application_id == ivy.id, OutboundMessage.channel == Channel.SMS
        )
    ).one()
    row.status, row.provider, row.provider_id = MessageStatus.SENT, "twilio", "SMivy"
    session.commit()
    return row


def _row(session: Session, row_id: int) -> OutboundMessage:
    session.expire_all()
    return session.get(OutboundMessage, row_id)


def test_a_late_sent_does_not_undo_delivered(
    session: Session, client: TestClient, texted: OutboundMessage
) -> None:
    assert _status(client, "SMivy", "delivered").status_code == 204
    row = _row(session, texted.id)
    assert row.delivery_status == "delivered" and row.delivery_updated_at is not None
    stamp = row.delivery_updated_at
    assert _status(client, "SMivy", "sent").status_code == 204
    row = _row(session, texted.id)
    assert (row.delivery_status, row.delivery_updated_at) == ("delivered", stamp)
    assert row.status == MessageStatus.SENT  # the queue state is the sender's


def test_undelivered_30003_records_the_error(
    session: Session, client: TestClient, texted: OutboundMessage
) -> None:
    _status(client, "SMivy", "sent")
    assert _row(session, texted.id).delivery_status == "sent"
    assert _status(client, "SMivy", "undelivered", "30003").status_code == 204
    row = _row(session, texted.id)
    assert row.delivery_status == "undelivered"
    assert row.last_error == "Twilio error 30003: unreachable destination handset"
    assert not _candidate(session).sms_opt_out


def test_failed_21610_opts_the_number_out(
    session: Session, client: TestClient, texted: OutboundMessage, ivy: Application
) -> None:
    assert _status(client, "SMivy", "failed", "21610").status_code == 204
    row = _row(session, texted.id)
    assert row.delivery_status == "failed" and "21610" in row.last_error
    candidate = _candidate(session)
    assert candidate.sms_opt_out and links.sms_number(candidate, session=session) == ""
    resends.resend(session=session, application=session.get(Application, ivy.id))
    session.commit()
    assert _sms_count(session, ivy) == 1


def test_an_unknown_sid_or_bad_signature_changes_nothing(
    session: Session, client: TestClient, texted: OutboundMessage
) -> None:
    assert _status(client, "SMnobody", "delivered").status_code == 204
    assert _status(client, "SMivy", "delivered", token="wrong").status_code == 403
    row = _row(session, texted.id)
    assert (row.delivery_status, row.delivery_updated_at) == ("", None)
    assert delivery_events.apply_twilio_status(session, "SMnobody", "delivered") == "ignored"


@pytest.mark.parametrize(
    ("sequence", "final"),
    [
        (["queued", "sending", "sent"], "sent"),
        (["sent", "delivered", "sent", "queued"], "delivered"),
        (["delivered", "read"], "delivered"),
        (["delivered", "undelivered"], "undelivered"),  # a carrier's late correction
        (["undelivered", "delivered", "failed"], "undelivered"),  # the first failure stays
        (["sent", "receiving"], "sent"),  # not an outbound status
    ],
)
def test_twilio_status_order(
    session: Session, texted: OutboundMessage, sequence: list[str], final: str
) -> None:
    for status in sequence:
        delivery_events.apply_twilio_status(session, "SMivy", status)
    assert _row(session, texted.id).delivery_status == final


def _texts_queued(session: Session, *numbers: str) -> list[OutboundMessage]:
    """Invitation texts to these numbers, from an organization open around the clock (so quiet
    hours never hold them back)."""
    organization = Organization(
        name="Acme",
        slug="acme",
        business_hours_start=0,
        business_hours_end=24,
        business_days=list(range(7)),
    )
    session.add(organization)
    session.commit()
    rows = [
        outbox.enqueue(
            session=session,
            organization_id=organization.id,
            channel=Channel.SMS,
            to_address=number,
            body="Your interview is ready",
            kind="invitation",
        )
        for number in numbers
    ]
    session.commit()
    return rows


def _twilio_sender(server: FakeTwilio) -> TwilioSms:
    return TwilioSms(
        account_sid="AC" + "0" * 32,
        auth_token=TOKEN,
        from_number="+15005550006",
        base_url=server.url,
        timeout=5,
    )


def test_real_sdk_send_then_status_callback_ends_delivered(
    session: Session, engine: sa.Engine, client: TestClient, settings
) -> None:
    _texts_queued(session, "+14155550100")
    server = FakeTwilio()
    try:
        callback = BASE + "/api/twilio/status"
        report = outbox_delivery.deliver_due(
            holds=send_rules.holds,
            engine=engine,
            mailer=OfflineMailer(),
            sms=_twilio_sender(server),
            status_callback=callback,
        )
    finally:
        server.close()
    assert report.sent == 1
    [sent] = server.delivered
    # Twilio calls back the URL the SDK gave it: sign exactly that.
    row = session.exec(select(OutboundMessage)).one()
    url = f"{callback}?outbox_id={row.id}"
    assert server.requests[0]["form"]["StatusCallback"] == url
    for status in ("sent", "delivered", "sent"):
        assert _status(client, sent["sid"], status, url=url).status_code == 204
    session.refresh(row)
    assert (row.provider, row.provider_id) == ("twilio", sent["sid"])
    assert row.delivery_status == "delivered"


def test_a_status_callback_before_the_sid_is_recorded_is_kept(
    session: Session, engine: sa.Engine, client: TestClient, settings
) -> None:
    """Twilio may call back before its answer reaches the sender: the callback URL's outbox
    id finds the text, and the sender's record afterwards keeps the delivery status."""
    first, second, third = _texts_queued(session, "+14155550100", "+14155550101", "+14155550102")
    answers: list[int] = []

    def call_back_at_once(sid: str, form: dict) -> None:
        url = form["StatusCallback"]
        row_id = int(url.rsplit("=", 1)[1])
        params = {"MessageSid": sid, "MessageStatus": "delivered", "To": form["To"]}
        if row_id == second.id:
            params["To"] = "+14155550199"  # not the number this row was sent to
        if row_id == third.id:
            params.update(MessageStatus="undelivered", ErrorCode="30003")
        params["AccountSid"] = "AC" + "0" * 32
        answers.append(_twilio(client, "/api/twilio/status", params, url=url).status_code)

    server = FakeTwilio()
    server.on_accept = call_back_at_once
    try:
        report = outbox_delivery.deliver_due(
            holds=send_rules.holds,
            engine=engine,
            mailer=OfflineMailer(),
            sms=_twilio_sender(server),
            status_callback=BASE + "/api/twilio/status",
        )
    finally:
        server.close()
    assert report.sent == 3 and answers == [204, 204, 204]
    sids = {item["to"]: item["sid"] for item in server.delivered}
    first, second = _row(session, first.id), _row(session, second.id)
    assert (first.provider_id, first.status) == (sids["+14155550100"], MessageStatus.SENT)
    assert first.delivery_status == "delivered"
    # A callback whose To does not match the row it names is not applied.
    assert second.provider_id == sids["+14155550101"] and second.delivery_status == ""
    # A failure reported that early keeps its reason once the sender records the text.
    third = _row(session, third.id)
    assert third.delivery_status == "undelivered"
    assert third.last_error == "Twilio error 30003: unreachable destination handset"


# SendGrid events


@pytest.fixture
def signing_key(settings, monkeypatch: pytest.MonkeyPatch) -> ec.EllipticCurvePrivateKey:
    """An ECDSA P-256 key pair; its public half configured as SendGrid shows it (base64 DER)."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    monkeypatch.setattr(settings, "sendgrid_webhook_public_key", base64.b64encode(public).decode())
    return private


def _now() -> str:
    return str(int(time.time()))


def _signed_post(
    client: TestClient,
    key: ec.EllipticCurvePrivateKey | None,
    payload: bytes,
    timestamp: str | None = None,
    headers: dict[str, str] | None = None,
):
    timestamp = _now() if timestamp is None else timestamp
    sent_headers = {"Content-Type": "application/json"}
    if key is not None:
        signature = key.sign(timestamp.encode() + payload, ec.ECDSA(hashes.SHA256()))
        sent_headers["X-Twilio-Email-Event-Webhook-Signature"] = base64.b64encode(
            signature
        ).decode()
        sent_headers["X-Twilio-Email-Event-Webhook-Timestamp"] = timestamp
    sent_headers.update(headers or {})
    return client.post("/api/sendgrid/events", content=payload, headers=sent_headers)


def _events(client: TestClient, key, events: list) -> dict:
    response = _signed_post(client, key, json.dumps(events).encode())
    assert response.status_code == 200, response.text
    return response.json()


def _event(row: OutboundMessage, kind: str, event_id: str, **fields) -> dict:
    return {
        "email": row.to_address,
        "timestamp": 1700000000,
        "event": kind,
        "sg_event_id": event_id,
        "sg_message_id": "abc.filter0001",
        "outbox_id": str(row.id),
        **fields,
    }


@pytest.fixture
def emails(session: Session, ivy: Application) -> dict[str, OutboundMessage]:
    """Ivy's invitation email and three more, all sent through SendGrid."""
    rows = {
        "ivy": session.exec(
            select(OutboundMessage).where(
                OutboundMessage.application_id == ivy.id,
                OutboundMessage.channel == Channel.EMAIL,
            )
        ).one()
    }
    for name in ("ann", "bob", "cat"):
        rows[name] = outbox.enqueue(
            session=session,
            organization_id=ivy.organization_id,
            channel=Channel.EMAIL,
            to_address=f"{name}@example.net",
            body="Hello",
            kind="invitation",
        )
    session.flush()
    for row in rows.values():
        row.status, row.provider, row.provider_id = MessageStatus.SENT, "sendgrid", "msg"
    session.commit()
    return rows


def _delivery(session: Session, row: OutboundMessage) -> tuple[str, str]:
    fresh = _row(session, row.id)
    return fresh.delivery_status, fresh.last_error


def _provider_events(session: Session) -> int:
    return session.exec(select(func.count(ProviderEvent.id))).one()


def _ivy_unsubscribed(session: Session) -> bool:
    session.expire_all()
    return session.exec(
        select(Candidate.email_unsubscribed).where(Candidate.email == "ivy@example.net")
    ).one()


def test_delivered_bounce_dropped_and_spamreport(
    session: Session, client: TestClient, signing_key, emails: dict[str, OutboundMessage]
) -> None:
    counts = _events(
        client,
        signing_key,
        [
            _event(emails["ann"], "processed", "e1"),
            _event(emails["ann"], "delivered", "e2"),
            _event(emails["bob"], "processed", "e3"),
            _event(
                emails["bob"],
                "bounce",
                "e4",
                type="bounce",
                status="5.1.1",
                reason="550 5.1.1 The email account does not exist",
            ),
            _event(emails["cat"], "dropped", "e5", reason="Bounced Address"),
            _event(emails["ivy"], "delivered", "e6"),
            _event(emails["ivy"], "spamreport", "e7"),
        ],
    )
    assert counts == {"applied": 7, "duplicates": 0, "skipped": 0}
    assert _delivery(session, emails["ann"]) == ("delivered", "")
    assert _delivery(session, emails["bob"]) == (
        "bounced",
        "SendGrid bounce (5.1.1): 550 5.1.1 The email account does not exist",
    )
    assert _delivery(session, emails["cat"]) == ("failed", "SendGrid dropped: Bounced Address")
    assert _delivery(session, emails["ivy"]) == ("delivered", "")
    assert _ivy_unsubscribed(session)
    assert _provider_events(session) == 7


def test_a_late_processed_keeps_delivered_and_a_late_bounce_wins(
    session: Session, client: TestClient, signing_key, emails: dict[str, OutboundMessage]
) -> None:
    _events(client, signing_key, [_event(emails["ann"], "delivered", "a1")])
    _events(client, signing_key, [_event(emails["ann"], "processed", "a0")])
    assert _delivery(session, emails["ann"])[0] == "delivered"
    _events(client, signing_key, [_event(emails["ann"], "open", "a2")])
    assert _delivery(session, emails["ann"])[0] == "delivered"
    _events(
        client,
        signing_key,
        [_event(emails["ann"], "bounce", "a3", type="blocked", reason="550 blocked by policy")],
    )
    assert _delivery(session, emails["ann"]) == (
        "bounced",
        "SendGrid blocked: 550 blocked by policy",
    )
    _events(client, signing_key, [_event(emails["ann"], "delivered", "a4")])
    assert _delivery(session, emails["ann"])[0] == "bounced"
    assert not _ivy_unsubscribed(session)


def test_unsubscribe_stops_email_to_the_candidate(
    session: Session, client: TestClient, signing_key, emails: dict[str, OutboundMessage]
) -> None:
    assert not _ivy_unsubscribed(session)
    _events(client, signing_key, [_event(emails["ivy"], "unsubscribe", "u1")])
    assert _ivy_unsubscribed(session)
    assert _delivery(session, emails["ivy"])[0] == "delivered"


def test_the_same_event_twice_counts_once(
    session: Session, client: TestClient, signing_key, emails: dict[str, OutboundMessage]
) -> None:
    first = _events(
        client,
        signing_key,
        [_event(emails["ann"], "processed", "same"), _event(emails["ann"], "delivered", "same")],
    )
    assert first == {"applied": 1, "duplicates": 1, "skipped": 0}
    assert _delivery(session, emails["ann"])[0] == "sent"  # the "delivered" copy was not used
    again = _events(client, signing_key, [_event(emails["ann"], "delivered", "same")])
    assert again == {"applied": 0, "duplicates": 1, "skipped": 0}
    assert _delivery(session, emails["ann"])[0] == "sent"
    assert _provider_events(session) == 1


def test_racing_batches_apply_each_event_once(
    session: Session, db_url: str, emails: dict[str, OutboundMessage]
) -> None:
    batch = [
        _event(row, kind, f"{name}-{kind}")
        for name, row in emails.items()
        for kind in ("processed", "delivered")
    ]
    engines = [db.make_engine(db_url) for _ in range(3)]
    barrier = threading.Barrier(len(engines))
    results: list[dict] = []
    errors: list[BaseException] = []

    def run(engine: sa.Engine) -> None:
        try:
            barrier.wait()
            with db.session_scope(engine) as racing:
                results.append(delivery_events.apply_sendgrid_events(racing, batch).as_dict())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for engine in engines:
        engine.dispose()
    assert errors == []
    assert sum(r["applied"] for r in results) == len(batch)
    assert sum(r["duplicates"] for r in results) == len(batch) * (len(engines) - 1)
    assert _provider_events(session) == len(batch)
    assert {_delivery(session, row)[0] for row in emails.values()} == {"delivered"}


@pytest.mark.parametrize(
    "payload",
    [b"not json", b'{"event": "delivered"}', b'"delivered"', b"", b"\xff\xfe"],
)
def test_a_body_that_is_not_a_json_array_is_400(
    session: Session,
    client: TestClient,
    signing_key,
    emails: dict[str, OutboundMessage],
    payload: bytes,
) -> None:
    response = _signed_post(client, signing_key, payload)
    assert response.status_code == 400
    assert "JSON array" in response.text
    assert _provider_events(session) == 0
    assert _delivery(session, emails["ann"]) == ("", "")


def test_events_that_cannot_be_matched_are_skipped(
    session: Session, client: TestClient, signing_key, emails: dict[str, OutboundMessage], texted
) -> None:
    ann = emails["ann"]
    counts = _events(
        client,
        signing_key,
        [
            {**_event(ann, "bounce", "s1"), "outbox_id": "999999"},  # unknown outbox id
            {key: v for key, v in _event(ann, "bounce", "s2").items() if key != "outbox_id"},
            {**_event(ann, "bounce", "s3"), "outbox_id": str(texted.id)},  # a text, not email
            {**_event(ann, "bounce", "s4"), "email": "someone@else.example"},  # other mail
            {**_event(ann, "bounce", "s5"), "outbox_id": "12abc"},
            {key: v for key, v in _event(ann, "bounce", "s6").items() if key != "sg_event_id"},
            {**_event(ann, "bounce", "s7"), "event": "made_up"},
            {**_event(ann, "bounce", "s8"), "event": ["bounce"]},
            {**_event(ann, "bounce", "s9"), "outbox_id": "9" * 30},
            {**_event(ann, "bounce", "s10"), "outbox_id": True},
            {**_event(ann, "bounce", "s12"), "outbox_id": "²"},
            {**_event(ann, "bounce", "s13"), "outbox_id": "9" * 5000},
            {**_event(ann, "bounce", "s11"), "sg_event_id": {"id": 1}},
            "bounce",
            None,
            ["nested"],
        ],
    )
    assert counts == {"applied": 0, "duplicates": 0, "skipped": 16}
    assert _delivery(session, ann) == ("", "")
    assert _row(session, texted.id).delivery_status == ""
    assert _provider_events(session) == 0


@pytest.mark.parametrize("how", ["other key", "tampered body", "other timestamp", "missing"])
def test_a_bad_ecdsa_signature_is_403_and_changes_nothing(
    session: Session,
    client: TestClient,
    signing_key,
    emails: dict[str, OutboundMessage],
    how: str,
) -> None:
    payload = json.dumps([_event(emails["ann"], "bounce", "x1", reason="nope")]).encode()
    if how == "other key":
        response = _signed_post(client, ec.generate_private_key(ec.SECP256R1()), payload)
    elif how == "tampered body":
        now = _now()
        signature = signing_key.sign(now.encode() + payload, ec.ECDSA(hashes.SHA256()))
        response = _signed_post(
            client,
            None,
            payload.replace(b"nope", b"evil"),
            headers={
                "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
                "X-Twilio-Email-Event-Webhook-Timestamp": now,
            },
        )
    elif how == "other timestamp":
        now = int(time.time())
        signature = signing_key.sign(str(now).encode() + payload, ec.ECDSA(hashes.SHA256()))
        response = _signed_post(
            client,
            None,
            payload,
            headers={
                "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
                "X-Twilio-Email-Event-Webhook-Timestamp": str(now + 1),
            },
        )
    else:
        response = _signed_post(client, None, payload)
    assert response.status_code == 403
    assert _delivery(session, emails["ann"]) == ("", "")
    assert _provider_events(session) == 0


def test_a_malformed_configured_key_refuses_everything(
    session: Session,
    client: TestClient,
    settings,
    emails: dict[str, OutboundMessage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "sendgrid_webhook_public_key", "bm90IGEga2V5")
    payload = json.dumps([_event(emails["ann"], "delivered", "k1")]).encode()
    response = _signed_post(client, ec.generate_private_key(ec.SECP256R1()), payload)
    assert response.status_code == 403 and "not a valid key" in response.text
    assert _delivery(session, emails["ann"]) == ("", "")


def test_without_a_public_key_unsigned_events_are_refused_by_default(
    session: Session, client: TestClient, emails: dict[str, OutboundMessage]
) -> None:
    assert type(get_settings()).model_fields["sendgrid_webhook_allow_unsigned"].default is False
    forged = [
        _event(emails["ivy"], "unsubscribe", "f1"),
        _event(emails["ann"], "bounce", "f2", reason="Your recruiter is fake, call +1 555"),
    ]
    response = _signed_post(client, None, json.dumps(forged).encode())
    assert response.status_code == 403
    assert "SENDGRID_WEBHOOK_PUBLIC_KEY" in response.text
    assert _delivery(session, emails["ann"]) == ("", "")
    assert not _ivy_unsubscribed(session)
    assert _provider_events(session) == 0


def test_unsigned_events_are_accepted_only_when_allowed_with_one_warning(
    session: Session,
    client: TestClient,
    settings,
    emails: dict[str, OutboundMessage],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(settings, "sendgrid_webhook_allow_unsigned", True)
    monkeypatch.setattr(provider_webhooks, "_warned_unsigned", False)
    with caplog.at_level(logging.WARNING, logger=provider_webhooks.__name__):
        _events(client, None, [_event(emails["ann"], "delivered", "n1")])
        _events(client, None, [_event(emails["bob"], "delivered", "n2")])
    assert _delivery(session, emails["ann"])[0] == "delivered"
    assert _delivery(session, emails["bob"])[0] == "delivered"
    warnings = [r for r in caplog.records if "SENDGRID_WEBHOOK_ALLOW_UNSIGNED" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.parametrize(
    "age", [provider_webhooks.SENDGRID_TIMESTAMP_TOLERANCE_SECONDS + 5, -3600, 24 * 3600]
)
def test_a_validly_signed_batch_with_a_stale_or_future_timestamp_is_refused(
    session: Session,
    client: TestClient,
    signing_key,
    emails: dict[str, OutboundMessage],
    age: int,
) -> None:
    payload = json.dumps([_event(emails["ivy"], "unsubscribe", "old1")]).encode()
    response = _signed_post(client, signing_key, payload, timestamp=str(int(time.time()) - age))
    assert response.status_code == 403 and "timestamp" in response.text
    assert not _ivy_unsubscribed(session)
    assert _delivery(session, emails["ivy"]) == ("", "")
    assert _provider_events(session) == 0


def test_an_event_must_name_the_recipient_of_the_outbox_row(
    session: Session, client: TestClient, signing_key, emails: dict[str, OutboundMessage]
) -> None:
    ivy = emails["ivy"]
    no_email = {k: v for k, v in _event(ivy, "unsubscribe", "m1").items() if k != "email"}
    counts = _events(
        client,
        signing_key,
        [
            no_email,
            {**_event(ivy, "unsubscribe", "m2"), "email": None},
            {**_event(ivy, "unsubscribe", "m3"), "email": ["ivy@example.net"]},
            {**_event(ivy, "bounce", "m4"), "email": "ann@example.net"},
        ],
    )
    assert counts == {"applied": 0, "duplicates": 0, "skipped": 4}
    assert not _ivy_unsubscribed(session)
    assert _delivery(session, ivy) == ("", "")
    # The recipient's address in another case still matches.
    upper = {**_event(ivy, "delivered", "m5"), "email": " IVY@Example.NET "}
    assert _events(client, signing_key, [upper])["applied"] == 1


@pytest.fixture(autouse=True)
def _fresh_verifier_cache() -> Iterator[None]:
    yield
    provider_webhooks._sendgrid_verifier.cache_clear()
