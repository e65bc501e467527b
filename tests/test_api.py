"""The HTTP API mounted beside the Reflex app."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from heymilo_app import db
from heymilo_app.api.app import create_api


def test_health_reports_ok_when_the_database_answers(engine: sa.Engine) -> None:
    response = TestClient(create_api()).get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/nothing",
        "sqlite:////proc/no-such-dir/db.sqlite",
    ],
)
def test_health_is_503_when_the_database_is_down(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    dead = sa.create_engine(url)
    monkeypatch.setattr(db, "get_engine", lambda: dead)
    response = TestClient(create_api()).get("/api/health")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
