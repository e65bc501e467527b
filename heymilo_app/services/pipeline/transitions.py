"""The state machine: an attempt claimed once, a finished stage decided (advance, disqualify
or send to review), the move to the next stage, and entering a stage.

These change the application and its attempts only; the messages and events a transition
sends (webhooks, alerts, the next stage's announcement) are ``effects.after_transition``'s.

Rules:

- Finishing is claimed with one conditional UPDATE on the attempt, so of two racing
  submissions exactly one records the stage.
- Scoring happens outside the database transaction (a model may take seconds): the attempt is
  claimed and committed first, then scored, then decided. A score that cannot be had (the
  model failed twice) leaves the stage "score pending" (``rescoring.rescore_pending`` tries
  again later) and the candidate moves on by the dealbreakers alone.
- Dealbreakers decide by rules (``services/stages/dealbreakers.py``): a failed ``disqualify``
  rule disqualifies at that stage; a failed ``review`` rule puts the application in the review
  queue. A score under the stage's pass mark also goes to review: the AI never rejects anyone
  on its own judgment; a person decides.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    AttemptStatus,
    Interview,
    Stage,
    StageAttempt,
    utcnow,
)
from heymilo_app.services.jobs.jobs import interview_stages
from heymilo_app.services.pipeline import scores
from heymilo_app.services.pipeline.records import (
    Finished,
    Refused,
    attempt_of,
    open_attempt,
    record_event,
)
from heymilo_app.services.scoring import scoring
from heymilo_app.services.scoring.scoring import Scorer
from heymilo_app.services.stages import dealbreakers


def claim(session: Session, attempt: StageAttempt) -> None:
    """Mark the attempt finished, once: a second submission finds it taken and is refused.

    Args:
        session: Database session (committed).
        attempt: The attempt.

    Raises:
        Refused: When it was already finished.
    """
    now = utcnow()
    result = session.execute(
        sa.update(StageAttempt)
        .where(StageAttempt.id == attempt.id, StageAttempt.finished_at.is_(None))
        .values(finished_at=now)
    )
    if result.rowcount != 1:
        session.rollback()
        raise Refused("This stage is already finished.")
    session.commit()
    session.refresh(attempt)


def finish(
    session: Session,
    application: Application,
    stage: Stage,
    attempt: StageAttempt,
    material: scoring.Material,
    failures: list[dealbreakers.Failure],
    *,
    scorer: Scorer | None = None,
) -> Finished:
    """Finish a stage: claim it, score it, then advance, disqualify or send to review.

    Scoring happens outside the database transaction (a model may take seconds): the attempt
    is claimed and committed first, then scored, then decided. A score that cannot be had
    leaves the stage "score pending" and the candidate moves on by the dealbreakers alone.

    Args:
        session: Database session.
        application: The application.
        stage: The current stage.
        attempt: Its attempt.
        material: What the scorer reads.
        failures: The dealbreakers the answers failed.
        scorer: The scorer; the configured one by default.

    Returns:
        What finishing did (the caller runs ``effects.after_transition``).

    Raises:
        Refused: When the stage was already finished.
    """
    rubric = list(stage.rubric or [])  # read before the claim commits (see scores.score)
    claim(session, attempt)  # commits: scoring below holds no lock
    result = scores.score(rubric, material, scorer=scorer)
    application = session.get(Application, application.id)
    session.refresh(application)
    score = None
    if result is not None:
        score = scores.score_row(application, stage, attempt, result, failures)
        session.add(score)
    disqualifying = [f for f in failures if f.action == dealbreakers.DISQUALIFY]
    to_review = [f for f in failures if f.action == dealbreakers.REVIEW]
    below = score is not None and bool(stage.rubric) and not score.passed
    if disqualifying:
        attempt.status = AttemptStatus.DISQUALIFIED
    elif result is None:
        attempt.status = AttemptStatus.SCORE_PENDING
    else:
        attempt.status = AttemptStatus.FAILED if below else AttemptStatus.PASSED
    record_event(
        session,
        application,
        "stage_finished",
        stage_id=stage.id,
        detail=f"{attempt.status}"
        + (f", {score.total:g}/100 by {score.scorer}" if score else ", score pending"),
    )
    entered = None
    if disqualifying:
        application.status = ApplicationStatus.DISQUALIFIED
        application.finished_at = utcnow()
        application.outcome_reason = "; ".join(f.requirement for f in disqualifying)
        record_event(
            session,
            application,
            "disqualified",
            stage_id=stage.id,
            detail=application.outcome_reason,
        )
    elif to_review or below:
        application.status = ApplicationStatus.IN_REVIEW
        application.outcome_reason = (
            "; ".join(f.requirement for f in to_review)
            if to_review
            else f"Scored {score.total:g}, under the pass mark of {stage.pass_threshold}."
        )
        record_event(
            session, application, "review", stage_id=stage.id, detail=application.outcome_reason
        )
    else:
        entered = advance(session, application, stage)
    return Finished(stage=stage, attempt=attempt, score=score, failures=failures, entered=entered)


def advance(session: Session, application: Application, stage: Stage) -> Stage | None:
    """Move to the stage after ``stage``, or finish the interview.

    Args:
        session: Database session.
        application: The application.
        stage: The stage it moves on from.

    Returns:
        The stage entered, or None when the interview is complete.
    """
    stages = interview_stages(
        session=session, interview=session.get(Interview, application.interview_id)
    )
    ids = [s.id for s in stages]
    index = ids.index(stage.id) if stage.id in ids else len(ids) - 1
    if index + 1 >= len(stages):
        application.status = ApplicationStatus.COMPLETED
        application.finished_at = utcnow()
        record_event(session, application, "completed")
        return None
    following = stages[index + 1]
    application.status = ApplicationStatus.IN_PROGRESS
    application.current_stage_id = following.id
    enter(session, application, following)
    return following


def enter(session: Session, application: Application, stage: Stage) -> None:
    """Open a stage: its attempt and the clock reminders count from (its conductor announces
    it, in ``effects.after_transition``).

    Args:
        session: Database session.
        application: The application.
        stage: The stage it enters.
    """
    application.stage_entered_at = utcnow()
    if attempt_of(session, application, stage.id) is None:
        open_attempt(session, application, stage)
    record_event(session, application, "entered", stage_id=stage.id)
