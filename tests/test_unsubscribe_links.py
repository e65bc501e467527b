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
from heymilo_app.services.messaging import outbox_delivery, templates
from heymilo_app.services.pipeline import invitations, links, send_rules, unsubscribes
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
    link = "https://hire.example.com" + routes.unsubscribe(application.unsubscribe_token)
    assert links.unsubscribe_link(application) == link and "/u/" in link
    # Its own token: whoever has the link (a mail scanner, a forwarded email) cannot open
    # the interview with it.
    assert application.token not in link and len(application.unsubscribe_token) >= 20
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
    link = links.unsubscribe_link(application)
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
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=SendGridMailer(api_key="SG.test", host=sendgrid.url, timeout=5),
        sms=OfflineSms(),
    )
    row = session.exec(
        select(OutboundMessage).where(
            OutboundMessage.application_id == application.id, OutboundMessage.kind == "invitation"
        )
    ).one()
    link = links.unsubscribe_link(application)
    [personalization] = [
        p
        for request in sendgrid.requests
        for p in request["body"]["personalizations"]
        if p["custom_args"]["outbox_id"] == str(row.id)
    ]
    one_click = links.one_click_unsubscribe_link(application)
    assert one_click == f"https://hire.example.com/api/unsubscribe/{application.unsubscribe_token}"
    assert personalization["headers"] == {
        "List-Unsubscribe": f"<{one_click}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert personalization["substitutions"]["%unsubscribe_link%"] == link


def test_opening_the_link_asks_first_and_only_the_confirmation_stops_reminders(
    session: Session, world: tuple[User, Application]
) -> None:
    import asyncio

    import heymilo_app.heymilo_app  # noqa: F401 - registers the pages and their route vars
    from heymilo_app.state.unsubscribe import UnsubscribeState
    from tests.test_states import _root

    _, application = world
    token = application.unsubscribe_token

    def page(token: str) -> UnsubscribeState:
        root = _root("", path=f"/u/{token}", route="/u/[token]", query={"token": token})
        state = root.substates[UnsubscribeState.get_name()]
        asyncio.run(state.load_unsubscribe())
        return state

    def unsubscribed() -> bool:
        session.expire_all()
        return session.get(Candidate, application.candidate_id).email_unsubscribed

    state = page(token)
    # A scanner following the link (a GET, the page's load) changes nothing.
    assert state.outcome == "confirm" and state.company == "Acme Support Co."
    assert not unsubscribed()

    async def drain() -> None:
        async for _ in state.confirm():
            pass

    asyncio.run(drain())
    assert state.outcome == "done" and unsubscribed()
    assert page("not-a-token").outcome == "unknown"


def test_links_in_emails_sent_before_still_work_once_confirmed(
    session: Session, world: tuple[User, Application]
) -> None:
    _, application = world
    candidate, organization = unsubscribes.unsubscribe_target(
        session=session, token=application.token
    )
    assert candidate.id == application.candidate_id and organization.name
    assert unsubscribes.unsubscribe(session=session, token=application.token).email_unsubscribed


def test_mail_clients_one_click_post_stops_reminders_and_a_get_does_not(
    session: Session, world: tuple[User, Application]
) -> None:
    from fastapi.testclient import TestClient

    from heymilo_app.api.app import create_api

    _, application = world
    client = TestClient(create_api())
    url = f"/api/unsubscribe/{application.unsubscribe_token}"
    got = client.get(url, follow_redirects=False)
    assert got.status_code == 303 and got.headers["location"] == routes.unsubscribe(
        application.unsubscribe_token
    )
    session.expire_all()
    assert not session.get(Candidate, application.candidate_id).email_unsubscribed
    posted = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert posted.status_code == 200 and posted.json() == {"unsubscribed": True}
    session.expire_all()
    assert session.get(Candidate, application.candidate_id).email_unsubscribed
    assert client.post("/api/unsubscribe/nope").status_code == 404
