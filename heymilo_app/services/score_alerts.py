"""Overall scores, and score alerts: a recruiter is emailed when a candidate finishes high.

The overall score of an application is the mean of its current scored stages' totals (stages
with no rubric criteria do not count). It is kept on the application
(``Application.overall_score``), and each score's criteria without their evidence on the
score (``Score.criteria_scores``), by two session events below: every flush that adds,
changes or deletes a Score recomputes them, whoever wrote it (the engine, a rescore, the demo,
a test). The dashboard sorts, ranks and averages by these columns instead of reading every
score's JSON (benchmarks/dashboard.py). Writes that bypass the ORM (the migration that added
the columns, the benchmark's bulk seed) fill them the same way with ``criteria_profile`` and
``mean_total``.

An alert is one recruiter's wish for one job (``ScoreAlert``). When an application completes
its interview, or a pending score of a completed one comes in, its overall score is compared
with every alert of its job; each alert emails its recruiter at most once per application
(the outbox's dedupe key), through the same outbox as every other message.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
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
from heymilo_app.services import outbox
from heymilo_app.services.access import require_recruiter
from heymilo_app.services.errors import Invalid
from heymilo_app.services.jobs import get_job
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


def mean_total(totals: list[float]) -> float | None:
    """The overall score's rule on scored stages' totals: their mean to one decimal.

    Args:
        totals: The totals of the stages that were scored.

    Returns:
        The mean, or None for no totals.
    """
    return round(sum(totals) / len(totals), 1) if totals else None


def criteria_profile(criteria: list[dict[str, Any]] | None) -> str:
    """A score's criteria without their evidence, as stored in ``Score.criteria_scores``.

    Args:
        criteria: The score's criteria, [{"name", "weight", "score", "evidence"}].

    Returns:
        JSON text [[name, score], ...] in the criteria's order; "[]" for none.
    """
    return json.dumps(
        [[c.get("name"), c.get("score")] for c in criteria or [] if isinstance(c, dict)],
        ensure_ascii=False,
    )


_TOUCHED = "score_alerts.touched_applications"


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _keep_criteria_profiles(session: sa.orm.Session, _context: Any, _instances: Any) -> None:
    """Before a flush: fill each written score's profile, and note its application."""
    touched = session.info.setdefault(_TOUCHED, set())
    for item in (*session.new, *session.dirty):
        if isinstance(item, Score):
            profile = criteria_profile(item.criteria)
            if item.criteria_scores != profile:
                item.criteria_scores = profile
            touched.add(item.application_id)
    for item in session.deleted:
        if isinstance(item, Score):
            touched.add(item.application_id)


@sa.event.listens_for(sa.orm.Session, "after_flush_postexec")
def _keep_overall_scores(session: sa.orm.Session, _context: Any) -> None:
    """After a flush that wrote scores: recompute those applications' overall scores."""
    touched = {i for i in session.info.pop(_TOUCHED, ()) if i is not None}
    if not touched:
        return
    connection = session.connection()
    table = Application.__table__
    scores = Score.__table__
    totals: dict[int, list[float]] = defaultdict(list)
    for application_id, total in connection.execute(
        sa.select(scores.c.application_id, scores.c.total).where(
            scores.c.application_id.in_(sorted(touched)),
            scores.c.is_current == sa.true(),
            scores.c.criteria_scores != "[]",
        )
    ):
        totals[application_id].append(float(total))
    connection.execute(
        table.update()
        .where(table.c.id == sa.bindparam("application_id"))
        .values(overall_score=sa.bindparam("overall")),
        [{"application_id": i, "overall": mean_total(totals.get(i, []))} for i in touched],
    )
    for item in list(session.identity_map.values()):
        if isinstance(item, Application) and item.id in touched:
            session.expire(item, ["overall_score"])


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
