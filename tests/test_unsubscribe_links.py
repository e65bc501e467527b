"""Every email a candidate gets carries the unsubscribe link, whatever its template says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app import routes
from heymilo_app.models import Application, Candidate, Job, Organization, OutboundMessage, User
from heymilo_app.providers.email import SendGridMailer
from heymilo_app.providers.sms import OfflineSms
from heymilo_app.services import applications, invitations, outbox, templates
from heymilo_app.settings import get_settings
from tests.fakes.providers import FakeSendGrid
from tests.support import add_to_job, demo_recruiter_and_job

EMAIL_KINDS = sorted(k.removesuffix("_email") for k, v in templates.KINDS.items() if v.has_subject)


@pytest.fixture
def world(session: Session, monkeypatch: pytest.MonkeyPatch) -> tuple[User, Application]:
    monkeypatch.setattr(get_settings(), "public_base_url", "https://hire.example.com")
    user, job = demo_recruiter_and_job(session)
    application = add_to_job(session, user, job, "ivy@example.net")
    return user, application


@pytest.fixture
def sendgrid() -> Iterator[FakeSendGrid]:
    server = FakeSendGrid()
    yield server
    server.close()


def _email(session: Session, application: Application, kind: str) -> dict:
    context = invitations.invitation_context(
        session=session, job=session.get(Job, application.job_id), kind=kind
    )
    [email, *_] = invitations.invitation_messages(
        application=application,
        candidate=session.get(Candidate, application.candidate_id),
        context=context,
        stage_name="Conversation",
    )
    return email


def test_the_kinds_cover_every_candidate_email() -> None:
    assert EMAIL_KINDS == ["invitation", "next_stage", "not_advancing", "reminder", "thank_you"]


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_every_candidate_email_kind_carries_the_unsubscribe_link(
    session: Session, world: tuple[User, Application], kind: str
) -> None:
    _, application = world
    link = "https://hire.example.com" + routes.unsubscribe(application.token)
    assert invitations.unsubscribe_link(application) == link and "/u/" in link
    email = _email(session, application, kind)
    # The text as stored (the dev inbox, the message history) ...
    assert link in email["body"]
    # ... and both parts SendGrid renders from the shared templates and each one's values.
    payload = email["payload"]
    assert "%unsubscribe_link%" in payload["text_template"]
    assert "%unsubscribe_link_html%" in payload["html_template"]
    assert payload["substitutions"]["%unsubscribe_link%"] == link
    assert payload["substitutions"]["%unsubscribe_link_html%"] == link
    assert payload["unsubscribe_link"] == link
    # The link is there once, never twice.
    assert email["body"].count(link) == 1


def test_a_template_saved_without_the_link_still_gets_it_in_the_organization_language(
    session: Session, world: tuple[User, Application]
) -> None:
    user, application = world
    saved = templates.save_template(
        session=session,
        user=user,
        kind="invitation_email",
        subject="Interview for {job_title}",
        body="Hi {candidate_first_name}, start here: {interview_link}",
    )
    assert "{unsubscribe_link}" not in saved.body
    link = invitations.unsubscribe_link(application)
    body = _email(session, application, "invitation")["body"]
    assert body.endswith(f"\n\nNo more reminders: {link}")
    organization = session.get(Organization, user.organization_id)
    organization.language = "es"
    session.commit()
    body = _email(session, application, "invitation")["body"]
    assert body.endswith(f"No recibir más recordatorios: {link}")


def test_sendgrid_gets_the_link_and_a_list_unsubscribe_header_per_recipient(
    session: Session,
    engine: sa.Engine,
    world: tuple[User, Application],
    sendgrid: FakeSendGrid,
) -> None:
    _, application = world
    outbox.deliver_due(
        engine=engine,
        mailer=SendGridMailer(api_key="SG.test", host=sendgrid.url, timeout=5),
        sms=OfflineSms(),
    )
    row = session.exec(
        select(OutboundMessage).where(
            OutboundMessage.application_id == application.id, OutboundMessage.kind == "invitation"
        )
    ).one()
    link = invitations.unsubscribe_link(application)
    [personalization] = [
        p
        for request in sendgrid.requests
        for p in request["body"]["personalizations"]
        if p["custom_args"]["outbox_id"] == str(row.id)
    ]
    assert personalization["headers"] == {"List-Unsubscribe": f"<{link}>"}
    assert personalization["substitutions"]["%unsubscribe_link%"] == link


def test_following_the_link_stops_reminders(
    session: Session, world: tuple[User, Application]
) -> None:
    _, application = world
    candidate = applications.unsubscribe(session=session, token=application.token)
    assert candidate.email_unsubscribed
