"""Security headers, body caps, the ATS API refusing strangers before it parses, safe
redirects and spreadsheet-safe exports."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from heymilo_app import demo, routes
from heymilo_app.api import ats, guard
from heymilo_app.api.app import create_api
from heymilo_app.models import Job
from heymilo_app.services.analytics import exports
from heymilo_app.services.org import api_keys, knowledge
from heymilo_app.settings import Settings, get_settings
from tests.support import make_org_user


@pytest.fixture
def keyed(session: Session, engine) -> tuple[TestClient, str]:
    demo.seed_demo(session=session)
    organization = api_keys.find_organization(session=session, slug=demo.DEMO_ORG_SLUG)
    key = api_keys.create_api_key(session=session, organization=organization)
    return TestClient(create_api()), key


def test_every_answer_carries_the_security_headers(engine) -> None:
    client = TestClient(create_api())
    for response in (client.get("/api/health"), client.get("/api/no-such-route")):
        headers = response.headers
        policy = headers["content-security-policy"]
        for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"):
            assert directive in policy
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "microphone=(self)" in headers["permissions-policy"]
        assert "strict-transport-security" not in headers  # http: no HSTS


def test_hsts_is_sent_when_the_app_is_served_over_https(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "public_base_url", "https://jobs.example.com")
    response = TestClient(create_api()).get("/api/health")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


def test_a_declared_body_over_the_limit_is_refused_unread(keyed) -> None:
    client, key = keyed
    big = b'{"x": "' + b"a" * (2 * guard.MB + 10) + b'"}'
    response = client.post(
        "/api/ats/applications",
        content=big,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "larger than 2 MB" in response.json()["detail"][0]["message"]
    assert response.headers["x-frame-options"] == "DENY"


def test_a_streamed_body_is_cut_off_at_the_limit(keyed, monkeypatch: pytest.MonkeyPatch) -> None:
    """No Content-Length (chunked): the bytes are counted as they arrive."""
    client, key = keyed

    def chunks():
        for _ in range(40):
            yield b"a" * 100_000

    response = client.post(
        "/api/ats/applications",
        content=chunks(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_limits_per_path() -> None:
    assert guard.body_limit("/_upload") == 21 * guard.MB
    assert guard.body_limit("/api/sendgrid/events") == 5 * guard.MB
    assert guard.body_limit("/api/ats/applications") == 2 * guard.MB
    assert guard.body_limit("/login") == guard.MB


def test_a_stranger_gets_401_before_the_body_is_parsed(
    keyed, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = keyed
    parsed = []
    real = ats.ApplicationIn.model_validate_json

    def spy(data, *args, **kwargs):
        parsed.append(len(data))
        return real(data, *args, **kwargs)

    monkeypatch.setattr(ats.ApplicationIn, "model_validate_json", spy)
    body = json.dumps({"job": "x", "candidate": {}, "resume_text": "r" * 150_000})
    for headers in ({}, {"Authorization": "Bearer wrong-key"}, {"Authorization": "Basic a"}):
        response = client.post("/api/ats/applications", content=body, headers=headers)
        assert response.status_code == 401
    assert parsed == []


def test_ids_and_references_no_database_holds_are_404_not_500(keyed, session: Session) -> None:
    client, key = keyed
    auth = {"Authorization": f"Bearer {key}"}
    for path in (
        "/api/applications/99999999999999999999",
        "/api/applications/²",
        "/api/applications/0",
    ):
        response = client.get(path, headers=auth)
        assert response.status_code == 404, path
    job_id = session.exec(select(Job.id)).first()
    for reference in ("²", "99999999999999999999", "٣"):
        response = client.post(
            "/api/ats/applications",
            json={
                "job": reference,
                "candidate": {"first_name": "Rosa", "email": "rosa@example.net"},
            },
            headers=auth,
        )
        assert response.status_code == 404, reference
        assert response.json()["detail"][0]["field"] == "job"
    assert job_id is not None


def test_a_malformed_json_body_is_a_422(keyed) -> None:
    client, key = keyed
    response = client.post(
        "/api/ats/applications",
        content=b"{not json",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 422


def test_only_the_public_origin_may_open_the_websocket_or_call_the_api() -> None:
    import rxconfig

    assert rxconfig.config.cors_allowed_origins == list(get_settings().allowed_origins)
    assert "*" not in rxconfig.config.cors_allowed_origins
    settings = Settings(
        public_base_url="https://jobs.acme.example/careers",
        extra_allowed_origins="https://careers.acme.example, not-a-url",
    )
    assert settings.allowed_origins == ("https://jobs.acme.example", "https://careers.acme.example")
    assert Settings(public_base_url="http://localhost:8080").allowed_origins == (
        "http://localhost:8080",
        "http://127.0.0.1:8080",
    )


@pytest.mark.parametrize(
    "path",
    [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/ /evil.example",
        "/\\evil.example",
        "//evil.example",
        "/\x00/x",
        "/jobs\x7f",
        "https://evil.example",
    ],
)
def test_a_next_path_with_control_characters_or_backslashes_is_refused(path: str) -> None:
    assert not routes.is_safe_next(path)


def test_a_plain_local_next_path_is_kept() -> None:
    assert routes.is_safe_next("/jobs/12?tab=candidates#top")


def test_the_knowledge_export_neutralises_formulas_and_reads_back_the_same(
    session: Session,
) -> None:
    user = make_org_user(session)
    knowledge.save_item(
        session=session,
        user=user,
        question='=HYPERLINK("http://evil.example","Pay")',
        answer=";cmd|' /C calc'!A0",
        tags="-benefits",
    )
    exported = knowledge.export_csv(session=session, user=user)
    row = next(csv.reader(io.StringIO(exported.splitlines()[1])))
    assert row == ['\'=HYPERLINK("http://evil.example","Pay")', "';cmd|' /C calc'!A0", "'-benefits"]
    report = knowledge.import_csv(session=session, user=user, data=exported.encode())
    assert (report.added, report.updated, report.skipped) == (0, 1, [])
    [item] = knowledge.list_items(session=session, user=user)
    assert (item.question, item.answer, item.tags) == (
        '=HYPERLINK("http://evil.example","Pay")',
        ";cmd|' /C calc'!A0",
        "-benefits",
    )


def test_candidate_exports_neutralise_a_leading_semicolon_too() -> None:
    frame = pd.DataFrame({"Name": [";=1+1", "|calc", "Ana"], "Score": [1, 2, 3]})
    data = exports.to_csv(frame).decode("utf-8-sig")
    assert "';=1+1" in data and "'|calc" in data and "\nAna," in data
