"""The demo organization and what a candidate's link resolves to."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from heymilo_app import demo
from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Interview,
    InterviewStatus,
    Organization,
    Role,
    Stage,
    User,
    utcnow,
)
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.org import accounts, authentication
from heymilo_app.services.pipeline import journey
from heymilo_app.services.stages.kinds import DEFAULT_ORDER


def test_demo_seeds_once_with_working_logins(session: Session) -> None:
    logins = demo.seed_demo(session=session)
    assert logins is not None
    assert demo.seed_demo(session=session) is None
    assert session.exec(select(func.count(Organization.id))).one() == 1
    recruiter = authentication.log_in(
        session=session, email=logins.recruiter_email, password=logins.recruiter_password
    ).user
    manager = authentication.log_in(
        session=session, email=logins.manager_email, password=logins.manager_password
    ).user
    assert (recruiter.role, manager.role) == (Role.RECRUITER, Role.HIRING_MANAGER)


def test_demo_job_has_a_published_interview_in_the_usual_order(session: Session) -> None:
    demo.seed_demo(session=session)
    interview = session.exec(select(Interview)).one()
    assert interview.status == InterviewStatus.PUBLISHED
    stages = session.exec(select(Stage).order_by(Stage.position)).all()
    assert tuple(stage.type for stage in stages) == DEFAULT_ORDER
    statuses = set(session.exec(select(Application.status)).all())
    assert {"invited", "in_progress", "disqualified"} <= statuses


def test_demo_is_not_added_to_a_database_with_data(session: Session) -> None:
    accounts.sign_up(
        session=session,
        organization_name="Real Co",
        full_name="R",
        email="r@real.example.com",
        password="long enough pw",
    )
    assert demo.seed_demo(session=session) is None
    assert session.exec(select(func.count(User.id))).one() == 1


def _application(session: Session, first_name: str) -> Application:
    return session.exec(
        select(Application)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Candidate.first_name == first_name)
    ).one()


def test_candidate_link_shows_who_is_hiring_and_the_stages(session: Session) -> None:
    demo.seed_demo(session=session)
    application = _application(session, "Ada")
    view = journey.journey(session=session, token=application.token)
    assert view.organization.name == "Acme Support Co."
    assert view.job.title == "Customer Support Specialist"
    assert view.candidate.first_name == "Ada"
    assert [stage.type for stage in view.stages] == list(DEFAULT_ORDER)


def test_application_tokens_are_long_and_distinct(session: Session) -> None:
    demo.seed_demo(session=session)
    tokens = session.exec(select(Application.token)).all()
    assert len(set(tokens)) == len(tokens)
    # 32 random bytes, URL-safe base64: 256 bits, well over the 128 required.
    assert all(len(token) >= 43 for token in tokens)


@pytest.mark.parametrize("token", ["", "nope", "x" * 43, "x" * 500])
def test_unknown_link_is_not_found(session: Session, token: str) -> None:
    demo.seed_demo(session=session)
    with pytest.raises(NotFound):
        journey.journey(session=session, token=token)
    assert journey.link_http_status(session=session, token=token) == 404


@pytest.mark.parametrize(
    ("change", "screen", "status"),
    [
        ({"status": ApplicationStatus.WITHDRAWN}, "withdrawn", 410),
        ({"status": ApplicationStatus.COMPLETED}, "thanks", 200),
        ({"status": ApplicationStatus.DISQUALIFIED}, "disqualified", 200),
        ({"status": ApplicationStatus.EXPIRED}, "expired", 410),
        ({"expires_at": utcnow() - timedelta(minutes=1)}, "expired", 410),
    ],
)
def test_unusable_link_says_why(session: Session, change: dict, screen: str, status: int) -> None:
    demo.seed_demo(session=session)
    application = _application(session, "Ada")
    for name, value in change.items():
        setattr(application, name, value)
    session.commit()
    assert journey.journey(session=session, token=application.token).screen == screen
    assert journey.link_http_status(session=session, token=application.token) == status
