"""Applications as recruiters list them and as candidates reach them by their link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    AttemptStatus,
    Candidate,
    Job,
    Organization,
    Score,
    Stage,
    StageAttempt,
    User,
)
from heymilo_app.services import invitations
from heymilo_app.services.errors import NotFound
from heymilo_app.services.stages import stage_kind


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
    shortlisted: bool = False
    # The ATS's own name for the source, when it gave one.
    source_name: str = ""


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
            shortlisted=application.shortlisted_at is not None,
            source_name=application.source_name,
        )
        for application, candidate, job, stage in rows
    ]


# Where an application stands at one stage of its interview, as the candidate list shows it.
STAGE_STATES = (
    "passed",  # finished and passed (or moved on by a recruiter)
    "failed",  # finished under the pass mark
    "disqualified",  # a dealbreaker failed, or a recruiter rejected the candidate here
    "in_progress",  # the stage the candidate is at now
    "score_pending",  # finished, the score has not come in yet
    "not_reached",  # not reached, or left unfinished
)
STAGE_STATE_WORDS = {
    "passed": "passed",
    "failed": "under the pass mark",
    "disqualified": "disqualified",
    "in_progress": "in progress",
    "score_pending": "score pending",
    "not_reached": "not reached",
}
# Applications whose current stage is still being worked on.
OPEN_STATUSES = (
    ApplicationStatus.INVITED,
    ApplicationStatus.IN_PROGRESS,
    ApplicationStatus.IN_REVIEW,
)


@dataclass(frozen=True)
class StageStatus:
    """One stage of one application, for the candidate list's row of chips."""

    stage_id: int
    label: str
    state: str  # one of STAGE_STATES
    score: float | None  # the current total out of 100, when the stage was scored
    pass_mark: int

    @property
    def description(self) -> str:
        """The chip's accessible text, e.g. "Resume: passed, 82/100 (pass mark 60)"."""
        text = f"{self.label}: {STAGE_STATE_WORDS[self.state]}"
        if self.score is not None:
            text += f", {self.score:.0f}/100 (pass mark {self.pass_mark})"
        return text


def _stage_state(
    attempt_status: str | None, status: str, at_current_stage: bool, started: bool
) -> str:
    """The state of one stage from its attempt and the application's status."""
    if attempt_status in (AttemptStatus.PASSED, AttemptStatus.FAILED, AttemptStatus.DISQUALIFIED):
        return str(attempt_status)
    if attempt_status == AttemptStatus.SCORE_PENDING:
        return "score_pending"
    if not at_current_stage:
        return "not_reached"
    if status == ApplicationStatus.DISQUALIFIED:
        # Rejected by a recruiter while at this stage.
        return "disqualified"
    if status in OPEN_STATUSES and (attempt_status is not None or started):
        return "in_progress"
    return "not_reached"


def stage_statuses(*, session: Session, application_ids: list[int]) -> dict[int, list[StageStatus]]:
    """Each listed application's stages with where it stands at each, in one query.

    The caller has already scoped the ids to the user's organization (they come from
    ``list_applications``).

    Args:
        session: Database session.
        application_ids: The applications of one page of the list.

    Returns:
        Application id to its stages in interview order (missing for no stages).
    """
    found: dict[int, list[StageStatus]] = {}
    if not application_ids:
        return found
    rows = session.exec(
        select(
            Application.id,
            Application.status,
            Application.current_stage_id,
            Application.started_at,
            Stage.id,
            Stage.type,
            Stage.title,
            Stage.pass_threshold,
            StageAttempt.status,
            Score.total,
            Score.criteria,
        )
        .join(
            Stage,
            sa.and_(Stage.interview_id == Application.interview_id, Stage.deleted_at.is_(None)),
        )
        .join(
            StageAttempt,
            sa.and_(
                StageAttempt.application_id == Application.id, StageAttempt.stage_id == Stage.id
            ),
            isouter=True,
        )
        .join(
            Score,
            sa.and_(
                Score.application_id == Application.id,
                Score.stage_id == Stage.id,
                Score.is_current == True,  # noqa: E712 - SQL expression
            ),
            isouter=True,
        )
        .where(Application.id.in_(application_ids))
        .order_by(Application.id, Stage.position, Stage.id)
    ).all()
    for (
        application_id,
        status,
        current_stage_id,
        started_at,
        stage_id,
        stage_type,
        title,
        pass_mark,
        attempt_status,
        total,
        criteria,
    ) in rows:
        stages = found.setdefault(application_id, [])
        if stages and stages[-1].stage_id == stage_id:
            continue  # a second current score of one stage would be a bug; show one
        stages.append(
            StageStatus(
                stage_id=stage_id,
                label=title or stage_kind(stage_type).label,
                state=_stage_state(
                    attempt_status, str(status), current_stage_id == stage_id, bool(started_at)
                ),
                # Stages with nothing scored (a form of facts) show no number.
                score=float(total) if total is not None and criteria else None,
                pass_mark=pass_mark,
            )
        )
    return found


def unsubscribe_target(*, session: Session, token: str) -> tuple[Candidate, Organization]:
    """Whose reminders an unsubscribe link stops (the page asks to confirm first).

    The link carries the application's ``unsubscribe_token``; links in emails sent before it
    had one carry the interview token, which still works here (they act only once confirmed).

    Args:
        session: Database session.
        token: The token of the link.

    Returns:
        The candidate and the organization whose emails they are.

    Raises:
        NotFound: For an unknown token.
    """
    application = _by_unsubscribe_token(session, token)
    candidate = session.get(Candidate, application.candidate_id)
    return candidate, session.get(Organization, candidate.organization_id)


def unsubscribe(*, session: Session, token: str) -> Candidate:
    """Stop reminder emails to the candidate of an unsubscribe link (invitations still work).

    Args:
        session: Database session.
        token: The token of the link (see ``unsubscribe_target``).

    Returns:
        The candidate.

    Raises:
        NotFound: For an unknown token.
    """
    application = _by_unsubscribe_token(session, token)
    candidate = session.get(Candidate, application.candidate_id)
    candidate.email_unsubscribed = True
    session.commit()
    return candidate


def _by_unsubscribe_token(session: Session, token: str) -> Application:
    token = (token or "").strip()
    if not token or len(token) > 200:
        raise NotFound("Unknown link.")
    application = (
        session.exec(select(Application).where(Application.unsubscribe_token == token)).first()
        or session.exec(select(Application).where(Application.token == token)).first()
    )
    if application is None:
        raise NotFound("Unknown link.")
    return application


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
        "interview_url": invitations.candidate_link(application),
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
