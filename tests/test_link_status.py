"""A candidate link's page answers with the status of its link: 404 unknown, 410 gone."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from starlette.responses import HTMLResponse

from heymilo_app import demo
from heymilo_app.api.app import create_api
from heymilo_app.models import Application, ApplicationStatus, utcnow
from heymilo_app.services.pipeline import journey


def _client() -> TestClient:
    api = create_api()

    async def page(scope, receive, send):
        # Stands in for the Reflex frontend mounted under the API: every page is 200.
        await HTMLResponse("<html>the page</html>")(scope, receive, send)

    api.mount("/", page)
    return TestClient(api)


def test_each_link_gets_its_status(session: Session, engine: sa.Engine) -> None:
    demo.seed_demo(session=session)
    invited = session.exec(
        select(Application).where(Application.status == ApplicationStatus.INVITED)
    ).first()
    in_progress = session.exec(
        select(Application).where(Application.status == ApplicationStatus.IN_PROGRESS)
    ).first()
    client = _client()
    response = client.get(f"/i/{invited.token}")
    assert response.status_code == 200 and "the page" in response.text
    assert client.get("/i/no-such-token").status_code == 404
    assert client.get("/i/no-such-token/").status_code == 404
    invited.expires_at = utcnow() - timedelta(minutes=1)
    in_progress.status = ApplicationStatus.WITHDRAWN
    session.commit()
    assert client.get(f"/i/{invited.token}").status_code == 410
    assert client.get(f"/i/{in_progress.token}/").status_code == 410
    in_progress.status = ApplicationStatus.COMPLETED
    session.commit()
    assert client.get(f"/i/{in_progress.token}").status_code == 200  # the thank-you page
    # Other pages and the API are untouched.
    assert client.get("/jobs").status_code == 200
    assert client.get("/api/health").status_code == 200


def test_the_status_follows_the_page_the_candidate_sees(
    session: Session, engine: sa.Engine
) -> None:
    """A link past its deadline is gone only while it was still waiting on the candidate."""
    demo.seed_demo(session=session)
    application = session.exec(
        select(Application).where(Application.status == ApplicationStatus.IN_PROGRESS)
    ).first()
    client = _client()
    application.expires_at = utcnow() - timedelta(days=1)
    session.commit()
    assert journey.journey(session=session, token=application.token).screen == "expired"
    assert client.get(f"/i/{application.token}").status_code == 410
    # Past the deadline, but the candidate did everything: the page says what happens next.
    for status, screen in [
        (ApplicationStatus.IN_REVIEW, "review"),
        (ApplicationStatus.DISQUALIFIED, "disqualified"),
        (ApplicationStatus.COMPLETED, "thanks"),
    ]:
        application.status = status
        session.commit()
        assert journey.journey(session=session, token=application.token).screen == screen
        assert client.get(f"/i/{application.token}").status_code == 200, status
    # An invitation the reminders let lapse is gone, whatever its date says.
    application.status = ApplicationStatus.EXPIRED
    application.expires_at = utcnow() + timedelta(days=1)
    session.commit()
    assert client.get(f"/i/{application.token}").status_code == 410
