"""Password reset by an emailed link, changing one's password, removing a team member.

Service-level tests first (single use, expiry, the non-revealing answer, rate limits, sessions
ended, tenant and role checks), then the Reflex handlers sent by hand by people who may not
use them.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from sqlmodel import Session, func, select, update

import heymilo_app.heymilo_app  # noqa: F401 - registers the pages and their dynamic route vars
from heymilo_app.models import (
    AuthSession,
    Channel,
    Organization,
    OutboundMessage,
    PasswordReset,
    Role,
    User,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied, RateLimited
from heymilo_app.services.org import (
    accounts,
    authentication,
    login_sessions,
    password_hashing,
    passwords,
    team,
)
from heymilo_app.settings import get_settings
from heymilo_app.state.password import (
    ChangePasswordState,
    ForgotPasswordState,
    ResetPasswordState,
)
from heymilo_app.state.team import TeamState
from tests.support import PASSWORD, add_manager, cookie_headers, make_org_user
from tests.test_states import _redirect_path, _state

NEW_PASSWORD = "a much better passphrase"
OWNER = "rec@acme.example.com"
MANAGER = "hm@acme.example.com"
STRANGER = "o@other.example.com"


def _count(session: Session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _reset_emails(session: Session, email: str) -> list[OutboundMessage]:
    return list(
        session.exec(
            select(OutboundMessage)
            .where(OutboundMessage.kind == "password_reset", OutboundMessage.to_address == email)
            .order_by(OutboundMessage.id)
        ).all()
    )


def _token_of(message: OutboundMessage) -> str:
    match = re.search(r"/reset-password/([A-Za-z0-9_\-]+)", message.body)
    assert match, message.body
    return match.group(1)


def _ask(session: Session, email: str = OWNER, address: str = "198.51.100.7") -> str | None:
    """Ask for a reset link; the token of the newest email to the address, if any."""
    passwords.request_reset(session=session, email=email, client_address=address)
    emails = _reset_emails(session, email.strip().lower())
    return _token_of(emails[-1]) if emails else None


def _fresh(session: Session) -> None:
    """End the test session's transaction and forget what it loaded (a handler wrote)."""
    session.rollback()
    session.expire_all()


def _logs_in(session: Session, email: str, password: str) -> bool:
    try:
        authentication.log_in(session=session, email=email, password=password)
    except Invalid:
        return False
    return True


@pytest.fixture
def people(session: Session) -> dict[str, User]:
    """Acme's recruiter and hiring manager, and another organization's recruiter."""
    owner = make_org_user(session)
    manager = add_manager(session, owner)
    stranger = make_org_user(session, org="Other", email=STRANGER)
    return {"owner": owner, "manager": manager, "stranger": stranger}


# --- Reset by an emailed link -------------------------------------------------------------


def test_a_reset_link_is_emailed_through_the_outbox_and_only_its_hash_kept(
    session: Session, people: dict
) -> None:
    token = _ask(session, " Rec@Acme.Example.com ")
    (email,) = _reset_emails(session, OWNER)
    assert email.channel == Channel.EMAIL
    assert email.organization_id == people["owner"].organization_id
    base = get_settings().public_base_url.rstrip("/")
    assert f"{base}/reset-password/{token}" in email.body
    reset = session.exec(select(PasswordReset)).one()
    assert reset.user_id == people["owner"].id
    assert reset.token_hash == password_hashing.hash_token(token) and token not in reset.token_hash
    assert reset.used_at is None
    minutes = get_settings().password_reset_minutes
    assert abs((reset.expires_at - utcnow()) - timedelta(minutes=minutes)) < timedelta(minutes=1)


@pytest.mark.parametrize("email", ["nobody@acme.example.com", MANAGER])
def test_the_answer_never_says_whether_an_account_exists(
    session: Session, people: dict, email: str
) -> None:
    if email == MANAGER:  # a removed member is treated as no account at all
        team.remove_member(session=session, user=people["owner"], member_id=people["manager"].id)
    assert passwords.request_reset(session=session, email=OWNER, client_address="a") is None
    assert passwords.request_reset(session=session, email=email, client_address="a") is None
    assert _reset_emails(session, email) == []
    assert _count(session, PasswordReset, PasswordReset.user_id == people["manager"].id) == 0
    assert len(_reset_emails(session, OWNER)) == 1


def test_a_malformed_address_is_a_clear_message(session: Session, people: dict) -> None:
    with pytest.raises(Invalid) as caught:
        passwords.request_reset(session=session, email="not an email", client_address="a")
    assert "email" in caught.value.errors
    assert _count(session, PasswordReset) == 0


def test_a_link_works_once_and_ends_every_session(session: Session, people: dict) -> None:
    first = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    second = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    token = _ask(session)
    passwords.confirm_reset(session=session, token=token, password=NEW_PASSWORD)
    assert login_sessions.user_for_token(session=session, token=first) is None
    assert login_sessions.user_for_token(session=session, token=second) is None
    assert _count(session, AuthSession, AuthSession.user_id == people["owner"].id) == 0
    assert session.exec(select(PasswordReset.used_at)).one() is not None
    with pytest.raises(NotFound):
        passwords.confirm_reset(session=session, token=token, password="yet another password")
    assert not _logs_in(session, OWNER, PASSWORD)
    assert _logs_in(session, OWNER, NEW_PASSWORD)


def test_an_expired_link_is_refused(session: Session, people: dict) -> None:
    token = _ask(session)
    session.exec(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    with pytest.raises(NotFound):
        passwords.find_reset(session=session, token=token)
    with pytest.raises(NotFound):
        passwords.confirm_reset(session=session, token=token, password=NEW_PASSWORD)
    assert _logs_in(session, OWNER, PASSWORD)


def test_a_newer_link_replaces_the_older_one(session: Session, people: dict) -> None:
    older = _ask(session)
    newer = _ask(session)
    assert older != newer
    with pytest.raises(NotFound):
        passwords.confirm_reset(session=session, token=older, password=NEW_PASSWORD)
    passwords.confirm_reset(session=session, token=newer, password=NEW_PASSWORD)
    assert _logs_in(session, OWNER, NEW_PASSWORD)


def test_unknown_and_empty_tokens_are_refused(session: Session, people: dict) -> None:
    _ask(session)
    for token in ("", "x" * 43):
        with pytest.raises(NotFound):
            passwords.confirm_reset(session=session, token=token, password=NEW_PASSWORD)
    assert _logs_in(session, OWNER, PASSWORD)


def test_the_new_password_follows_the_sign_up_rules(session: Session, people: dict) -> None:
    token = _ask(session)
    with pytest.raises(Invalid) as caught:
        passwords.confirm_reset(session=session, token=token, password="short")
    assert "at least 10" in caught.value.errors["password"].lower()
    _fresh(session)
    assert passwords.find_reset(session=session, token=token)  # still usable
    assert _logs_in(session, OWNER, PASSWORD)


def test_links_are_limited_per_email_silently(session: Session, people: dict) -> None:
    limit = get_settings().password_reset_max_per_email
    for number in range(limit + 2):
        passwords.request_reset(session=session, email=OWNER, client_address=f"10.0.0.{number}")
    assert len(_reset_emails(session, OWNER)) == limit


def test_requests_are_limited_per_client_address(session: Session, people: dict) -> None:
    limit = get_settings().password_reset_max_per_address
    for number in range(limit):
        passwords.request_reset(
            session=session, email=f"x{number}@acme.example.com", client_address="203.0.113.9"
        )
    with pytest.raises(RateLimited):
        passwords.request_reset(session=session, email=OWNER, client_address="203.0.113.9")
    assert _reset_emails(session, OWNER) == []
    passwords.request_reset(session=session, email=OWNER, client_address="203.0.113.10")
    assert len(_reset_emails(session, OWNER)) == 1


def test_a_removed_member_cannot_use_a_link_sent_before(session: Session, people: dict) -> None:
    token = _ask(session, MANAGER)
    team.remove_member(session=session, user=people["owner"], member_id=people["manager"].id)
    with pytest.raises(NotFound):
        passwords.confirm_reset(session=session, token=token, password=NEW_PASSWORD)
    assert not _logs_in(session, MANAGER, PASSWORD)


# --- Changing one's own password ----------------------------------------------------------


def test_changing_the_password_ends_the_other_sessions_only(session: Session, people: dict) -> None:
    here = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    elsewhere = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    colleague = authentication.log_in(session=session, email=MANAGER, password=PASSWORD).token
    reset_token = _ask(session)
    ended = passwords.change_password(
        session=session,
        user=people["owner"],
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        keep_token_hash=password_hashing.hash_token(here),
    )
    assert ended == 1
    assert login_sessions.user_for_token(session=session, token=here).id == people["owner"].id
    assert login_sessions.user_for_token(session=session, token=elsewhere) is None
    assert login_sessions.user_for_token(session=session, token=colleague) is not None
    with pytest.raises(NotFound):  # an open reset link dies with the old password
        passwords.find_reset(session=session, token=reset_token)
    assert _logs_in(session, OWNER, NEW_PASSWORD) and not _logs_in(session, OWNER, PASSWORD)


@pytest.mark.parametrize(
    ("current", "new", "field"),
    [
        ("wrong password!", NEW_PASSWORD, "current_password"),
        ("", NEW_PASSWORD, "current_password"),
        (PASSWORD, "short", "new_password"),
        (PASSWORD, PASSWORD, "new_password"),
    ],
)
def test_a_bad_change_names_the_field_and_changes_nothing(
    session: Session, people: dict, current: str, new: str, field: str
) -> None:
    other = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    with pytest.raises(Invalid) as caught:
        passwords.change_password(
            session=session, user=people["owner"], current_password=current, new_password=new
        )
    assert list(caught.value.errors) == [field]
    _fresh(session)
    assert login_sessions.user_for_token(session=session, token=other) is not None
    assert _logs_in(session, OWNER, PASSWORD)


def test_guessing_the_current_password_is_limited(session: Session, people: dict) -> None:
    for _ in range(passwords.CHANGE_MAX_FAILURES):
        with pytest.raises(Invalid):
            passwords.change_password(
                session=session, user=people["owner"], current_password="guess", new_password="x"
            )
    with pytest.raises(RateLimited):
        passwords.change_password(
            session=session,
            user=people["owner"],
            current_password=PASSWORD,
            new_password=NEW_PASSWORD,
        )
    assert _logs_in(session, OWNER, PASSWORD)


# --- Removing a team member ---------------------------------------------------------------


def test_a_recruiter_removes_a_member_who_is_logged_out_and_locked_out(
    session: Session, people: dict
) -> None:
    token = authentication.log_in(session=session, email=MANAGER, password=PASSWORD).token
    removed = team.remove_member(
        session=session, user=people["owner"], member_id=str(people["manager"].id)
    )
    assert removed.id == people["manager"].id
    session.expire_all()
    assert session.get(User, people["manager"].id).is_active is False
    assert login_sessions.user_for_token(session=session, token=token) is None
    assert _count(session, AuthSession, AuthSession.user_id == people["manager"].id) == 0
    assert not _logs_in(session, MANAGER, PASSWORD)
    assert _ask(session, MANAGER) is None
    # Removing them again changes nothing and is no error.
    team.remove_member(session=session, user=people["owner"], member_id=people["manager"].id)


def test_a_recruiter_cannot_remove_themselves(session: Session, people: dict) -> None:
    with pytest.raises(Invalid):
        team.remove_member(session=session, user=people["owner"], member_id=people["owner"].id)
    _fresh(session)
    assert session.get(User, people["owner"].id).is_active


def test_the_last_recruiter_stays(session: Session, people: dict) -> None:
    second = accounts.add_user(
        session=session,
        organization=session.get(Organization, people["owner"].organization_id),
        full_name="Second Recruiter",
        email="second@acme.example.com",
        password=PASSWORD,
        role=Role.RECRUITER,
    )
    team.remove_member(session=session, user=second, member_id=people["owner"].id)
    # The removed recruiter's stale object may not remove the last one left.
    with pytest.raises(PermissionDenied):
        team.remove_member(session=session, user=people["owner"], member_id=second.id)
    _fresh(session)
    assert session.get(User, second.id).is_active


def test_a_hiring_manager_cannot_remove_anyone(session: Session, people: dict) -> None:
    with pytest.raises(PermissionDenied):
        team.remove_member(session=session, user=people["manager"], member_id=people["owner"].id)
    _fresh(session)
    assert session.get(User, people["owner"].id).is_active


@pytest.mark.parametrize("member_id", ["stranger", "999999", "not a number", ""])
def test_another_organizations_user_is_not_found(
    session: Session, people: dict, member_id: str
) -> None:
    target = str(people["stranger"].id) if member_id == "stranger" else member_id
    token = authentication.log_in(session=session, email=STRANGER, password=PASSWORD).token
    with pytest.raises(NotFound):
        team.remove_member(session=session, user=people["owner"], member_id=target)
    _fresh(session)
    assert session.get(User, people["stranger"].id).is_active
    assert login_sessions.user_for_token(session=session, token=token) is not None


# --- The handlers, sent by hand -----------------------------------------------------------


def _root(token: str = "", *, query: dict | None = None, ip: str = "") -> State:
    root = State()
    route = "/reset-password/[token]" if query and "token" in query else "/"
    root.router = RouterData.from_router_data(
        {
            "pathname": route,
            "asPath": route,
            "query": query or {},
            "headers": cookie_headers(token),
            "ip": ip,
        }
    )
    return root


def _run(result):
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


def test_the_forgot_form_answers_the_same_for_any_address(session: Session, people: dict) -> None:
    answers = []
    for email in (OWNER, "nobody@acme.example.com"):
        state = _state(_root(ip="198.51.100.1"), ForgotPasswordState)
        assert _run(state.request_link({"email": email})) is None
        answers.append((state.message, state.error))
    assert answers[0] == answers[1] == (passwords.REQUESTED_MESSAGE, "")
    _fresh(session)
    assert len(_reset_emails(session, OWNER)) == 1
    state = _state(_root(ip="198.51.100.1"), ForgotPasswordState)
    _run(state.request_link({"email": ["not", "a", "string"]}))
    assert state.error and not state.message


def test_the_forgot_form_is_limited_per_client_address(session: Session, people: dict) -> None:
    limit = get_settings().password_reset_max_per_address
    for number in range(limit):
        state = _state(_root(ip="192.0.2.44"), ForgotPasswordState)
        _run(state.request_link({"email": f"x{number}@acme.example.com"}))
    state = _state(_root(ip="192.0.2.44"), ForgotPasswordState)
    _run(state.request_link({"email": OWNER}))
    assert state.error and not state.message
    _fresh(session)
    assert _reset_emails(session, OWNER) == []


def test_the_reset_page_refuses_a_forged_link_and_changes_nothing(
    session: Session, people: dict
) -> None:
    _ask(session)
    root = _root(query={"token": "forged-" + "x" * 36})
    state = _state(root, ResetPasswordState)
    state.load_reset()
    assert state.loaded and not state.valid
    _run(state.confirm({"password": NEW_PASSWORD}))
    assert not state.done and not state.valid
    _fresh(session)
    assert _logs_in(session, OWNER, PASSWORD)


def test_the_reset_page_sets_the_password_through_a_real_link(
    session: Session, people: dict
) -> None:
    other = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    token = _ask(session)
    state = _state(_root(query={"token": token}), ResetPasswordState)
    state.load_reset()
    assert state.valid
    _run(state.confirm({"password": "short"}))
    assert state.password_error and not state.done
    _run(state.confirm({"password": NEW_PASSWORD}))
    assert state.done
    _fresh(session)
    assert login_sessions.user_for_token(session=session, token=other) is None
    assert _logs_in(session, OWNER, NEW_PASSWORD)


@pytest.mark.parametrize("token", ["", "forged-token-" + "x" * 30])
def test_a_stranger_cannot_change_a_password(session: Session, people: dict, token: str) -> None:
    state = _state(_root(token), ChangePasswordState)
    result = _run(
        state.change_password({"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    )
    assert _redirect_path(result).startswith("/login")
    _fresh(session)
    assert _logs_in(session, OWNER, PASSWORD)


def test_the_change_form_keeps_this_browser_logged_in(session: Session, people: dict) -> None:
    here = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    elsewhere = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    state = _state(_root(here), ChangePasswordState)
    _run(state.change_password({"current_password": "wrong!", "new_password": NEW_PASSWORD}))
    assert state.current_password_error and not state.message
    _run(state.change_password({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
    assert state.message and not state.current_password_error and not state.new_password_error
    _fresh(session)
    assert login_sessions.user_for_token(session=session, token=here) is not None
    assert login_sessions.user_for_token(session=session, token=elsewhere) is None


@pytest.mark.parametrize("who", ["", "forged", MANAGER, STRANGER])
def test_only_a_recruiter_of_the_organization_removes_through_the_team_state(
    session: Session, people: dict, who: str
) -> None:
    if who in ("", "forged"):
        token = "" if who == "" else "forged-token-" + "x" * 30
    else:
        token = authentication.log_in(session=session, email=who, password=PASSWORD).token
    victim = authentication.log_in(session=session, email=MANAGER, password=PASSWORD).token
    state = _state(_root(token), TeamState)
    result = state.remove_member(str(people["manager"].id))
    if who in ("", "forged"):
        assert _redirect_path(result).startswith("/login")
    assert state.members == [] or all(m["email"] != STRANGER for m in state.members)
    _fresh(session)
    assert session.get(User, people["manager"].id).is_active
    assert login_sessions.user_for_token(session=session, token=victim) is not None


def test_a_recruiter_removes_through_the_team_state(session: Session, people: dict) -> None:
    token = authentication.log_in(session=session, email=OWNER, password=PASSWORD).token
    state = _state(_root(token), TeamState)
    state.load_team()
    by_email = {m["email"]: m for m in state.members}
    assert by_email[OWNER]["removable"] == "" and by_email[MANAGER]["removable"] == "yes"
    state.remove_member(by_email[MANAGER]["id"])
    by_email = {m["email"]: m for m in state.members}
    assert by_email[MANAGER]["removed"] == "yes" and by_email[MANAGER]["removable"] == ""
    _fresh(session)
    assert session.get(User, people["manager"].id).is_active is False
