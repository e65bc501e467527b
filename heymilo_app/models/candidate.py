"""Candidates, their applications, and what happened at each stage."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from heymilo_app.models.base import (
    ApplicationSource,
    ApplicationStatus,
    AttemptStatus,
    utcnow,
)


def new_application_token() -> str:
    """Return an unguessable interview link token (256 random bits, URL-safe).

    Returns:
        A 43-character token.
    """
    return secrets.token_urlsafe(32)


class Candidate(SQLModel, table=True):
    """A person applying to one or more jobs of an organization."""

    __table_args__ = (sa.UniqueConstraint("organization_id", "email"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    first_name: str = Field(max_length=120)
    last_name: str = Field(default="", max_length=120)
    email: str = Field(max_length=320)
    # E.164 phone number, or empty.
    phone: str = Field(default="", max_length=20)
    sms_opt_out: bool = False
    email_unsubscribed: bool = False
    # IANA time zone when known better than the phone number tells (e.g. from the ATS).
    timezone: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}".strip()


class Application(SQLModel, table=True):
    """One candidate going through one job's interview."""

    __table_args__ = (
        sa.UniqueConstraint("job_id", "candidate_id"),
        sa.UniqueConstraint("organization_id", "external_id"),
        # Covers the dashboard's filters and counts (services/analytics/).
        sa.Index(
            "ix_application_dashboard",
            "organization_id",
            "job_id",
            "status",
            "source",
            "created_at",
            "started_at",
            "finished_at",
        ),
        # The ranked table's sort and the median overall score. The job comes last: ordered by
        # score for a job too, and the planner keeps ix_application_dashboard for job counts.
        sa.Index("ix_application_overall", "organization_id", "overall_score", "job_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    job_id: int = Field(foreign_key="job.id", index=True, ondelete="CASCADE")
    # The interview version this application answers.
    interview_id: int = Field(foreign_key="interview.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    token: str = Field(
        default_factory=new_application_token, max_length=64, unique=True, index=True
    )
    # The token of the email's unsubscribe link: not the interview token, so a link that a
    # mail scanner follows or a forwarded footer never opens the interview.
    unsubscribe_token: str = Field(
        default_factory=new_application_token, max_length=64, unique=True, index=True
    )
    status: ApplicationStatus = Field(
        default=ApplicationStatus.INVITED, sa_type=sa.String(32), index=True
    )
    current_stage_id: int | None = Field(default=None, foreign_key="stage.id")
    source: ApplicationSource = Field(default=ApplicationSource.MANUAL, sa_type=sa.String(32))
    # Identifier in the sending ATS, unique per organization.
    external_id: str | None = Field(default=None, max_length=200)
    # The name the ATS gave its source ("greenhouse", "LinkedIn"), shown with "ATS"; "" for none.
    source_name: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    resume_text: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow)
    invited_at: datetime | None = None
    # When the application reached its current stage: reminders count from here.
    stage_entered_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    expires_at: datetime | None = None
    # Why the application is in review or was disqualified, in words a candidate may read
    # (the requirement not met), and when the candidate asked a person to review it.
    outcome_reason: str = Field(default="", sa_type=sa.Text)
    review_requested_at: datetime | None = None
    # A recruiter put the candidate on the job's shortlist (cleared when taken off it).
    shortlisted_at: datetime | None = None
    # The mean of the current scored stages' totals, to one decimal (None: nothing scored).
    # Derived: services/score_alerts keeps it on every flush that writes a score.
    overall_score: float | None = None


class Accommodation(SQLModel, table=True):
    """A candidate's request for an adjustment (more time, text instead of voice, ...)."""

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    # "more_time", "text_instead_of_voice" or "other".
    kind: str = Field(max_length=40)
    details: str = Field(default="", sa_type=sa.Text)
    # "requested", "granted" or "declined".
    status: str = Field(default="requested", max_length=16, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None
    decided_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )


class ApplicationEvent(SQLModel, table=True):
    """What happened to an application, by whom: started, finished a stage, decided, ...

    The engine writes one row per transition, so a report can show the timeline and who
    overrode what.
    """

    __tablename__ = "application_event"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    # started, stage_finished, disqualified, review, advanced, completed, withdrawn, ...
    kind: str = Field(max_length=40)
    stage_id: int | None = Field(default=None, foreign_key="stage.id")
    # A recruiter's decision names them; the engine's own transitions leave it empty.
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    detail: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow)


class StageAttempt(SQLModel, table=True):
    """One application's passage through one stage: answers and transcript."""

    __tablename__ = "stage_attempt"

    __table_args__ = (
        sa.UniqueConstraint("application_id", "stage_id"),
        sa.Index(
            "ix_stage_attempt_progress",
            "stage_id",
            "status",
            "started_at",
            "finished_at",
            "application_id",
        ),
        sa.Index("ix_stage_attempt_outcome", "application_id", "stage_id", "status", "finished_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    stage_id: int = Field(foreign_key="stage.id", index=True)
    status: AttemptStatus = Field(default=AttemptStatus.IN_PROGRESS, sa_type=sa.String(32))
    # Answers by question id (as a string key).
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # Conversation turns: [{"role": "ai"|"candidate", "text", "at"}].
    transcript: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # When a worker took this attempt's pending score (a lease: another worker may take it
    # once ``rescoring.SCORE_LEASE`` has passed, as when the first one died).
    score_claimed_at: datetime | None = None


class Score(SQLModel, table=True):
    """The score of one stage of one application, by one scorer.

    Rescoring adds a new row and marks the older one not current.
    """

    __table_args__ = (
        sa.Index("ix_score_application_total", "application_id", "is_current", "total", "stage_id"),
        # Score distributions per stage (scored ones: with a criteria profile), in total order.
        sa.Index("ix_score_stage_total", "stage_id", "is_current", "total", "criteria_scores"),
        # Criterion averages per stage, grouped by the scores' criteria profiles.
        sa.Index("ix_score_criteria", "stage_id", "is_current", "criteria_scores"),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    stage_id: int = Field(foreign_key="stage.id", index=True)
    attempt_id: int | None = Field(default=None, foreign_key="stage_attempt.id")
    # Weighted total out of 100.
    total: float = 0.0
    # Per criterion: [{"name", "weight", "score" (1-5), "evidence"}].
    criteria: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    # The criteria's profile without the evidence, JSON text [[name, score], ...] ("[]" when
    # nothing was scored). Derived: services/score_alerts keeps it from ``criteria`` on every
    # flush, so the dashboard groups scores by it without reading the evidence.
    criteria_scores: str = Field(
        default="[]", sa_type=sa.Text, sa_column_kwargs={"server_default": "[]"}
    )
    summary: str = Field(default="", sa_type=sa.Text)
    passed: bool = False
    dealbreaker_passed: bool = True
    # Failed dealbreakers: [{"question_id"|"requirement", "reason"}].
    dealbreaker_failures: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    # "offline-lexical-v1" or the model name that produced the score.
    scorer: str = Field(default="", max_length=120)
    rubric_version: str = Field(default="", max_length=64)
    is_current: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class ApplicationNote(SQLModel, table=True):
    """A recruiter's note or a hiring manager's comment on an application.

    Both are read by every recruiter and hiring manager of the organization; neither is
    ever shown to the candidate nor read by a scorer.
    """

    __tablename__ = "application_note"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    body: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow)


class ApplicationRating(SQLModel, table=True):
    """One person's 1-5 rating of an application (a hiring manager's verdict, changeable)."""

    __tablename__ = "application_rating"
    __table_args__ = (sa.UniqueConstraint("application_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    rating: int
    updated_at: datetime = Field(default_factory=utcnow)


class ScoreAlert(SQLModel, table=True):
    """A recruiter asked to be emailed when a candidate of a job finishes at or above a score."""

    __tablename__ = "score_alert"
    __table_args__ = (sa.UniqueConstraint("user_id", "job_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    job_id: int = Field(foreign_key="job.id", index=True, ondelete="CASCADE")
    # Overall score out of 100.
    min_score: int = 80
    created_at: datetime = Field(default_factory=utcnow)
