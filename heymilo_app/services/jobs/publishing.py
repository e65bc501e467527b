"""The end of a draft: publishing it as the live version, or discarding it.

Publishing checks the whole draft first (``interview_checks``) and either refuses it with
every problem at its field, changing nothing, or makes it the job's live version: the version
it replaces is RETIRED, so applications already answering it keep their questions, and what
was deleted in the draft is gone for good. A draft with a published version to fall back on
can instead be thrown away.
"""

from __future__ import annotations

import logging

from sqlmodel import Session, select

from heymilo_app.models import Interview, InterviewStatus, Job, Question, Stage, User, utcnow
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs.interview_checks import InterviewInvalid, problems_of
from heymilo_app.services.jobs.interviews import owned_draft
from heymilo_app.services.jobs.versions import delete_version, latest

logger = logging.getLogger(__name__)


def publish(*, session: Session, user: User, interview_id: int) -> Interview:
    """Check a draft and make it the live version of its job's interview.

    Args:
        session: Database session.
        user: The acting recruiter.
        interview_id: The draft.

    Returns:
        The published interview.

    Raises:
        InterviewInvalid: With every problem; nothing changes.
    """
    interview = owned_draft(session, user, interview_id)
    problems = problems_of(session=session, interview=interview)
    if problems:
        raise InterviewInvalid(problems)
    job = session.get(Job, interview.job_id)
    previous = latest(session, job, InterviewStatus.PUBLISHED)
    if previous is not None:
        previous.status = InterviewStatus.RETIRED
    # Deleted items of the draft are gone for good once it is published.
    stages = session.exec(select(Stage).where(Stage.interview_id == interview.id)).all()
    for stage in stages:
        for question in session.exec(select(Question).where(Question.stage_id == stage.id)):
            if stage.deleted_at is not None or question.deleted_at is not None:
                session.delete(question)
    session.flush()
    for stage in stages:
        if stage.deleted_at is not None:
            session.delete(stage)
    interview.status = InterviewStatus.PUBLISHED
    interview.published_at = utcnow()
    session.commit()
    logger.info("published interview %s version %s", job.slug, interview.version)
    return interview


def discard_draft(*, session: Session, user: User, interview_id: int) -> None:
    """Throw away a draft that has a published version to fall back on.

    Args:
        session: Database session.
        user: The acting recruiter.
        interview_id: The draft.

    Raises:
        Invalid: When nothing is published yet (the draft is all there is).
    """
    interview = owned_draft(session, user, interview_id)
    job = session.get(Job, interview.job_id)
    if latest(session, job, InterviewStatus.PUBLISHED) is None:
        raise Invalid({"interview": "Nothing is published yet, so there is nothing to go back to."})
    delete_version(session, interview)
    session.commit()
