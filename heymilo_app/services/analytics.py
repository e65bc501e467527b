"""Numbers about an organization's pipeline, for the dashboard."""

from __future__ import annotations

from sqlmodel import Session, func, select

from heymilo_app.models import Application, ApplicationStatus, Job, JobStatus, User


def status_counts(*, session: Session, user: User) -> dict[str, int]:
    """Count the organization's applications per status (every status present, zero or not).

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        Status value to count.
    """
    counts = {status.value: 0 for status in ApplicationStatus}
    rows = session.exec(
        select(Application.status, func.count(Application.id))
        .where(Application.organization_id == user.organization_id)
        .group_by(Application.status)
    ).all()
    for status, count in rows:
        counts[str(status)] = count
    return counts


def open_job_count(*, session: Session, user: User) -> int:
    """Count the organization's open jobs.

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        Number of jobs not archived.
    """
    return session.exec(
        select(func.count(Job.id)).where(
            Job.organization_id == user.organization_id, Job.status == JobStatus.OPEN
        )
    ).one()
