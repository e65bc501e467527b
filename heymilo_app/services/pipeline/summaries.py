"""An application as the ATS API and the outbound webhooks report it."""

from __future__ import annotations

from sqlmodel import Session, select

from heymilo_app.models import Application, Candidate, Job, Score, Stage
from heymilo_app.services.pipeline import links


def summary(*, session: Session, application: Application) -> dict:
    """An application as the ATS API and the outbound webhooks report it.

    Args:
        session: Database session.
        application: The application.

    Returns:
        JSON-ready: status, job, candidate, current stage, current scores, dates (with when
        a recruiter shortlisted it, if they did).
    """
    stage = (
        session.get(Stage, application.current_stage_id) if application.current_stage_id else None
    )
    job = session.get(Job, application.job_id)
    candidate = session.get(Candidate, application.candidate_id)
    scores = session.exec(
        select(Score, Stage)
        .join(Stage, Stage.id == Score.stage_id)
        .where(
            Score.application_id == application.id,
            Score.is_current == True,  # noqa: E712
        )
        .order_by(Stage.position)
    ).all()
    return {
        "application_id": application.id,
        "external_id": application.external_id,
        "source": str(application.source),
        "source_name": application.source_name,
        "status": str(application.status),
        "interview_url": links.candidate_link(application),
        "job": {"id": job.id, "slug": job.slug, "title": job.title},
        "candidate": {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "email": candidate.email,
        },
        "current_stage": (
            {"id": stage.id, "type": str(stage.type), "title": stage.title} if stage else None
        ),
        "scores": [
            {
                "stage_id": s.id,
                "stage": s.title,
                "total": score.total,
                "passed": score.passed,
                "dealbreaker_passed": score.dealbreaker_passed,
                "scorer": score.scorer,
            }
            for score, s in scores
        ],
        "invited_at": application.invited_at.isoformat() if application.invited_at else None,
        "expires_at": application.expires_at.isoformat() if application.expires_at else None,
        "finished_at": application.finished_at.isoformat() if application.finished_at else None,
        "shortlisted_at": (
            application.shortlisted_at.isoformat() if application.shortlisted_at else None
        ),
    }
