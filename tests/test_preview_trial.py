"""A recruiter tries their own resume and form stages in the preview: the real engine judges,
and nothing is stored that a report, list or chart would count."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import Session, func, select

from heymilo_app import demo
from heymilo_app.models import (
    Application,
    ApplicationEvent,
    Interview,
    Score,
    StageAttempt,
    StageType,
)
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.jobs import interview_preview
from heymilo_app.services.org import authentication
from heymilo_app.services.pipeline import trial_runs
from heymilo_app.state.auth import AuthState
from heymilo_app.state.preview import PreviewState
from tests.support import demo_recruiter_and_job, make_org_user
from tests.test_states import _root

STRONG_RESUME = (
    "Dana Cruz, Austin, Texas, United States. Authorized to work in the US.\n"
    "Customer support agent, Brightdesk, 2018 - 2024: answered tickets in Zendesk, kept "
    "customers calm, wrote help articles and trained new agents in customer support."
)


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (Application, Interview, StageAttempt, Score, ApplicationEvent)
    )


def _stages(session: Session):
    recruiter, job = demo_recruiter_and_job(session)
    view = interview_preview.preview(session=session, user=recruiter, job_id=job.id, stage_id="")
    by_type = {item.stage.type: item for item in view.stages}
    return recruiter, job, by_type[StageType.RESUME], by_type[StageType.FORM]


def test_a_tried_resume_is_screened_and_scored_and_nothing_is_kept(session: Session) -> None:
    recruiter, job, resume, _form = _stages(session)
    before = _counts(session)
    tried = trial_runs.trial(
        session=session,
        user=recruiter,
        job_id=job.id,
        stage_id=resume.stage.id,
        resume_text=STRONG_RESUME,
    )
    assert tried.verdict in ("passed", "review") and tried.score is not None
    assert tried.score.criteria and tried.checks
    assert any(requirement == "Zendesk" and met for _k, requirement, met, _e in tried.checks)
    short = trial_runs.trial(
        session=session, user=recruiter, job_id=job.id, stage_id=resume.stage.id, resume_text="hi"
    )
    assert short.verdict == "" and short.errors == {
        "resume": "Paste the whole resume, or upload the file."
    }
    assert _counts(session) == before


def test_a_tried_form_names_the_dealbreaker_it_hits(session: Session) -> None:
    recruiter, job, _resume, form = _stages(session)
    by_kind = {q.kind: q for q in form.questions}
    yes_no, number = by_kind["yes_no"], by_kind["number"]
    answers = {str(q.id): "" for q in form.questions}
    answers[str(yes_no.id)] = "no"  # not authorized to work: disqualifies in the demo
    answers[str(number.id)] = "5"
    answers[str(by_kind["multiple_choice"].id)] = ["Morning"]
    answers[str(by_kind["long_text"].id)] = "I calmed a customer whose order was lost."
    before = _counts(session)
    tried = trial_runs.trial(
        session=session, user=recruiter, job_id=job.id, stage_id=form.stage.id, answers=answers
    )
    assert tried.verdict == "disqualified"
    assert [f.requirement for f in tried.failures] == [yes_no.prompt]
    answers[str(number.id)] = "-3"
    refused = trial_runs.trial(
        session=session, user=recruiter, job_id=job.id, stage_id=form.stage.id, answers=answers
    )
    assert refused.errors == {str(number.id): "Enter a number from 0 to 60."}
    assert _counts(session) == before


def test_another_organization_cannot_try_the_stage(session: Session) -> None:
    _recruiter, job, resume, _form = _stages(session)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        trial_runs.trial(
            session=session,
            user=stranger,
            job_id=job.id,
            stage_id=resume.stage.id,
            resume_text=STRONG_RESUME,
        )


def _preview_state(session: Session, token: str, job_id: int, stage_id: int) -> PreviewState:
    root = _root(
        token,
        path=f"/jobs/{job_id}/preview?stage={stage_id}",
        route="/jobs/[job_id]/preview",
        query={"job_id": str(job_id), "stage": str(stage_id)},
    )
    return root.substates[AuthState.get_name()].substates[PreviewState.get_name()]


async def _drain(handler) -> None:
    async for _ in handler:
        pass


def test_the_preview_page_shows_the_outcome_to_its_organization_only(session: Session) -> None:
    recruiter, job, resume, _form = _stages(session)
    login = authentication.log_in(
        session=session, email=recruiter.email, password=demo.RECRUITER_PASSWORD
    )
    before = _counts(session)
    state = _preview_state(session, login.token, job.id, resume.stage.id)
    state.load_preview()
    assert state.stage.type == "resume"
    asyncio.run(_drain(state.try_stage({"resume_text": STRONG_RESUME})))
    assert state.trial.verdict in ("passed", "review") and state.trial.criteria
    assert not state.busy
    # Nobody logged in: nothing is judged, the page goes to the login.
    anonymous = _preview_state(session, "", job.id, resume.stage.id)
    anonymous.stage = state.stage
    asyncio.run(_drain(anonymous.try_stage({"resume_text": STRONG_RESUME})))
    assert anonymous.trial.verdict == "" and not anonymous.trial.criteria
    other = make_org_user(session, org="Other", email="x@other.example.com")
    token = authentication.log_in(
        session=session, email=other.email, password="correct horse battery"
    )
    outsider = _preview_state(session, token.token, job.id, resume.stage.id)
    outsider.stage = state.stage
    asyncio.run(_drain(outsider.try_stage({"resume_text": STRONG_RESUME})))
    assert outsider.trial.verdict == "" and outsider.trial.problem
    assert _counts(session) == before
