"""Team invitations are emailed; an open invitation's role changes only when confirmed;
recruiters change members' roles, the last recruiter stays one.

Service-level tests first, then the Team state's handlers sent by hand by people who may not
use them, and by a recruiter.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select, update

import heymilo_app.heymilo_app  # noqa: F401 - registers the pages and their dynamic route vars
from heymilo_app.models import (
    Channel,
    Organization,
    OutboundMessage,
    Role,
    TeamInvite,
    User,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.messaging import dev_inbox
from heymilo_app.services.org import accounts, authentication, team, team_invites
from heymilo_app.settings import get_settings
from heymilo_app.state.team import TeamState
from tests.support import PASSWORD, add_manager, make_org_user
from tests.test_states import _redirect_path, _root, _state

OWNER = "rec@acme.example.com"
MANAGER = "hm@acme.example.com"
STRANGER = "o@other.example.com"
GUEST = "new.person@acme.example.com"


@pytest.fixture
def people(session: Session) -> dict[str, User]:
    """Acme's recruiter and hiring manager, and another organization's recruiter."""
    owner = make_org_user(session)
    manager = add_manager(session, owner)
    stranger = make_org_user(session, org="Other", email=STRANGER)
    return {"owner": owner, "manager": manager, "stranger": stranger}


def _emails(session: Session, to: str = GUEST) -> list[OutboundMessage]:
    return list(
        session.exec(
            select(OutboundMessage)
            .where(
                OutboundMessage.kind == team_invites.INVITE_KIND, OutboundMessage.to_address == to
            )
            .order_by(OutboundMessage.id)
        ).all()
    )


def _open(session: Session, email: str = GUEST) -> list[TeamInvite]:
    return list(
        session.exec(
            select(TeamInvite).where(
                TeamInvite.email == email,
                TeamInvite.accepted_at.is_(None),
                TeamInvite.revoked_at.is_(None),
            )
        ).all()
    )


def _fresh(session: Session) -> None:
    """End the test session's transaction and forget what it loaded (a handler wrote)."""
    session.rollback()
    session.expire_all()


def _second_recruiter(session: Session, owner: User, email: str = "rae@acme.example.com") -> User:
    return accounts.add_user(
        session=session,
        organization=session.get(Organization, owner.organization_id),
        full_name="Rae Second",
        email=email,
        password=PASSWORD,
        role=Role.RECRUITER,
        acting_user=owner,
    )


# --- The invitation email ------------------------------------------------------------------


def test_an_invitation_is_emailed_with_the_link_the_organization_the_inviter_and_the_role(
    session: Session, people: dict
) -> None:
    sent = team_invites.invite_colleague(
        session=session,
        user=people["owner"],
        email=" New.Person@Acme.example.com ",
        role="hiring_manager",
    )
    (email,) = _emails(session)
    assert email.channel == Channel.EMAIL
    assert email.organization_id == people["owner"].organization_id
    assert sent.link.startswith(get_settings().public_base_url.rstrip("/") + "/join/")
    assert sent.link in email.body
    assert "Rita Recruiter" in email.subject and "Acme" in email.subject
    assert "Rita Recruiter invited you to join Acme" in email.body
    assert "as a hiring manager" in email.body
    assert email.payload["from_name"] == (get_settings().email_from_name or "Acme")
    assert not sent.resent and not sent.role_changed
    # The emailed link is the one that works.
    token = sent.link.rsplit("/", 1)[1]
    found, organization = team_invites.find_invite(session=session, token=token)
    assert found.role == "hiring_manager" and organization.name == "Acme"


def test_the_dev_inbox_shows_the_invitation_with_its_link(
    session: Session, people: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "dev_inbox", True)
    link = team_invites.invite(session=session, user=people["owner"], email=GUEST, role="recruiter")
    [message] = [
        m
        for m in dev_inbox.list_messages(session=session, user=people["owner"])
        if m.kind == team_invites.INVITE_KIND
    ]
    assert link in dev_inbox.visible_body(message, people["owner"])
    assert dev_inbox.list_messages(session=session, user=people["stranger"]) == []


def test_a_refused_invitation_queues_no_email(session: Session, people: dict) -> None:
    with pytest.raises(Invalid):
        team_invites.invite(session=session, user=people["owner"], email=MANAGER, role="recruiter")
    session.rollback()
    with pytest.raises(PermissionDenied):
        team_invites.invite(session=session, user=people["manager"], email=GUEST, role="recruiter")
    session.rollback()
    assert _emails(session) == [] and _emails(session, MANAGER) == []


# --- Inviting an address again -----------------------------------------------------------


def test_inviting_again_with_another_role_is_refused_unless_confirmed(
    session: Session, people: dict
) -> None:
    owner = people["owner"]
    first = team_invites.invite(session=session, user=owner, email=GUEST, role="hiring_manager")
    with pytest.raises(team_invites.RoleConflict) as refused:
        team_invites.invite(session=session, user=owner, email=GUEST.upper(), role="recruiter")
    assert refused.value.errors == {
        "email": f"{GUEST} is already invited as Hiring manager. "
        "Confirm to invite them as Recruiter instead."
    }
    assert (refused.value.current_role, refused.value.requested_role) == (
        "hiring_manager",
        "recruiter",
    )
    _fresh(session)
    # Nothing changed: the first invitation is still open, with its role, and one email.
    [still] = _open(session)
    assert still.role == "hiring_manager"
    assert (
        team_invites.find_invite(session=session, token=first.rsplit("/", 1)[1])[0].id == still.id
    )
    assert len(_emails(session)) == 1

    sent = team_invites.invite_colleague(
        session=session, user=owner, email=GUEST, role="recruiter", change_role=True
    )
    assert sent.role_changed and not sent.resent
    [now_open] = _open(session)
    assert now_open.role == "recruiter"
    with pytest.raises(NotFound):
        team_invites.find_invite(session=session, token=first.rsplit("/", 1)[1])
    emails = _emails(session)
    assert len(emails) == 2 and sent.link in emails[1].body and "as a recruiter" in emails[1].body


def test_inviting_again_with_the_same_role_sends_the_email_again(
    session: Session, people: dict
) -> None:
    owner = people["owner"]
    first = team_invites.invite_colleague(
        session=session, user=owner, email=GUEST, role="recruiter"
    )
    again = team_invites.invite_colleague(
        session=session, user=owner, email=GUEST, role="recruiter"
    )
    assert again.resent and not again.role_changed and not first.resent
    emails = _emails(session)
    assert len(emails) == 2 and again.link in emails[1].body and again.link != first.link
    [only] = _open(session)
    assert only.role == "recruiter"


def test_an_expired_invitation_with_another_role_is_replaced_without_asking(
    session: Session, people: dict
) -> None:
    owner = people["owner"]
    team_invites.invite(session=session, user=owner, email=GUEST, role="hiring_manager")
    session.exec(update(TeamInvite).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    sent = team_invites.invite_colleague(session=session, user=owner, email=GUEST, role="recruiter")
    assert not sent.resent and not sent.role_changed
    [only] = _open(session)
    assert only.role == "recruiter"


# --- Changing a member's role -------------------------------------------------------------


def test_a_recruiter_changes_a_members_role_both_ways(session: Session, people: dict) -> None:
    owner, manager = people["owner"], people["manager"]
    promoted = team.change_role(
        session=session, user=owner, member_id=str(manager.id), role="recruiter"
    )
    assert promoted.role == Role.RECRUITER
    _fresh(session)
    assert session.get(User, manager.id).role == Role.RECRUITER
    demoted = team.change_role(
        session=session, user=owner, member_id=manager.id, role="hiring_manager"
    )
    assert demoted.role == Role.HIRING_MANAGER
    _fresh(session)
    assert session.get(User, manager.id).role == Role.HIRING_MANAGER


def test_a_hiring_manager_cannot_change_roles(session: Session, people: dict) -> None:
    manager = people["manager"]
    with pytest.raises(PermissionDenied):
        team.change_role(session=session, user=manager, member_id=manager.id, role="recruiter")
    with pytest.raises(PermissionDenied):
        team.change_role(
            session=session, user=manager, member_id=people["owner"].id, role="hiring_manager"
        )
    _fresh(session)
    assert session.get(User, manager.id).role == Role.HIRING_MANAGER
    assert session.get(User, people["owner"].id).role == Role.RECRUITER


def test_a_recruiter_demoted_meanwhile_cannot_change_roles(session: Session, people: dict) -> None:
    owner = people["owner"]
    second = _second_recruiter(session, owner)
    stale = session.get(User, second.id)
    team.change_role(session=session, user=owner, member_id=second.id, role="hiring_manager")
    # The second recruiter's page still thinks they are one: the service reads afresh.
    stale_copy = User.model_validate(stale.model_dump())
    stale_copy.role = Role.RECRUITER
    with pytest.raises(PermissionDenied):
        team.change_role(
            session=session, user=stale_copy, member_id=people["manager"].id, role="recruiter"
        )
    _fresh(session)
    assert session.get(User, people["manager"].id).role == Role.HIRING_MANAGER


def test_the_last_recruiter_cannot_be_demoted(session: Session, people: dict) -> None:
    owner = people["owner"]
    with pytest.raises(Invalid) as refused:
        team.change_role(session=session, user=owner, member_id=owner.id, role="hiring_manager")
    assert refused.value.errors == {
        "member": "Rita Recruiter is the organization's last recruiter. "
        "Make someone else a recruiter first."
    }
    _fresh(session)
    assert session.get(User, owner.id).role == Role.RECRUITER
    # With a second recruiter, either may step down; then the other is the last.
    second = _second_recruiter(session, owner)
    team.change_role(session=session, user=owner, member_id=owner.id, role="hiring_manager")
    _fresh(session)
    assert session.get(User, owner.id).role == Role.HIRING_MANAGER
    second = session.get(User, second.id)
    with pytest.raises(Invalid):
        team.change_role(session=session, user=second, member_id=second.id, role="hiring_manager")
    _fresh(session)
    assert session.get(User, second.id).role == Role.RECRUITER


def test_a_removed_recruiter_does_not_count_and_cannot_be_re_roled(
    session: Session, people: dict
) -> None:
    owner = people["owner"]
    second = _second_recruiter(session, owner)
    team.remove_member(session=session, user=owner, member_id=second.id)
    with pytest.raises(Invalid) as refused:
        team.change_role(session=session, user=owner, member_id=owner.id, role="hiring_manager")
    assert "last recruiter" in refused.value.errors["member"]
    session.rollback()
    with pytest.raises(Invalid) as removed:
        team.change_role(session=session, user=owner, member_id=second.id, role="hiring_manager")
    assert removed.value.errors == {"member": "Rae Second was removed from the team."}


def test_nobody_changes_another_organizations_users(session: Session, people: dict) -> None:
    stranger = people["stranger"]
    for member_id in (people["owner"].id, people["manager"].id, "999999", "not a number"):
        with pytest.raises(NotFound):
            team.change_role(session=session, user=stranger, member_id=member_id, role="recruiter")
        session.rollback()
    _fresh(session)
    assert session.get(User, people["manager"].id).role == Role.HIRING_MANAGER
    assert session.get(User, people["owner"].id).role == Role.RECRUITER


def test_an_unknown_role_is_refused(session: Session, people: dict) -> None:
    with pytest.raises(Invalid) as refused:
        team.change_role(
            session=session, user=people["owner"], member_id=people["manager"].id, role="admin"
        )
    assert set(refused.value.errors) == {"role"}


# --- The Team state -------------------------------------------------------------------------


def _team_state(session: Session, email: str) -> TeamState:
    token = (
        authentication.log_in(session=session, email=email, password=PASSWORD).token
        if email
        else ""
    )
    return _state(_root(token), TeamState)


def test_a_hiring_managers_events_are_refused(session: Session, people: dict) -> None:
    owner = people["owner"]
    team_invites.invite(session=session, user=owner, email=GUEST, role="hiring_manager")
    [pending] = _open(session)
    state = _team_state(session, MANAGER)
    state.send_invite({"email": "spy@acme.example.com"})
    assert state.invite_error == "Only recruiters manage the team." and state.invite_link == ""
    # A forged confirmation of a role change.
    state.conflict_email, state.conflict_role = GUEST, "recruiter"
    state.confirm_invite()
    assert state.invite_link == ""
    for event in (
        lambda: state.change_member_role(str(people["manager"].id), "recruiter"),
        lambda: state.change_member_role(str(owner.id), "hiring_manager"),
        lambda: state.revoke_invite(str(pending.id)),
        lambda: state.remove_member(str(owner.id)),
    ):
        result = event()
        assert result is not None and "Only recruiters manage the team." in str(result)
    _fresh(session)
    assert session.get(User, people["manager"].id).role == Role.HIRING_MANAGER
    owner_now = session.get(User, owner.id)
    assert owner_now.role == Role.RECRUITER and owner_now.is_active
    [still] = _open(session)
    assert still.id == pending.id and still.role == "hiring_manager"
    assert len(_emails(session)) == 1
    assert _emails(session, "spy@acme.example.com") == []


@pytest.mark.parametrize("who", ["", STRANGER])
def test_a_stranger_or_another_organization_changes_no_role(
    session: Session, people: dict, who: str
) -> None:
    state = _team_state(session, who)
    result = state.change_member_role(str(people["manager"].id), "recruiter")
    if not who:
        assert _redirect_path(result).startswith("/login")
    else:
        assert "No such team member." in str(result)
    _fresh(session)
    assert session.get(User, people["manager"].id).role == Role.HIRING_MANAGER


def test_a_recruiter_confirms_a_role_change_through_the_state(
    session: Session, people: dict
) -> None:
    team_invites.invite(session=session, user=people["owner"], email=GUEST, role="hiring_manager")
    state = _team_state(session, OWNER)
    state.set_invite_role("recruiter")
    state.send_invite({"email": GUEST})
    assert state.conflict_question == (
        f"{GUEST} is already invited as Hiring manager. Invite as Recruiter instead?"
    )
    assert state.invite_link == "" and state.invite_error == ""
    _fresh(session)
    assert [i.role for i in _open(session)] == ["hiring_manager"]
    state.cancel_invite()
    assert state.conflict_email == ""
    state.send_invite({"email": GUEST})
    state.confirm_invite()
    assert state.conflict_question == "" and state.invite_link
    assert "now invited as Recruiter" in state.invite_notice
    assert [i["role"] for i in state.invites] == ["Recruiter"]
    state.send_invite({"email": GUEST})
    assert "emailed again" in state.invite_notice
    _fresh(session)
    assert len(_emails(session)) == 3


def test_a_recruiter_changes_a_role_through_the_state(session: Session, people: dict) -> None:
    state = _team_state(session, OWNER)
    state.load_team()
    by_email = {m["email"]: m for m in state.members}
    assert by_email[MANAGER]["next_role"] == "recruiter"
    state.change_member_role(by_email[MANAGER]["id"], by_email[MANAGER]["next_role"])
    by_email = {m["email"]: m for m in state.members}
    assert by_email[MANAGER]["role"] == "Recruiter"
    # The owner steps down now that there is another recruiter; the page follows.
    state.change_member_role(by_email[OWNER]["id"], "hiring_manager")
    assert state.is_recruiter is False
    _fresh(session)
    assert session.get(User, people["owner"].id).role == Role.HIRING_MANAGER
    assert session.get(User, people["manager"].id).role == Role.RECRUITER
