"""The text interview's turns, taken by the worker: replies to candidates who finished texting,
reminders to those who went quiet, and the stage finished when every question is answered
(see ``texting`` for the whole flow)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Candidate,
    ConversationTurn,
    Job,
    Speaker,
    Stage,
    StageAttempt,
    utcnow,
)
from heymilo_app.services.conversation import engine
from heymilo_app.services.conversation import turns as store
from heymilo_app.services.conversation.interviewer import Interviewer
from heymilo_app.services.jobs.jobs import questions_of
from heymilo_app.services.pipeline import effects, transitions
from heymilo_app.services.pipeline.conductor import judge_answers
from heymilo_app.services.pipeline.links import sms_number
from heymilo_app.services.pipeline.texting import held_by_text, nudge, queue
from heymilo_app.services.scoring.scoring import Scorer
from heymilo_app.settings import get_settings


def _due(session: Session, now: datetime) -> list[int]:
    """Attempts held by text whose candidate's last text is older than the burst window."""
    last = (
        select(
            ConversationTurn.attempt_id,
            sa.func.max(ConversationTurn.sequence).label("sequence"),
        )
        .where(ConversationTurn.speaker != Speaker.SYSTEM)
        .group_by(ConversationTurn.attempt_id)
        .subquery()
    )
    window = timedelta(seconds=get_settings().sms_burst_seconds)
    return list(
        session.exec(
            select(StageAttempt.id)
            .join(last, last.c.attempt_id == StageAttempt.id)
            .join(
                ConversationTurn,
                sa.and_(
                    ConversationTurn.attempt_id == last.c.attempt_id,
                    ConversationTurn.sequence == last.c.sequence,
                ),
            )
            .join(Application, Application.id == StageAttempt.application_id)
            .where(
                StageAttempt.finished_at.is_(None),
                Application.status == ApplicationStatus.IN_PROGRESS,
                Application.current_stage_id == StageAttempt.stage_id,
                ConversationTurn.speaker == Speaker.CANDIDATE,
                ConversationTurn.created_at <= now - window,
            )
            .order_by(ConversationTurn.created_at)
            .limit(200)
        ).all()
    )


def run_due(
    *,
    session: Session,
    interviewer: Interviewer | None = None,
    scorer: Scorer | None = None,
    now: datetime | None = None,
) -> int:
    """Reply to every conversation whose candidate has finished texting; end finished ones.

    Args:
        session: Database session.
        interviewer: The interviewer (the configured one by default).
        scorer: The scorer of stages that finish (the configured one by default).
        now: The time (tests).

    Returns:
        How many replies went out.
    """
    now = now or utcnow()
    interviewer = interviewer or engine.get_interviewer()
    replied = 0
    for attempt_id in _due(session, now):
        attempt = session.get(StageAttempt, attempt_id)
        application = session.get(Application, attempt.application_id)
        candidate = session.get(Candidate, application.candidate_id)
        if not sms_number(candidate, session=session):
            continue  # held: STOP, or no number to answer
        taken = engine.take_turn(
            session=session,
            attempt_id=attempt_id,
            interviewer=interviewer,
            channel="sms",
            deliver=lambda s, turns, application=application: queue(s, application, turns),
            now=now,
        )
        if taken is None:
            continue
        replied += 1
        if taken.ends:
            finish_conversation(session, attempt_id, scorer=scorer)
    return replied


def answers_from_turns(session: Session, attempt: StageAttempt) -> dict[str, str]:
    """The candidate's words by question, from the transcript (for scoring and the report).

    Args:
        session: Database session.
        attempt: The attempt.

    Returns:
        Question id (as text) to everything the candidate said answering it.
    """
    turns = store.turns_of(session, attempt.id)
    found: dict[str, list[str]] = {}
    for turn in turns:
        if turn.speaker == Speaker.CANDIDATE:
            for question_id in turn.covers or []:
                found.setdefault(str(question_id), []).append(turn.text.strip())
    return {key: "\n".join(texts) for key, texts in found.items()}


def finish_conversation(session: Session, attempt_id: int, *, scorer: Scorer | None = None) -> None:
    """End a conversation whose questions are all answered: keep its answers, finish the stage.

    Open questions keep the candidate's words; yes/no and number questions keep the clear
    values the interviewer read (their dealbreakers check only those).

    Args:
        session: Database session (committed).
        attempt_id: The attempt.
        scorer: The scorer (the configured one by default).
    """
    attempt = session.get(StageAttempt, attempt_id)
    session.refresh(attempt)
    if attempt.finished_at is not None:
        return
    application = session.get(Application, attempt.application_id)
    stage = session.get(Stage, attempt.stage_id)
    kinds = {str(q.id): str(q.kind) for q in questions_of(session, stage.id)}
    words = {
        k: v for k, v in answers_from_turns(session, attempt).items() if kinds.get(k) == "open"
    }
    attempt.answers = {**(attempt.answers or {}), **words}
    flag_modified(attempt, "answers")
    session.add(attempt)
    session.commit()
    job = session.get(Job, application.job_id)
    judged = judge_answers(session, job, stage, attempt.answers)
    finished = transitions.finish(
        session, application, stage, attempt, judged.material, judged.failures, scorer=scorer
    )
    effects.after_transition(
        session,
        application,
        finished.stage,
        finished.score,
        entered=finished.entered,
        scorer=scorer,
    )


def nudge_due(*, session: Session, now: datetime | None = None) -> int:
    """Remind candidates silent for ``SMS_NUDGE_HOURS`` of the pending question (commits).

    Args:
        session: Database session.
        now: The time (tests).

    Returns:
        How many reminders were queued.
    """
    now = now or utcnow()
    quiet = now - timedelta(hours=get_settings().sms_nudge_hours)
    last = (
        select(
            ConversationTurn.attempt_id,
            sa.func.max(ConversationTurn.sequence).label("sequence"),
        )
        .where(ConversationTurn.speaker != Speaker.SYSTEM)
        .group_by(ConversationTurn.attempt_id)
        .subquery()
    )
    rows = session.exec(
        select(StageAttempt, Application)
        .join(last, last.c.attempt_id == StageAttempt.id)
        .join(
            ConversationTurn,
            sa.and_(
                ConversationTurn.attempt_id == last.c.attempt_id,
                ConversationTurn.sequence == last.c.sequence,
            ),
        )
        .join(Application, Application.id == StageAttempt.application_id)
        .where(
            StageAttempt.finished_at.is_(None),
            Application.status == ApplicationStatus.IN_PROGRESS,
            Application.current_stage_id == StageAttempt.stage_id,
            ConversationTurn.speaker == Speaker.INTERVIEWER,
            ConversationTurn.created_at <= quiet,
        )
        .limit(500)
    ).all()
    sent = 0
    for attempt, application in rows:
        if held_by_text(session, application, session.get(Stage, attempt.stage_id)):
            sent += nudge(session, application, attempt)
    session.commit()
    return sent
