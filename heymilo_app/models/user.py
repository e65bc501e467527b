"""People who log in, their login sessions and failed-login records."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from heymilo_app.models.base import Role, utcnow


class User(SQLModel, table=True):
    """A recruiter or hiring manager of one organization."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True, ondelete="CASCADE")
    # Stored lower-case; unique across the whole product (it is the login).
    email: str = Field(max_length=320, unique=True, index=True)
    full_name: str = Field(max_length=200)
    password_hash: str = Field(max_length=200)
    role: Role = Field(default=Role.RECRUITER, sa_type=sa.String(32))
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class AuthSession(SQLModel, table=True):
    """A logged-in browser: the cookie holds a random token, the table its SHA-256."""

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class LoginAttempt(SQLModel, table=True):
    """One login try, kept to slow down password guessing."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, index=True)
    # The address the try came from (the client's IP as the server saw it), so that one
    # address guessing many emails is slowed down too.
    client_address: str = Field(default="", max_length=64, index=True)
    succeeded: bool = False
    attempted_at: datetime = Field(default_factory=utcnow, index=True)


class PasswordReset(SQLModel, table=True):
    """A single-use, expiring link to set a new password, sent to the user's email.

    Only a SHA-256 hash of the link's token is stored.
    """

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class RateLimitHit(SQLModel, table=True):
    """One counted action (an application, a reset request, ...) under a bucket and a key
    (a client address, an email), so that limits hold across every process of the app."""

    __tablename__ = "rate_limit_hit"
    __table_args__ = (sa.Index("ix_rate_limit_hit_bucket_key_at", "bucket", "key", "hit_at"),)

    id: int | None = Field(default=None, primary_key=True)
    bucket: str = Field(max_length=64)
    key: str = Field(max_length=320)
    hit_at: datetime = Field(default_factory=utcnow, index=True)
