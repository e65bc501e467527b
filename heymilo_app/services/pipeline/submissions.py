"""What a candidate gives on the page: each answer kept as it is typed (a reload loses
nothing), a self-description, a resume draft, and the form or resume submitted.

A candidate answers only the current stage of an application in progress; a finished stage,
a later stage, or a second submission (two tabs, a double click) is refused.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Question,
    QuestionKind,
    Stage,
    StageAttempt,
    StageType,
)
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.pipeline import effects
from heymilo_app.services.pipeline.answers import MAX_LONG_TEXT, validate_answer
from heymilo_app.services.pipeline.conductors import conductor_for
from heymilo_app.services.pipeline.records import (
    Outcome,
    Refused,
    application_by_token,
    attempt_of,
    check_open,
    open_attempt,
    stage_of,
)
from heymilo_app.services.pipeline.resume import RESUME_DRAFT, checked_resume
from heymilo_app.services.scoring import resumes
from heymilo_app.services.scoring.scoring import Scorer
from heymilo_app.services.stages.stage_config import MAX_SELF_DESCRIPTION, describe_option


def _current(
    session: Session, application: Application, stage_id: int
) -> tuple[Stage, StageAttempt]:
    """The current stage and its open attempt, when the page shows that stage."""
    check_open(application)
    if application.status != ApplicationStatus.IN_PROGRESS:
        raise Refused("Press Start first.")
    if int(stage_id) != application.current_stage_id:
        attempt = attempt_of(session, application, int(stage_id))
        if attempt is not None and attempt.finished_at is not None:
            raise Refused("This stage is already finished.")
        raise Refused("Finish the current stage first.")
    stage = stage_of(session, application.current_stage_id)
    attempt = attempt_of(session, application, stage.id)
    if attempt is None:
        attempt = open_attempt(session, application, stage)
    if attempt.finished_at is not None:
        raise Refused("This stage is already finished.")
    return stage, attempt


def _submitted(
    session: Session,
    application: Application,
    stage: Stage,
    attempt: StageAttempt,
    scorer: Scorer | None,
) -> Outcome:
    """Finish the stage by its conductor, run the transition's effects, say what it did."""
    finished = conductor_for(stage).submit(session, application, stage, attempt, scorer=scorer)
    effects.after_transition(
        session,
        application,
        finished.stage,
        finished.score,
        entered=finished.entered,
        scorer=scorer,
    )
    return finished.outcome(application)


def save_answer(
    *, session: Session, token: str, stage_id: int, question_id: int, value: Any
) -> Any:
    """Record one answer as it is given (a reload or a lost connection loses nothing).

    An answer that does not fit its question is kept as a draft (so the candidate's typing is
    not lost) and the message is raised; the valid answer stays as it was.

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        question_id: The question.
        value: The answer.

    Returns:
        The stored answer (None when cleared).

    Raises:
        Invalid: With the question's message (the draft is saved).
        Refused: When the stage is not the current one or is finished.
    """
    application = application_by_token(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    question = session.get(Question, int(question_id))
    if question is None or question.stage_id != stage.id or question.deleted_at is not None:
        raise Refused("This question is not part of this stage.")
    answers = dict(attempt.answers or {})
    draft_key = f"draft:{question.id}"
    try:
        stored = validate_answer(question, value)
    except Invalid:
        answers[draft_key] = value if isinstance(value, list) else str(value)[:MAX_LONG_TEXT]
        attempt.answers = answers
        flag_modified(attempt, "answers")
        session.commit()
        raise
    answers.pop(draft_key, None)
    if stored is None:
        answers.pop(str(question.id), None)
    else:
        answers[str(question.id)] = stored
    if question.kind == QuestionKind.SELF_ID and stored != describe_option(question.options):
        answers.pop(f"described:{question.id}", None)  # another choice: the words go
    attempt.answers = answers
    flag_modified(attempt, "answers")
    session.commit()
    return stored


def submit_form(
    *, session: Session, token: str, stage_id: int, scorer: Scorer | None = None
) -> Outcome:
    """The candidate submits a form stage.

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        scorer: The scorer; the configured one by default.

    Returns:
        What finishing it did.

    Raises:
        Invalid: Question id to message, for required questions left empty or drafts that do
            not fit (nothing changes).
        Refused: When the stage is not current, or already submitted.
    """
    application = application_by_token(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    if stage.type != StageType.FORM:
        raise Refused("This stage is not a form.")
    return _submitted(session, application, stage, attempt, scorer)


def save_self_description(
    *, session: Session, token: str, stage_id: int, question_id: int, value: Any
) -> str:
    """Keep the words of a candidate who chose to describe themselves (self-identification).

    Voluntary, like the choice: kept with the answers, never scored, never checked by a
    rule, never shown on a report (only group counts are read).

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        question_id: The self-identification question.
        value: The candidate's words ("" clears them).

    Returns:
        The words kept.

    Raises:
        Invalid: When they are too long, or the self-description choice is not picked.
        Refused: When the stage is not the current one or is finished.
    """
    application = application_by_token(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    question = session.get(Question, int(question_id))
    if (
        question is None
        or question.stage_id != stage.id
        or question.deleted_at is not None
        or question.kind != QuestionKind.SELF_ID
    ):
        raise Refused("This question is not part of this stage.")
    key = str(question.id)
    words = " ".join(str(value or "").split())
    if len(words) > MAX_SELF_DESCRIPTION:
        raise Invalid({key: f"Keep it under {MAX_SELF_DESCRIPTION} characters."})
    answers = dict(attempt.answers or {})
    choice = describe_option(question.options)
    if words and (not choice or answers.get(key) != choice):
        raise Invalid({key: f"Choose \u201c{choice or 'self-describe'}\u201d first."})
    if words:
        answers[f"described:{question.id}"] = words
    else:
        answers.pop(f"described:{question.id}", None)
    attempt.answers = answers
    flag_modified(attempt, "answers")
    session.commit()
    return words


def save_resume_draft(*, session: Session, token: str, stage_id: int, text: str) -> None:
    """Keep a resume being pasted or typed, before it is sent (a reload loses nothing).

    Nothing is checked: the text is kept as it is (cut at the longest resume accepted) and
    judged when it is sent.

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        text: The text in the box now.

    Raises:
        Refused: When the stage is not the current resume stage, or is finished.
    """
    application = application_by_token(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    if stage.type != StageType.RESUME:
        raise Refused("This stage is not the resume.")
    answers = dict(attempt.answers or {})
    text = "" if text is None else str(text)[: resumes.MAX_CHARACTERS]
    if text.strip():
        answers[RESUME_DRAFT] = text
    else:
        answers.pop(RESUME_DRAFT, None)
    attempt.answers = answers
    flag_modified(attempt, "answers")
    session.commit()


def submit_resume(
    *, session: Session, token: str, stage_id: int, text: str, scorer: Scorer | None = None
) -> Outcome:
    """The candidate gives their resume (text extracted from a file, or pasted).

    Args:
        session: Database session.
        token: The link's token.
        stage_id: The stage the page shows.
        text: The resume's text.
        scorer: The scorer; the configured one by default.

    Returns:
        What finishing it did.

    Raises:
        Invalid: Under "resume" when the text is too short or too long (nothing changes).
        Refused: When the stage is not current, or already submitted.
    """
    text = checked_resume(text)
    application = application_by_token(session, token, lock=True)
    stage, attempt = _current(session, application, stage_id)
    if stage.type != StageType.RESUME:
        raise Refused("This stage is not the resume.")
    application.resume_text = text
    return _submitted(session, application, stage, attempt, scorer)
