"""Organizations and what belongs to them as a whole: branding, knowledge base, API keys."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from heymilo_app.models.base import utcnow


class Organization(SQLModel, table=True):
    """A hiring company: every other record belongs to exactly one."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    slug: str = Field(max_length=80, unique=True, index=True)
    # Language candidates are addressed in (ISO 639-1 code).
    language: str = Field(default="en", max_length=8)
    # Voice of the AI interviewer on calls; empty means the provider's default.
    voice: str = Field(default="", max_length=80)
    # Reminders: hours after an invitation (or after reaching a stage) each reminder goes out,
    # at most ``max_reminders_per_stage`` of them per stage.
    reminder_hours: list[int] = Field(default_factory=lambda: [24, 72], sa_type=sa.JSON)
    max_reminders_per_stage: int = 2
    # Days an invitation link stays valid; None uses the INVITATION_DAYS setting.
    invitation_days: int | None = None
    # Texts and calls reach candidates only inside these hours (their own time zone):
    # from ``business_hours_start`` to ``business_hours_end`` (0-24) on ``business_days``
    # (0 = Monday).
    business_hours_start: int = 9
    business_hours_end: int = 19
    business_days: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], sa_type=sa.JSON)
    # Time zone of candidates whose phone number says nothing (IANA name).
    timezone: str = Field(default="UTC", max_length=64)
    # Where stage results and outcomes are POSTed (signed with ``webhook_secret``); "" is off.
    webhook_url: str = Field(default="", max_length=500)
    webhook_secret: str = Field(default="", max_length=100)
    # What a disqualified candidate is shown: "specific" names the requirement not met,
    # "generic" shows the plain thank-you page.
    disqualification_notice: str = Field(default="specific", max_length=16)
    # Where candidates may write with questions (HELP replies, emails); "" for the sender's.
    contact_email: str = Field(default="", max_length=254)
    created_at: datetime = Field(default_factory=utcnow)


class Branding(SQLModel, table=True):
    """How candidate pages and emails look for one organization."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", unique=True, ondelete="CASCADE")
    logo_path: str = Field(default="", max_length=500)
    primary_color: str = Field(default="#4F46E5", max_length=16)
    accent_color: str = Field(default="#0284C7", max_length=16)
    welcome_message: str = Field(default="", sa_type=sa.Text)


class KnowledgeItem(SQLModel, table=True):
    """One FAQ entry the AI interviewer may answer candidates from."""

    __tablename__ = "knowledge_item"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    question: str = Field(sa_type=sa.Text)
    answer: str = Field(sa_type=sa.Text)
    tags: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ApiKey(SQLModel, table=True):
    """A key other systems (an ATS) use to call the API for one organization.

    Only a SHA-256 hash of the key is stored; the key itself is shown once.
    """

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    name: str = Field(default="", max_length=200)
    # First characters of the key, shown so people can tell keys apart.
    prefix: str = Field(max_length=16)
    key_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class MessageTemplate(SQLModel, table=True):
    """An organization's own wording of one message; the shipped default is used without one."""

    __tablename__ = "message_template"
    __table_args__ = (sa.UniqueConstraint("organization_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    # invitation_email, invitation_sms, reminder_email, ... (see services/messaging/templates.py).
    kind: str = Field(max_length=40)
    subject: str = Field(default="", max_length=300)
    body: str = Field(default="", sa_type=sa.Text)
    updated_at: datetime = Field(default_factory=utcnow)


class TeamInvite(SQLModel, table=True):
    """An invitation for a colleague to join an organization with a role.

    Only a SHA-256 hash of the invitation token is stored.
    """

    __tablename__ = "team_invite"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    email: str = Field(max_length=320)
    role: str = Field(max_length=32)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    invited_by_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None
