"""Jobs and their interviews: versions, ordered stages and questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from heymilo_app.models.base import InterviewStatus, JobStatus, QuestionKind, StageType, utcnow


class Job(SQLModel, table=True):
    """An open role of an organization."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    # Unique across the product: it names the public apply page (/apply/{slug}).
    slug: str = Field(max_length=120, unique=True, index=True)
    location: str = Field(default="", max_length=200)
    description: str = Field(default="", sa_type=sa.Text)
    requirements: str = Field(default="", sa_type=sa.Text)
    status: JobStatus = Field(default=JobStatus.OPEN, sa_type=sa.String(32))
    # Whether invitations go out by SMS as well as email (email is always sent).
    sms_invitations: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Interview(SQLModel, table=True):
    """One version of a job's interview.

    Publishing freezes a version; editing a published interview makes a new draft
    version, so applications keep answering the version they were invited to.
    """

    __table_args__ = (sa.UniqueConstraint("job_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True, ondelete="CASCADE")
    version: int = 1
    status: InterviewStatus = Field(default=InterviewStatus.DRAFT, sa_type=sa.String(32))
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None


class Stage(SQLModel, table=True):
    """One step of an interview (resume, form, SMS, voice/video or LLM assessment)."""

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", index=True, ondelete="CASCADE")
    type: StageType = Field(sa_type=sa.String(32))
    position: int = 0
    title: str = Field(default="", max_length=200)
    # Type-specific settings (requirements, mode, time limit, persona, ...).
    config: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # Scoring rubric: [{"name", "weight", "low", "high"}], each criterion scored 1-5.
    rubric: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    # Weighted score out of 100 needed to pass.
    pass_threshold: int = 60
    # Whether failed dealbreakers of this stage disqualify.
    dealbreakers_enabled: bool = True
    intro_text: str = Field(default="", sa_type=sa.Text)
    # Set when the recruiter deletes the stage from a draft; cleared by undo.
    deleted_at: datetime | None = None


class Question(SQLModel, table=True):
    """A question of a stage."""

    id: int | None = Field(default=None, primary_key=True)
    stage_id: int = Field(foreign_key="stage.id", index=True, ondelete="CASCADE")
    position: int = 0
    prompt: str = Field(sa_type=sa.Text)
    kind: QuestionKind = Field(default=QuestionKind.OPEN, sa_type=sa.String(32))
    # Choices for single and multiple choice questions.
    options: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    required: bool = True
    # Scored questions count with their weight; the others are pass/fail.
    scored: bool = True
    weight: float = 1.0
    # Optional dealbreaker rule, e.g. {"rule": "equals", "value": "yes"} or
    # {"rule": "min", "value": 2}.
    dealbreaker: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    # How many AI follow-ups the conversational stages may ask (0-3).
    followups: int = 0
    # The answers a number or date question takes: {"min": 0, "max": 60} for a number,
    # {"earliest": "today" | "any"} for a date. None: the defaults for its kind and prompt
    # (``stage_config.answer_limits``).
    limits: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    # Set when the recruiter deletes the question from a draft; cleared by undo.
    deleted_at: datetime | None = None
