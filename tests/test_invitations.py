"""Adding candidates by hand and inviting them: email always, SMS when on, through the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app.models import Application, Candidate, OutboundMessage, utcnow
from heymilo_app.providers.email import SendGridMailer
from heymilo_app.providers.sms import OfflineSms
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.intake import intake
from heymilo_app.services.jobs import jobs
from heymilo_app.services.messaging import outbox_delivery
from heymilo_app.services.pipeline import invitations, links, resends, send_rules, unsubscribes
from heymilo_app.settings import get_settings
from tests.fakes.providers import FakeSendGrid
from tests.support import add_manager, demo_recruiter_and_job, make_org_user


@pytest.fixture
def demo_job(session: Session) -> tuple:
    return demo_recruiter_and_job(session)


@pytest.fixture
def sendgrid() -> Iterator[FakeSendGrid]:
    server = FakeSendGrid()
    yield server
    server.close()


def _messages(session: Session, application: Application) -> list[OutboundMessage]:
    return list(
        session.exec(
            select(OutboundMessage)
            .where(OutboundMessage.application_id == application.id)
            .order_by(OutboundMessage.id)
        ).all()
    )


def test_adding_a_candidate_queues_email_and_sms(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    application = intake.add_candidate(
        session=session,
        user=user,
        job_id=job.id,
        first_name=" Maya ",
        last_name="Lopez",
        email="Maya.Lopez@Example.NET",
        phone="(415) 555-0199",
    )
    candidate = session.get(Candidate, application.candidate_id)
    assert (candidate.first_name, candidate.email, candidate.phone) == (
        "Maya",
        "maya.lopez@example.net",
        "+14155550199",
    )
    assert application.expires_at - application.invited_at == timedelta(
        days=get_settings().invitation_days
    )
    email, sms = _messages(session, application)
    link = links.candidate_link(application)
    assert email.channel == "email" and email.to_address == "maya.lopez@example.net"
    assert email.subject == "Your interview for Customer Support Specialist at Acme Support Co."
    assert link in email.body and "Maya" in email.body
    assert links.format_deadline(application) in email.body
    assert links.unsubscribe_link(application) in email.body
    assert sms.channel == "sms" and sms.to_address == "+14155550199" and link in sms.body


def test_no_sms_when_it_is_off_or_the_number_cannot_take_one(
    session: Session, demo_job: tuple
) -> None:
    user, job = demo_job
    job.sms_invitations = False
    session.commit()
    first = intake.add_candidate(
        session=session,
        user=user,
        job_id=job.id,
        first_name="A",
        last_name="B",
        email="a@example.net",
        phone="+14155550123",
    )
    assert [m.channel for m in _messages(session, first)] == ["email"]
    job.sms_invitations = True
    session.commit()
    second = intake.add_candidate(
        session=session,
        user=user,
        job_id=job.id,
        first_name="C",
        last_name="D",
        email="c@example.net",
    )
    assert [m.channel for m in _messages(session, second)] == ["email"]
    candidate = Candidate(
        organization_id=job.organization_id,
        first_name="E",
        email="e@example.net",
        phone="+14155550124",
        sms_opt_out=True,
    )
    session.add(candidate)
    session.commit()
    assert links.sms_number(candidate, session=session) == ""


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "not an email"}, "email"),
        ({"first_name": "  "}, "first_name"),
        ({"phone": "12"}, "phone"),
        ({"phone": "+1 555 000 0000 1234"}, "phone"),
    ],
)
def test_bad_candidate_fields_create_nothing(
    session: Session, demo_job: tuple, fields: dict, field: str
) -> None:
    user, job = demo_job
    before = session.exec(select(func.count(Application.id))).one()
    values = {
        "first_name": "Ok",
        "last_name": "Person",
        "email": "ok@example.net",
        "phone": "",
    } | fields
    with pytest.raises(Invalid) as error:
        intake.add_candidate(session=session, user=user, job_id=job.id, **values)
    assert field in error.value.errors
    session.rollback()
    assert session.exec(select(func.count(Application.id))).one() == before


def test_the_same_candidate_twice_in_a_job_is_refused(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    with pytest.raises(Invalid) as error:
        intake.add_candidate(
            session=session,
            user=user,
            job_id=job.id,
            first_name="Ada",
            last_name="Moreno",
            email="ADA.MORENO@example.net",
        )
    assert "already in this job" in error.value.errors["email"]


def test_jobs_that_cannot_take_candidates(session: Session) -> None:
    recruiter = make_org_user(session)
    draft_job = jobs.create_job(session=session, user=recruiter, title="Not published")
    with pytest.raises(Invalid) as error:
        intake.add_candidate(
            session=session,
            user=recruiter,
            job_id=draft_job.id,
            first_name="A",
            last_name="B",
            email="a@example.net",
        )
    assert "Publish" in error.value.errors["job"]
    manager = add_manager(session, recruiter)
    with pytest.raises(PermissionDenied):
        intake.add_candidate(
            session=session,
            user=manager,
            job_id=draft_job.id,
            first_name="A",
            last_name="B",
            email="a@example.net",
        )
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        intake.add_candidate(
            session=session,
            user=stranger,
            job_id=draft_job.id,
            first_name="A",
            last_name="B",
            email="a@example.net",
        )


def test_inviting_twice_sends_once_and_resend_sends_again(
    session: Session, demo_job: tuple
) -> None:
    user, job = demo_job
    application = intake.add_candidate(
        session=session,
        user=user,
        job_id=job.id,
        first_name="Sam",
        last_name="Lee",
        email="s@example.net",
    )
    invitations.invite(session=session, application=application)
    session.commit()
    assert len(_messages(session, application)) == 1
    before = application.expires_at
    resends.resend(session=session, application=application, extend_days=30)
    session.commit()
    assert len(_messages(session, application)) == 2
    assert application.expires_at > before + timedelta(days=10)


def test_a_batch_of_invitations_is_one_sendgrid_request_with_each_link(
    session: Session, engine: sa.Engine, demo_job: tuple, sendgrid: FakeSendGrid
) -> None:
    user, job = demo_job
    job.sms_invitations = False
    session.commit()
    added = [
        intake.add_candidate(
            session=session,
            user=user,
            job_id=job.id,
            first_name=name,
            last_name="X",
            email=f"{index}@example.net",
        )
        for index, name in enumerate(["Ana", "Ben", "<b>Bold</b>"])
    ]
    mailer = SendGridMailer(api_key="SG.x", host=sendgrid.url)
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=mailer, sms=OfflineSms(), now=utcnow()
    )
    assert report.requests == 1 and report.sent == 3
    [request] = sendgrid.requests
    text = next(c["value"] for c in request["body"]["content"] if c["type"] == "text/plain")
    html = next(c["value"] for c in request["body"]["content"] if c["type"] == "text/html")
    for application, delivered in zip(added, sendgrid.delivered, strict=True):
        rendered = text
        rendered_html = html
        for tag, value in delivered["substitutions"].items():
            rendered = rendered.replace(tag, value)
            rendered_html = rendered_html.replace(tag, value)
        assert links.candidate_link(application) in rendered
        assert "%" not in rendered.replace("100%", "")
        assert links.candidate_link(application) in rendered_html
    bold = sendgrid.delivered[2]["substitutions"]
    assert bold["%candidate_first_name_html%"] == "&lt;b&gt;Bold&lt;/b&gt;"
    assert "#4F46E5" in html  # the organization's primary color


def test_unsubscribe_link_stops_reminders(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    application = intake.add_candidate(
        session=session,
        user=user,
        job_id=job.id,
        first_name="U",
        last_name="S",
        email="u@example.net",
    )
    candidate = unsubscribes.unsubscribe(session=session, token=application.token)
    assert candidate.email_unsubscribed
    with pytest.raises(NotFound):
        unsubscribes.unsubscribe(session=session, token="nope")
