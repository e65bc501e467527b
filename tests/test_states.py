"""Every Reflex handler, sent by hand, as a stranger, another organization and the other role.

A browser can send any event to any state, so these tests call the handlers directly with a
forged or foreign login and check that nothing is read or changed.
"""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from reflex.istate.data import RouterData
from reflex.state import State
from sqlmodel import Session, func, select

import heymilo_app.heymilo_app  # noqa: F401 - registers the pages and their dynamic route vars
from heymilo_app.models import ApiKey, Job
from heymilo_app.services.jobs import jobs
from heymilo_app.services.org import (
    accounts,
    api_keys,
    authentication,
    login_sessions,
    password_hashing,
)
from heymilo_app.state.auth import AuthState
from heymilo_app.state.candidate_link import CandidateLinkState
from heymilo_app.state.candidates import CandidatesState
from heymilo_app.state.dashboard import DashboardState
from heymilo_app.state.job_detail import JobDetailState
from heymilo_app.state.jobs import JobsState
from heymilo_app.state.login import LoginState, SignupState
from heymilo_app.state.settings import SettingsState
from heymilo_app.state.team import TeamState
from tests.support import (
    PASSWORD,
    add_manager,
    cookie_headers,
    handed_over,
    make_org_user,
    redeem,
    ticks_while,
)


def _root(token: str = "", path: str = "/", route: str = "/", query: dict | None = None) -> State:
    root = State()
    root.router = RouterData.from_router_data(
        {
            "pathname": route,
            "asPath": path,
            "query": query or {},
            "headers": cookie_headers(token),
        }
    )
    return root


def _state(root: State, cls: type):
    if issubclass(cls, AuthState) and cls is not AuthState:
        return root.substates[AuthState.get_name()].substates[cls.get_name()]
    return root.substates[cls.get_name()]


def _redirect_path(result) -> str:
    assert result is not None, "expected a redirect"
    args = dict((str(name._js_expr), value) for name, value in result.args)
    return args["path"]._var_value


def _login(session: Session, email: str) -> str:
    return authentication.log_in(session=session, email=email, password=PASSWORD).token


@pytest.fixture
def world(session: Session) -> dict:
    """Two organizations; the first with a job, an API key and a hiring manager."""
    owner = make_org_user(session)
    manager = add_manager(session, owner)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    job = jobs.create_job(session=session, user=owner, title="Secret role")
    api_keys.create_api_key_as(session=session, user=owner, name="ATS")
    key_id = session.exec(select(ApiKey.id)).one()
    return {"owner": owner, "manager": manager, "stranger": stranger, "job": job, "key_id": key_id}


RECRUITER_CALLS = [
    (JobsState, "load_jobs", ()),
    (JobsState, "create_job", ({"title": "Injected"},)),
    (JobDetailState, "load_job", ()),
    (CandidatesState, "load_candidates", ()),
    (DashboardState, "load_dashboard", ()),
    (SettingsState, "load_settings", ()),
    (SettingsState, "create_key", ({"name": "Injected"},)),
    (TeamState, "remove_member", ("2",)),
    (AuthState, "require_login", ()),
]


@pytest.mark.parametrize("token", ["", "forged-token-" + "x" * 30])
@pytest.mark.parametrize(("cls", "handler", "args"), RECRUITER_CALLS)
def test_a_stranger_is_sent_to_login_and_nothing_changes(
    session: Session,
    engine: sa.Engine,
    world: dict,
    token: str,
    cls: type,
    handler: str,
    args: tuple,
) -> None:
    job = world["job"]
    root = _root(
        token, path=f"/jobs/{job.id}", route="/jobs/[job_id]", query={"job_id": str(job.id)}
    )
    state = _state(root, cls)
    result = getattr(state, handler)(*args)
    assert _redirect_path(result).startswith("/login")
    assert session.exec(select(func.count(Job.id))).one() == 1
    assert session.exec(select(func.count(ApiKey.id))).one() == 1
    job_detail = _state(root, JobDetailState)
    assert job_detail.title == "" and _state(root, JobsState).jobs == []
    assert _state(root, SettingsState).keys == [] and _state(root, SettingsState).new_key == ""


def test_a_stranger_cannot_revoke_a_key(session: Session, world: dict) -> None:
    result = _state(_root(""), SettingsState).revoke_key(str(world["key_id"]))
    assert _redirect_path(result).startswith("/login")
    assert session.get(ApiKey, world["key_id"]).revoked_at is None


def test_another_organization_gets_not_found_for_a_job_url(session: Session, world: dict) -> None:
    job = world["job"]
    token = _login(session, "o@other.example.com")
    root = _root(
        token, path=f"/jobs/{job.id}", route="/jobs/[job_id]", query={"job_id": str(job.id)}
    )
    state = _state(root, JobDetailState)
    assert state.load_job() is None
    assert state.not_found is True
    assert state.title == "" and state.candidates == []
    owner_root = _root(
        _login(session, "rec@acme.example.com"),
        path=f"/jobs/{job.id}",
        route="/jobs/[job_id]",
        query={"job_id": str(job.id)},
    )
    owner_state = _state(owner_root, JobDetailState)
    owner_state.load_job()
    assert owner_state.not_found is False and owner_state.title == "Secret role"


def test_another_organization_sees_none_of_the_data(session: Session, world: dict) -> None:
    root = _root(_login(session, "o@other.example.com"))
    _state(root, JobsState).load_jobs()
    _state(root, SettingsState).load_settings()
    _state(root, DashboardState).load_dashboard()
    assert _state(root, JobsState).jobs == []
    assert _state(root, SettingsState).keys == []
    _state(root, TeamState).load_team()
    assert [m["email"] for m in _state(root, TeamState).members] == ["o@other.example.com"]
    assert _state(root, DashboardState).total_applications == 0
    settings = _state(root, SettingsState)
    settings.revoke_key(str(world["key_id"]))
    assert settings.key_error
    assert session.get(ApiKey, world["key_id"]).revoked_at is None


def test_a_hiring_manager_reads_but_changes_nothing(session: Session, world: dict) -> None:
    root = _root(_login(session, "hm@acme.example.com"))
    jobs_state = _state(root, JobsState)
    jobs_state.load_jobs()
    assert [j["title"] for j in jobs_state.jobs] == ["Secret role"]
    assert jobs_state.is_recruiter is False
    assert jobs_state.create_job({"title": "Not allowed"}) is None
    assert "recruiters" in jobs_state.form_error
    settings = _state(root, SettingsState)
    settings.create_key({"name": "nope"})
    assert settings.new_key == "" and "recruiters" in settings.key_error
    settings.revoke_key(str(world["key_id"]))
    assert session.get(ApiKey, world["key_id"]).revoked_at is None
    assert session.exec(select(func.count(Job.id))).one() == 1
    assert session.exec(select(func.count(ApiKey.id))).one() == 1


def test_a_recruiter_creates_a_job_and_a_key(session: Session, world: dict) -> None:
    root = _root(_login(session, "rec@acme.example.com"))
    jobs_state = _state(root, JobsState)
    assert jobs_state.create_job({"title": ""}) is None
    assert jobs_state.title_error
    result = jobs_state.create_job({"title": "Support Lead", "location": "Remote"})
    new_job = session.exec(select(Job).where(Job.title == "Support Lead")).one()
    assert _redirect_path(result) == f"/jobs/{new_job.id}"
    settings = _state(root, SettingsState)
    settings.create_key({"name": "Greenhouse"})
    assert settings.new_key.startswith("hm_")
    assert api_keys.organization_for_key(session=session, key=settings.new_key).id == (
        world["owner"].organization_id
    )


def test_login_state_sets_the_cookie_and_goes_to_next(session: Session, world: dict) -> None:
    root = _root("", path="/login?next=/settings", route="/login")
    root.router = RouterData.from_router_data(
        {
            "pathname": "/login",
            "asPath": "/login?next=/settings",
            "query": {},
            "headers": {"origin": "http://localhost:3000"},
        }
    )
    login = _state(root, LoginState)
    bad = asyncio.run(login.submit({"email": "rec@acme.example.com", "password": "wrong one!"}))
    assert bad is None and login.error == authentication.LOGIN_FAILED_MESSAGE
    result = asyncio.run(login.submit({"email": "rec@acme.example.com", "password": PASSWORD}))
    ticket, next_path = handed_over(result)
    assert next_path == "/settings"
    # The ticket is no login of its own for long, and it works once.
    token = redeem(ticket)
    assert (
        login_sessions.user_for_token(session=session, token=token).email == "rec@acme.example.com"
    )
    assert redeem(ticket) == "" and redeem(token) == ""


@pytest.mark.parametrize("next_path", ["//evil.example.com", "https://evil.example.com"])
def test_login_never_redirects_off_site(session: Session, world: dict, next_path: str) -> None:
    root = _root("")
    root.router = RouterData.from_router_data(
        {
            "pathname": "/login",
            "asPath": f"/login?next={next_path}",
            "query": {},
            "headers": {"origin": "http://localhost:3000"},
        }
    )
    result = asyncio.run(
        _state(root, LoginState).submit({"email": "rec@acme.example.com", "password": PASSWORD})
    )
    assert handed_over(result)[1] == "/jobs"


def test_a_load_arriving_after_the_submit_keeps_its_message(session: Session, world: dict) -> None:
    """Reflex queues a page's on_load behind a submit made before the page connected."""
    login = _state(_root("", path="/login", route="/login"), LoginState)
    asyncio.run(login.submit({"email": "rec@acme.example.com", "password": "wrong one!"}))
    asyncio.run(login.load_login())
    assert login.error == authentication.LOGIN_FAILED_MESSAGE
    login._submitted_at -= 60  # the message is from an earlier visit
    asyncio.run(login.load_login())
    assert login.error == ""

    signup = _state(_root(""), SignupState)
    form = {"organization_name": "", "full_name": "Al", "email": "x@y.example", "password": "s"}
    asyncio.run(signup.submit(form))
    signup.load_signup()
    assert signup.organization_name_error and signup.password_error
    signup._submitted_at -= 60
    signup.load_signup()
    assert signup.organization_name_error == signup.password_error == ""


def test_signup_state_shows_errors_at_the_fields(session: Session, world: dict) -> None:
    signup = _state(_root(""), SignupState)
    asyncio.run(
        signup.submit(
            {
                "organization_name": "",
                "full_name": "Al",
                "email": "rec@acme.example.com",
                "password": "short",
            }
        )
    )
    assert signup.organization_name_error and signup.password_error
    assert signup.email_error == accounts.EMAIL_TAKEN
    assert signup.full_name_error == ""


def test_log_out_ends_the_session(session: Session, world: dict) -> None:
    token = _login(session, "rec@acme.example.com")
    root = _root(token)
    result = _state(root, AuthState).log_out()
    code = str(dict((str(n._js_expr), v) for n, v in result.args)["javascript_code"]._var_value)
    assert "form.method = 'POST'" in code and '"/api/logout"' in code
    assert login_sessions.user_for_token(session=session, token=token) is None


def test_candidate_link_state_needs_only_the_token(session: Session, world: dict) -> None:
    state = _state(
        _root("", path="/i/nope", route="/i/[token]", query={"token": "nope"}), CandidateLinkState
    )
    asyncio.run(state.load_link())
    assert state.problem == "unknown"
    assert state.tx["problem_title"] == "This interview link is not valid"
    assert state.summaries == []


def test_a_login_checks_the_password_off_the_event_loop(
    session: Session, world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2 is slow on purpose: while it runs, the event loop keeps serving others."""
    import threading
    import time

    real = password_hashing.verify_password
    threads = []

    def slow_verify(stored: str, password: str) -> bool:
        threads.append(threading.current_thread().name)
        time.sleep(0.3)
        return real(stored, password)

    monkeypatch.setattr(password_hashing, "verify_password", slow_verify)
    login = _state(_root("", path="/login", route="/login"), LoginState)

    ticks, _ = asyncio.run(
        ticks_while(login.submit({"email": "rec@acme.example.com", "password": PASSWORD}))
    )
    assert ticks >= 10
    assert threads and all(name.startswith("argon2") for name in threads)
