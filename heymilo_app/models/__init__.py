"""Every table of the data model (see DESIGN.md), importable from one place."""

from heymilo_app.models.base import (
    ApplicationSource,
    ApplicationStatus,
    AttemptStatus,
    Channel,
    InterviewStatus,
    JobStatus,
    MessageStatus,
    QuestionKind,
    Role,
    StageType,
    utcnow,
)
from heymilo_app.models.candidate import (
    Accommodation,
    Application,
    ApplicationEvent,
    Candidate,
    Score,
    StageAttempt,
)
from heymilo_app.models.job import Interview, Job, Question, Stage
from heymilo_app.models.messaging import OutboundMessage, ProviderEvent
from heymilo_app.models.organization import (
    ApiKey,
    Branding,
    KnowledgeItem,
    MessageTemplate,
    Organization,
    TeamInvite,
)
from heymilo_app.models.user import AuthSession, LoginAttempt, User

__all__ = [
    "Accommodation",
    "ApiKey",
    "Application",
    "ApplicationEvent",
    "ApplicationSource",
    "ApplicationStatus",
    "AttemptStatus",
    "AuthSession",
    "Branding",
    "Candidate",
    "Channel",
    "Interview",
    "InterviewStatus",
    "Job",
    "JobStatus",
    "KnowledgeItem",
    "LoginAttempt",
    "MessageStatus",
    "MessageTemplate",
    "Organization",
    "OutboundMessage",
    "ProviderEvent",
    "Question",
    "QuestionKind",
    "Role",
    "Score",
    "Stage",
    "StageAttempt",
    "StageType",
    "TeamInvite",
    "User",
    "utcnow",
]
