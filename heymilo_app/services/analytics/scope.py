"""Which applications and stages a view looks at: the filters, narrowed to clauses.

``Filters`` is what the dashboard, the ranked table and the export are asked for;
``resolve_scope`` turns it into the WHERE clauses of the user's organization's applications
and the stages they answer (``StagesInScope``), and ``in_scope`` limits a query over attempts or
scores to them. When the filters are only the organization and a job, attempts and scores
are selected by their stage (the same set) without joining applications. Stage labels: with
a job filter, each stage's title (or its type, capitalized); across all jobs, the stage
type's name ("Resume", "Form", "Text screen", "Voice/Video", "Assessment"), so jobs with
different interviews line up; stages of older interview versions of a job fall under the
label of the same name. The select boxes of the filters (``job_options``,
``stage_options``) are here too. Every function reads the acting user's organization only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    JobStatus,
    Stage,
    StageAttempt,
    User,
)
from heymilo_app.services.analytics.sql import dialect_of, tune
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.pipeline.rejections import REJECTED, rejected_clause
from heymilo_app.services.stages.kinds import TYPE_NAMES

# Stage type names used across jobs, in the usual interview order.
TYPE_ORDER = {value: index for index, value in enumerate(TYPE_NAMES)}

SOURCE_LABELS: dict[str, str] = {
    ApplicationSource.ATS.value: "ATS",
    ApplicationSource.JOB_BOARD.value: "Job board",
    ApplicationSource.CSV.value: "CSV import",
    ApplicationSource.MANUAL.value: "Added by hand",
}


@dataclass(frozen=True)
class Filters:
    """What the dashboard, the ranked table and the export look at.

    Attributes:
        job_id: One job, or None for every job of the organization.
        stage_id: Only applications that reached this stage (needs ``job_id``); the stage of
            the same name in the job's other interview versions counts too.
        status: An ApplicationStatus value, or "rejected" (a person's rejection, apart from
            a failed rule's "disqualified"); "" is any.
        source: An ApplicationSource value; "" is any.
        date_from: Applications created on or after this UTC day.
        date_to: ... on or before this UTC day (inclusive).
        search: Candidate name or email contains this (case-insensitive).
        application_ids: Only these applications (export of a selection); () is no limit.
    """

    job_id: int | None = None
    stage_id: int | None = None
    status: str = ""
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    application_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Option:
    """One choice of a select box."""

    value: str
    label: str


@dataclass(frozen=True)
class StagesInScope:
    """The stages in scope: each stage id's label, and the labels in interview order."""

    labels: list[str]
    of: dict[int, str]
    thresholds: dict[str, int]
    ids_by_label: dict[str, list[int]] = field(default_factory=dict)
    # The stages with a rubric: only they can have scored totals (an empty rubric scores
    # nothing), so score queries skip the others.
    scored: list[int] = field(default_factory=list)


def job_options(*, session: Session, user: User) -> list[Option]:
    """The organization's jobs, for the job filter (open ones first, then by title).

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        One option per job; archived jobs say so.
    """
    jobs = session.exec(
        select(Job.id, Job.title, Job.status).where(Job.organization_id == user.organization_id)
    ).all()
    jobs = sorted(jobs, key=lambda j: (j[2] == JobStatus.ARCHIVED, j[1].lower(), j[0]))
    return [
        Option(str(job_id), title + (" (archived)" if status == JobStatus.ARCHIVED else ""))
        for job_id, title, status in jobs
    ]


def stage_options(*, session: Session, user: User, job_id: int) -> list[Option]:
    """The stages of a job's published interview, for the stage filter.

    Args:
        session: Database session.
        user: The acting user.
        job_id: The job.

    Returns:
        One option per stage (value: the stage id), in interview order.

    Raises:
        NotFound: For another organization's job.
    """
    job = get_job(session=session, user=user, job_id=job_id)
    interview_id = session.exec(
        select(Interview.id)
        .where(Interview.job_id == job.id, Interview.status == InterviewStatus.PUBLISHED)
        .order_by(Interview.version.desc())
    ).first()
    if interview_id is None:
        return []
    stages = session.exec(
        select(Stage.id, Stage.title, Stage.type)
        .where(Stage.interview_id == interview_id, Stage.deleted_at.is_(None))
        .order_by(Stage.position, Stage.id)
    ).all()
    return [Option(str(stage_id), _title(title, kind)) for stage_id, title, kind in stages]


@dataclass(frozen=True)
class Scope:
    """The filtered applications (as WHERE clauses) and the stages they answer."""

    conditions: list[Any]
    # Filters beyond the organization and the job: attempts and scores join their application.
    # Without them, "a stage of the organization's (or the job's) interviews" is the same set,
    # and the database reads the attempts and scores alone.
    narrowed: bool
    stages: StagesInScope
    dialect: str
    job_id: int | None


def _title(title: str, stage_type: str) -> str:
    """A stage's label within a job: its title, or its type capitalized (as on reports)."""
    return title or str(stage_type).capitalize()


def _stages(session: Session, user: User, job_id: int | None) -> StagesInScope:
    """The stages of the interview versions applications can answer, labelled and ordered.

    Args:
        session: Database session.
        user: The acting user.
        job_id: One job (labels are titles), or None (labels are stage types).

    Returns:
        The stages in scope.
    """
    query = (
        select(
            Stage.id,
            Stage.title,
            Stage.type,
            Stage.position,
            Stage.pass_threshold,
            Interview.version,
            Stage.rubric,
        )
        .join(Interview, Interview.id == Stage.interview_id)
        .join(Job, Job.id == Interview.job_id)
        .where(
            Job.organization_id == user.organization_id,
            Interview.status != InterviewStatus.DRAFT,
            Stage.deleted_at.is_(None),
        )
    )
    if job_id is not None:
        query = query.where(Job.id == job_id)
    rows = session.exec(query).all()
    of: dict[int, str] = {}
    order: dict[str, tuple] = {}
    thresholds: dict[str, Counter] = defaultdict(Counter)
    newest: dict[str, int] = {}
    scored = []
    for stage_id, title, kind, position, threshold, version, rubric in sorted(
        rows, key=lambda r: (-r[5], r[3], r[0])
    ):
        label = TYPE_NAMES.get(str(kind), str(kind)) if job_id is None else _title(title, kind)
        of[stage_id] = label
        key = (TYPE_ORDER.get(str(kind), 99),) if job_id is None else (position, -version)
        order.setdefault(label, key)
        if job_id is None or newest.setdefault(label, version) == version:
            thresholds[label][threshold] += 1
        if rubric:
            scored.append(stage_id)
    ids_by_label: dict[str, list[int]] = defaultdict(list)
    for stage_id, label in of.items():
        ids_by_label[label].append(stage_id)
    return StagesInScope(
        labels=sorted(order, key=lambda label: order[label]),
        of=of,
        thresholds={label: counts.most_common(1)[0][0] for label, counts in thresholds.items()},
        ids_by_label=dict(ids_by_label),
        scored=scored,
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def resolve_scope(session: Session, user: User, filters: Filters) -> Scope:
    """The filtered applications of the user's organization.

    Args:
        session: Database session.
        user: The acting user.
        filters: The filters.

    Returns:
        The scope.

    Raises:
        NotFound: For another organization's job or stage.
        Invalid: For a status, source or date range that cannot match.
    """
    conditions: list[Any] = [Application.organization_id == user.organization_id]
    job_id = None
    if filters.job_id is not None:
        job_id = get_job(session=session, user=user, job_id=filters.job_id).id
        conditions.append(Application.job_id == job_id)
    stages = _stages(session, user, job_id)
    narrowed = _narrowing(session, user, filters, stages)
    tune(session)
    return Scope(
        conditions=conditions + narrowed,
        narrowed=bool(narrowed),
        stages=stages,
        dialect=dialect_of(session),
        job_id=job_id,
    )


def _narrowing(session: Session, user: User, filters: Filters, stages: StagesInScope) -> list[Any]:
    """The clauses of every filter but the job's (see resolve_scope)."""
    conditions: list[Any] = []
    if filters.stage_id is not None:
        conditions.append(_reached_stage(session, filters, stages))
    if filters.status:
        if filters.status not in {s.value for s in ApplicationStatus} | {REJECTED}:
            raise Invalid({"status": "Choose a status from the list."})
        # A person's rejection and a failed rule share the stored status; the filter tells
        # them apart as the lists do.
        if filters.status == REJECTED:
            conditions.append(rejected_clause())
        elif filters.status == ApplicationStatus.DISQUALIFIED:
            conditions.append(
                sa.and_(Application.status == filters.status, sa.not_(rejected_clause()))
            )
        else:
            conditions.append(Application.status == filters.status)
    if filters.source:
        if filters.source not in SOURCE_LABELS:
            raise Invalid({"source": "Choose a source from the list."})
        conditions.append(Application.source == filters.source)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise Invalid({"date_to": "The end date is before the start date."})
    if filters.date_from:
        conditions.append(Application.created_at >= _day_start(filters.date_from))
    if filters.date_to:
        conditions.append(Application.created_at < _day_start(filters.date_to + timedelta(days=1)))
    search = " ".join((filters.search or "").split())
    if search:
        conditions.append(_search(user, search))
    if filters.application_ids:
        try:
            ids = sorted({int(i) for i in filters.application_ids})
        except (TypeError, ValueError):
            raise Invalid({"application_ids": "Select candidates from the list."}) from None
        conditions.append(Application.id.in_(ids))
    return conditions


def _search(user: User, text: str) -> Any:
    """The clause "the candidate's name or email contains the text" (case-insensitive)."""
    lowered = _like_pattern(text.lower())
    name = Candidate.first_name + " " + Candidate.last_name
    return Application.candidate_id.in_(
        select(Candidate.id).where(
            Candidate.organization_id == user.organization_id,
            sa.or_(
                func.lower(name).like(lowered, escape="\\"),
                func.lower(Candidate.email).like(lowered, escape="\\"),
                # SQLite lowers ASCII letters only: a name typed as stored matches too.
                name.like(_like_pattern(text), escape="\\"),
            ),
        )
    )


def _reached_stage(session: Session, filters: Filters, stages: StagesInScope) -> Any:
    """The clause "reached the filter's stage" (its namesakes in other versions count too)."""
    if filters.job_id is None:
        raise Invalid({"stage_id": "Choose a job before a stage."})
    try:
        stage = session.get(Stage, int(filters.stage_id))
    except (TypeError, ValueError):
        stage = None
    label = stages.of.get(stage.id) if stage else None
    if label is None:
        raise NotFound("No such stage.")
    return Application.id.in_(
        select(StageAttempt.application_id).where(
            StageAttempt.stage_id.in_(stages.ids_by_label[label])
        )
    )


def in_scope(
    query: Any, scope: Scope, stage_id: Any, application_id: Any, *, scored: bool = False
) -> Any:
    """Limit a query over attempts or scores to the scope's stages and applications.

    Args:
        query: The select.
        scope: The scope.
        stage_id: The rows' stage id column.
        application_id: The rows' application id column.
        scored: Only the stages with a rubric (for scored totals).

    Returns:
        The limited select.
    """
    stage_ids = scope.stages.scored if scored else list(scope.stages.of)
    query = query.where(stage_id.in_(stage_ids) if stage_ids else sa.false())
    if scope.narrowed:
        query = query.join(Application, Application.id == application_id).where(*scope.conditions)
    return query
