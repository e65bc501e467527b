"""Where an application stands at each stage of its interview, as the candidate list's
row of chips shows it."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    AttemptStatus,
    Score,
    Stage,
    StageAttempt,
)
from heymilo_app.services.stages.kinds import stage_kind

# Where an application stands at one stage of its interview, as the candidate list shows it.
STAGE_STATES = (
    "passed",  # finished and passed (or moved on by a recruiter)
    "failed",  # finished under the pass mark
    "disqualified",  # a dealbreaker failed
    "rejected",  # a recruiter rejected the candidate while at this stage
    "in_progress",  # the stage the candidate is at now
    "score_pending",  # finished, the score has not come in yet
    "not_reached",  # not reached, or left unfinished
)
STAGE_STATE_WORDS = {
    "passed": "passed",
    "failed": "under the pass mark",
    "disqualified": "disqualified",
    "rejected": "rejected",
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
        # Rejected by a recruiter while at this stage (a rule marks the attempt itself).
        return "rejected"
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
