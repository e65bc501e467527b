"""Score alerts: a recruiter asks to be emailed when a candidate finishes at or above a score."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from sqlmodel import Session, func, select

from heymilo_app import routes
from heymilo_app.models import (
    Application,
    Organization,
    OutboundMessage,
    Role,
    Score,
    ScoreAlert,
)
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.org import accounts
from heymilo_app.services.scoring import score_alerts
from heymilo_app.settings import get_settings
from tests.support import PASSWORD, add_manager, make_org_user
from tests.test_bulk_actions import apply, complete, make_job


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """Two jobs of one organization, two recruiters and a hiring manager."""
    recruiter = make_org_user(session)
    organization = session.get(Organization, recruiter.organization_id)
    colleague = accounts.add_user(
        session=session,
        organization=organization,
        full_name="Cal Colleague",
        email="cal@acme.example.com",
        password=PASSWORD,
        role=Role.RECRUITER,
        acting_user=recruiter,
    )
    manager = add_manager(session, recruiter)
    first = make_job(session, recruiter)
    second = make_job(session, recruiter, "Night Shift Lead")
    return {
        "recruiter": recruiter,
        "colleague": colleague,
        "manager": manager,
        "first": first,
        "second": second,
    }


def _alert_emails(session: Session) -> list[OutboundMessage]:
    return list(
        session.exec(
            select(OutboundMessage)
            .where(OutboundMessage.kind == "score_alert")
            .order_by(OutboundMessage.id)
        ).all()
    )


def test_set_get_change_and_clear(session: Session, world: dict) -> None:
    recruiter, job_id = world["recruiter"], world["first"]["job"].id
    assert score_alerts.get_alert(session=session, user=recruiter, job_id=job_id) is None
    score_alerts.set_alert(session=session, user=recruiter, job_id=job_id, min_score=80)
    assert score_alerts.get_alert(session=session, user=recruiter, job_id=job_id) == 80
    score_alerts.set_alert(session=session, user=recruiter, job_id=job_id, min_score=" 75 ")
    assert score_alerts.get_alert(session=session, user=recruiter, job_id=job_id) == 75
    assert session.exec(select(func.count(ScoreAlert.id))).one() == 1
    for bad in ("abc", "0", "101", "7.5", "-3"):
        with pytest.raises(Invalid) as error:
            score_alerts.set_alert(session=session, user=recruiter, job_id=job_id, min_score=bad)
        assert error.value.errors == {"min_score": "Enter a whole number from 1 to 100."}
    assert score_alerts.get_alert(session=session, user=recruiter, job_id=job_id) == 75
    # Another user's alert is their own.
    assert score_alerts.get_alert(session=session, user=world["colleague"], job_id=job_id) is None
    score_alerts.set_alert(session=session, user=recruiter, job_id=job_id, min_score="")
    assert score_alerts.get_alert(session=session, user=recruiter, job_id=job_id) is None
    score_alerts.set_alert(session=session, user=recruiter, job_id=job_id, min_score=None)
    assert session.exec(select(func.count(ScoreAlert.id))).one() == 0


def test_hiring_managers_and_other_organizations_cannot_set_one(
    session: Session, world: dict
) -> None:
    job_id = world["first"]["job"].id
    with pytest.raises(PermissionDenied):
        score_alerts.set_alert(session=session, user=world["manager"], job_id=job_id, min_score=50)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        score_alerts.set_alert(session=session, user=stranger, job_id=job_id, min_score=50)
    assert session.exec(select(func.count(ScoreAlert.id))).one() == 0


def test_a_finish_at_or_above_the_score_emails_the_recruiter_once(
    session: Session, world: dict
) -> None:
    recruiter, colleague = world["recruiter"], world["colleague"]
    first = world["first"]
    # The colleague watches the other job only: they hear nothing of this one.
    score_alerts.set_alert(
        session=session, user=colleague, job_id=world["second"]["job"].id, min_score=1
    )
    # First a bar nobody reaches: no email.
    score_alerts.set_alert(session=session, user=recruiter, job_id=first["job"].id, min_score=100)
    ann = complete(session, first, apply(session, first["job"], "Ann"))
    overall = score_alerts.overall_score(score_alerts.current_scores(session, ann.id))
    assert overall is not None and overall < 100
    assert _alert_emails(session) == []
    # Then a bar exactly at the score the same answers earn: one email for the next finisher.
    bar = math.floor(overall)
    score_alerts.set_alert(session=session, user=recruiter, job_id=first["job"].id, min_score=bar)
    ben = complete(session, first, apply(session, first["job"], "Ben"))
    emails = _alert_emails(session)
    assert [(m.application_id, m.to_address) for m in emails] == [(ben.id, recruiter.email)]
    link = get_settings().public_base_url.rstrip("/") + routes.candidate_report(ben.id)
    assert link in emails[0].body and "Ben Cruz" in emails[0].subject
    # Hearing of it again (a pending score comes in, a rescore) queues nothing new.
    score_alerts.notify_finished(session=session, application=ben)
    session.commit()
    assert len(_alert_emails(session)) == 1


def test_a_finish_below_the_score_emails_nobody(session: Session, world: dict) -> None:
    first = world["first"]
    score_alerts.set_alert(
        session=session, user=world["recruiter"], job_id=first["job"].id, min_score=100
    )
    ann = complete(session, first, apply(session, first["job"], "Ann"))
    assert score_alerts.overall_score(score_alerts.current_scores(session, ann.id)) < 100
    assert _alert_emails(session) == []


def _overall(session: Session, application_id: int) -> float | None:
    """The overall score as stored, read afresh from the database."""
    return session.exec(
        select(Application.overall_score).where(Application.id == application_id)
    ).one()


def test_the_engine_keeps_the_overall_score_and_the_criteria_profiles(
    session: Session, world: dict
) -> None:
    first = world["first"]
    ann = complete(session, first, apply(session, first["job"], "Ann"))
    scores = score_alerts.current_scores(session, ann.id)
    scored = [s for s in scores if s.criteria]
    assert scored, "the resume stage has a rubric"
    assert ann.overall_score == _overall(session, ann.id) == score_alerts.overall_score(scores)
    for score in scores:
        profile = json.loads(score.criteria_scores)
        assert profile == [[c["name"], c["score"]] for c in score.criteria]
        # The evidence stays in the criteria only.
        assert all(
            c["evidence"] not in score.criteria_scores for c in score.criteria if c["evidence"]
        )


def test_every_score_written_recomputes_the_overall_score(session: Session, world: dict) -> None:
    first = world["first"]
    ann = complete(session, first, apply(session, first["job"], "Ann"))
    resume_stage, form_stage = first["stages"]
    before = score_alerts.current_scores(session, ann.id)
    # Written as any code would (here by hand): the old resume score replaced by a 12.5.
    for score in before:
        score.is_current = False
        session.add(score)
    session.add(
        Score(
            application_id=ann.id,
            stage_id=resume_stage.id,
            total=12.5,
            criteria=[{"name": "Experience", "weight": 1, "score": 1, "evidence": "none"}],
        )
    )
    # A form of facts scores nothing: it never counts.
    session.add(Score(application_id=ann.id, stage_id=form_stage.id, total=0.0, criteria=[]))
    session.commit()
    # The loaded application sees the new value without a refresh.
    assert ann.overall_score == 12.5 == _overall(session, ann.id)
    empty = session.exec(
        select(Score).where(Score.application_id == ann.id, Score.stage_id == form_stage.id)
    ).all()
    assert [s.criteria_scores for s in empty if s.is_current] == ["[]"]
    # Two scored stages average, to one decimal: (12.5 + 80.25) / 2 = 46.375 -> 46.4.
    session.add(
        Score(
            application_id=ann.id,
            stage_id=form_stage.id,
            total=80.25,
            criteria=[{"name": "Clarity", "weight": 1, "score": 4, "evidence": ""}],
        )
    )
    session.commit()
    assert _overall(session, ann.id) == 46.4
    # Deleting every current scored score leaves no overall score.
    for score in session.exec(select(Score).where(Score.application_id == ann.id)).all():
        session.delete(score)
    session.commit()
    assert _overall(session, ann.id) is None
    # Another application's overall score is left as it was.
    ben = complete(session, first, apply(session, first["job"], "Ben"))
    kept = _overall(session, ben.id)
    assert kept is not None
    session.add(Score(application_id=ann.id, stage_id=resume_stage.id, total=50.0, criteria=[]))
    session.commit()
    assert _overall(session, ben.id) == kept and _overall(session, ann.id) is None
