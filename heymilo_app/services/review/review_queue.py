"""What waits for a recruiter on a job: applications in review, and candidates' requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from heymilo_app.models import (
    Accommodation,
    Application,
    ApplicationStatus,
    Candidate,
    Stage,
    User,
)
from heymilo_app.services.jobs.jobs import get_job

ACCOMMODATION_LABELS = {
    "more_time": "More time",
    "text_instead_of_voice": "Text instead of voice",
    "other": "Other",
}


@dataclass(frozen=True)
class ReviewItem:
    """An application waiting for a recruiter's decision."""

    application_id: int
    name: str
    email: str
    stage: str
    reason: str
    # True when the candidate asked for a review of an automatic disqualification.
    candidate_asked: bool
    since: datetime | None


@dataclass(frozen=True)
class RequestItem:
    """A candidate's request for an adjustment, not answered yet."""

    accommodation_id: int
    application_id: int
    name: str
    kind: str
    details: str
    created_at: datetime


def in_review(*, session: Session, user: User, job_id: int) -> list[ReviewItem]:
    """A job's applications waiting for a decision, oldest first.

    Args:
        session: Database session.
        user: The acting user (any role reads).
        job_id: The job.

    Returns:
        The queue.

    Raises:
        NotFound: When the job is not the user's organization's.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    rows = session.exec(
        select(Application, Candidate, Stage)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Stage, Stage.id == Application.current_stage_id, isouter=True)
        .where(Application.job_id == job.id, Application.status == ApplicationStatus.IN_REVIEW)
        .order_by(Application.id)
    ).all()
    return [
        ReviewItem(
            application_id=application.id,
            name=candidate.full_name,
            email=candidate.email,
            stage=(stage.title or str(stage.type).capitalize()) if stage else "",
            reason=application.outcome_reason,
            candidate_asked=application.review_requested_at is not None,
            since=application.review_requested_at or application.stage_entered_at,
        )
        for application, candidate, stage in rows
    ]


def open_requests(*, session: Session, user: User, job_id: int) -> list[RequestItem]:
    """A job's unanswered accommodation requests, oldest first.

    Args:
        session: Database session.
        user: The acting user.
        job_id: The job.

    Returns:
        The requests.

    Raises:
        NotFound: When the job is not the user's organization's.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    rows = session.exec(
        select(Accommodation, Application, Candidate)
        .join(Application, Application.id == Accommodation.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Application.job_id == job.id, Accommodation.status == "requested")
        .order_by(Accommodation.id)
    ).all()
    return [
        RequestItem(
            accommodation_id=request.id,
            application_id=application.id,
            name=candidate.full_name,
            kind=ACCOMMODATION_LABELS.get(request.kind, request.kind),
            details=request.details,
            created_at=request.created_at,
        )
        for request, application, candidate in rows
    ]
