"""An attempt's conversation turns in storage: read in order, added at the next sequence
number, once per provider message id (a retried webhook makes one turn).

What a candidate said is stored as it came (NUL bytes dropped, cut at 4,000 characters)
before anything else happens; what the product did (STOP, a hand-over, a question passed to
the recruiter) is a system turn, shown and never scored.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from heymilo_app.models import ConversationTurn, Speaker, TurnKind

MAX_TURN_CHARACTERS = 4000


def turns_of(session: Session, attempt_id: int) -> list[ConversationTurn]:
    """An attempt's turns, in order.

    Args:
        session: Database session.
        attempt_id: The attempt.

    Returns:
        Its turns by sequence.
    """
    return list(
        session.exec(
            select(ConversationTurn)
            .where(ConversationTurn.attempt_id == attempt_id)
            .order_by(ConversationTurn.sequence)
        ).all()
    )


def next_sequence(session: Session, attempt_id: int) -> int:
    last = session.exec(
        select(sa.func.max(ConversationTurn.sequence)).where(
            ConversationTurn.attempt_id == attempt_id
        )
    ).one()
    return (last or 0) + 1


def add(session: Session, turn: ConversationTurn) -> ConversationTurn | None:
    """Insert a turn at the next sequence; None when its provider id is already stored.

    Two writers racing for one sequence: the loser takes the next one. The caller's pending
    changes are flushed first, so a failed insert rolls back only this turn.
    """
    session.flush()
    for _ in range(5):
        turn.sequence = next_sequence(session, turn.attempt_id)
        try:
            with session.begin_nested():
                session.add(turn)
            return turn
        except IntegrityError:
            if turn.provider_id and _stored(session, turn.provider, turn.provider_id):
                return None
            turn = ConversationTurn(**turn.model_dump(exclude={"id"}))
    raise RuntimeError(f"could not store a turn of attempt {turn.attempt_id}")


def _stored(session: Session, provider: str | None, provider_id: str) -> bool:
    return (
        session.exec(
            select(ConversationTurn.id).where(
                ConversationTurn.provider == provider,
                ConversationTurn.provider_id == provider_id,
            )
        ).first()
        is not None
    )


def record_candidate(
    *,
    session: Session,
    attempt_id: int,
    text: str,
    channel: str,
    provider: str | None = None,
    provider_id: str | None = None,
) -> ConversationTurn | None:
    """Store what a candidate said as a turn (the caller commits).

    Args:
        session: Database session.
        attempt_id: The attempt it belongs to.
        text: Their words, as received (NUL bytes dropped, cut at 4,000 characters).
        channel: "sms", "voice" or "web".
        provider: The carrier ("twilio", "offline"), when one.
        provider_id: Its message id: the same id twice is stored once.

    Returns:
        The new turn, or None when that provider id was already stored.
    """
    if provider_id and _stored(session, provider, provider_id):
        return None
    clean = (text or "").replace("\x00", "")[:MAX_TURN_CHARACTERS]
    return add(
        session,
        ConversationTurn(
            attempt_id=attempt_id,
            sequence=0,
            speaker=Speaker.CANDIDATE,
            kind=TurnKind.ANSWER,
            text=clean,
            channel=channel,
            provider=provider,
            provider_id=provider_id,
        ),
    )


def record_system(
    *, session: Session, attempt_id: int, text: str, channel: str, kind: str = TurnKind.NOTE
) -> ConversationTurn:
    """Store what the product did in a conversation (STOP, a hand-over): shown, never scored.

    Args:
        session: Database session.
        attempt_id: The attempt.
        text: What happened, for the recruiter.
        channel: The conversation's channel.
        kind: The turn's kind.

    Returns:
        The turn.
    """
    turn = add(
        session,
        ConversationTurn(
            attempt_id=attempt_id,
            sequence=0,
            speaker=Speaker.SYSTEM,
            kind=kind,
            text=text,
            channel=channel,
        ),
    )
    assert turn is not None  # no provider id: never a duplicate
    return turn


def record_interviewer(
    *,
    session: Session,
    attempt_id: int,
    kind: str,
    text: str,
    channel: str,
    question_id: int | None = None,
    engine: str = "rules",
) -> ConversationTurn:
    """Store a fixed interviewer turn that no interviewer decided (the opening, a reminder).

    Args:
        session: Database session (the caller commits).
        attempt_id: The attempt.
        kind: The turn's kind.
        text: What is said.
        channel: The channel it goes out on.
        question_id: The question it asks or restates.
        engine: Who made it ("rules": fixed text).

    Returns:
        The turn.
    """
    turn = add(
        session,
        ConversationTurn(
            attempt_id=attempt_id,
            sequence=0,
            speaker=Speaker.INTERVIEWER,
            kind=kind,
            question_id=question_id,
            text=text,
            channel=channel,
            engine=engine,
            latency_ms=0,
        ),
    )
    assert turn is not None  # no provider id: never a duplicate
    return turn


def waiting(turns: list[ConversationTurn]) -> list[ConversationTurn]:
    """The candidate turns after the last interviewer turn (read together as one answer).

    Args:
        turns: An attempt's turns, in order.

    Returns:
        Those turns, in order (empty when the interviewer spoke last).
    """
    found: list[ConversationTurn] = []
    for turn in reversed(turns):
        if turn.speaker == Speaker.INTERVIEWER:
            break
        if turn.speaker == Speaker.CANDIDATE:
            found.append(turn)
    return list(reversed(found))
