"""Bulk actions on a selection of the candidate list: shortlist, reject, remind, export."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pandas as pd
import pytest
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    OutboundMessage,
    Question,
    QuestionKind,
    Stage,
    StageType,
    User,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.intake import intake
from heymilo_app.services.pipeline import candidate_requests, journey, submissions
from heymilo_app.services.review import bulk_actions
from heymilo_app.services.scoring import score_alerts
from heymilo_app.services.stages.kinds import stage_kind
from tests.support import add_manager, make_org_user

RESUME = (
    "Dana Cruz\nSan Diego, CA\n"
    "Customer support lead at Brightline, 2019 - 2024. Resolved billing tickets in Zendesk.\n"
    "Support agent at Telco, 2016 - 2019.\nBachelor of Arts, 2015.\n"
)
STORY = "A customer was billed twice; I refunded it in Zendesk and fixed their plan that day."


def make_job(session: Session, recruiter: User, title: str = "Support Lead") -> dict[str, Any]:
    """A published job with a resume stage and a form stage with one question in words.

    Args:
        session: Database session.
        recruiter: A recruiter of the organization.
        title: The job's title.

    Returns:
        {"job", "stages", "question"}.
    """
    job = Job(
        organization_id=recruiter.organization_id,
        title=title,
        slug=title.lower().replace(" ", "-"),
        requirements="3+ years of customer support; Zendesk.",
    )
    session.add(job)
    session.flush()
    interview = Interview(job_id=job.id, status=InterviewStatus.PUBLISHED, published_at=utcnow())
    session.add(interview)
    session.flush()
    stages = []
    for position, (kind, stage_title) in enumerate(
        [(StageType.RESUME, "Resume"), (StageType.FORM, "Eligibility")]
    ):
        stage = Stage(
            interview_id=interview.id,
            type=kind,
            position=position,
            title=stage_title,
            rubric=stage_kind(kind).default_rubric(),
            pass_threshold=0,
            config={"must_have": ["Zendesk"]} if kind == StageType.RESUME else {},
        )
        session.add(stage)
        session.flush()
        stages.append(stage)
    question = Question(
        stage_id=stages[1].id,
        position=0,
        prompt="Tell us about a customer you helped.",
        kind=QuestionKind.LONG_TEXT,
    )
    session.add(question)
    session.commit()
    return {"job": job, "stages": stages, "question": question}


def apply(session: Session, job: Job, first: str) -> Application:
    """A candidate applies to a job with a resume (and is invited).

    Args:
        session: Database session.
        job: The job.
        first: The candidate's first name (their email is made from it).

    Returns:
        The application.
    """
    return intake.add_application(
        session=session,
        job=job,
        person=intake.Person(
            first_name=first, last_name="Cruz", email=f"{first.lower()}@example.net"
        ),
        source=ApplicationSource.ATS,
        resume_text=RESUME,
    )


def complete(session: Session, world: dict, application: Application) -> Application:
    """Go through the whole interview as the candidate.

    Args:
        session: Database session.
        world: From ``make_job``.
        application: The application.

    Returns:
        The application, completed.
    """
    journey.start(session=session, token=application.token)  # the resume is screened
    form = world["stages"][1]
    submissions.save_answer(
        session=session,
        token=application.token,
        stage_id=form.id,
        question_id=world["question"].id,
        value=STORY,
    )
    submissions.submit_form(session=session, token=application.token, stage_id=form.id)
    session.refresh(application)
    assert application.status == ApplicationStatus.COMPLETED
    return application


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """A recruiter, a hiring manager and a job with four invited candidates."""
    recruiter = make_org_user(session)
    manager = add_manager(session, recruiter)
    made = make_job(session, recruiter)
    made["applications"] = [
        apply(session, made["job"], name) for name in ("Ann", "Ben", "Cy", "Di")
    ]
    made.update(recruiter=recruiter, manager=manager)
    return made


def _ids(applications: list[Application]) -> list[int]:
    return [a.id for a in applications]


def _events(session: Session, kind: str) -> list[ApplicationEvent]:
    return list(
        session.exec(
            select(ApplicationEvent)
            .where(ApplicationEvent.kind == kind)
            .order_by(ApplicationEvent.id)
        ).all()
    )


def _emails(session: Session, kind: str) -> list[OutboundMessage]:
    return list(
        session.exec(
            select(OutboundMessage)
            .where(OutboundMessage.kind == kind, OutboundMessage.channel == "email")
            .order_by(OutboundMessage.id)
        ).all()
    )


def test_shortlisting_on_and_off_is_recorded_with_who(session: Session, world: dict) -> None:
    ann, ben, cy, _ = world["applications"]
    recruiter = world["recruiter"]
    result = bulk_actions.shortlist(
        session=session, user=recruiter, application_ids=[str(ann.id), ben.id], on=True
    )
    assert result.message() == "Shortlisted 2"
    session.expire_all()
    assert session.get(Application, ann.id).shortlisted_at is not None
    assert session.get(Application, cy.id).shortlisted_at is None
    again = bulk_actions.shortlist(
        session=session, user=recruiter, application_ids=[ann.id, cy.id], on=True
    )
    assert again.message() == "Shortlisted 1; 1 skipped: already shortlisted"
    assert [(e.application_id, e.actor_id) for e in _events(session, "shortlisted")] == [
        (ann.id, recruiter.id),
        (ben.id, recruiter.id),
        (cy.id, recruiter.id),
    ]
    off = bulk_actions.shortlist(
        session=session,
        user=recruiter,
        application_ids=[ann.id, world["applications"][3].id],
        on=False,
    )
    assert off.message() == "Removed from the shortlist 1; 1 skipped: not on the shortlist"
    session.expire_all()
    assert session.get(Application, ann.id).shortlisted_at is None
    assert session.get(Application, ben.id).shortlisted_at is not None
    assert [(e.application_id, e.actor_id) for e in _events(session, "unshortlisted")] == [
        (ann.id, recruiter.id)
    ]


def test_hiring_managers_only_export(session: Session, world: dict) -> None:
    manager = world["manager"]
    ids = _ids(world["applications"][:2])
    with pytest.raises(PermissionDenied):
        bulk_actions.shortlist(session=session, user=manager, application_ids=ids, on=True)
    with pytest.raises(PermissionDenied):
        bulk_actions.reject(session=session, user=manager, application_ids=ids, note="No")
    with pytest.raises(PermissionDenied):
        bulk_actions.send_reminder(session=session, user=manager, application_ids=ids)
    session.expire_all()
    assert session.exec(select(func.count(ApplicationEvent.id))).one() == 0
    assert _emails(session, "reminder") == [] and _emails(session, "not_advancing") == []
    assert all(
        session.get(Application, i).status == ApplicationStatus.INVITED
        and session.get(Application, i).shortlisted_at is None
        for i in ids
    )
    frame = pd.read_csv(
        io.BytesIO(bulk_actions.export_csv(session=session, user=manager, application_ids=ids))
    )
    assert sorted(frame["Candidate"]) == ["Ann Cruz", "Ben Cruz"]


def test_another_organizations_candidates_are_not_found_and_nothing_changes(
    session: Session, world: dict
) -> None:
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    theirs = apply(session, make_job(session, stranger, "Their job")["job"], "Eve")
    ann = world["applications"][0]
    for user, ids in ((world["recruiter"], [ann.id, theirs.id]), (stranger, [ann.id])):
        with pytest.raises(NotFound):
            bulk_actions.shortlist(session=session, user=user, application_ids=ids, on=True)
        with pytest.raises(NotFound):
            bulk_actions.reject(session=session, user=user, application_ids=ids, note="No")
        with pytest.raises(NotFound):
            bulk_actions.send_reminder(session=session, user=user, application_ids=ids)
        with pytest.raises(NotFound):
            bulk_actions.export_csv(session=session, user=user, application_ids=ids)
    with pytest.raises(NotFound):
        bulk_actions.shortlist(
            session=session, user=world["recruiter"], application_ids=["1; DROP"], on=True
        )
    with pytest.raises(Invalid) as empty:
        bulk_actions.shortlist(
            session=session, user=world["recruiter"], application_ids=[], on=True
        )
    assert "Select at least one" in empty.value.errors["selection"]
    session.expire_all()
    assert session.get(Application, ann.id).shortlisted_at is None
    assert session.get(Application, ann.id).status == ApplicationStatus.INVITED
    assert session.exec(select(func.count(ApplicationEvent.id))).one() == 0


def test_rejecting_many_skips_the_withdrawn_and_emails_each_once(
    session: Session, world: dict
) -> None:
    ann, ben, cy, di = world["applications"]
    recruiter = world["recruiter"]
    candidate_requests.withdraw(session=session, token=di.token)
    with pytest.raises(Invalid) as no_reason:
        bulk_actions.reject(
            session=session, user=recruiter, application_ids=_ids([ann, ben]), note="  "
        )
    assert "note" in no_reason.value.errors
    result = bulk_actions.reject(
        session=session,
        user=recruiter,
        application_ids=_ids([ann, ben, cy, di]),
        note="Not enough years in support",
    )
    assert [(r.application_id, r.done, r.reason) for r in result.rows] == [
        (ann.id, True, ""),
        (ben.id, True, ""),
        (cy.id, True, ""),
        (di.id, False, "already withdrawn"),
    ]
    assert result.message() == "Rejected 3; 1 skipped: already withdrawn"
    session.expire_all()
    assert [session.get(Application, a.id).status for a in (ann, ben, cy, di)] == [
        ApplicationStatus.DISQUALIFIED,
        ApplicationStatus.DISQUALIFIED,
        ApplicationStatus.DISQUALIFIED,
        ApplicationStatus.WITHDRAWN,
    ]
    rejected = _events(session, "rejected")
    assert {(e.application_id, e.actor_id, e.detail) for e in rejected} == {
        (a.id, recruiter.id, "Not enough years in support") for a in (ann, ben, cy)
    }
    emails = _emails(session, "not_advancing")
    assert sorted(m.application_id for m in emails) == sorted(_ids([ann, ben, cy]))
    # Rejecting again skips them: nobody is told twice.
    again = bulk_actions.reject(
        session=session, user=recruiter, application_ids=_ids([ann, di]), note="Again"
    )
    assert again.done == 0
    assert again.message() == ("Rejected 0; 2 skipped: already rejected (1), already withdrawn (1)")
    assert len(_emails(session, "not_advancing")) == 3


def test_rejecting_without_the_email_sends_none(session: Session, world: dict) -> None:
    ann, ben, _, _ = world["applications"]
    result = bulk_actions.reject(
        session=session,
        user=world["recruiter"],
        application_ids=_ids([ann, ben]),
        note="Position filled",
        notify=False,
    )
    assert result.message() == "Rejected 2"
    session.expire_all()
    assert session.get(Application, ben.id).status == ApplicationStatus.DISQUALIFIED
    assert _emails(session, "not_advancing") == []


def test_reminders_go_only_to_candidates_still_waiting(session: Session, world: dict) -> None:
    ann, ben, cy, di = world["applications"]
    eve = apply(session, world["job"], "Eve")
    recruiter = world["recruiter"]
    journey.start(session=session, token=ben.token)  # in progress
    complete(session, world, cy)
    candidate = session.get(Candidate, di.candidate_id)
    candidate.email_unsubscribed = True
    eve.expires_at = utcnow() - timedelta(hours=1)  # lapsed
    session.commit()
    selection = _ids([ann, ben, cy, di, eve])
    first = bulk_actions.send_reminder(session=session, user=recruiter, application_ids=selection)
    assert {r.application_id: r.reason for r in first.skipped} == {
        cy.id: "the application is completed",
        di.id: "the candidate unsubscribed from reminders",
        eve.id: "the invitation has lapsed",
    }
    assert first.message().startswith("Reminded 2; 3 skipped: ")
    second = bulk_actions.send_reminder(session=session, user=recruiter, application_ids=selection)
    assert second.done == 2
    keys = sorted(m.dedupe_key for m in _emails(session, "reminder"))
    assert keys == sorted(f"reminder:{a.id}:manual:{n}:email" for a in (ann, ben) for n in (1, 2))
    assert {m.to_address for m in _emails(session, "reminder")} == {
        "ann@example.net",
        "ben@example.net",
    }


def test_an_export_of_a_selection_round_trips_through_pandas(session: Session, world: dict) -> None:
    ann, _, cy, _ = world["applications"]
    complete(session, world, cy)
    data = bulk_actions.export_csv(
        session=session, user=world["recruiter"], application_ids=_ids([ann, cy])
    )
    assert data.startswith(b"\xef\xbb\xbf")  # opens in Excel with its accents
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert sorted(frame["Candidate"]) == ["Ann Cruz", "Cy Cruz"]
    assert "Ben Cruz" not in set(frame["Candidate"])
    row = frame.set_index("Email").loc["cy@example.net"]
    overall = score_alerts.overall_score(score_alerts.current_scores(session, cy.id))
    assert row["Overall"] == pytest.approx(overall, abs=0.05)
    assert row["Report URL"].endswith(f"/candidates/{cy.id}")
    assert pd.isna(frame.set_index("Email").loc["ann@example.net"]["Overall"])
