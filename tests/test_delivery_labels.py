"""What the recruiter reads of each candidate's email: delivered, bounced, failed, retrying."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import Application, Channel, OutboundMessage, utcnow
from heymilo_app.providers.email import SendGridMailer
from heymilo_app.providers.sms import OfflineSms
from heymilo_app.services.messaging import delivery_events, message_log, outbox, outbox_delivery
from heymilo_app.services.pipeline import applications, send_rules
from heymilo_app.state.formatting import application_rows
from tests.fakes.providers import FakeSendGrid
from tests.support import add_to_job, demo_recruiter_and_job


@pytest.fixture
def sendgrid() -> Iterator[FakeSendGrid]:
    server = FakeSendGrid()
    yield server
    server.close()


def _invitation(session: Session, application: Application) -> OutboundMessage:
    session.expire_all()
    return session.exec(
        select(OutboundMessage).where(
            OutboundMessage.application_id == application.id,
            OutboundMessage.kind == "invitation",
            OutboundMessage.channel == Channel.EMAIL,
        )
    ).one()


def _event(row: OutboundMessage, kind: str, **fields) -> dict:
    return {
        "sg_event_id": f"{kind}-{row.id}",
        "event": kind,
        "email": row.to_address,
        "outbox_id": str(row.id),
        **fields,
    }


def test_delivered_bounced_failed_and_retrying_as_the_recruiter_reads_them(
    session: Session, engine: sa.Engine, sendgrid: FakeSendGrid
) -> None:
    user, job = demo_recruiter_and_job(session)
    mailer = SendGridMailer(api_key="SG.test", host=sendgrid.url, timeout=5)

    def add_and_send(name: str, fault: int | None = None) -> Application:
        application = add_to_job(
            session, user, job, f"{name.lower()}@example.net", first_name=name, last_name="Test"
        )
        if fault:
            sendgrid.fail(fault)
        outbox_delivery.deliver_due(
            holds=send_rules.holds, engine=engine, mailer=mailer, sms=OfflineSms(), now=utcnow()
        )
        return application

    ada = add_and_send("Ada")
    bob = add_and_send("Bob")
    cy = add_and_send("Cy", fault=400)
    dee = add_and_send("Dee", fault=503)
    delivery_events.apply_sendgrid_events(
        session,
        [
            _event(_invitation(session, ada), "delivered"),
            _event(
                _invitation(session, bob),
                "bounce",
                status="5.1.1",
                reason="550 5.1.1 no such user",
            ),
        ],
    )
    # A recruiter's score alert about Ada is not an email to Ada: her column keeps
    # "Delivered".
    outbox.enqueue(
        session=session,
        organization_id=ada.organization_id,
        application_id=ada.id,
        channel=Channel.EMAIL,
        kind="score_alert",
        to_address=user.email,
        subject="Ada scored 90",
        body="Read the report.",
    )
    session.commit()

    latest = message_log.latest_by_application(
        session=session, application_ids=[ada.id, bob.id, cy.id, dee.id]
    )
    labels = {a.id: latest[a.id]["email"] for a in (ada, bob, cy, dee)}
    assert (labels[ada.id].label, labels[ada.id].tone, labels[ada.id].detail) == (
        "Delivered",
        message_log.GOOD,
        "",
    )
    assert (labels[bob.id].label, labels[bob.id].tone) == ("Bounced", message_log.BAD)
    assert labels[bob.id].detail == "SendGrid bounce (5.1.1): 550 5.1.1 no such user"
    assert (labels[cy.id].label, labels[cy.id].tone) == ("Failed", message_log.BAD)
    assert labels[cy.id].detail == "SendGrid answered 400: injected 400"
    assert (labels[dee.id].label, labels[dee.id].tone) == ("Retrying", message_log.WAIT)
    assert labels[dee.id].detail.startswith("SendGrid answered 503: injected 503 (try 1; next in")

    # The job's candidate list shows the same, with the error for the recruiter to read.
    listed = applications.list_applications(session=session, user=user, job_id=job.id)
    rows = {row["id"]: row for row in application_rows(session, listed)}
    shown = {
        name: (
            rows[str(a.id)]["email_delivery"],
            rows[str(a.id)]["email_tone"],
            rows[str(a.id)]["email_detail"],
        )
        for name, a in (("ada", ada), ("bob", bob), ("cy", cy), ("dee", dee))
    }
    assert shown["ada"] == ("Delivered", "good", "")
    assert shown["bob"] == ("Bounced", "bad", "SendGrid bounce (5.1.1): 550 5.1.1 no such user")
    assert shown["cy"] == ("Failed", "bad", "SendGrid answered 400: injected 400")
    assert shown["dee"][:2] == ("Retrying", "wait") and "injected 503" in shown["dee"][2]

    # The candidate's message history says the same, message by message.
    [cy_email] = message_log.history(session=session, user=user, application_id=cy.id)
    assert cy_email.what == "Invitation · Email"
    assert (cy_email.delivery.label, cy_email.delivery.detail) == (
        "Failed",
        "SendGrid answered 400: injected 400",
    )
