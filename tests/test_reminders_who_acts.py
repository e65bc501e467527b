"""Reminders go to candidates who have something to do: not to one waiting on the interviewer."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from heymilo_app.models import Application, OutboundMessage, Stage, StageType, utcnow
from heymilo_app.services.pipeline import journey, reminders, submissions
from heymilo_app.services.stages.kinds import candidate_acts
from tests.test_pipeline import RESUME, _apply, _fill_form, world  # noqa: F401 - the job fixture


def _reminders(session: Session, application: Application) -> int:
    return len(
        session.exec(
            select(OutboundMessage).where(
                OutboundMessage.application_id == application.id,
                OutboundMessage.kind == "reminder",
            )
        ).all()
    )


def test_a_candidate_at_a_text_stage_gets_no_reminder_one_at_the_form_does(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    at_form = _apply(session, world, email="form@example.net", resume_text=RESUME)
    journey.start(session=session, token=at_form.token)
    at_texts = _apply(session, world, email="texts@example.net", resume_text=RESUME)
    journey.start(session=session, token=at_texts.token)
    _fill_form(session, world, at_texts.token)
    submissions.submit_form(session=session, token=at_texts.token, stage_id=world["stages"][1].id)
    for application in (at_form, at_texts):
        session.refresh(application)
        application.stage_entered_at = utcnow() - timedelta(days=4)
    session.commit()
    assert session.get(Stage, at_texts.current_stage_id).type == StageType.SMS
    reminders.queue_due(session=session)
    session.commit()
    assert _reminders(session, at_form) >= 1  # by email, and by text where the job texts
    assert _reminders(session, at_texts) == 0  # the interviewer texts them; nothing to do


def test_who_acts_at_each_kind_of_stage() -> None:
    assert candidate_acts(None)  # not started yet: the candidate starts
    for kind, config, acts in (
        (StageType.RESUME, {}, True),
        (StageType.FORM, {}, True),
        (StageType.ASSESSMENT, {}, True),
        (StageType.VOICE, {"mode": "browser_voice"}, True),
        (StageType.VOICE, {"mode": "phone"}, False),
        (StageType.SMS, {}, False),
    ):
        assert candidate_acts(Stage(interview_id=1, type=kind, config=config)) is acts
    stage = Stage(interview_id=1, type=StageType.SMS)
    assert reminders.still_wanted(Application(status="in_progress"), _candidate(), stage) == (
        "Not sent: the interviewer acts next at this stage, not the candidate."
    )


def _candidate():
    from heymilo_app.models import Candidate

    return Candidate(organization_id=1, first_name="A", email="a@example.net")
