"""The conversation engine: candidate words in, interviewer turns out, every turn stored.

Used by the conversational stages' conductors (``services/pipeline``) whatever the channel:
it knows nothing of Twilio or of pages. Its rules:

- A candidate's words are stored as a turn first (``record_candidate``), once per provider
  message id, before anything else happens: nothing a candidate said is lost.
- The next interviewer turn is taken by one worker at a time (``take_turn`` claims the
  attempt with a lease, ``stage_attempt.turn_claimed_at``): two texts handled at the same moment
  by two workers make one reply. Every candidate turn after the last interviewer turn is read
  together, as one answer; if more arrive while the interviewer decides, it decides again.
- Interviewer turns are stored before they are sent: the caller's ``deliver`` queues them in
  the same transaction.

Clear answers to yes/no and number questions go into the attempt's ``answers`` (by question
id, as the form keeps them), so the stage's dealbreakers check them by the same rules.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ConversationTurn,
    Job,
    KnowledgeItem,
    Organization,
    Speaker,
    Stage,
    StageAttempt,
    TurnKind,
    utcnow,
)
from heymilo_app.providers.llm import get_llm
from heymilo_app.services.conversation import turns as store
from heymilo_app.services.conversation.interviewer import (
    Asked,
    Context,
    Decision,
    Interviewer,
    Said,
)
from heymilo_app.services.conversation.knowledge import Entry
from heymilo_app.services.conversation.llm_interviewer import ModelInterviewer
from heymilo_app.services.conversation.offline_interviewer import OfflineInterviewer
from heymilo_app.services.jobs.jobs import questions_of
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

# How long a worker holds a conversation's next turn before another may take it.
TURN_LEASE = timedelta(minutes=2)
# A gap after which the next interviewer turn starts with a recap.
RECAP_AFTER = timedelta(days=2)
ATTEMPTS_TO_DECIDE = 3


@dataclass(frozen=True)
class Taken:
    """What one interviewer turn did."""

    turns: list[ConversationTurn]
    decision: Decision | None
    # Every question is answered: the caller finishes the stage.
    ends: bool


def get_interviewer() -> Interviewer:
    """The configured interviewer: the model with the offline fallback, or offline alone.

    Returns:
        The interviewer.
    """
    llm = get_llm()
    if llm is None:
        return OfflineInterviewer()
    return ModelInterviewer(llm, timeout=get_settings().interviewer_timeout_seconds)


def claim(session: Session, attempt_id: int, *, now: datetime | None = None) -> bool:
    """Take the attempt's next turn for this worker, and commit (a lease: see TURN_LEASE).

    Args:
        session: Database session.
        attempt_id: The attempt.
        now: The time (tests).

    Returns:
        True when this worker holds it.
    """
    now = now or utcnow()
    result = session.execute(
        sa.update(StageAttempt)
        .where(
            StageAttempt.id == attempt_id,
            StageAttempt.finished_at.is_(None),
            sa.or_(
                StageAttempt.turn_claimed_at.is_(None),
                StageAttempt.turn_claimed_at < now - TURN_LEASE,
            ),
        )
        .values(turn_claimed_at=now)
    )
    session.commit()
    return result.rowcount == 1


def release(session: Session, attempt_id: int) -> None:
    """Let go of the attempt's next turn (the caller commits).

    Args:
        session: Database session.
        attempt_id: The attempt.
    """
    session.execute(
        sa.update(StageAttempt).where(StageAttempt.id == attempt_id).values(turn_claimed_at=None)
    )


def context_for(
    session: Session,
    attempt: StageAttempt,
    turns: list[ConversationTurn],
    *,
    opening: str = "",
    now: datetime | None = None,
) -> Context:
    """What the interviewer is told: the stage, the knowledge base and the turns so far.

    Args:
        session: Database session.
        attempt: The attempt.
        turns: Its turns, in order.
        opening: The stage's opening message, filled in (said before the first question).
        now: The time (tests).

    Returns:
        The context, with the candidate's waiting turns as its new words.
    """
    application = session.get(Application, attempt.application_id)
    stage = session.get(Stage, attempt.stage_id)
    job = session.get(Job, application.job_id)
    organization = session.get(Organization, application.organization_id)
    pending = store.waiting(turns)
    earlier = turns[: len(turns) - len(pending)] if pending else turns
    entries = session.exec(
        select(KnowledgeItem)
        .where(KnowledgeItem.organization_id == organization.id)
        .order_by(KnowledgeItem.id)
    ).all()
    last = earlier[-1].created_at if earlier else None
    now = now or utcnow()
    return Context(
        language=organization.language,
        company=organization.name,
        job_title=job.title,
        questions=tuple(
            Asked(
                id=q.id,
                prompt=q.prompt,
                kind=str(q.kind),
                follow_ups=q.followups,
                dealbreaker=bool(q.dealbreaker) and stage.dealbreakers_enabled,
            )
            for q in questions_of(session, stage.id)
        ),
        criteria=tuple(stage.rubric or ()),
        turns=tuple(
            Said(t.speaker, t.kind, t.text, t.question_id, tuple(t.covers or ())) for t in earlier
        ),
        new_text="\n".join(t.text for t in pending),
        knowledge=tuple(Entry(e.id, e.question, e.answer) for e in entries),
        opening=opening,
        recap=bool(pending) and last is not None and _naive(now) - _naive(last) > RECAP_AFTER,
    )


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def take_turn(
    *,
    session: Session,
    attempt_id: int,
    interviewer: Interviewer,
    channel: str,
    deliver: Callable[[Session, list[ConversationTurn]], None],
    opening: str = "",
    now: datetime | None = None,
) -> Taken | None:
    """Decide, store and hand over the interviewer's next turn, if one is due.

    A turn is due at the start (no turns yet) and when candidate turns wait after the last
    interviewer turn. The attempt is claimed first; a worker that cannot claim it returns None
    (another is on it).

    Args:
        session: Database session (committed on return).
        attempt_id: The attempt.
        interviewer: The engine that decides.
        channel: The channel the turns go out on.
        deliver: Queues the new turns for sending, in the same transaction.
        opening: The stage's opening message, filled in.
        now: The time (tests).

    Returns:
        What was said, or None when no turn was due or another worker holds the attempt.
    """
    if not claim(session, attempt_id, now=now):
        return None
    try:
        for _ in range(ATTEMPTS_TO_DECIDE):
            attempt = session.get(StageAttempt, attempt_id)
            session.refresh(attempt)
            turns = store.turns_of(session, attempt_id)
            pending = store.waiting(turns)
            if turns and not pending:
                return None
            context = context_for(session, attempt, turns, opening=opening, now=now)
            session.commit()  # no transaction stays open while the interviewer thinks
            started = time.perf_counter()
            decision = interviewer.decide(context)
            elapsed = round((time.perf_counter() - started) * 1000)
            seen = max((t.sequence for t in turns), default=0)
            if store.next_sequence(session, attempt_id) - 1 != seen:
                logger.info("attempt %s: more words arrived while deciding; again", attempt_id)
                continue
            stored = _store(session, attempt, pending, decision, channel, elapsed)
            deliver(session, stored)
            session.commit()
            return Taken(turns=stored, decision=decision, ends=decision.ends)
        return None
    finally:
        release(session, attempt_id)
        session.commit()


def _store(
    session: Session,
    attempt: StageAttempt,
    pending: list[ConversationTurn],
    decision: Decision,
    channel: str,
    elapsed: int,
) -> list[ConversationTurn]:
    for turn in pending:
        turn.covers = list(decision.covers)
        flag_modified(turn, "covers")
        session.add(turn)
    if decision.values:
        attempt.answers = {
            **(attempt.answers or {}),
            **{str(k): v for k, v in decision.values.items()},
        }
        flag_modified(attempt, "answers")
        session.add(attempt)
    for question in decision.deferred:
        store.record_system(
            session=session,
            attempt_id=attempt.id,
            text=question,
            channel=channel,
            kind=TurnKind.DEFERRAL,
        )
    stored = []
    for reply in decision.replies:
        turn = store.add(
            session,
            ConversationTurn(
                attempt_id=attempt.id,
                sequence=0,
                speaker=Speaker.INTERVIEWER,
                kind=reply.kind,
                question_id=reply.question_id,
                text=reply.text,
                channel=channel,
                engine=decision.engine,
                latency_ms=elapsed,
                knowledge_item_id=reply.knowledge_item_id,
            ),
        )
        stored.append(turn)
    return stored
