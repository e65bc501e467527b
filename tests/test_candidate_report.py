"""The candidate report: each stage's score, evidence, screening and answers; org-scoped."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.org import authentication
from heymilo_app.services.pipeline import journey, submissions
from heymilo_app.services.review import report
from heymilo_app.state.auth import AuthState
from heymilo_app.state.candidate_report import CandidateReportState
from tests.support import PASSWORD, add_manager, make_org_user
from tests.test_pipeline import RESUME, _apply, _fill_form, world  # noqa: F401 - fixture
from tests.test_states import _root


def _through_the_form(session: Session, world: dict):  # noqa: F811
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    _fill_form(session, world, application.token)
    submissions.submit_form(
        session=session, token=application.token, stage_id=world["stages"][1].id
    )
    return application


def test_the_report_shows_each_stage_with_its_evidence(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    found = report.candidate_report(
        session=session, user=world["recruiter"], application_id=application.id
    )
    resume, form, sms = found.stages
    assert resume.status == "passed" and resume.total is not None and resume.criteria
    assert all(c.evidence in RESUME for c in resume.criteria)
    zendesk = next(c for c in resume.screening if c["requirement"] == "Zendesk")
    assert zendesk["met"] is True and zendesk["evidence"] in RESUME
    assert resume.years is not None and resume.years >= 3
    assert ("Are you authorized to work in the US?", "yes") in [
        (a.prompt, a.answer) for a in form.answers
    ]
    assert sms.status == "in progress" and sms.total is None
    scored = [s.total for s in (resume, form) if s.criteria]
    assert found.overall == round(sum(scored) / len(scored), 1)
    assert [entry.what for entry in found.timeline][:2] == ["Invited", "Started"]
    assert any(m.what == "Invitation · Email" for m in found.messages)


def test_another_organization_cannot_read_it(session: Session, world: dict) -> None:  # noqa: F811
    application = _through_the_form(session, world)
    other = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        report.candidate_report(session=session, user=other, application_id=application.id)


def _state(session: Session, email: str, application_id: int) -> CandidateReportState:
    token = authentication.log_in(session=session, email=email, password=PASSWORD).token
    root = _root(
        token,
        path=f"/candidates/{application_id}",
        route="/candidates/[application_id]",
        query={"application_id": str(application_id)},
    )
    state = root.substates[AuthState.get_name()].substates[CandidateReportState.get_name()]
    state.load_report()
    return state


def test_the_page_state_for_a_manager_and_for_a_stranger(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    add_manager(session, world["recruiter"])
    state = _state(session, "hm@acme.example.com", application.id)
    assert not state.not_found and state.name == "Dana Cruz"
    assert [s.title for s in state.stages] == ["Resume", "Eligibility", "Text screen"]
    assert state.stages[0].checks and state.stages[0].criteria
    make_org_user(session, org="Other", email="o@other.example.com")
    stranger = _state(session, "o@other.example.com", application.id)
    assert stranger.not_found and stranger.stages == [] and stranger.name == ""
