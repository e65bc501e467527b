"""The job page's "Waiting for you": reviews to decide and candidates' requests."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from heymilo_app.models import Accommodation, Application, ApplicationStatus
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.org import authentication
from heymilo_app.services.pipeline import candidate_requests, journey, submissions
from heymilo_app.services.review import review_queue
from heymilo_app.state.auth import AuthState
from heymilo_app.state.job_detail import JobDetailState
from heymilo_app.state.review_queue import ReviewQueueState
from tests.support import PASSWORD, add_manager, make_org_user
from tests.test_pipeline import RESUME, _apply, _fill_form, world  # noqa: F401 - fixture
from tests.test_states import _root


def _to_review(session: Session, world: dict, email: str) -> Application:  # noqa: F811
    application = _apply(session, world, email=email, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    _fill_form(session, world, application.token, shifts="Night")
    submissions.submit_form(
        session=session, token=application.token, stage_id=world["stages"][1].id
    )
    return application


def _queue_state(session: Session, email: str, job_id: int) -> ReviewQueueState:
    token = authentication.log_in(session=session, email=email, password=PASSWORD).token
    root = _root(
        token, path=f"/jobs/{job_id}", route="/jobs/[job_id]", query={"job_id": str(job_id)}
    )
    state = (
        root.substates[AuthState.get_name()]
        .substates[JobDetailState.get_name()]
        .substates[ReviewQueueState.get_name()]
    )
    state.load_queue()
    return state


def test_the_queue_lists_reviews_and_requests_and_the_recruiter_decides(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _to_review(session, world, "night@example.net")
    candidate_requests.request_accommodation(
        session=session, token=application.token, kind="text_instead_of_voice"
    )
    job_id = world["job"].id
    [item] = review_queue.in_review(session=session, user=world["recruiter"], job_id=job_id)
    assert item.reason == "Which shift suits you?" and not item.candidate_asked
    state = _queue_state(session, "rec@acme.example.com", job_id)
    assert [r["name"] for r in state.reviews] == ["Dana Cruz"]
    assert [r["kind"] for r in state.requests] == ["Text instead of voice"]
    state.set_note(str(application.id), "Night shift is open too")
    state.decide(str(application.id), True)
    assert state.reviews == []
    session.expire_all()
    assert session.get(Application, application.id).status == ApplicationStatus.IN_PROGRESS
    state.answer_request(state.requests[0]["id"], True)
    assert state.requests == []
    assert session.exec(select(Accommodation)).one().status == "granted"


def test_a_hiring_manager_sees_the_queue_but_cannot_decide(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _to_review(session, world, "night@example.net")
    add_manager(session, world["recruiter"])
    state = _queue_state(session, "hm@acme.example.com", world["job"].id)
    assert len(state.reviews) == 1
    state.decide(str(application.id), False)
    session.expire_all()
    assert session.get(Application, application.id).status == ApplicationStatus.IN_REVIEW


def test_another_organization_sees_nothing_and_decides_nothing(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _to_review(session, world, "night@example.net")
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        review_queue.in_review(session=session, user=stranger, job_id=world["job"].id)
    state = _queue_state(session, "o@other.example.com", world["job"].id)
    assert state.reviews == [] and state.requests == []
    state.decide(str(application.id), True)
    session.expire_all()
    assert session.get(Application, application.id).status == ApplicationStatus.IN_REVIEW
