"""Inbound texts (opt-out keywords) and the dev inbox, including as someone who may not."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import Session, select

from heymilo_app import demo
from heymilo_app.models import (
    Candidate,
    MessageStatus,
    Organization,
    OutboundMessage,
    Role,
    SmsOptOut,
    User,
)
from heymilo_app.services.common.errors import NotFound, PermissionDenied
from heymilo_app.services.messaging import dev_inbox, sms_inbound, sms_opt_outs
from heymilo_app.services.org import accounts, authentication, passwords
from heymilo_app.settings import get_settings
from heymilo_app.state.dev_inbox import DevInboxState
from tests.support import (
    PASSWORD,
    add_manager,
    add_to_job,
    demo_recruiter_and_job,
    make_org_user,
)
from tests.test_states import _root, _state


@pytest.fixture(autouse=True)
def _dev_inbox_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The operator turned the dev inbox on (``make run`` does; the default is off)."""
    monkeypatch.setattr(get_settings(), "dev_inbox", True)


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ("STOP", "STOP"),
        (" stop ", "STOP"),
        ("Unsubscribe", "STOP"),
        ("quit!", "STOP"),
        ("START", "START"),
        ("unstop", "START"),
        ("help", "HELP"),
        ("stop texting me", ""),
    ],
)
def test_keywords(body: str, word: str) -> None:
    assert sms_inbound.keyword(body) == word


def test_stop_and_start_change_every_candidate_with_the_number(session: Session) -> None:
    demo.seed_demo(session=session)
    result = sms_inbound.handle_inbound(session=session, from_number="+14155550101", body="STOP")
    assert (result.action, result.candidates) == ("opted_out", 1)
    candidate = session.exec(select(Candidate).where(Candidate.phone == "+14155550101")).one()
    assert candidate.sms_opt_out
    sms_inbound.handle_inbound(session=session, from_number="+14155550101", body="start")
    session.refresh(candidate)
    assert not candidate.sms_opt_out


def _demo_invite(session: Session) -> tuple[User, OutboundMessage]:
    user, job = demo_recruiter_and_job(session)
    add_to_job(session, user, job, "ivy@example.net", phone="+14155550177")
    sms = session.exec(
        select(OutboundMessage).where(
            OutboundMessage.channel == "sms", OutboundMessage.to_address == "+14155550177"
        )
    ).one()
    return user, sms


def test_dev_inbox_lists_only_the_organization_messages(session: Session) -> None:
    user, _ = _demo_invite(session)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    messages = dev_inbox.list_messages(session=session, user=user)
    # Ivy's invitation first (newest first), then the demo's own invitations of weeks ago.
    assert {m.to_address for m in messages[:2]} == {"ivy@example.net", "+14155550177"}
    assert len(messages) > 2
    assert {m.organization_id for m in messages} == {user.organization_id}
    assert dev_inbox.list_messages(session=session, user=stranger) == []


def test_the_inbox_says_where_each_message_is_as_recruiters_see_it(session: Session) -> None:
    _, sms = _demo_invite(session)
    sms.status, sms.attempts, sms.last_error = MessageStatus.QUEUED, 0, ""
    assert dev_inbox.status_label(sms) == "queued"
    sms.status, sms.attempts, sms.last_error = MessageStatus.QUEUED, 1, "Twilio 500 (try 1)"
    assert dev_inbox.status_label(sms) == "retrying"
    sms.attempts, sms.last_error = 0, "Waiting for business hours (09:00-17:00, Mon-Fri)"
    assert dev_inbox.status_label(sms) == "waiting for business hours"
    sms.status = MessageStatus.DELIVERED_OFFLINE
    assert dev_inbox.status_label(sms) == "delivered offline"
    sms.status, sms.last_error = MessageStatus.CANCELLED, "The candidate withdrew."
    assert dev_inbox.status_label(sms) == "not sent"


def test_a_number_listed_before_its_candidate_was_added_shows_as_opted_out(
    session: Session,
) -> None:
    user, job = demo_recruiter_and_job(session)
    sms_opt_outs.opt_out(
        session=session,
        phone="+14155550166",
        source="STOP",
        organization_ids=[user.organization_id],
    )
    session.commit()
    add_to_job(session, user, job, "late@example.net", phone="+14155550166")
    assert "+14155550166" in dev_inbox.opted_out_numbers(session=session, user=user)


def test_dev_inbox_is_off_with_real_providers(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, _ = _demo_invite(session)
    monkeypatch.setattr(get_settings(), "sendgrid_api_key", "SG.real")
    assert not dev_inbox.enabled()
    with pytest.raises(NotFound):
        dev_inbox.list_messages(session=session, user=user)


def test_replying_stop_in_the_dev_inbox_opts_the_number_out(session: Session) -> None:
    _, sms = _demo_invite(session)
    token = authentication.log_in(
        session=session, email=demo.RECRUITER_EMAIL, password=demo.RECRUITER_PASSWORD
    ).token
    state = _state(_root(token), DevInboxState)
    state.load_inbox()
    listed = next(m for m in state.messages if m["id"] == str(sms.id))
    # A text has no subject: the list shows its start, cut at a word and marked as cut.
    assert len(sms.body) > 60 and listed["subject"].endswith("…")
    assert len(listed["subject"]) <= 60 and sms.body.startswith(listed["subject"][:-1].strip())
    state.open_message(str(sms.id))
    asyncio.run(state.reply({"body": "STOP"}))
    assert "opted out" in state.reply_result
    candidate = session.exec(select(Candidate).where(Candidate.phone == "+14155550177")).one()
    session.refresh(candidate)
    assert candidate.sms_opt_out
    assert any(m["opted_out"] for m in state.messages)
    # This candidate has no interview by text open: the reply is said not to be kept.
    asyncio.run(state.reply({"body": "Yes, mornings work for me"}))
    assert state.reply_result.startswith("Not a keyword")
    assert "not kept" in state.reply_result


def test_another_organization_cannot_read_or_answer_messages(session: Session) -> None:
    _, sms = _demo_invite(session)
    make_org_user(session, org="Other", email="o@other.example.com")
    token = authentication.log_in(
        session=session, email="o@other.example.com", password=PASSWORD
    ).token
    state = _state(_root(token), DevInboxState)
    state.load_inbox()
    assert state.messages == []
    state.open_message(str(sms.id))
    assert state.open_body == ""
    state.open_id = str(sms.id)  # forged
    asyncio.run(state.reply({"body": "STOP"}))
    candidate = session.exec(select(Candidate).where(Candidate.phone == "+14155550177")).one()
    session.refresh(candidate)
    assert not candidate.sms_opt_out
    stranger_state = _state(_root(""), DevInboxState)
    assert stranger_state.load_inbox() is not None  # sent to the login page


def test_the_dev_inbox_is_off_unless_the_operator_turns_it_on(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sms = _demo_invite(session)
    monkeypatch.setattr(get_settings(), "dev_inbox", False)
    assert not dev_inbox.enabled()
    user = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    with pytest.raises(NotFound):
        dev_inbox.list_messages(session=session, user=user)
    token = authentication.log_in(
        session=session, email=demo.RECRUITER_EMAIL, password=demo.RECRUITER_PASSWORD
    ).token
    state = _state(_root(token), DevInboxState)
    state.load_inbox()
    assert state.messages == [] and "DEV_INBOX" in state.notice
    state.open_message(str(sms.id))
    assert state.open_body == ""


def test_hiring_managers_cannot_open_the_dev_inbox(session: Session) -> None:
    user, sms = _demo_invite(session)
    manager = add_manager(session, user, email="hm@demo.example.com")
    with pytest.raises(PermissionDenied):
        dev_inbox.list_messages(session=session, user=manager)
    state = _state(_root(_log_in_as(session, manager.email)), DevInboxState)
    state.load_inbox()
    assert state.messages == [] and "for recruiters" in state.notice
    state.open_message(str(sms.id))
    assert state.open_body == "" and "/i/" not in state.open_body
    state.open_id = str(sms.id)  # forged
    asyncio.run(state.reply({"body": "STOP"}))
    candidate = session.exec(select(Candidate).where(Candidate.phone == "+14155550177")).one()
    session.refresh(candidate)
    assert not candidate.sms_opt_out


def test_a_reply_in_the_dev_inbox_never_changes_another_organizations_opt_outs(
    session: Session,
) -> None:
    """A new organization texting START from another's candidate's number erased their STOP."""
    user, sms = _demo_invite(session)
    phone = "+14155550177"
    other = make_org_user(session, org="Other", email="o@other.example.com")
    session.add(
        Candidate(
            organization_id=other.organization_id,
            first_name="Ivy",
            email="i@x.example",
            phone=phone,
        )
    )
    sms_opt_outs.opt_out(
        session=session, phone=phone, source="STOP", organization_ids=[other.organization_id]
    )
    session.commit()
    dev_inbox.reply_as_candidate(session=session, user=user, message_id=sms.id, body="START")
    listed = session.exec(select(SmsOptOut.organization_id).where(SmsOptOut.phone == phone)).all()
    assert listed == [other.organization_id]
    dev_inbox.reply_as_candidate(session=session, user=user, message_id=sms.id, body="STOP")
    listed = session.exec(select(SmsOptOut.organization_id).where(SmsOptOut.phone == phone)).all()
    assert sorted(listed) == sorted([other.organization_id, user.organization_id])
    others = session.exec(
        select(Candidate).where(Candidate.organization_id == other.organization_id)
    ).one()
    assert not others.sms_opt_out  # their own candidate record is theirs to change
    dev_inbox.reply_as_candidate(session=session, user=user, message_id=sms.id, body="START")
    listed = session.exec(select(SmsOptOut.organization_id).where(SmsOptOut.phone == phone)).all()
    assert listed == [other.organization_id]


def test_a_password_reset_link_shows_only_to_its_recipient(session: Session) -> None:
    user, _ = _demo_invite(session)
    colleague = accounts.add_user(
        session=session,
        organization=session.get(Organization, user.organization_id),
        full_name="Cal Colleague",
        email="cal@demo.example.com",
        password=PASSWORD,
        role=Role.RECRUITER,
        acting_user=user,
    )
    passwords.request_reset(session=session, email=user.email)
    reset = session.exec(
        select(OutboundMessage).where(OutboundMessage.kind == "password_reset")
    ).one()
    link = next(word for word in reset.body.split() if "/reset-password/" in word)
    for email, shown in ((colleague.email, False), (user.email, True)):
        state = _state(_root(_log_in_as(session, email)), DevInboxState)
        state.load_inbox()
        listed = next(m for m in state.messages if m["id"] == str(reset.id))
        state.open_message(str(reset.id))
        assert (link in state.open_body) is shown
        if not shown:
            assert link not in str(listed) and link.rsplit("/", 1)[1] not in state.open_body
        assert (dev_inbox.HIDDEN_LINK in state.open_body) is not shown


def _log_in_as(session: Session, email: str) -> str:
    password = demo.RECRUITER_PASSWORD if email == demo.RECRUITER_EMAIL else PASSWORD
    return authentication.log_in(session=session, email=email, password=password).token
