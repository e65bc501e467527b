"""Applications as recruiters list them and as candidates reach them by their link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Branding,
    Candidate,
    Interview,
    Job,
    Organization,
    Stage,
    User,
    utcnow,
)
from heymilo_app.services.branding import get_branding
from heymilo_app.services.errors import NotFound
from heymilo_app.services.jobs import interview_stages


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the candidate list."""

    application_id: int
    candidate_name: str
    email: str
    job_id: int
    job_title: str
    status: str
    stage: str
    source: str
    invited_at: datetime | None


def list_applications(
    *, session: Session, user: User, job_id: int | None = None, limit: int = 500
) -> list[ApplicationRow]:
    """List the applications of the user's organization, newest first.

    Args:
        session: Database session.
        user: The acting user.
        job_id: Only this job's applications when given.
        limit: At most this many rows.

    Returns:
        Rows for the candidate list.
    """
    query = (
        select(Application, Candidate, Job, Stage)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .join(Stage, Stage.id == Application.current_stage_id, isouter=True)
        .where(Application.organization_id == user.organization_id)
    )
    if job_id is not None:
        query = query.where(Application.job_id == job_id)
    rows = session.exec(
        query.order_by(Application.created_at.desc(), Application.id.desc()).limit(limit)
    ).all()
    return [
        ApplicationRow(
            application_id=application.id,
            candidate_name=candidate.full_name,
            email=candidate.email,
            job_id=job.id,
            job_title=job.title,
            status=str(application.status),
            stage=(stage.title or str(stage.type)) if stage is not None else "",
            source=str(application.source),
            invited_at=application.invited_at,
        )
        for application, candidate, job, stage in rows
    ]


@dataclass(frozen=True)
class CandidateView:
    """What a candidate's link shows: who is hiring for what, and the stages ahead."""

    application: Application
    candidate: Candidate
    job: Job
    organization: Organization
    branding: Branding
    stages: list[Stage]


class LinkUnavailable(NotFound):
    """The link is known but can no longer be used (expired, withdrawn, finished).

    Args:
        reason: One of "expired", "withdrawn", "finished".
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def view_for_token(*, session: Session, token: str) -> CandidateView:
    """Resolve a candidate's interview link.

    Args:
        session: Database session.
        token: The token from ``/i/{token}``.

    Returns:
        What the candidate's page shows.

    Raises:
        NotFound: For an unknown token.
        LinkUnavailable: For an expired, withdrawn or finished application.
    """
    if not token or len(token) > 64:
        raise NotFound("Unknown interview link.")
    application = session.exec(select(Application).where(Application.token == token)).first()
    if application is None:
        raise NotFound("Unknown interview link.")
    if application.status == ApplicationStatus.WITHDRAWN:
        raise LinkUnavailable("withdrawn")
    if application.status in (ApplicationStatus.COMPLETED, ApplicationStatus.DISQUALIFIED):
        raise LinkUnavailable("finished")
    if application.status == ApplicationStatus.EXPIRED or (
        application.expires_at is not None and application.expires_at <= utcnow()
    ):
        raise LinkUnavailable("expired")
    organization = session.get(Organization, application.organization_id)
    branding = get_branding(session=session, organization_id=organization.id)
    return CandidateView(
        application=application,
        candidate=session.get(Candidate, application.candidate_id),
        job=session.get(Job, application.job_id),
        organization=organization,
        branding=branding,
        stages=interview_stages(
            session=session, interview=session.get(Interview, application.interview_id)
        ),
    )


def unsubscribe(*, session: Session, token: str) -> Candidate:
    """Stop reminder emails to the candidate of an interview link (invitations still work).

    Args:
        session: Database session.
        token: The token from the email's unsubscribe link.

    Returns:
        The candidate.

    Raises:
        NotFound: For an unknown token.
    """
    application = session.exec(select(Application).where(Application.token == token)).first()
    if application is None or not token:
        raise NotFound("Unknown link.")
    candidate = session.get(Candidate, application.candidate_id)
    candidate.email_unsubscribed = True
    session.commit()
    return candidate
