"""Overall scores, and score alerts: a recruiter is emailed when a candidate finishes high.

The overall score of an application is the mean of its current scored stages' totals (stages
with no rubric criteria do not count). It is kept on the application
(``Application.overall_score``), and each score's criteria without their evidence on the
score (``Score.criteria_scores``), by the session events of ``models/derived.py`` that the
database layer installs: every flush that adds, changes or deletes a Score recomputes them,
whoever wrote it (the engine, a rescore, the demo, a test).

An alert is one recruiter's wish for one job (``ScoreAlert``). When an application completes
its interview, or a pending score of a completed one comes in, its overall score is compared
with every alert of its job; each alert emails its recruiter at most once per application
(the outbox's dedupe key), through the same outbox as every other message.
"""

from __future__ import annotations

from sqlmodel import Session, select

from heymilo_app import routes
from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Channel,
    Job,
    Organization,
    Score,
    ScoreAlert,
    User,
)
from heymilo_app.models.derived import mean_total
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.messaging import outbox
from heymilo_app.settings import get_settings


def overall_score(scores: list[Score]) -> float | None:
    """The overall score of an application: the mean of its scored stages' totals.

    Stages with nothing scored (no rubric criteria, such as a form of facts) do not count.

    Args:
        scores: The application's current scores.

    Returns:
        The mean, to one decimal, or None when no stage was scored.
    """
    return mean_total([s.total for s in scores if s.criteria])


def current_scores(session: Session, application_id: int) -> list[Score]:
    """The current score of each stage of an application.

    Args:
        session: Database session.
        application_id: The application.

    Returns:
        The scores, oldest stage first.
    """
    return list(
        session.exec(
            select(Score)
            .where(Score.application_id == application_id, Score.is_current == True)  # noqa: E712
            .order_by(Score.id)
        ).all()
    )


def get_alert(*, session: Session, user: User, job_id: int) -> int | None:
    """The score above which the user is emailed for a job, if they asked.

    Args:
        session: Database session.
        user: The acting user.
        job_id: The job.

    Returns:
        The minimum overall score, or None.
    """
    alert = session.exec(
        select(ScoreAlert).where(ScoreAlert.user_id == user.id, ScoreAlert.job_id == job_id)
    ).first()
    return alert.min_score if alert else None


def set_alert(*, session: Session, user: User, job_id: int, min_score: str | int | None) -> None:
    """Ask to be emailed when a candidate of a job finishes at or above a score, or stop.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job (of the user's organization).
        min_score: 1-100, or None / "" to stop the alerts.

    Raises:
        Invalid: When the score is not a whole number from 1 to 100.
        NotFound: When the job is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    job = get_job(session=session, user=user, job_id=job_id)
    alert = session.exec(
        select(ScoreAlert).where(ScoreAlert.user_id == user.id, ScoreAlert.job_id == job.id)
    ).first()
    if min_score in (None, ""):
        if alert is not None:
            session.delete(alert)
            session.commit()
        return
    try:
        value = int(str(min_score).strip())
    except ValueError:
        raise Invalid({"min_score": "Enter a whole number from 1 to 100."}) from None
    if not 1 <= value <= 100:
        raise Invalid({"min_score": "Enter a whole number from 1 to 100."})
    alert = alert or ScoreAlert(user_id=user.id, job_id=job.id)
    alert.min_score = value
    session.add(alert)
    session.commit()


def notify_finished(*, session: Session, application: Application) -> int:
    """Queue the score alerts a completed application earns (the caller commits).

    Args:
        session: Database session.
        application: The application.

    Returns:
        How many alert emails were queued (or were already queued).
    """
    if application.status != ApplicationStatus.COMPLETED:
        return 0
    session.flush()
    overall = overall_score(current_scores(session, application.id))
    if overall is None:
        return 0
    rows = session.exec(
        select(ScoreAlert, User)
        .join(User, User.id == ScoreAlert.user_id)
        .where(
            ScoreAlert.job_id == application.job_id,
            ScoreAlert.min_score <= overall,
            User.is_active == True,  # noqa: E712
            User.organization_id == application.organization_id,
        )
    ).all()
    if not rows:
        return 0
    job = session.get(Job, application.job_id)
    candidate = session.get(Candidate, application.candidate_id)
    organization = session.get(Organization, application.organization_id)
    settings = get_settings()
    link = settings.public_base_url.rstrip("/") + routes.candidate_report(application.id)
    for alert, user in rows:
        outbox.enqueue(
            session=session,
            organization_id=application.organization_id,
            application_id=application.id,
            channel=Channel.EMAIL,
            kind="score_alert",
            to_address=user.email,
            subject=f"{candidate.full_name} scored {overall:g} for {job.title}",
            body=(
                f"Hi {user.full_name},\n\n{candidate.full_name} finished the interview for "
                f"{job.title} with an overall score of {overall:g}/100, at or above the "
                f"{alert.min_score} you asked to hear about.\n\nRead the report: {link}\n\n"
                f"To stop these emails, clear the score alert on the job's page.\n\n"
                f"{organization.name} · Open Interview"
            ),
            payload={"from_email": settings.email_from, "from_name": organization.name},
            dedupe_key=f"score_alert:{alert.id}:{application.id}",
        )
    return len(rows)
