"""A recruiter's hand: advance or reject from any status that allows it, and rescore a stage."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from heymilo_app.models import (
    ApplicationEvent,
    ApplicationStatus,
    AttemptStatus,
    Channel,
    OutboundMessage,
    Score,
    StageAttempt,
    StageType,
)
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.pipeline import (
    candidate_requests,
    decisions,
    journey,
    records,
    rescoring,
    submissions,
)
from heymilo_app.services.scoring import offline_scorer, scoring
from tests.support import add_manager, make_org_user
from tests.test_pipeline import RESUME, SHORT_RESUME, _apply, _fill_form, world  # noqa: F401 - fixture


def _not_advancing(session: Session, application_id: int) -> list[OutboundMessage]:
    return list(
        session.exec(
            select(OutboundMessage).where(
                OutboundMessage.application_id == application_id,
                OutboundMessage.kind == "not_advancing",
            )
        ).all()
    )


def _last_event(session: Session, application_id: int) -> ApplicationEvent:
    return session.exec(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application_id)
        .order_by(ApplicationEvent.id.desc())
    ).first()


def test_rejecting_an_invited_candidate_records_who_and_why_and_emails_them_once(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world)
    recruiter = world["recruiter"]
    with pytest.raises(Invalid) as error:
        decisions.decide(
            session=session, user=recruiter, application_id=application.id, advance=False, note=" "
        )
    assert error.value.errors == {"note": "Say why, for the record."}
    session.refresh(application)
    assert application.status == ApplicationStatus.INVITED  # nothing changed

    decisions.decide(
        session=session,
        user=recruiter,
        application_id=application.id,
        advance=False,
        note="Role filled internally",
    )
    session.refresh(application)
    assert application.status == ApplicationStatus.DISQUALIFIED
    assert application.finished_at is not None
    event = _last_event(session, application.id)
    assert (event.kind, event.actor_id, event.detail) == (
        "rejected",
        recruiter.id,
        "Role filled internally",
    )
    emails = _not_advancing(session, application.id)
    assert [m.channel for m in emails] == [Channel.EMAIL]  # results never go by text
    assert "not be moving forward" in emails[0].body
    # Rejected people are told once; rejecting again is refused.
    with pytest.raises(records.Refused):
        decisions.decide(
            session=session, user=recruiter, application_id=application.id, advance=False, note="x"
        )
    assert len(_not_advancing(session, application.id)) == 1
    # The candidate's page no longer offers a review of a person's decision.
    assert not journey.journey(session=session, token=application.token).can_request_review


def test_rejecting_without_notice_queues_no_email(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world)
    decisions.decide(
        session=session,
        user=world["recruiter"],
        application_id=application.id,
        advance=False,
        note="Duplicate profile",
        notify=False,
    )
    assert _not_advancing(session, application.id) == []


def test_advancing_moves_past_an_unfinished_stage_and_overrides_a_disqualification(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    recruiter = world["recruiter"]
    application = _apply(session, world, resume_text=SHORT_RESUME)
    view = journey.start(session=session, token=application.token)
    # Under the minimum years: the engine disqualified at the resume stage.
    assert view.application.status == ApplicationStatus.DISQUALIFIED
    decisions.decide(
        session=session,
        user=recruiter,
        application_id=application.id,
        advance=True,
        note="Years at the family shop count",
    )
    session.refresh(application)
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert application.current_stage_id == world["stages"][1].id
    assert application.outcome_reason == "" and application.finished_at is None
    # The form is open to the candidate now.
    assert journey.journey(session=session, token=application.token).screen == "stage"

    # Advancing again skips the form the candidate has not finished.
    decisions.decide(
        session=session,
        user=recruiter,
        application_id=application.id,
        advance=True,
        note="Checked eligibility by phone",
    )
    session.refresh(application)
    assert application.current_stage_id == world["stages"][2].id
    form_attempt = session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id,
            StageAttempt.stage_id == world["stages"][1].id,
        )
    ).one()
    assert form_attempt.status == AttemptStatus.PASSED and form_attempt.finished_at
    # Past the last stage the interview is complete; then only rejecting is left.
    decisions.decide(
        session=session, user=recruiter, application_id=application.id, advance=True, note="Good"
    )
    session.refresh(application)
    assert application.status == ApplicationStatus.COMPLETED
    with pytest.raises(records.Refused):
        decisions.decide(
            session=session, user=recruiter, application_id=application.id, advance=True, note="x"
        )
    decisions.decide(
        session=session,
        user=recruiter,
        application_id=application.id,
        advance=False,
        note="Another finalist was stronger",
    )
    session.refresh(application)
    assert application.status == ApplicationStatus.DISQUALIFIED
    kinds = [
        e.kind
        for e in session.exec(
            select(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
        ).all()
        if e.actor_id == recruiter.id
    ]
    assert kinds == ["advanced", "advanced", "advanced", "rejected"]


def test_withdrawn_applications_and_other_people_cannot_be_decided(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world)
    manager = add_manager(session, world["recruiter"])
    with pytest.raises(PermissionDenied):
        decisions.decide(
            session=session, user=manager, application_id=application.id, advance=True, note="x"
        )
    stranger = make_org_user(session, org="Other Co", email="other@example.org")
    with pytest.raises(NotFound):
        decisions.decide(
            session=session, user=stranger, application_id=application.id, advance=False, note="x"
        )
    candidate_requests.withdraw(session=session, token=application.token)
    session.commit()
    for advance in (True, False):
        with pytest.raises(records.Refused):
            decisions.decide(
                session=session,
                user=world["recruiter"],
                application_id=application.id,
                advance=advance,
                note="x",
            )
    session.refresh(application)
    assert application.status == ApplicationStatus.WITHDRAWN


class _Harsh(offline_scorer.OfflineScorer):
    """A scorer that gives every criterion 2/5 (a different model, say)."""

    name = "harsh-test-v1"

    def score(self, *, rubric, material):
        result = super().score(rubric=rubric, material=material)
        criteria = [
            scoring.CriterionScore(name=c.name, weight=c.weight, score=2, evidence=c.evidence)
            for c in result.criteria
        ]
        return scoring.ScoreResult(
            total=25.0,
            criteria=criteria,
            summary="Scored by the harsh test scorer.",
            scorer=self.name,
            rubric_version=result.rubric_version,
        )


def test_rescoring_a_stage_keeps_the_old_score_and_records_the_change(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    resume_stage = world["stages"][0]
    before = session.exec(
        select(Score).where(Score.application_id == application.id, Score.is_current == True)  # noqa: E712
    ).one()
    assert before.scorer == "offline-lexical-v1" and before.rubric_version

    result = rescoring.rescore_stage(
        session=session,
        user=world["recruiter"],
        application_id=application.id,
        stage_id=resume_stage.id,
        scorer=_Harsh(),
    )
    assert result.previous.id == before.id and not result.previous.is_current
    assert result.current.is_current and result.current.scorer == "harsh-test-v1"
    assert result.current.total == 25.0 and {c["score"] for c in result.current.criteria} == {2}
    scores = session.exec(select(Score).where(Score.application_id == application.id)).all()
    assert sorted((s.scorer, s.is_current) for s in scores) == [
        ("harsh-test-v1", True),
        ("offline-lexical-v1", False),
    ]
    event = _last_event(session, application.id)
    assert event.kind == "rescored" and event.actor_id == world["recruiter"].id
    assert event.detail == f"{before.total:g} by offline-lexical-v1 → 25 by harsh-test-v1"
    # The score informs; a person decides: the application did not move.
    session.refresh(application)
    assert application.current_stage_id == world["stages"][1].id


def test_only_finished_stages_are_rescored_and_only_by_recruiters(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    form = world["stages"][1]
    with pytest.raises(records.Refused):
        rescoring.rescore_stage(
            session=session,
            user=world["recruiter"],
            application_id=application.id,
            stage_id=form.id,
        )
    manager = add_manager(session, world["recruiter"])
    with pytest.raises(PermissionDenied):
        rescoring.rescore_stage(
            session=session,
            user=manager,
            application_id=application.id,
            stage_id=world["stages"][0].id,
        )
    _fill_form(session, world, application.token)
    submissions.submit_form(session=session, token=application.token, stage_id=form.id)
    result = rescoring.rescore_stage(
        session=session, user=world["recruiter"], application_id=application.id, stage_id=form.id
    )
    # The same offline engine gives the same score: nothing changed but the record.
    assert result.previous.total == result.current.total
    assert result.current.stage_id == form.id and world["stages"][2].type == StageType.SMS
