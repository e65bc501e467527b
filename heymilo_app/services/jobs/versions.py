"""Versions of a job's interview: which one the builder opens, new drafts, copies, clones.

A job's interview has at most one DRAFT, at most one PUBLISHED (live) version and any number of
RETIRED ones. Opening the builder finds the draft, else the live version, else creates a first
draft proposing the usual stages in order; a recruiter who edits a published interview gets a
new draft copied from it (the next version number), and cloning copies one job's interview
into another job's draft, replacing that draft. Publishing and discarding a draft are in
``publishing``.
"""

from __future__ import annotations

from sqlmodel import Session, select

from heymilo_app.models import Interview, InterviewStatus, Job, Question, Stage, StageType, User
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.jobs.jobs import questions_of as _live_questions
from heymilo_app.services.jobs.jobs import stages_of as _live_stages
from heymilo_app.services.stages.kinds import DEFAULT_ORDER, stage_kind
from heymilo_app.services.stages.stage_config import default_config


def latest(session: Session, job: Job, status: InterviewStatus) -> Interview | None:
    """The job's newest version in a status.

    Args:
        session: Database session.
        job: The job.
        status: Draft, published or retired.

    Returns:
        The version, or None when the job has none in that status.
    """
    return session.exec(
        select(Interview)
        .where(Interview.job_id == job.id, Interview.status == status)
        .order_by(Interview.version.desc())
    ).first()


def next_version(session: Session, job: Job) -> int:
    """The version number a new version of the job's interview takes.

    Args:
        session: Database session.
        job: The job.

    Returns:
        One more than the highest version so far (1 for the first).
    """
    newest = session.exec(
        select(Interview.version)
        .where(Interview.job_id == job.id)
        .order_by(Interview.version.desc())
    ).first()
    return (newest or 0) + 1


def copy_stages(session: Session, source: Interview, target: Interview) -> None:
    """Copy a version's live stages and questions into another version (not committed).

    Args:
        session: Database session.
        source: The version to copy from.
        target: The version to copy into.
    """
    for stage in _live_stages(session, source.id):
        copy = Stage(
            interview_id=target.id,
            type=stage.type,
            position=stage.position,
            title=stage.title,
            config=dict(stage.config),
            rubric=[dict(criterion) for criterion in stage.rubric],
            pass_threshold=stage.pass_threshold,
            dealbreakers_enabled=stage.dealbreakers_enabled,
            intro_text=stage.intro_text,
        )
        session.add(copy)
        session.flush()
        for question in _live_questions(session, stage.id):
            session.add(
                Question(
                    stage_id=copy.id,
                    position=question.position,
                    prompt=question.prompt,
                    kind=question.kind,
                    options=list(question.options),
                    required=question.required,
                    scored=question.scored,
                    weight=question.weight,
                    dealbreaker=dict(question.dealbreaker) if question.dealbreaker else None,
                    followups=question.followups,
                    limits=dict(question.limits) if question.limits else None,
                )
            )


def new_stage(interview: Interview, stage_type: StageType, position: int) -> Stage:
    """A new stage of a kind, with the kind's title, config, rubric, pass mark and intro.

    Args:
        interview: The version it belongs to.
        stage_type: Its type.
        position: Its place in the order.

    Returns:
        The stage (not yet added to the session).
    """
    kind = stage_kind(stage_type)
    return Stage(
        interview_id=interview.id,
        type=stage_type,
        position=position,
        title=kind.label,
        config=default_config(stage_type),
        rubric=kind.default_rubric(),
        pass_threshold=kind.pass_mark,
        dealbreakers_enabled=True,
        intro_text=kind.intro,
    )


def get_or_create_draft(*, session: Session, user: User, job_id: int | str) -> Interview:
    """Return the job's draft interview, creating it when there is none.

    A job with a published interview gets a draft copied from it (the next version); a job
    without any gets a draft proposing the usual five stages in order.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job's id.

    Returns:
        The draft.

    Raises:
        NotFound: When the job is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    require_recruiter(user)
    draft = latest(session, job, InterviewStatus.DRAFT)
    if draft is not None:
        return draft
    draft = Interview(job_id=job.id, version=next_version(session, job))
    session.add(draft)
    session.flush()
    published = latest(session, job, InterviewStatus.PUBLISHED)
    if published is not None:
        copy_stages(session, published, draft)
    else:
        for position, stage_type in enumerate(DEFAULT_ORDER):
            session.add(new_stage(draft, stage_type, position))
    session.commit()
    return draft


def interview_to_open(*, session: Session, user: User, job_id: int | str) -> Interview:
    """What the builder opens for a recruiter: the draft, else the live version, else a first
    draft (a new job starts from the default stages).

    Opening a published interview creates nothing: the recruiter starts a new version when
    they choose to ("Edit as a new version").

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job's id.

    Returns:
        The interview to show.

    Raises:
        NotFound: When the job is not the user's organization's.
        PermissionDenied: For hiring managers.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    require_recruiter(user)
    found = latest(session, job, InterviewStatus.DRAFT) or latest(
        session, job, InterviewStatus.PUBLISHED
    )
    return found or get_or_create_draft(session=session, user=user, job_id=job.id)


def interview_for_viewing(*, session: Session, user: User, job_id: int | str) -> Interview | None:
    """The version a reader sees: the draft when there is one, else the live version.

    Hiring managers use this (they never create drafts).

    Args:
        session: Database session.
        user: The acting user.
        job_id: The job's id.

    Returns:
        The interview, or None when the job has none.

    Raises:
        NotFound: When the job is not the user's organization's.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    return latest(session, job, InterviewStatus.DRAFT) or latest(
        session, job, InterviewStatus.PUBLISHED
    )


def delete_version(session: Session, interview: Interview) -> None:
    """Delete an unpublished version with its stages and questions (children first).

    Not committed: the caller commits with the rest of its change.

    Args:
        session: Database session.
        interview: A draft.
    """
    stages = session.exec(select(Stage).where(Stage.interview_id == interview.id)).all()
    for stage in stages:
        for question in session.exec(select(Question).where(Question.stage_id == stage.id)):
            session.delete(question)
    session.flush()
    for stage in stages:
        session.delete(stage)
    session.flush()
    session.delete(interview)


def clone_interview(
    *, session: Session, user: User, source_job_id: int | str, target_job_id: int | str
) -> Interview:
    """Copy a job's interview (its draft, else its live version) into another job's draft.

    The target's current draft, if any, is replaced; its published versions stay.

    Args:
        session: Database session.
        user: The acting recruiter.
        source_job_id: The job to copy from.
        target_job_id: The job to copy into.

    Returns:
        The target's new draft.

    Raises:
        NotFound: When either job is not the organization's.
        Invalid: When the source has no interview or is the target.
    """
    require_recruiter(user)
    source_job = get_job(session=session, user=user, job_id=source_job_id)
    target_job = get_job(session=session, user=user, job_id=target_job_id)
    if source_job.id == target_job.id:
        raise Invalid({"target": "Choose a different job to copy into."})
    source = latest(session, source_job, InterviewStatus.DRAFT) or latest(
        session, source_job, InterviewStatus.PUBLISHED
    )
    if source is None:
        raise Invalid({"source": "That job has no interview to copy."})
    old_draft = latest(session, target_job, InterviewStatus.DRAFT)
    if old_draft is not None:
        delete_version(session, old_draft)
        session.flush()
    draft = Interview(job_id=target_job.id, version=next_version(session, target_job))
    session.add(draft)
    session.flush()
    copy_stages(session, source, draft)
    session.commit()
    return draft
