"""Two ATS requests for the same application at the same moment: answered as if one came second.

Both requests run through the real HTTP app, each in a thread of its own with a session of its
own. On PostgreSQL both look for the ``external_id`` (and the candidate), find nothing, and
only then insert: a barrier holds the first until the second has looked too, so the second's
insert meets the first's rows at the unique constraints. SQLite cannot run that race: the
app's sessions take the write lock when they begin (``db.writer``), so the second request
waits for the first to commit and then is the sequential case, which must answer the same.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from heymilo_app.models import Application, Candidate, OutboundMessage
from heymilo_app.services.intake import intake
from tests.test_ats_api import _body, _post, api  # noqa: F401 (the fixture)


def _race(
    client: TestClient,
    key: str,
    bodies: list[dict],
    engine: sa.Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> list[tuple[int, dict[str, Any]]]:
    """POST the bodies at once; each request's (status, JSON), in the order of ``bodies``."""
    racing = engine.dialect.name != "sqlite"
    barrier = threading.Barrier(len(bodies), timeout=20)
    lock = threading.Lock()
    calls: list[int] = []
    real_add = intake.add_application

    def add_application(**kwargs: Any):
        # Every request has looked for the external id and the candidate, and found none.
        with lock:
            calls.append(1)
            first_round = len(calls) <= len(bodies)
        if racing and first_round:
            barrier.wait()
        return real_add(**kwargs)

    monkeypatch.setattr(intake, "add_application", add_application)
    answers: list[tuple[int, dict[str, Any]] | None] = [None] * len(bodies)

    def post(index: int) -> None:
        try:
            response = _post(client, key, bodies[index])
            answers[index] = (response.status_code, response.json())
        except Exception as error:  # a server error the test client re-raises
            answers[index] = (500, {"error": repr(error)})

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(answer is not None for answer in answers), answers
    if racing:
        assert len(calls) >= len(bodies), "the race was not staged"
    return answers  # type: ignore[return-value]


def test_the_same_external_id_twice_at_once_gives_one_application_201_then_200(
    session: Session,
    engine: sa.Engine,
    api: tuple,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, key, _ = api
    answers = _race(client, key, [_body(), _body()], engine, monkeypatch)

    assert sorted(status for status, _ in answers) == [200, 201], answers
    ids = {data["application_id"] for _, data in answers}
    assert len(ids) == 1
    with Session(engine) as fresh:
        applications = fresh.exec(
            select(Application).where(Application.external_id == "gh-123")
        ).all()
        assert [a.id for a in applications] == list(ids)
        assert (
            fresh.exec(
                select(func.count(Candidate.id)).where(Candidate.email == "rosa@example.net")
            ).one()
            == 1
        )
        invitations = fresh.exec(
            select(OutboundMessage.channel).where(
                OutboundMessage.application_id == applications[0].id
            )
        ).all()
        assert sorted(invitations) == ["email", "sms"]  # invited once, not twice


def test_the_same_person_twice_at_once_without_external_id_gives_201_then_409(
    session: Session,
    engine: sa.Engine,
    api: tuple,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, key, job = api
    body = _body(external_id=None)
    answers = _race(client, key, [body, body], engine, monkeypatch)

    assert sorted(status for status, _ in answers) == [201, 409], answers
    refused = next(data for status, data in answers if status == 409)
    assert refused["detail"][0] == {
        "message": intake.ALREADY_IN_JOB,
        "field": "candidate.email",
    }
    with Session(engine) as fresh:
        candidate = fresh.exec(select(Candidate).where(Candidate.email == "rosa@example.net")).one()
        assert (
            fresh.exec(
                select(func.count(Application.id)).where(
                    Application.candidate_id == candidate.id, Application.job_id == job.id
                )
            ).one()
            == 1
        )
