"""The login cookie: set by an HTTP answer (HttpOnly) from a single-use ticket, read from
the websocket handshake, cleared by the logout endpoint."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from reflex.istate.data import HeaderData, RouterData
from reflex.state import State
from sqlmodel import Session, select

from heymilo_app.api.app import create_api
from heymilo_app.api.session import cookie_name, token_from_cookie_header
from heymilo_app.models import AuthSession, utcnow
from heymilo_app.services.org import authentication, login_sessions, password_hashing
from heymilo_app.settings import get_settings
from heymilo_app.state.auth import AuthState
from tests.support import PASSWORD, make_org_user


def _ticket(session: Session) -> str:
    token = authentication.log_in(
        session=session, email="rec@acme.example.com", password=PASSWORD
    ).token
    return login_sessions.to_ticket(session=session, token=token)


@pytest.fixture
def client(engine) -> TestClient:
    return TestClient(create_api(), follow_redirects=False)


def test_a_ticket_becomes_an_httponly_cookie_once(session: Session, client: TestClient) -> None:
    make_org_user(session)
    ticket = _ticket(session)
    # The ticket alone opens nothing for long: it is a one-minute, single-use pass.
    response = client.get(
        f"/api/session/{ticket}", params={"next": "http://localhost:3000/settings?tab=team"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "http://localhost:3000/settings?tab=team"
    cookie = response.headers["set-cookie"]
    name = cookie_name()
    assert cookie.startswith(f"{name}=") and name.startswith("hm_session_")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "path", "max-age", "samesite"} <= attributes
    assert "secure" not in attributes  # http: a Secure cookie would never come back
    assert "samesite=lax" in cookie.lower()
    token = cookie.split(";")[0].split("=", 1)[1]
    assert (
        login_sessions.user_for_token(session=session, token=token).email == "rec@acme.example.com"
    )
    assert login_sessions.user_for_token(session=session, token=ticket) is None
    again = client.get(f"/api/session/{ticket}")
    assert again.status_code == 303 and again.headers["location"].endswith("/login")
    assert "set-cookie" not in again.headers


def test_an_expired_ticket_is_refused(session: Session, client: TestClient) -> None:
    make_org_user(session)
    ticket = _ticket(session)
    row = session.exec(
        select(AuthSession).where(AuthSession.token_hash == password_hashing.hash_token(ticket))
    ).one()
    row.expires_at = utcnow()
    session.commit()
    response = client.get(f"/api/session/{ticket}")
    assert response.headers["location"].endswith("/login") and "set-cookie" not in response.headers


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("https://evil.example/jobs", "http://localhost:3000/jobs"),
        ("http://localhost:3000//evil.example", "http://localhost:3000/jobs"),
        ("http://127.0.0.1:3000/candidates", "http://127.0.0.1:3000/candidates"),
        ("", "http://localhost:3000/jobs"),
    ],
)
def test_the_cookie_endpoint_never_redirects_off_site(
    session: Session, client: TestClient, next_url: str, location: str
) -> None:
    make_org_user(session)
    response = client.get(f"/api/session/{_ticket(session)}", params={"next": next_url})
    assert response.headers["location"] == location


def test_under_https_the_cookie_is_secure_and_host_only(
    session: Session, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "public_base_url", "https://jobs.example.com")
    make_org_user(session)
    response = client.get(
        f"/api/session/{_ticket(session)}", params={"next": "https://jobs.example.com/jobs"}
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-hm_session_") and "; secure" in cookie.lower()
    assert "domain=" not in cookie.lower() and "path=/" in cookie.lower()


def test_two_instances_on_one_host_use_different_cookies(monkeypatch: pytest.MonkeyPatch) -> None:
    first = cookie_name()
    monkeypatch.setattr(get_settings(), "public_base_url", "http://localhost:3001")
    assert cookie_name() != first


def test_logout_ends_the_session_and_clears_the_cookie(
    session: Session, client: TestClient
) -> None:
    make_org_user(session)
    token = authentication.log_in(
        session=session, email="rec@acme.example.com", password=PASSWORD
    ).token
    response = client.post(
        "/api/logout",
        headers={"cookie": f"{cookie_name()}={token}", "origin": "http://localhost:3000"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "http://localhost:3000/login"
    cleared = response.headers["set-cookie"].lower()
    assert cleared.startswith(cookie_name().lower() + "=") and "max-age=0" in cleared
    assert login_sessions.user_for_token(session=session, token=token) is None


def test_the_state_reads_only_this_instances_cookie_and_never_sends_it_out(
    session: Session,
) -> None:
    make_org_user(session)
    token = authentication.log_in(
        session=session, email="rec@acme.example.com", password=PASSWORD
    ).token
    header = f"hm_session={token}; hm_session_00000000={token}; {cookie_name()}={token}"
    assert token_from_cookie_header(header) == token
    assert token_from_cookie_header(f"hm_session={token}; x=1") == ""
    root = State()
    root.router = RouterData.from_router_data(
        {"pathname": "/", "asPath": "/", "query": {}, "headers": {"cookie": header}}
    )
    auth = root.substates[AuthState.get_name()]
    assert auth.session_token == token
    # Reflex keeps the cookie header on the server: the page never gets it back.
    from reflex_base.utils.serializers import serialize

    sent = serialize(HeaderData.from_router_data({"headers": {"cookie": header}}))
    assert token not in str(sent)
    # The login token is no state var: no delta ever carries it to the browser.
    assert "session_token" not in AuthState.base_vars
