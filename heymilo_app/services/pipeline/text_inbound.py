"""Texts that arrive: keywords first (STOP, START, HELP, HUMAN), then the conversation they
belong to (see ``texting`` for the whole flow of an interview by text)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Organization,
    Stage,
    StageAttempt,
    TurnKind,
    User,
)
from heymilo_app.services.conversation import phrases
from heymilo_app.services.conversation import turns as store
from heymilo_app.services.messaging import dev_inbox, sms_inbound
from heymilo_app.services.pipeline.records import record_event
from heymilo_app.services.pipeline.texting import held_by_text, nudge, queue

logger = logging.getLogger(__name__)

HUMAN_WORDS = {"HUMAN", "PERSON", "AGENT", "RECRUITER", "HUMANO", "PERSONA", "HUMAIN", "MENSCH"}


@dataclass(frozen=True)
class Received:
    """What an inbound text did to a conversation."""

    # "kept" (a turn stored), "duplicate" (that message id was stored already),
    # "handed_over" (HUMAN), "no_conversation".
    action: str
    attempt_id: int | None = None


def _open_attempts(session: Session, phone: str) -> list[tuple[Application, StageAttempt]]:
    """The open conversations held by text with candidates at this number, newest first."""
    rows = session.exec(
        select(Application, StageAttempt)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(
            StageAttempt,
            sa.and_(
                StageAttempt.application_id == Application.id,
                StageAttempt.stage_id == Application.current_stage_id,
            ),
        )
        .where(
            Candidate.phone == phone,
            Application.status == ApplicationStatus.IN_PROGRESS,
            StageAttempt.finished_at.is_(None),
        )
        .order_by(Application.stage_entered_at.desc(), Application.id.desc())
    ).all()
    return [
        (application, attempt)
        for application, attempt in rows
        if held_by_text(session, application, session.get(Stage, attempt.stage_id))
    ]


def receive(
    *,
    session: Session,
    from_number: str,
    body: str,
    provider: str,
    provider_id: str = "",
    organization_id: int | None = None,
) -> Received:
    """Keep a candidate's text in their open conversation (commits). No model is called.

    Args:
        session: Database session.
        from_number: The sender (E.164).
        body: What they wrote.
        provider: "twilio" or "offline" (the dev inbox).
        provider_id: The provider's message id (a retried webhook is stored once).
        organization_id: Only this organization's conversations (the dev inbox).

    Returns:
        What happened.
    """
    found = _open_attempts(session, (from_number or "").strip()) if from_number else []
    if organization_id is not None:
        found = [(a, t) for a, t in found if a.organization_id == organization_id]
    if not found:
        logger.info("text from %s: no open conversation by text; not kept", from_number[-4:])
        return Received("no_conversation")
    if len(found) > 1:
        logger.info(
            "text from %s: %d open conversations, kept in the newest (application %s)",
            from_number[-4:],
            len(found),
            found[0][0].id,
        )
    application, attempt = found[0]
    turn = store.record_candidate(
        session=session,
        attempt_id=attempt.id,
        text=body,
        channel="sms",
        provider=provider,
        provider_id=provider_id or None,
    )
    if turn is None:
        session.rollback()
        return Received("duplicate", attempt.id)
    if (body or "").strip().strip(".!").upper() in HUMAN_WORDS:
        _hand_over(session, application, attempt)
        session.commit()
        return Received("handed_over", attempt.id)
    session.commit()
    return Received("kept", attempt.id)


def _hand_over(session: Session, application: Application, attempt: StageAttempt) -> None:
    organization = session.get(Organization, application.organization_id)
    store.record_system(
        session=session,
        attempt_id=attempt.id,
        text="The candidate asked for a person (HUMAN): the conversation waits for you.",
        channel="sms",
    )
    reply = store.record_interviewer(
        session=session,
        attempt_id=attempt.id,
        kind=TurnKind.CLOSING,
        text=phrases.say(organization.language, "handover"),
        channel="sms",
    )
    queue(session, application, [reply])
    application.status = ApplicationStatus.IN_REVIEW
    application.outcome_reason = "Asked for a person by text."
    record_event(session, application, "review", stage_id=attempt.stage_id, detail="HUMAN")


def stopped(*, session: Session, phone: str, resumed: bool) -> int:
    """Note STOP (or START) in every open conversation with the number; START re-asks.

    Args:
        session: Database session (committed).
        phone: The number (E.164).
        resumed: True for START.

    Returns:
        How many conversations it touched.
    """
    found = _open_attempts(session, phone)
    for application, attempt in found:
        store.record_system(
            session=session,
            attempt_id=attempt.id,
            text="Texts resumed (START)." if resumed else "Texts stopped (STOP): on hold.",
            channel="sms",
        )
        if resumed:
            nudge(session, application, attempt, force=True)
    session.commit()
    return len(found)


@dataclass(frozen=True)
class Inbound:
    """What an inbound text did: its keyword, and the conversation it went to."""

    keyword: sms_inbound.InboundResult
    conversation: Received | None = None


def _converse(
    session: Session,
    result: sms_inbound.InboundResult,
    *,
    from_number: str,
    body: str,
    provider: str,
    provider_id: str,
    organization_id: int | None,
) -> Inbound:
    if result.action == "message":
        return Inbound(
            result,
            receive(
                session=session,
                from_number=from_number,
                body=body,
                provider=provider,
                provider_id=provider_id,
                organization_id=organization_id,
            ),
        )
    if result.action in ("opted_out", "opted_in"):
        stopped(session=session, phone=from_number, resumed=result.action == "opted_in")
    return Inbound(result)


def inbound(*, session: Session, from_number: str, body: str, message_sid: str) -> Inbound:
    """A text Twilio delivered: keywords first (STOP, START, HELP), then the conversation.

    Args:
        session: Database session (committed).
        from_number: The sender (E.164).
        body: What they wrote.
        message_sid: Twilio's ``MessageSid`` (a retried webhook is kept once).

    Returns:
        What it did.
    """
    result = sms_inbound.handle_inbound(
        session=session,
        from_number=from_number,
        body=body,
        via_twiml=True,
        message_sid=message_sid,
    )
    return _converse(
        session,
        result,
        from_number=from_number,
        body=body,
        provider="twilio",
        provider_id=message_sid,
        organization_id=None,
    )


def reply_in_dev_inbox(*, session: Session, user: User, message_id: int, body: str) -> Inbound:
    """A recruiter answers one of the organization's texts as its candidate, offline.

    The same path as a real text: keywords, then the conversation (its reply comes from the
    worker after ``SMS_BURST_SECONDS``, as it would by text).

    Args:
        session: Database session.
        user: The acting recruiter.
        message_id: The text being answered.
        body: The reply.

    Returns:
        What it did.

    Raises:
        NotFound: Off, not the organization's message, or not a text.
        PermissionDenied: For hiring managers.
    """
    result = dev_inbox.reply_as_candidate(
        session=session, user=user, message_id=message_id, body=body
    )
    message = dev_inbox.get_message(session=session, user=user, message_id=message_id)
    return _converse(
        session,
        result,
        from_number=message.to_address,
        body=body,
        provider="offline",
        provider_id=f"dev-{secrets.token_hex(8)}",
        organization_id=user.organization_id,
    )
