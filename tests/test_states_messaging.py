"""The messaging settings and the job page's resend/extend, through their Reflex handlers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from heymilo_app import demo
from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Job,
    Organization,
    OutboundMessage,
    User,
    utcnow,
)
from heymilo_app.services.pipeline import invitations
from heymilo_app.state.auth import AuthState
from heymilo_app.state.candidate_messages import CandidateMessagesState
from heymilo_app.state.job_detail import JobDetailState
from heymilo_app.state.messaging_settings import MessagingSettingsState
from tests.test_states import _login, _root


def _nested(root, *classes):
    state = root.substates[AuthState.get_name()]
    for cls in classes:
        state = state.substates[cls.get_name()]
    return state


@pytest.fixture
def demo_world(session: Session) -> dict:
    demo.seed_demo(session=session)
    recruiter = session.exec(select(User).where(User.email == demo.RECRUITER_EMAIL)).one()
    manager = session.exec(select(User).where(User.email == demo.MANAGER_EMAIL)).one()
    job = session.exec(select(Job)).one()
    application = session.exec(
        select(Application).where(Application.status == ApplicationStatus.INVITED)
    ).first()
    invitations.invite(session=session, application=application)  # the demo queues none
    session.commit()
    return {"recruiter": recruiter, "manager": manager, "job": job, "application": application}


def _messaging(session: Session, email: str, password: str) -> MessagingSettingsState:
    from heymilo_app.services.org import authentication

    token = authentication.log_in(session=session, email=email, password=password).token
    state = _nested(_root(token, path="/settings", route="/settings"), MessagingSettingsState)
    state.load_messaging()
    return state


def test_the_recruiter_saves_rules_and_a_bad_value_saves_nothing(
    session: Session, demo_world: dict
) -> None:
    state = _messaging(session, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    assert state.reminder_hours == "24, 72" and state.business_days == [0, 1, 2, 3, 4]
    state.set_reminder_hours("12, 36")
    state.toggle_day(5, True)
    state.set_timezone("America/Chicago")
    state.save_policy()
    assert state.policy_errors == {}
    session.expire_all()
    organization = session.get(Organization, demo_world["recruiter"].organization_id)
    assert organization.reminder_hours == [12, 36] and organization.business_days == [
        0,
        1,
        2,
        3,
        4,
        5,
    ]
    state.set_hours_start("20")
    state.set_hours_end("8")
    state.set_reminder_hours("tomorrow")
    state.save_policy()
    assert set(state.policy_errors) == {"business_hours_end", "reminder_hours"}
    session.expire_all()
    organization = session.get(Organization, demo_world["recruiter"].organization_id)
    assert organization.business_hours_start == 9 and organization.reminder_hours == [12, 36]


def test_the_webhook_is_set_tested_and_its_secret_is_for_recruiters_only(
    session: Session, demo_world: dict
) -> None:
    state = _messaging(session, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    state.send_test()
    assert "Save a webhook URL first" in state.webhook_error
    state.set_webhook_url("javascript:alert(1)")
    state.save_webhook()
    assert state.webhook_error and state.webhook_secret == ""
    state.set_webhook_url("https://ats.example.com/hooks")
    state.save_webhook()
    assert state.webhook_error == "" and state.webhook_secret.startswith("whsec_")
    state.send_test()
    assert [d["event"] for d in state.deliveries] == ["ping"]
    manager = _messaging(session, demo.MANAGER_EMAIL, demo.MANAGER_PASSWORD)
    assert manager.webhook_url == "https://ats.example.com/hooks"
    assert manager.webhook_secret == ""
    manager.set_webhook_url("https://evil.example.com/")
    manager.save_webhook()
    manager.rotate_secret()
    session.expire_all()
    organization = session.get(Organization, demo_world["recruiter"].organization_id)
    assert organization.webhook_url == "https://ats.example.com/hooks"
    assert organization.webhook_secret == state.webhook_secret


def _job_page(session: Session, email: str, password: str, job: Job) -> CandidateMessagesState:
    from heymilo_app.services.org import authentication

    token = authentication.log_in(session=session, email=email, password=password).token
    root = _root(
        token, path=f"/jobs/{job.id}", route="/jobs/[job_id]", query={"job_id": str(job.id)}
    )
    _nested(root, JobDetailState).load_job()
    return _nested(root, JobDetailState, CandidateMessagesState)


def _invitations(session: Session, application: Application) -> int:
    return len(
        session.exec(
            select(OutboundMessage).where(
                OutboundMessage.application_id == application.id,
                OutboundMessage.kind == "invitation",
                OutboundMessage.channel == "email",
            )
        ).all()
    )


def test_resend_and_extend_from_the_job_page(session: Session, demo_world: dict) -> None:
    job, application = demo_world["job"], demo_world["application"]
    state = _job_page(session, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD, job)
    row = next(r for r in state.candidates if r["id"] == str(application.id))
    assert "email_delivery" in row
    before = _invitations(session, application)
    state.resend(str(application.id), False)
    session.expire_all()
    assert _invitations(session, application) == before + 1
    # A lapsed invitation cannot be resent as is; extending reopens it.
    application = session.get(Application, application.id)
    application.status = ApplicationStatus.EXPIRED
    application.expires_at = utcnow() - timedelta(days=1)
    session.commit()
    state.resend(str(application.id), False)
    session.expire_all()
    assert _invitations(session, application) == before + 1
    state.resend(str(application.id), True)
    session.expire_all()
    application = session.get(Application, application.id)
    assert application.status == ApplicationStatus.INVITED
    assert application.expires_at > utcnow() + timedelta(days=13)
    assert _invitations(session, application) == before + 2
    state.open_messages(str(application.id), "Someone")
    assert state.messages_open
    assert {m["what"] for m in state.messages[:2]} == {"Invitation · Email", "Invitation · Text"}


def test_a_hiring_manager_reads_messages_but_cannot_resend(
    session: Session, demo_world: dict
) -> None:
    job, application = demo_world["job"], demo_world["application"]
    state = _job_page(session, demo.MANAGER_EMAIL, demo.MANAGER_PASSWORD, job)
    before = _invitations(session, application)
    state.resend(str(application.id), True)
    session.expire_all()
    assert _invitations(session, application) == before
    state.open_messages(str(application.id), "Someone")
    assert state.messages_open and len(state.messages) >= 1


def test_another_organization_sees_no_messages(session: Session, demo_world: dict) -> None:
    from tests.support import make_org_user

    make_org_user(session, org="Other", email="o@other.example.com")
    token = _login(session, "o@other.example.com")
    job, application = demo_world["job"], demo_world["application"]
    root = _root(
        token, path=f"/jobs/{job.id}", route="/jobs/[job_id]", query={"job_id": str(job.id)}
    )
    state = _nested(root, JobDetailState, CandidateMessagesState)
    before = _invitations(session, application)
    state.open_messages(str(application.id), "x")
    assert state.messages == [] and not state.messages_open
    state.resend(str(application.id), True)
    session.expire_all()
    assert _invitations(session, application) == before


def test_the_job_page_says_how_long_each_stage_takes_as_candidates_are_told(
    session: Session, demo_world: dict
) -> None:
    from heymilo_app.models import Application
    from heymilo_app.services.jobs import jobs
    from heymilo_app.services.jobs.interviews import StageDraft
    from heymilo_app.services.pipeline import journey
    from heymilo_app.state.candidate_view import stage_summaries

    job = demo_world["job"]
    state = _job_page(session, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD, job)
    page = state.parent_state
    token = session.exec(select(Application.token).where(Application.job_id == job.id)).first()
    view = journey.journey(session=session, token=token)
    questions = jobs.questions_by_stage(session, view.stages)
    told = stage_summaries([StageDraft(s, questions[s.id]) for s in view.stages], "en")
    assert [s["duration"] for s in page.stages] == [s.duration for s in told]
    assessment = next(s for s in page.stages if s["label"] == "LLM Assessment")
    assert assessment["duration"].startswith("Up to ")  # the stage's own time limit
