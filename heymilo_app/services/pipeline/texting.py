"""The interview by text message: texts in, the conversation engine's turns out, the stage ended.

How a text interview runs:

- Entering the stage stores the interviewer's first turn (the opening and the first
  question) and queues it as a text (``open_conversation``).
- A text from the candidate is stored as a turn at once (``text_inbound.receive``): the
  webhook answers Twilio without waiting for any model. It goes to the candidate's open
  conversation held by text (a text stage, or a spoken stage for a candidate granted text
  instead of voice); when the number has two, the most recent, and the log says so. A text
  with no open conversation is logged and kept nowhere else (its keywords still work).
- The worker's converse loop (``text_turns.run_due``) takes each conversation whose
  candidate has been quiet for ``SMS_BURST_SECONDS``: the texts since the last interviewer
  turn are read together and exactly one reply goes out (claimed per attempt, so two workers
  make one reply). When every question is answered, the stage finishes through the same
  path as a form: the transcript's answers are kept by question, scored, dealbreakers
  checked, and the candidate moves on.
- A candidate silent for ``SMS_NUDGE_HOURS`` (``text_turns.nudge_due``) gets a reminder
  that restates the pending question, at most ``SMS_NUDGES`` times; the outbox's quiet hours
  and opt-out checks apply.
- STOP holds the conversation (a note in the transcript says why); START picks it up where
  it was, restating the pending question. HUMAN hands it to a recruiter: the application
  waits for them in review, the transcript attached.
"""

from __future__ import annotations

import logging

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    Candidate,
    Channel,
    ConversationTurn,
    Job,
    Organization,
    Speaker,
    Stage,
    StageAttempt,
    StageType,
    TurnKind,
)
from heymilo_app.services.conversation import phrases
from heymilo_app.services.conversation import turns as store
from heymilo_app.services.jobs.jobs import questions_of
from heymilo_app.services.messaging import outbox
from heymilo_app.services.pipeline.accommodations import by_text
from heymilo_app.services.pipeline.links import sms_number
from heymilo_app.services.stages.configs import SmsConfig
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

TURN_KIND = "sms_turn"
# The text that ends a conversation (see ``queue``), and the one that opens it.
CLOSING_KIND = "sms_closing"
OPENING_KIND = "sms_stage"
# Interviewer turns that wait on the candidate (a nudge restates the question they asked).
ASKING = (TurnKind.QUESTION, TurnKind.FOLLOW_UP, TurnKind.CLARIFICATION, TurnKind.NUDGE)


def held_by_text(session: Session, application: Application, stage: Stage | None) -> bool:
    """Whether the application's stage is a conversation held by text.

    Args:
        session: Database session.
        application: The application.
        stage: Its current stage.

    Returns:
        True for a text stage, or a voice stage for a candidate granted text instead of voice.
    """
    if stage is None:
        return False
    if stage.type == StageType.SMS:
        return True
    return stage.type == StageType.VOICE and by_text(session, application)


def opening_text(session: Session, application: Application, stage: Stage) -> str:
    """The stage's opening message with the candidate's, company's and job's names filled in.

    Args:
        session: Database session.
        application: The application.
        stage: The stage.

    Returns:
        The opening.
    """
    candidate = session.get(Candidate, application.candidate_id)
    job = session.get(Job, application.job_id)
    organization = session.get(Organization, application.organization_id)
    opening = str((stage.config or {}).get("opening") or SmsConfig().opening)
    values = {
        "candidate_first_name": candidate.first_name,
        "company_name": organization.name,
        "job_title": job.title,
    }
    for name, value in values.items():
        opening = opening.replace("{" + name + "}", value)
    return opening


def queue(
    session: Session,
    application: Application,
    turns: list[ConversationTurn],
    *,
    kind: str = "",
    dedupe_key: str = "",
) -> None:
    """Queue the interviewer's new turns as one text to the candidate (the caller commits).

    A text that ends the conversation is an outcome (``CLOSING_KIND``): it goes even though
    the application moved on by the time the sender runs.
    """
    if not turns:
        return
    if not kind:
        kind = CLOSING_KIND if turns[-1].kind == TurnKind.CLOSING else TURN_KIND
    candidate = session.get(Candidate, application.candidate_id)
    phone = sms_number(candidate, session=session)
    if not phone:
        return
    outbox.enqueue(
        session=session,
        organization_id=application.organization_id,
        application_id=application.id,
        channel=Channel.SMS,
        kind=kind,
        to_address=phone,
        body="\n\n".join(turn.text for turn in turns),
        dedupe_key=dedupe_key or f"{TURN_KIND}:{turns[0].attempt_id}:{turns[0].sequence}",
    )


def open_conversation(session: Session, application: Application, stage: Stage) -> None:
    """Say the opening and the first question, once per attempt (the caller commits).

    Args:
        session: Database session.
        application: The application that entered the stage.
        stage: The stage, held by text.
    """
    attempt = session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id, StageAttempt.stage_id == stage.id
        )
    ).first()
    if attempt is None or store.turns_of(session, attempt.id):
        return
    questions = questions_of(session, stage.id)
    opening = opening_text(session, application, stage)
    text = opening + (f"\n\n{questions[0].prompt}" if questions else "")
    turn = store.record_interviewer(
        session=session,
        attempt_id=attempt.id,
        kind=TurnKind.QUESTION,
        text=text,
        question_id=questions[0].id if questions else None,
        channel="sms",
    )
    queue(
        session,
        application,
        [turn],
        kind=OPENING_KIND,
        dedupe_key=f"{OPENING_KIND}:{application.id}:{stage.id}:opening",
    )


def _pending_turn(turns: list[ConversationTurn]) -> ConversationTurn | None:
    """The interviewer's last turn, when it waits on the candidate."""
    for turn in reversed(turns):
        if turn.speaker == Speaker.CANDIDATE:
            return None
        if turn.speaker == Speaker.INTERVIEWER:
            return turn if turn.kind in ASKING else None
    return None


def nudge(
    session: Session, application: Application, attempt: StageAttempt, *, force: bool = False
) -> bool:
    """Restate the pending question (the caller commits); False when nothing waits."""
    turns = store.turns_of(session, attempt.id)
    pending = _pending_turn(turns)
    if pending is None or pending.question_id is None:
        return False
    if not force:
        since = [t for t in turns if t.sequence > _last_candidate(turns)]
        if sum(t.kind == TurnKind.NUDGE for t in since) >= get_settings().sms_nudges:
            return False
    stage = session.get(Stage, attempt.stage_id)
    prompt = next(
        (q.prompt for q in questions_of(session, stage.id) if q.id == pending.question_id), ""
    )
    organization = session.get(Organization, application.organization_id)
    job = session.get(Job, application.job_id)
    turn = store.record_interviewer(
        session=session,
        attempt_id=attempt.id,
        kind=TurnKind.NUDGE,
        text=phrases.say(organization.language, "nudge", job=job.title, question=prompt),
        question_id=pending.question_id,
        channel="sms",
    )
    queue(session, application, [turn])
    return True


def _last_candidate(turns: list[ConversationTurn]) -> int:
    return max((t.sequence for t in turns if t.speaker == Speaker.CANDIDATE), default=0)
