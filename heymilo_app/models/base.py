"""Shared helpers and enumerations of the data model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlmodel import SQLModel

# Stable constraint names, so migrations can drop and alter them on every database.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (how every timestamp is stored).

    Returns:
        Aware UTC datetime.
    """
    return datetime.now(UTC)


class Role(enum.StrEnum):
    """What a user of an organization may do."""

    RECRUITER = "recruiter"  # builds interviews, invites and decides
    HIRING_MANAGER = "hiring_manager"  # reads reports, comments and rates


class JobStatus(enum.StrEnum):
    """Lifecycle of a job."""

    OPEN = "open"
    ARCHIVED = "archived"


class InterviewStatus(enum.StrEnum):
    """Lifecycle of one version of an interview."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"  # an older published version, still answered by earlier applications


class StageType(enum.StrEnum):
    """The five kinds of interview stage, in their usual order."""

    RESUME = "resume"
    FORM = "form"
    SMS = "sms"
    VOICE = "voice"
    ASSESSMENT = "assessment"


class QuestionKind(enum.StrEnum):
    """How a question is answered."""

    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    NUMBER = "number"
    DATE = "date"
    OPEN = "open"  # a conversational question (SMS, voice, assessment)
    # A voluntary self-identification question of a form (gender, ethnicity, ...): optional,
    # never scored nor checked by a dealbreaker, never shown on a candidate's report; read
    # only as group counts for the adverse impact table.
    SELF_ID = "self_id"


class ApplicationStatus(enum.StrEnum):
    """Where an application stands as a whole."""

    INVITED = "invited"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"  # waiting for a recruiter's decision
    COMPLETED = "completed"
    DISQUALIFIED = "disqualified"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class ApplicationSource(enum.StrEnum):
    """How a candidate reached the interview."""

    MANUAL = "manual"
    CSV = "csv"
    ATS = "ats"
    JOB_BOARD = "job_board"


class AttemptStatus(enum.StrEnum):
    """Where one stage of one application stands."""

    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    FAILED = "failed"  # below the pass threshold
    DISQUALIFIED = "disqualified"  # an enforced dealbreaker failed
    SCORE_PENDING = "score_pending"


class Channel(enum.StrEnum):
    """How an outbound message travels."""

    EMAIL = "email"
    SMS = "sms"
    VOICE = "voice"
    WEBHOOK = "webhook"


class MessageStatus(enum.StrEnum):
    """Delivery state of an outbound message."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED_OFFLINE = "delivered_offline"  # kept in the outbox: no provider configured
    FAILED = "failed"
    CANCELLED = "cancelled"
