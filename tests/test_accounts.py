"""Sign-up, login, logout, sessions and the limit on password guessing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select, update

from heymilo_app.models import (
    AuthSession,
    Branding,
    LoginAttempt,
    Organization,
    Role,
    User,
    utcnow,
)
from heymilo_app.services import accounts
from heymilo_app.services.errors import Invalid, PermissionDenied, RateLimited
from tests.support import PASSWORD, add_manager, make_org_user


def _count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_sign_up_creates_organization_branding_and_recruiter(session: Session) -> None:
    user = accounts.sign_up(
        session=session,
        organization_name="Acme Robotics",
        full_name="Ann Lee",
        email="  Ann.Lee@Acme.Example.com ",
        password=PASSWORD,
    )
    organization = session.get(Organization, user.organization_id)
    assert organization.name == "Acme Robotics"
    assert organization.slug == "acme-robotics"
    assert user.email == "ann.lee@acme.example.com"
    assert user.role == Role.RECRUITER
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert session.exec(select(Branding).where(Branding.organization_id == organization.id)).one()


def test_two_organizations_with_the_same_name_get_different_slugs(session: Session) -> None:
    first = make_org_user(session, org="Acme", email="a@acme.example.com")
    second = make_org_user(session, org="Acme", email="b@acme.example.com")
    slugs = {session.get(Organization, u.organization_id).slug for u in (first, second)}
    assert len(slugs) == 2


@pytest.mark.parametrize(
    ("fields", "field", "message_part"),
    [
        ({"email": "rec@acme.example.com"}, "email", "already exists"),
        ({"password": "short"}, "password", "at least 10"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"organization_name": "  "}, "organization_name", "organization"),
        ({"full_name": ""}, "full_name", "name"),
        ({"email": ""}, "email", "Enter an email"),
        ({"password": ""}, "password", "Enter a password"),
    ],
)
def test_bad_sign_up_names_the_field_and_creates_nothing(
    session: Session, fields: dict, field: str, message_part: str
) -> None:
    make_org_user(session)
    before = (_count(session, Organization), _count(session, User))
    values = {
        "organization_name": "Other Co",
        "full_name": "Bo",
        "email": "bo@other.example.com",
        "password": PASSWORD,
    } | fields
    with pytest.raises(Invalid) as error:
        accounts.sign_up(session=session, **values)
    assert message_part.lower() in error.value.errors[field].lower()
    session.rollback()
    assert (_count(session, Organization), _count(session, User)) == before


def test_empty_sign_up_reports_every_field(session: Session) -> None:
    with pytest.raises(Invalid) as error:
        accounts.sign_up(session=session, organization_name="", full_name="", email="", password="")
    assert set(error.value.errors) == {"organization_name", "full_name", "email", "password"}
    assert _count(session, Organization) == 0


def test_log_in_opens_a_session_stored_only_as_a_hash(session: Session) -> None:
    user = make_org_user(session)
    result = accounts.log_in(session=session, email="REC@acme.example.com", password=PASSWORD)
    assert result.user.id == user.id
    stored = session.exec(select(AuthSession.token_hash)).all()
    assert stored == [accounts.hash_token(result.token)]
    assert result.token not in stored
    assert accounts.user_for_token(session=session, token=result.token).id == user.id


def test_wrong_password_and_unknown_email_get_the_same_message(session: Session) -> None:
    make_org_user(session)
    messages = []
    for email, password in [
        ("rec@acme.example.com", "wrong password!"),
        ("nobody@acme.example.com", PASSWORD),
        ("", ""),
    ]:
        with pytest.raises(Invalid) as error:
            accounts.log_in(session=session, email=email, password=password)
        messages.append(error.value.errors)
    assert messages == [{"form": accounts.LOGIN_FAILED_MESSAGE}] * 3
    assert _count(session, AuthSession) == 0


def test_ten_failures_lock_the_email_even_for_the_right_password(session: Session) -> None:
    make_org_user(session)
    for _ in range(10):
        with pytest.raises(Invalid):
            accounts.log_in(session=session, email="rec@acme.example.com", password="nope nope!")
    with pytest.raises(RateLimited):
        accounts.log_in(session=session, email="rec@acme.example.com", password=PASSWORD)
    # Another email is not affected.
    make_org_user(session, org="Beta", email="rec@beta.example.com")
    accounts.log_in(session=session, email="rec@beta.example.com", password=PASSWORD)


def test_lockout_ends_when_the_failures_age_out(session: Session) -> None:
    make_org_user(session)
    for _ in range(10):
        with pytest.raises(Invalid):
            accounts.log_in(session=session, email="rec@acme.example.com", password="nope nope!")
    session.exec(update(LoginAttempt).values(attempted_at=utcnow() - timedelta(minutes=16)))
    session.commit()
    assert accounts.log_in(session=session, email="rec@acme.example.com", password=PASSWORD).token


def test_nine_failures_do_not_lock(session: Session) -> None:
    make_org_user(session)
    for _ in range(9):
        with pytest.raises(Invalid):
            accounts.log_in(session=session, email="rec@acme.example.com", password="nope nope!")
    assert accounts.log_in(session=session, email="rec@acme.example.com", password=PASSWORD).token


def test_log_out_ends_the_session(session: Session) -> None:
    make_org_user(session)
    token = accounts.log_in(session=session, email="rec@acme.example.com", password=PASSWORD).token
    accounts.log_out(session=session, token=token)
    assert accounts.user_for_token(session=session, token=token) is None
    accounts.log_out(session=session, token="unknown")  # no error


def test_expired_or_unknown_tokens_log_nobody_in(session: Session) -> None:
    make_org_user(session)
    token = accounts.log_in(session=session, email="rec@acme.example.com", password=PASSWORD).token
    session.exec(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    assert accounts.user_for_token(session=session, token=token) is None
    assert accounts.user_for_token(session=session, token="") is None
    assert accounts.user_for_token(session=session, token="x" * 43) is None


def test_deactivated_user_cannot_log_in(session: Session) -> None:
    user = make_org_user(session)
    token = accounts.log_in(session=session, email=user.email, password=PASSWORD).token
    user.is_active = False
    session.commit()
    assert accounts.user_for_token(session=session, token=token) is None
    with pytest.raises(Invalid):
        accounts.log_in(session=session, email=user.email, password=PASSWORD)


def test_only_a_recruiter_of_the_organization_adds_users(session: Session) -> None:
    recruiter = make_org_user(session)
    manager = add_manager(session, recruiter)
    assert manager.role == Role.HIRING_MANAGER
    assert manager.organization_id == recruiter.organization_id
    organization = session.get(Organization, recruiter.organization_id)
    with pytest.raises(PermissionDenied):
        accounts.add_user(
            session=session,
            organization=organization,
            full_name="X",
            email="x@acme.example.com",
            password=PASSWORD,
            role=Role.RECRUITER,
            acting_user=manager,
        )
    outsider = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(PermissionDenied):
        accounts.add_user(
            session=session,
            organization=organization,
            full_name="X",
            email="x@acme.example.com",
            password=PASSWORD,
            role=Role.RECRUITER,
            acting_user=outsider,
        )


def test_team_lists_only_the_own_organization(session: Session) -> None:
    recruiter = make_org_user(session)
    add_manager(session, recruiter)
    make_org_user(session, org="Other", email="o@other.example.com")
    emails = {u.email for u in accounts.list_team(session=session, user=recruiter)}
    assert emails == {"rec@acme.example.com", "hm@acme.example.com"}


def test_production_hash_cost_is_owasp_level_and_old_hashes_are_upgraded(
    session: Session,
) -> None:
    from argon2 import PasswordHasher

    from heymilo_app.settings import Settings

    assert (
        Settings.model_fields["password_hash_memory_kib"].default,
        Settings.model_fields["password_hash_time_cost"].default,
    ) == (65536, 3)
    user = make_org_user(session)
    user.password_hash = PasswordHasher(time_cost=2, memory_cost=2048).hash(PASSWORD)
    session.commit()
    accounts.log_in(session=session, email=user.email, password=PASSWORD)
    session.refresh(user)
    assert "m=2048" not in user.password_hash
    assert accounts.verify_password(user.password_hash, PASSWORD)
