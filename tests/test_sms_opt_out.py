"""STOP stops every text to that number, for candidates added later too; START resumes them.

The opt-out list is kept by (organization, number): invitations consult it when they queue a
text, and the sender again right before one leaves. HELP is answered through the outbox.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    Candidate,
    Channel,
    Job,
    MessageStatus,
    Organization,
    OutboundMessage,
    SmsOptOut,
    User,
)
from heymilo_app.providers.email import OfflineMailer
from heymilo_app.providers.sms import OfflineSms
from heymilo_app.services.messaging import (
    delivery_events,
    dev_inbox,
    message_log,
    outbox_delivery,
    sms_inbound,
    sms_opt_outs,
)
from heymilo_app.services.pipeline import invitations, links, resends, send_rules
from heymilo_app.settings import get_settings
from tests.support import add_to_job, demo_recruiter_and_job, make_org_user

PHONE = "+14155550177"


@pytest.mark.parametrize(
    ("body", "word"),
    [
        *[(w, "STOP") for w in ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT")],
        *[(w, "STOP") for w in (" stop ", "StopAll\n", "\tunsubscribe", "Cancel.", "end!", "quit")],
        ("START", "START"),
        ("UNSTOP", "START"),
        (" start\n", "START"),
        ("Unstop!", "START"),
        ("help", "HELP"),
        ("stop texting me", ""),
        ("the end", ""),
        ("", ""),
    ],
)
def test_keywords(body: str, word: str) -> None:
    assert sms_inbound.keyword(body) == word


@pytest.fixture
def world(session: Session) -> tuple[User, Job]:
    """The demo organization (SMS invitations on), open around the clock."""
    user, job = demo_recruiter_and_job(session)
    organization = session.get(Organization, user.organization_id)
    organization.business_hours_start, organization.business_hours_end = 0, 24
    organization.business_days = list(range(7))
    session.commit()
    return user, job


def _add(session: Session, world: tuple[User, Job], email: str, phone: str = PHONE) -> Application:
    user, job = world
    return add_to_job(session, user, job, email, phone=phone)


def _texts(session: Session, application: Application) -> list[OutboundMessage]:
    session.expire_all()
    return list(
        session.exec(
            select(OutboundMessage).where(
                OutboundMessage.application_id == application.id,
                OutboundMessage.channel == Channel.SMS,
            )
        ).all()
    )


def _listed(session: Session) -> set[tuple[int, str]]:
    session.expire_all()
    return set(session.exec(select(SmsOptOut.organization_id, SmsOptOut.phone)).all())


@pytest.mark.parametrize(
    ("stop", "start"),
    [
        (" stop ", "START"),
        ("StopAll", " unstop"),
        ("UNSUBSCRIBE\n", "start"),
        ("cancel", "UNSTOP"),
        ("End", "Start"),
        ("quit.", "unstop!"),
    ],
)
def test_every_stop_word_stops_texts_to_the_number_and_every_start_word_resumes_them(
    session: Session, world: tuple[User, Job], stop: str, start: str
) -> None:
    ivy = _add(session, world, "ivy@example.net")
    assert len(_texts(session, ivy)) == 1
    result = sms_inbound.handle_inbound(session=session, from_number=PHONE, body=stop)
    assert result.action == "opted_out"
    assert _listed(session) == {(ivy.organization_id, PHONE)}
    # Someone added later with that number (another email address) is not texted.
    later = _add(session, world, "ivy.ng@work.example.com")
    assert _texts(session, later) == []
    result = sms_inbound.handle_inbound(session=session, from_number=PHONE, body=start)
    assert result.action == "opted_in"
    assert _listed(session) == set()
    again = _add(session, world, "ivy.third@example.org")
    assert len(_texts(session, again)) == 1


def test_a_new_candidate_with_an_opted_out_number_gets_no_text(
    session: Session, world: tuple[User, Job]
) -> None:
    """The audit's reproduction: STOPALL, then a new candidate record with the number."""
    _add(session, world, "first@example.net")
    sms_inbound.handle_inbound(session=session, from_number=PHONE, body="STOPALL")
    newcomer = _add(session, world, "newcomer@example.net")
    assert _texts(session, newcomer) == []
    candidate = session.get(Candidate, newcomer.candidate_id)
    # Its own flag stays as it was (the job board's "no texts" is what sets it).
    assert not candidate.sms_opt_out
    assert links.sms_number(candidate, session=session) == ""
    # A resend does not text it either.
    messages = resends.resend(session=session, application=newcomer)
    session.commit()
    assert [m.channel for m in messages] == [Channel.EMAIL]


def test_bulk_imports_consult_the_list_read_once_with_the_context(
    session: Session, world: tuple[User, Job]
) -> None:
    user, job = world
    sms_opt_outs.opt_out(
        session=session, phone=PHONE, source="STOP", organization_ids=[user.organization_id]
    )
    session.commit()
    context = invitations.invitation_context(session=session, job=job)
    assert PHONE in context.sms_opted_out

    def channels(phone: str) -> list[str]:
        # Plain records stand in for rows, as bulk_intake.add_applications passes them.
        application = SimpleNamespace(
            id=10**6, token="t" * 43, unsubscribe_token="u" * 43, expires_at=None
        )
        candidate = SimpleNamespace(
            first_name="Bo", last_name="Li", email="bo@example.net", phone=phone, sms_opt_out=False
        )
        messages = invitations.invitation_messages(
            application=application, candidate=candidate, context=context
        )
        return [str(m["channel"]) for m in messages]

    assert channels(PHONE) == ["email"]
    assert channels("+14155550188") == ["email", "sms"]


def test_a_text_queued_before_the_number_opted_out_is_cancelled_when_it_would_leave(
    session: Session, engine: sa.Engine, world: tuple[User, Job]
) -> None:
    ivy = _add(session, world, "ivy@example.net")
    [text] = _texts(session, ivy)
    # The number opts out in a way that leaves Ivy's own record alone (STOP to another
    # organization's record of it would; here Twilio's error 21610 lists it directly).
    sms_opt_outs.opt_out(
        session=session, phone=PHONE, source="twilio 21610", organization_ids=[ivy.organization_id]
    )
    session.commit()
    assert not session.get(Candidate, ivy.candidate_id).sms_opt_out
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds, engine=engine, mailer=OfflineMailer(), sms=OfflineSms()
    )
    session.expire_all()
    row = session.get(OutboundMessage, text.id)
    assert row.status == MessageStatus.CANCELLED and "replied STOP" in row.last_error
    assert report.cancelled >= 1


def test_the_number_is_checked_against_the_list_of_its_organization(
    session: Session, world: tuple[User, Job]
) -> None:
    ivy = _add(session, world, "ivy@example.net")
    candidate = session.get(Candidate, ivy.candidate_id)
    assert links.sms_number(candidate, session=session) == PHONE
    sms_opt_outs.opt_out(
        session=session, phone=PHONE, source="STOP", organization_ids=[ivy.organization_id]
    )
    session.flush()
    assert links.sms_number(candidate, session=session) == ""
    # A record of another organization with the same number is not on this list.
    detached = Candidate(
        organization_id=ivy.organization_id + 1, first_name="A", email="a@x.io", phone=PHONE
    )
    assert links.sms_number(detached, session=session) == PHONE
    with pytest.raises(TypeError, match="session or the opt-out list"):
        links.sms_number(candidate)


def test_stop_lists_the_number_for_every_organization_that_knows_it(
    session: Session, world: tuple[User, Job]
) -> None:
    ivy = _add(session, world, "ivy@example.net")
    other = make_org_user(session, org="Other", email="o@other.example.com")
    session.add(
        Candidate(
            organization_id=other.organization_id, first_name="I", email="i@x.io", phone=PHONE
        )
    )
    session.commit()
    result = sms_inbound.handle_inbound(session=session, from_number=PHONE, body="QUIT")
    assert result.candidates == 2
    assert _listed(session) == {(ivy.organization_id, PHONE), (other.organization_id, PHONE)}
    # Twice is no error and no second row.
    sms_inbound.handle_inbound(session=session, from_number=PHONE, body="STOP")
    assert len(_listed(session)) == 2


def test_help_is_answered_by_the_organization_of_the_newest_record_with_the_number(
    session: Session, world: tuple[User, Job]
) -> None:
    ivy = _add(session, world, "ivy@example.net")
    mine = session.get(Candidate, ivy.candidate_id)
    other = make_org_user(session, org="Other Co", email="o@other.example.com")
    theirs = Candidate(
        organization_id=other.organization_id, first_name="I", email="i@x.io", phone=PHONE
    )
    session.add(theirs)
    session.commit()
    # The record created last answers, whatever the ids; at the same time, the higher id.
    early = mine.created_at
    late = early + timedelta(minutes=1)
    for mine_at, theirs_at, answers in (
        (late, early, mine),
        (early, late, theirs),
        (early, early, theirs),
    ):
        mine.created_at, theirs.created_at = mine_at, theirs_at
        session.commit()
        result = sms_inbound.handle_inbound(session=session, from_number=PHONE, body="HELP")
        assert session.get(Organization, answers.organization_id).name in result.reply
        row = session.get(OutboundMessage, result.outbox_id)
        assert row.organization_id == answers.organization_id


def test_twilio_error_21610_lists_the_number(session: Session, world: tuple[User, Job]) -> None:
    ivy = _add(session, world, "ivy@example.net")
    [text] = _texts(session, ivy)
    text.status, text.provider, text.provider_id = MessageStatus.SENT, "twilio", "SMivy"
    session.commit()
    assert delivery_events.apply_twilio_status(session, "SMivy", "failed", "21610") == "applied"
    assert _listed(session) == {(ivy.organization_id, PHONE)}


def test_twilio_error_21610_again_applies_only_what_it_still_changes(
    session: Session, world: tuple[User, Job]
) -> None:
    ivy = _add(session, world, "ivy@example.net")
    [text] = _texts(session, ivy)
    text.status, text.provider, text.provider_id = MessageStatus.SENT, "twilio", "SMivy"
    session.commit()
    assert delivery_events.apply_twilio_status(session, "SMivy", "failed", "21610") == "applied"
    # The same callback again: the text already failed, the number is already stopped.
    assert delivery_events.apply_twilio_status(session, "SMivy", "failed", "21610") == "unchanged"
    # After a START, the repeated callback stops the number again: that is a change.
    sms_inbound.handle_inbound(session=session, from_number=PHONE, body="START")
    assert delivery_events.apply_twilio_status(session, "SMivy", "failed", "21610") == "applied"
    session.expire_all()
    assert session.get(Candidate, ivy.candidate_id).sms_opt_out
    assert _listed(session) == {(ivy.organization_id, PHONE)}


def test_help_is_answered_through_the_outbox_and_shows_in_the_dev_inbox(
    session: Session, world: tuple[User, Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "dev_inbox", True)
    user, _ = world
    ivy = _add(session, world, "ivy@example.net")
    result = sms_inbound.handle_inbound(session=session, from_number=PHONE, body="help")
    assert result.action == "help" and "STOP" in result.reply
    row = session.get(OutboundMessage, result.outbox_id)
    assert (row.kind, row.channel, row.to_address) == ("sms_help", Channel.SMS, PHONE)
    assert row.body == result.reply and row.application_id == ivy.id
    # Offline nothing leaves: it is kept for the dev inbox, like every other message.
    assert row.status == MessageStatus.DELIVERED_OFFLINE
    assert row.id in {m.id for m in dev_inbox.list_messages(session=session, user=user)}
    newest = message_log.history(session=session, user=user, application_id=ivy.id)[0]
    assert (newest.id, newest.what) == (row.id, "Answer to HELP · Text")
    # It is not outreach: the candidate list still shows how the invitation text fared.
    latest = message_log.latest_by_application(session=session, application_ids=[ivy.id])
    assert latest[ivy.id]["sms"].label == "Queued"
    # A number nobody knows is still answered, without a row (it belongs to no organization).
    stranger = sms_inbound.handle_inbound(session=session, from_number="+14155550100", body="HELP")
    assert stranger.reply and stranger.outbox_id is None
