"""Score alerts: a recruiter asks to be emailed when a candidate finishes at or above a score."""

from __future__ import annotations

import math
from typing import Any

import pytest
from sqlmodel import Session, func, select

from heymilo_app import routes
from heymilo_app.models import Organization, OutboundMessage, Role, ScoreAlert
from heymilo_app.services import accounts, score_alerts
from heymilo_app.services.errors import Invalid, NotFound, PermissionDenied
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
