"""Stages scored again: a recruiter's rescore by the scorer configured now, and the stages
left "score pending" (the model was down) scored by the worker once it answers.

A model may take seconds: each scoring happens outside any transaction (on SQLite a writer
session would hold the database's write lock all that time); what it needs is read first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    AttemptStatus,
    Job,
    Score,
    Stage,
    StageAttempt,
    User,
    utcnow,
)
from heymilo_app.services.common.access import owned_application, require_recruiter
from heymilo_app.services.pipeline import effects, scores
from heymilo_app.services.pipeline.conductors import conductor_for
from heymilo_app.services.pipeline.records import Refused, attempt_of, record_event, stage_of
from heymilo_app.services.scoring.scoring import Scorer


@dataclass(frozen=True)
class Rescored:
    """A stage scored again: the score it had and the one it has now."""

    previous: Score | None
    current: Score


def rescore_stage(
    *,
    session: Session,
    user: User,
    application_id: int,
    stage_id: int,
    scorer: Scorer | None = None,
) -> Rescored:
    """A recruiter has a finished stage scored again by the scorer configured now.

    The old score is kept (no longer current) so the report can show what changed; the
    application's status does not move: the score informs, a person decides.

    Args:
        session: Database session.
        user: The acting recruiter.
        application_id: The application.
        stage_id: The stage to score again.
        scorer: The scorer; the configured one by default.

    Returns:
        The previous score (None if it had none) and the new one.

    Raises:
        Refused: When the stage is not finished, or the scorer does not answer.
        NotFound: When the application or stage is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    application = owned_application(session, user, application_id)
    attempt = attempt_of(session, application, int(stage_id))
    if attempt is None or attempt.finished_at is None:
        raise Refused("This stage is not finished yet; there is nothing to score.", "stage")
    stage = stage_of(session, attempt.stage_id)
    job = session.get(Job, application.job_id)
    judged = conductor_for(stage).judged(session, job, stage, attempt.answers or {})
    rubric = list(stage.rubric or [])
    # A model may take seconds: score outside any transaction (on SQLite a writer session
    # would hold the database's write lock all that time), then read again and write.
    session.commit()
    result = scores.score(rubric, judged.material, scorer=scorer)
    if result is None:
        raise Refused("The scorer did not answer; try again in a minute.", "stage")
    application = owned_application(session, user, application_id)
    attempt = attempt_of(session, application, stage.id)
    session.refresh(attempt)
    previous = _current_score(session, application.id, stage.id)
    failures = list(previous.dealbreaker_failures) if previous else []
    current = scores.score_row(application, stage, attempt, result, failures=[])
    current.dealbreaker_passed = previous.dealbreaker_passed if previous else True
    current.dealbreaker_failures = failures
    if previous is not None:
        previous.is_current = False
        session.add(previous)
    session.add(current)
    if attempt.status == AttemptStatus.SCORE_PENDING:
        attempt.status = AttemptStatus.PASSED if current.passed else AttemptStatus.FAILED
    before = f"{previous.total:g} by {previous.scorer}" if previous else "no score"
    record_event(
        session,
        application,
        "rescored",
        stage_id=stage.id,
        actor=user,
        detail=f"{before} → {current.total:g} by {current.scorer}",
    )
    effects.after_transition(session, application, moved=False)
    session.refresh(current)
    if previous is not None:
        session.refresh(previous)
    return Rescored(previous=previous, current=current)


def _current_score(session: Session, application_id: int, stage_id: int) -> Score | None:
    """The current score of an application's stage, if it has one."""
    return session.exec(
        select(Score)
        .where(
            Score.application_id == application_id,
            Score.stage_id == stage_id,
            Score.is_current == True,  # noqa: E712
        )
        .order_by(Score.id.desc())
    ).first()


# How long a worker's claim on a pending score holds before another worker may take it.
SCORE_LEASE = timedelta(minutes=10)


def rescore_pending(*, session: Session, limit: int = 20, scorer: Scorer | None = None) -> int:
    """Score stages left "score pending", now that the scorer may answer again.

    The candidate has already moved on by the dealbreakers; the score is recorded for the
    recruiter (a score under the pass mark is shown as such, it does not pull anyone back).

    Args:
        session: Database session.
        limit: At most this many per call.
        scorer: The scorer; the configured one by default.

    Returns:
        How many were scored.
    """
    now = utcnow()
    free = sa.or_(
        StageAttempt.score_claimed_at.is_(None),
        StageAttempt.score_claimed_at < now - SCORE_LEASE,
    )
    ids = session.exec(
        select(StageAttempt.id)
        .where(StageAttempt.status == AttemptStatus.SCORE_PENDING, free)
        .order_by(StageAttempt.id)
        .limit(limit)
    ).all()
    session.commit()
    done = 0
    for attempt_id in ids:
        # Claimed one at a time, atomically: a second worker finds it taken and moves on.
        taken = session.execute(
            sa.update(StageAttempt)
            .where(
                StageAttempt.id == attempt_id,
                StageAttempt.status == AttemptStatus.SCORE_PENDING,
                free,
            )
            .values(score_claimed_at=utcnow())
        )
        session.commit()
        if taken.rowcount != 1:
            continue
        attempt = session.get(StageAttempt, attempt_id)
        stage = session.get(Stage, attempt.stage_id)
        application = session.get(Application, attempt.application_id)
        job = session.get(Job, application.job_id)
        judged = conductor_for(stage).judged(session, job, stage, attempt.answers or {})
        failures = judged.failures
        rubric = list(stage.rubric or [])
        # Score outside any transaction (see rescore_stage), one attempt at a time.
        session.commit()
        result = scores.score(rubric, judged.material, scorer=scorer)
        attempt = session.get(StageAttempt, attempt_id)
        session.refresh(attempt)
        if result is None:
            attempt.score_claimed_at = None  # still pending: free for the next pass
            session.commit()
            continue
        if attempt.status != AttemptStatus.SCORE_PENDING:
            continue  # scored meanwhile (a recruiter's rescore)
        attempt.score_claimed_at = None
        application = session.get(Application, attempt.application_id)
        score = scores.score_row(application, stage, attempt, result, failures)
        session.add(score)
        attempt.status = AttemptStatus.PASSED if score.passed else AttemptStatus.FAILED
        record_event(
            session, application, "rescored", stage_id=stage.id, detail=f"{result.total:g}"
        )
        effects.after_transition(session, application, moved=False)
        done += 1
    session.commit()
    return done
