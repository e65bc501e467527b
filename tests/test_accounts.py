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
    OutboundMessage,
    Role,
    User,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid, PermissionDenied, RateLimited
from heymilo_app.services.org import (
    accounts,
    authentication,
    login_limits,
    login_sessions,
    password_hashing,
    team,
)
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
        ({"email": "rec@acme.example.com"}, "email", "cannot be used for a new account"),
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
    result = authentication.log_in(session=session, email="REC@acme.example.com", password=PASSWORD)
    assert result.user.id == user.id
    stored = session.exec(select(AuthSession.token_hash)).all()
    assert stored == [password_hashing.hash_token(result.token)]
    assert result.token not in stored
    assert login_sessions.user_for_token(session=session, token=result.token).id == user.id


def test_wrong_password_and_unknown_email_get_the_same_message(session: Session) -> None:
    make_org_user(session)
    messages = []
    for email, password in [
        ("rec@acme.example.com", "wrong password!"),
        ("nobody@acme.example.com", PASSWORD),
        ("", ""),
    ]:
        with pytest.raises(Invalid) as error:
            authentication.log_in(session=session, email=email, password=password)
        messages.append(error.value.errors)
    assert messages == [{"form": authentication.LOGIN_FAILED_MESSAGE}] * 3
    assert _count(session, AuthSession) == 0


REC = "rec@acme.example.com"


def _fail(session: Session, times: int, email: str = REC, address: str = "198.51.100.7") -> None:
    for _ in range(times):
        with pytest.raises(Invalid):
            authentication.log_in(
                session=session, email=email, password="nope nope!", client_address=address
            )


def _age_attempts(session: Session, seconds: float) -> None:
    """Move every login attempt back in time (row by row: SQLite has no datetime arithmetic)."""
    for attempt in session.exec(select(LoginAttempt)).all():
        attempt.attempted_at -= timedelta(seconds=seconds)
    session.commit()


def test_ten_failures_from_one_address_back_off_there_but_not_for_the_owner_elsewhere(
    session: Session,
) -> None:
    make_org_user(session)
    _fail(session, 10)
    with pytest.raises(RateLimited) as error:
        authentication.log_in(
            session=session, email=REC, password=PASSWORD, client_address="198.51.100.7"
        )
    assert "Try again in 1 second" in str(error.value)
    # The owner, from their own network, still gets in: the guesser cannot lock them out.
    assert authentication.log_in(
        session=session, email=REC, password=PASSWORD, client_address="203.0.113.9"
    ).token


def test_the_wait_doubles_and_a_refused_try_is_not_counted(session: Session) -> None:
    make_org_user(session)
    _fail(session, 10)
    attempts = _count(session, LoginAttempt)
    for _ in range(5):  # refused during the back-off: not checked, not counted
        with pytest.raises(RateLimited):
            authentication.log_in(
                session=session, email=REC, password="nope nope!", client_address="198.51.100.7"
            )
    assert _count(session, LoginAttempt) == attempts
    _age_attempts(session, 1.5)
    _fail(session, 1)  # the 11th failure: the next wait is 2 s
    with pytest.raises(RateLimited) as error:
        authentication.log_in(
            session=session, email=REC, password=PASSWORD, client_address="198.51.100.7"
        )
    assert "Try again in 2 seconds" in str(error.value)
    _age_attempts(session, 2.5)
    assert authentication.log_in(
        session=session, email=REC, password=PASSWORD, client_address="198.51.100.7"
    ).token


def test_backoff_grows_from_one_second_to_the_cap() -> None:
    assert [login_limits.backoff_seconds(n, 10) for n in (0, 9, 10, 11, 12, 15)] == [
        0,
        0,
        1,
        2,
        4,
        32,
    ]
    assert login_limits.backoff_seconds(10_000, 10) == 15 * 60  # LOGIN_LOCKOUT_MINUTES


def test_one_address_guessing_many_emails_backs_off(session: Session) -> None:
    make_org_user(session)
    for number in range(30):
        _fail(session, 1, email=f"guess{number}@acme.example.com")
    with pytest.raises(RateLimited):
        authentication.log_in(
            session=session, email=REC, password=PASSWORD, client_address="198.51.100.7"
        )
    assert authentication.log_in(
        session=session, email=REC, password=PASSWORD, client_address=""
    ).token


def test_one_email_guessed_from_many_addresses_backs_off_everywhere(session: Session) -> None:
    make_org_user(session)
    for number in range(50):
        _fail(session, 1, address=f"198.51.100.{number}")
    with pytest.raises(RateLimited):
        authentication.log_in(
            session=session, email=REC, password=PASSWORD, client_address="203.0.113.9"
        )


def test_the_owner_is_emailed_once_when_their_password_is_being_guessed(session: Session) -> None:
    make_org_user(session)
    _fail(session, 9)
    assert _alerts(session) == []
    _fail(session, 1)
    _age_attempts(session, 5)
    _fail(session, 3, address="203.0.113.50")
    alerts = _alerts(session)
    assert len(alerts) == 1
    assert alerts[0].to_address == REC and "10 failed sign-ins" in alerts[0].body
    assert "Forgot your password?" in alerts[0].body and PASSWORD not in alerts[0].body


def test_guessing_an_email_with_no_account_emails_nobody(session: Session) -> None:
    make_org_user(session)
    _fail(session, 10, email="nobody@acme.example.com")
    assert _alerts(session) == []


def _alerts(session: Session) -> list[OutboundMessage]:
    return list(session.exec(select(OutboundMessage).where(OutboundMessage.kind == "login_alert")))


def test_failures_age_out_of_the_window(session: Session) -> None:
    make_org_user(session)
    _fail(session, 10)
    _age_attempts(session, 16 * 60)
    assert authentication.log_in(
        session=session, email=REC, password=PASSWORD, client_address="198.51.100.7"
    ).token


def test_nine_failures_do_not_back_off(session: Session) -> None:
    make_org_user(session)
    _fail(session, 9)
    assert authentication.log_in(
        session=session, email=REC, password=PASSWORD, client_address="198.51.100.7"
    ).token


def test_no_transaction_is_open_while_a_password_is_checked(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2 takes tens of milliseconds: SQLite's write lock must not be held meanwhile."""
    make_org_user(session)
    seen = []
    real = password_hashing.verify_password

    def verify(stored: str, password: str) -> bool:
        seen.append(session.in_transaction())
        return real(stored, password)

    monkeypatch.setattr(password_hashing, "verify_password", verify)
    _fail(session, 1)
    _fail(session, 1, email="nobody@acme.example.com")
    authentication.log_in(session=session, email=REC, password=PASSWORD)
    assert seen == [False, False, False]


def test_sign_up_hashes_before_its_first_query(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    real = password_hashing.hash_password

    def hash_it(password: str) -> str:
        seen.append(session.in_transaction())
        return real(password)

    monkeypatch.setattr(password_hashing, "hash_password", hash_it)
    make_org_user(session)
    assert seen == [False]


def test_sign_ups_are_limited_per_address(session: Session) -> None:
    for number in range(accounts.SIGNUPS_PER_ADDRESS):
        accounts.sign_up(
            session=session,
            organization_name=f"Org {number}",
            full_name="Al",
            email=f"al{number}@example.com",
            password=PASSWORD,
            client_address="198.51.100.7",
        )
    before = _count(session, Organization)
    with pytest.raises(RateLimited):
        accounts.sign_up(
            session=session,
            organization_name="One more",
            full_name="Al",
            email="more@example.com",
            password=PASSWORD,
            client_address="198.51.100.7",
        )
    assert _count(session, Organization) == before
    accounts.sign_up(
        session=session,
        organization_name="Elsewhere",
        full_name="Al",
        email="else@example.com",
        password=PASSWORD,
        client_address="203.0.113.9",
    )


def test_log_out_ends_the_session(session: Session) -> None:
    make_org_user(session)
    token = authentication.log_in(
        session=session, email="rec@acme.example.com", password=PASSWORD
    ).token
    login_sessions.log_out(session=session, token=token)
    assert login_sessions.user_for_token(session=session, token=token) is None
    login_sessions.log_out(session=session, token="unknown")  # no error


def test_expired_or_unknown_tokens_log_nobody_in(session: Session) -> None:
    make_org_user(session)
    token = authentication.log_in(
        session=session, email="rec@acme.example.com", password=PASSWORD
    ).token
    session.exec(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    assert login_sessions.user_for_token(session=session, token=token) is None
    assert login_sessions.user_for_token(session=session, token="") is None
    assert login_sessions.user_for_token(session=session, token="x" * 43) is None


def test_deactivated_user_cannot_log_in(session: Session) -> None:
    user = make_org_user(session)
    token = authentication.log_in(session=session, email=user.email, password=PASSWORD).token
    user.is_active = False
    session.commit()
    assert login_sessions.user_for_token(session=session, token=token) is None
    with pytest.raises(Invalid):
        authentication.log_in(session=session, email=user.email, password=PASSWORD)


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
    emails = {u.email for u in team.list_team(session=session, user=recruiter)}
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
    authentication.log_in(session=session, email=user.email, password=PASSWORD)
    session.refresh(user)
    assert "m=2048" not in user.password_hash
    assert password_hashing.verify_password(user.password_hash, PASSWORD)
