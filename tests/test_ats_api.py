"""The ATS API, every status code, through FastAPI's test client."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from heymilo_app import demo
from heymilo_app.api.app import create_api
from heymilo_app.models import Application, Job, OutboundMessage, Score, Stage
from heymilo_app.services.jobs import jobs
from heymilo_app.services.org import api_keys
from tests.support import make_org_user


@pytest.fixture
def api(session: Session, engine) -> tuple[TestClient, str, Job]:
    demo.seed_demo(session=session)
    job = session.exec(select(Job)).one()
    organization = api_keys.find_organization(session=session, slug=demo.DEMO_ORG_SLUG)
    key = api_keys.create_api_key(session=session, organization=organization)
    return TestClient(create_api()), key, job


def _body(**changes) -> dict:
    body = {
        "job": "customer-support-specialist-demo",
        "candidate": {
            "first_name": "Rosa",
            "last_name": "Diaz",
            "email": "rosa@example.net",
            "phone": "+14155550150",
        },
        "resume_text": "Five years of support at Zendesk.",
        "external_id": "gh-123",
    }
    body.update(changes)
    return body


def _post(client: TestClient, key: str, body: dict):
    return client.post(
        "/api/ats/applications", json=body, headers={"Authorization": f"Bearer {key}"}
    )


def test_201_creates_and_invites_then_200_for_the_same_external_id(
    session: Session, api: tuple
) -> None:
    client, key, _ = api
    response = _post(client, key, _body())
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["status"] == "invited"
    assert data["interview_url"].startswith("http://localhost:3000/i/")
    application = session.get(Application, data["application_id"])
    assert application.source == "ats" and application.resume_text.startswith("Five years")
    assert (
        session.exec(
            select(func.count(OutboundMessage.id)).where(
                OutboundMessage.application_id == application.id
            )
        ).one()
        == 2
    )  # email and SMS
    again = _post(client, key, _body(candidate={"first_name": "Other", "email": "x@example.net"}))
    assert again.status_code == 200
    assert again.json()["application_id"] == data["application_id"]
    assert (
        session.exec(
            select(func.count(Application.id)).where(Application.external_id == "gh-123")
        ).one()
        == 1
    )


def test_job_by_id_works_too(api: tuple) -> None:
    client, key, job = api
    response = _post(client, key, _body(job=job.id, external_id=None))
    assert response.status_code == 201


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer hm_wrong", "Basic abc", "hm_x"])
def test_401_without_a_valid_key(api: tuple, header: str | None) -> None:
    client, _, _ = api
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/ats/applications", json=_body(), headers=headers)
    assert response.status_code == 401


def test_404_for_an_unknown_job_or_another_organizations_job(session: Session, api: tuple) -> None:
    client, key, _ = api
    assert _post(client, key, _body(job="no-such-job")).status_code == 404
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    theirs = jobs.create_job(session=session, user=stranger, title="Theirs")
    response = _post(client, key, _body(job=theirs.id))
    assert response.status_code == 404 and response.json()["detail"][0]["field"] == "job"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"candidate": {"first_name": "A", "email": "not-an-email"}}, "candidate.email"),
        (
            {"candidate": {"first_name": "A", "email": "a@example.net", "phone": "123"}},
            "candidate.phone",
        ),
        ({"candidate": {"email": "a@example.net"}}, "candidate.first_name"),
        ({"candidate": {"first_name": "A", "email": "a@example.net", "age": 40}}, "candidate.age"),
        ({"source": ""}, "source"),
        ({"job": None}, "job"),
    ],
)
def test_422_names_the_field_and_creates_nothing(
    session: Session, api: tuple, body: dict, field: str
) -> None:
    client, key, _ = api
    before = session.exec(select(func.count(Application.id))).one()
    response = _post(client, key, _body(**body))
    assert response.status_code == 422, response.text
    assert field in [item["field"] for item in response.json()["detail"]]
    assert session.exec(select(func.count(Application.id))).one() == before


def test_422_for_malformed_json(api: tuple) -> None:
    client, key, _ = api
    response = client.post(
        "/api/ats/applications",
        content=b"{not json",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 422


def test_409_when_the_candidate_is_already_in_the_job(api: tuple) -> None:
    client, key, _ = api
    body = _body(
        external_id=None,
        candidate={"first_name": "Ada", "last_name": "Moreno", "email": "ada.moreno@example.net"},
    )
    response = _post(client, key, body)
    assert response.status_code == 409
    assert response.json()["detail"][0]["field"] == "candidate.email"


def test_get_returns_status_stage_and_scores_for_the_owner_only(
    session: Session, api: tuple
) -> None:
    client, key, _ = api
    created = _post(client, key, _body()).json()
    application = session.get(Application, created["application_id"])
    stage = session.get(Stage, application.current_stage_id)
    session.add(
        Score(
            application_id=application.id,
            stage_id=stage.id,
            total=82.5,
            passed=True,
            scorer="offline-lexical-v1",
        )
    )
    session.commit()
    response = client.get(
        f"/api/applications/{application.id}", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["current_stage"] == {"id": stage.id, "type": "resume", "title": "Resume"}
    assert data["scores"][0]["total"] == 82.5
    assert client.get(f"/api/applications/{application.id}").status_code == 401
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    other_key = api_keys.create_api_key_as(session=session, user=stranger, name="x")
    assert (
        client.get(
            f"/api/applications/{application.id}", headers={"Authorization": f"Bearer {other_key}"}
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/api/applications/999999", headers={"Authorization": f"Bearer {key}"}
        ).status_code
        == 404
    )


def test_the_readme_example_works_as_written(api) -> None:
    """The curl call in README.md, body and headers exactly as printed there."""
    import json
    import re
    from pathlib import Path

    client, key, _job = api
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    example = re.search(
        r"curl -X POST \"\$PUBLIC_BASE_URL(/api/ats/applications)\".*?-d '(.*?)'", readme, re.S
    )
    assert example, "the README's ATS example is gone"
    path, body = example.group(1), json.loads(example.group(2))
    body["job"] = "customer-support-specialist-demo"  # the demo's slug, for the README's
    response = client.post(path, json=body, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 201, response.text
    assert set(response.json()) >= {"application_id", "interview_url", "status"}


def test_an_ats_names_its_own_source_and_the_channel_stays_ats(api, session: Session) -> None:
    client, key, _job = api
    response = _post(client, key, _body(source="greenhouse"))
    assert response.status_code == 201, response.text
    assert (response.json()["source"], response.json()["source_name"]) == ("ats", "greenhouse")
    application = session.get(Application, response.json()["application_id"])
    session.refresh(application)
    assert (application.source, application.source_name) == ("ats", "greenhouse")
    # One of our own channels by name is that channel, with no name of its own.
    other = _post(
        client,
        key,
        _body(
            source="CSV",
            external_id="gh-2",
            candidate={"first_name": "Bo", "email": "bo@example.net"},
        ),
    )
    assert (other.json()["source"], other.json()["source_name"]) == ("csv", "")
    assert _post(client, key, _body(source="x" * 41, external_id="gh-3")).status_code == 422
