"""Jobs of an organization, always read and changed through the acting user's organization."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    Interview,
    InterviewStatus,
    Job,
    JobStatus,
    Question,
    Stage,
    User,
    utcnow,
)
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.common.text import random_suffix, slugify


@dataclass(frozen=True)
class JobSummary:
    """A job with its candidate counts per application status, for lists."""

    job: Job
    counts: dict[str, int]
    # The interview's versions: "live" (published), "draft" (never published), "live_draft"
    # (published, with a draft of changes), "" (none yet).
    interview: str = ""

    @property
    def total(self) -> int:
        """All applications of the job."""
        return sum(self.counts.values())


def list_jobs(*, session: Session, user: User, include_archived: bool = False) -> list[JobSummary]:
    """List the jobs of the user's organization with candidate counts per status.

    Args:
        session: Database session.
        user: The acting user.
        include_archived: Whether archived jobs are listed too.

    Returns:
        Newest first.
    """
    query = select(Job).where(Job.organization_id == user.organization_id)
    if not include_archived:
        query = query.where(Job.status != JobStatus.ARCHIVED)
    jobs = session.exec(query.order_by(Job.created_at.desc(), Job.id.desc())).all()
    counts: dict[int, dict[str, int]] = {job.id: {} for job in jobs}
    if jobs:
        rows = session.exec(
            select(Application.job_id, Application.status, func.count(Application.id))
            .where(Application.organization_id == user.organization_id)
            .group_by(Application.job_id, Application.status)
        ).all()
        for job_id, status, count in rows:
            if job_id in counts:
                counts[job_id][str(status)] = count
    versions: dict[int, set[str]] = {job.id: set() for job in jobs}
    if jobs:
        for job_id, status in session.exec(
            select(Interview.job_id, Interview.status)
            .join(Job, Job.id == Interview.job_id)
            .where(Job.organization_id == user.organization_id)
            .distinct()
        ).all():
            if job_id in versions:
                versions[job_id].add(str(status))
    return [
        JobSummary(job=job, counts=counts[job.id], interview=_versions(versions[job.id]))
        for job in jobs
    ]


def _versions(statuses: set[str]) -> str:
    live = InterviewStatus.PUBLISHED.value in statuses
    draft = InterviewStatus.DRAFT.value in statuses
    return "live_draft" if live and draft else "live" if live else "draft" if draft else ""


def get_job(*, session: Session, user: User, job_id: int | str) -> Job:
    """Read one job of the user's organization.

    Args:
        session: Database session.
        user: The acting user.
        job_id: The job's id (a string from a URL is accepted).

    Returns:
        The job.

    Raises:
        NotFound: When there is no such job in the user's organization.
    """
    try:
        job_pk = int(job_id)
    except (TypeError, ValueError):
        raise NotFound("No such job.") from None
    job = session.get(Job, job_pk)
    if job is None or job.organization_id != user.organization_id:
        raise NotFound("No such job.")
    return job


def create_job(
    *,
    session: Session,
    user: User,
    title: str,
    location: str = "",
    description: str = "",
    requirements: str = "",
) -> Job:
    """Create a job in the user's organization.

    Args:
        session: Database session.
        user: The acting recruiter.
        title: Job title (required).
        location: Where the job is.
        description: What the job is.
        requirements: What candidates need.

    Returns:
        The new job.

    Raises:
        PermissionDenied: For hiring managers.
        Invalid: When the title is empty or too long.
    """
    require_recruiter(user)
    title = (title or "").strip()
    if not title:
        raise Invalid({"title": "Give the job a title."})
    if len(title) > 200:
        raise Invalid({"title": "Keep the title under 200 characters."})
    job = Job(
        organization_id=user.organization_id,
        title=title,
        slug=f"{slugify(title, max_length=100)}-{random_suffix()}",
        location=(location or "").strip()[:200],
        description=(description or "").strip(),
        requirements=(requirements or "").strip(),
    )
    session.add(job)
    session.commit()
    return job


def published_interview(*, session: Session, job: Job) -> Interview | None:
    """Return the newest published version of a job's interview.

    Args:
        session: Database session.
        job: The job.

    Returns:
        The interview, or None when nothing is published.
    """
    return session.exec(
        select(Interview)
        .where(Interview.job_id == job.id, Interview.status == InterviewStatus.PUBLISHED)
        .order_by(Interview.version.desc())
    ).first()


def stages_of(session: Session, interview_id: int) -> list[Stage]:
    """The live (not deleted) stages of an interview version, in order.

    Args:
        session: Database session.
        interview_id: The interview version.

    Returns:
        Stages by position.
    """
    return list(
        session.exec(
            select(Stage)
            .where(Stage.interview_id == interview_id, Stage.deleted_at.is_(None))
            .order_by(Stage.position, Stage.id)
        ).all()
    )


def questions_of(session: Session, stage_id: int) -> list[Question]:
    """The live (not deleted) questions of a stage, in order.

    Args:
        session: Database session.
        stage_id: The stage.

    Returns:
        Questions by position.
    """
    return list(
        session.exec(
            select(Question)
            .where(Question.stage_id == stage_id, Question.deleted_at.is_(None))
            .order_by(Question.position, Question.id)
        ).all()
    )


def questions_by_stage(session: Session, stages: list[Stage]) -> dict[int, list[Question]]:
    """The live questions of several stages at once (one query), in order.

    Args:
        session: Database session.
        stages: The stages.

    Returns:
        Stage id to its questions by position; every stage has an entry.
    """
    found: dict[int, list[Question]] = {stage.id: [] for stage in stages}
    if not found:
        return found
    for question in session.exec(
        select(Question)
        .where(Question.stage_id.in_(list(found)), Question.deleted_at.is_(None))
        .order_by(Question.stage_id, Question.position, Question.id)
    ).all():
        found[question.stage_id].append(question)
    return found


def interview_stages(*, session: Session, interview: Interview) -> list[Stage]:
    """Return the stages of an interview in order.

    Args:
        session: Database session.
        interview: The interview version.

    Returns:
        Stages by position.
    """
    return stages_of(session, interview.id)


JOB_FIELDS = ("title", "location", "description", "requirements", "sms_invitations")


def update_job(*, session: Session, user: User, job_id: int | str, **changes: object) -> Job:
    """Change a job's details; everything is checked before anything is saved.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job.
        **changes: Any of title, location, description, requirements, sms_invitations.

    Returns:
        The job.

    Raises:
        Invalid: With a message per field.
    """
    require_recruiter(user)
    job = get_job(session=session, user=user, job_id=job_id)
    unknown = set(changes) - set(JOB_FIELDS)
    if unknown:
        raise Invalid({name: "This field does not exist." for name in sorted(unknown)})
    values: dict[str, object] = {}
    if "title" in changes:
        title = str(changes["title"] or "").strip()
        if not title:
            raise Invalid({"title": "Give the job a title."})
        if len(title) > 200:
            raise Invalid({"title": "Keep the title under 200 characters."})
        values["title"] = title
    if "location" in changes:
        location = str(changes["location"] or "").strip()
        if len(location) > 200:
            raise Invalid({"location": "Keep the location under 200 characters."})
        values["location"] = location
    for name in ("description", "requirements"):
        if name in changes:
            text = str(changes[name] or "").strip()
            if len(text) > 20000:
                raise Invalid({name: "Keep this under 20,000 characters."})
            values[name] = text
    if "sms_invitations" in changes:
        values["sms_invitations"] = bool(changes["sms_invitations"])
    for name, value in values.items():
        setattr(job, name, value)
    job.updated_at = utcnow()
    session.commit()
    return job


def set_archived(*, session: Session, user: User, job_id: int | str, archived: bool) -> Job:
    """Archive a job (hidden from the list, no new candidates) or bring it back.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job.
        archived: True to archive, False to reopen.

    Returns:
        The job.
    """
    require_recruiter(user)
    job = get_job(session=session, user=user, job_id=job_id)
    job.status = JobStatus.ARCHIVED if archived else JobStatus.OPEN
    job.updated_at = utcnow()
    session.commit()
    return job
