"""The turns of the conversational stages (text messages, voice, the assessment's chat)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from heymilo_app.models.base import utcnow


class Speaker:
    """Who said a turn."""

    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"
    # What the product did or noticed (STOP, a hand-over to a recruiter): shown, never scored.
    SYSTEM = "system"


class TurnKind:
    """What a turn is for."""

    QUESTION = "question"
    FOLLOW_UP = "follow_up"
    KNOWLEDGE = "knowledge"
    DEFERRAL = "deferral"
    CLARIFICATION = "clarification"
    RECAP = "recap"
    NUDGE = "nudge"
    CLOSING = "closing"
    # A candidate's words (their kind is what they answer: see ``question_id``).
    ANSWER = "answer"
    NOTE = "note"


class ConversationTurn(SQLModel, table=True):
    """One turn of a conversation, in order. Interviewer turns are stored before they are sent."""

    __tablename__ = "conversation_turn"
    __table_args__ = (
        # Also the index of an attempt's turns in order.
        sa.UniqueConstraint("attempt_id", "sequence"),
        # A retried webhook (the same provider message id) makes one turn.
        sa.UniqueConstraint("provider", "provider_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="stage_attempt.id", ondelete="CASCADE")
    sequence: int
    # interviewer, candidate or system (``Speaker``).
    speaker: str = Field(max_length=16)
    # ``TurnKind``.
    kind: str = Field(max_length=24)
    # The question the turn belongs to (asked, followed up or answered), when one.
    question_id: int | None = Field(default=None, foreign_key="question.id", ondelete="SET NULL")
    text: str = Field(sa_type=sa.Text)
    # For a candidate turn: the ids of the questions it answered (one message may answer two).
    covers: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    # sms, voice, web (the channel the turn came or went through).
    channel: str = Field(default="sms", max_length=16)
    # The provider that carried it and its id ("twilio", "SM..."); None for our own turns.
    provider: str | None = Field(default=None, max_length=32)
    provider_id: str | None = Field(default=None, max_length=64)
    # Which engine produced an interviewer turn ("offline", a model name, or
    # "offline (fallback)"), and how long it took, in milliseconds.
    engine: str = Field(default="", max_length=80)
    latency_ms: int | None = None
    # The knowledge-base entry an answer cited.
    knowledge_item_id: int | None = Field(
        default=None, foreign_key="knowledge_item.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)
