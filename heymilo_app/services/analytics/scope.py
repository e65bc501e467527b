"""Numbers about an organization's pipeline, for the dashboard, the ranked table and exports.

Everything here is computed by the database with ``GROUP BY`` aggregates over narrow column
selects read as plain rows (never one ORM object per application), helped by the covering
indexes of migrations 0008 and 0009 and by two columns the app derives on every write
(services/score_alerts): each application's overall score, which the ranked table sorts by
and the median reads, and each score's criteria profile without the evidence, which the
criterion averages group by. The dashboard's aggregates are independent reads, and the page
runs them at once (``concurrent``); ``benchmarks/dashboard.py`` times it on 100,000
applications.
Distributions stay exact: score totals have one decimal, so ``GROUP BY stage, total`` returns
a few hundred rows that expand back to every total; stage times are percentiles of every
finished attempt (PostgreSQL's percentile_cont; on SQLite one concatenated string of
timestamps per stage, read by numpy). When the filters are only the organization and a job,
attempts and scores are selected by their stage (the same set) without joining applications.

Stage labels: with a job filter, each stage's title (or its type, capitalized); across all
jobs, the stage type's name ("Resume", "Form", "Text screen", "Voice/Video", "Assessment"), so
jobs with different interviews line up. Stages of older interview versions of a job fall
under the label of the same name.

Every function reads the acting user's organization only.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app import routes
from heymilo_app.db import reader
from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    AttemptStatus,
    Candidate,
    Channel,
    Interview,
    InterviewStatus,
    Job,
    JobStatus,
    OutboundMessage,
    Question,
    QuestionKind,
    Score,
    Stage,
    StageAttempt,
    User,
)
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.common.text import FORMULA_PREFIXES as _FORMULA_PREFIXES
from heymilo_app.services.common.text import spreadsheet_safe
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.pipeline.applications import REJECTED, rejected_clause
from heymilo_app.services.stages.kinds import TYPE_NAMES
from heymilo_app.settings import get_settings

# Stage type names used across jobs, in the usual interview order.
TYPE_LABELS: dict[str, str] = TYPE_NAMES
TYPE_ORDER = {value: index for index, value in enumerate(TYPE_LABELS)}

SOURCE_LABELS: dict[str, str] = {
    ApplicationSource.ATS.value: "ATS",
    ApplicationSource.JOB_BOARD.value: "Job board",
    ApplicationSource.CSV.value: "CSV import",
    ApplicationSource.MANUAL.value: "Added by hand",
}
EMAIL_ONLY = "Email only"
EMAIL_AND_SMS = "Email + SMS"

# Self-ID answers that are not a group (compared lower-cased).
NOT_A_GROUP = frozenset(
    {"", "prefer not to say", "prefer not to answer", "decline to answer", "i prefer not to say"}
)
# Groups smaller than this at a stage are not shown (privacy).
MIN_GROUP = 5
# The four-fifths rule: an impact ratio below this is flagged.
FOUR_FIFTHS = 0.8

SORTS = ("overall", "name", "created_at", "status")
# Aggregates the dashboard runs at once (concurrent=True): a few more than the cores, as each
# also waits on the database.
WORKERS = max(2, min(4, (os.cpu_count() or 2) + 1))
MAX_PER_PAGE = 200
# Spreadsheet programs run a cell starting with one of these as a formula (text.py).
FORMULA_PREFIXES = _FORMULA_PREFIXES


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
class FunnelStep:
    """One step of the pipeline funnel."""

    label: str
    count: int
    # Share of the invited who got this far, 0-100.
    percent_of_invited: float
    # Share lost since the previous step, 0-100 (None for the first step).
    drop_percent: float | None


@dataclass(frozen=True)
class ScoreDistribution:
    """The current scores of one stage."""

    stage_label: str
    # Pass mark out of 100 (across jobs: the most common one of that stage type).
    threshold: int
    # Every current scored total of the stage, lowest first.
    totals: list[float]
    # 10 counts: [0,10), [10,20), ..., [90,100] (100 goes in the last).
    bins: list[int]
    # How many of the totals reach the pass mark.
    passing: int = 0


@dataclass(frozen=True)
class CriterionAverage:
    """The mean 1-5 score of one rubric criterion at one stage."""

    stage_label: str
    criterion: str
    average: float
    count: int


@dataclass(frozen=True)
class StageTime:
    """How long candidates took on one stage (finished attempts only)."""

    stage_label: str
    median_minutes: float
    p90_minutes: float
    count: int


@dataclass(frozen=True)
class CompletionRate:
    """How many of a channel's or a source's invited finished the interview."""

    label: str
    invited: int
    completed: int
    percent: float


@dataclass(frozen=True)
class DayCount:
    """Applications created and interviews finished on one UTC day."""

    day: date
    applications: int
    completions: int


@dataclass(frozen=True)
class ImpactRow:
    """Selection rate of one self-identified group at one stage."""

    stage_label: str
    group: str
    # Group members who reached the stage, and of those who passed it.
    candidates: int
    selected: int
    rate: float
    # Rate over the highest shown group's rate at that stage (1.0 when that rate is 0).
    impact_ratio: float
    flagged: bool
    # The self-ID question the group answers (several questions are tabled one by one).
    question: str = ""


@dataclass
class DashboardData:
    """Everything the dashboard draws, for one set of filters."""

    applications: int
    funnel: list[FunnelStep]
    scores: list[ScoreDistribution]
    criteria: list[CriterionAverage]
    stage_times: list[StageTime]
    by_channel: list[CompletionRate]
    by_source: list[CompletionRate]
    over_time: list[DayCount]
    impact: list[ImpactRow]
    impact_question: str
    impact_hidden: int


@dataclass(frozen=True)
class RankedRow:
    """One application of the ranked candidate table."""

    application_id: int
    name: str
    email: str
    job_title: str
    status: str
    source: str
    # Mean of the scored stages' current totals (Application.overall_score).
    overall: float | None
    # Stage label to its current total (None: not reached, pending, or nothing to score).
    stage_scores: dict[str, float | None]
    created_at: datetime
    phone: str = ""


@dataclass(frozen=True)
class _Stages:
    """The stages in scope: each stage id's label, and the labels in interview order."""

    labels: list[str]
    of: dict[int, str]
    thresholds: dict[str, int]
    ids_by_label: dict[str, list[int]] = field(default_factory=dict)
    # The stages with a rubric: only they can have scored totals (an empty rubric scores
    # nothing), so score queries skip the others.
    scored: list[int] = field(default_factory=list)


# --- counts kept from the first dashboard ---------------------------------------------------


def status_counts(*, session: Session, user: User) -> dict[str, int]:
    """Count the organization's applications per status (every status present, zero or not).

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        Status value to count.
    """
    counts = {status.value: 0 for status in ApplicationStatus}
    rows = session.exec(
        select(Application.status, func.count(Application.id))
        .where(Application.organization_id == user.organization_id)
        .group_by(Application.status)
    ).all()
    for status, count in rows:
        counts[str(status)] = count
    return counts


def open_job_count(*, session: Session, user: User) -> int:
    """Count the organization's open jobs.

    Args:
        session: Database session.
        user: The acting user.

    Returns:
        Number of jobs not archived.
    """
    return session.exec(
        select(func.count(Job.id)).where(
            Job.organization_id == user.organization_id, Job.status == JobStatus.OPEN
        )
    ).one()


# --- select boxes --------------------------------------------------------------------------


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


# --- scope ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    """The filtered applications (as WHERE clauses) and the stages they answer."""

    conditions: list[Any]
    # Filters beyond the organization and the job: attempts and scores join their application.
    # Without them, "a stage of the organization's (or the job's) interviews" is the same set,
    # and the database reads the attempts and scores alone.
    narrowed: bool
    stages: _Stages
    dialect: str
    job_id: int | None


def _tune(session: Session) -> None:
    """Set PostgreSQL up for this module's aggregates, for the session's transaction only.

    They read a few hundred thousand rows: compiling them (JIT) costs more than it saves,
    and the percentiles' sorts should fit in memory.
    """
    if _dialect(session) == "postgresql":
        session.exec(sa.text("SET LOCAL jit = off"))
        session.exec(sa.text("SET LOCAL work_mem = '32MB'"))


def _together(
    session: Session, tasks: dict[str, Callable[[Session], Any]], *, concurrent: bool
) -> dict[str, Any]:
    """Run independent read-only tasks, at once when allowed, and collect their results.

    Concurrently, each task reads through a session of its own on the same engine (SQLite in
    WAL mode and PostgreSQL both serve readers side by side, and the driver lets go of the
    interpreter while the database works), without taking SQLite's write lock. It falls back
    to one after the other in the given session when that session is bound to a connection
    rather than an engine, or to an in-memory SQLite database (each connection its own).

    Args:
        session: The caller's session.
        tasks: Name to a function of a session.
        concurrent: Allowed to use other connections (the caller has nothing unsaved).

    Returns:
        Name to result.
    """
    bind = session.get_bind()
    database = bind.url.database if isinstance(bind, sa.Engine) else None
    in_memory = bind.dialect.name == "sqlite" and database in (None, "", ":memory:")
    if not concurrent or not isinstance(bind, sa.Engine) or in_memory or len(tasks) < 2:
        return {name: task(session) for name, task in tasks.items()}
    plain = reader(bind)

    def run(task: Callable[[Session], Any]) -> Any:
        with Session(plain) as own:
            _tune(own)
            return task(own)

    with ThreadPoolExecutor(max_workers=min(WORKERS, len(tasks))) as pool:
        futures = {name: pool.submit(run, task) for name, task in tasks.items()}
        return {name: future.result() for name, future in futures.items()}


def _title(title: str, stage_type: str) -> str:
    """A stage's label within a job: its title, or its type capitalized (as on reports)."""
    return title or str(stage_type).capitalize()


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _stages(session: Session, user: User, job_id: int | None) -> _Stages:
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
        label = TYPE_LABELS.get(str(kind), str(kind)) if job_id is None else _title(title, kind)
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
    return _Stages(
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


def _scope(session: Session, user: User, filters: Filters) -> _Scope:
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
    _tune(session)
    return _Scope(
        conditions=conditions + narrowed,
        narrowed=bool(narrowed),
        stages=stages,
        dialect=_dialect(session),
        job_id=job_id,
    )


def _narrowing(session: Session, user: User, filters: Filters, stages: _Stages) -> list[Any]:
    """The clauses of every filter but the job's (see _scope)."""
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


def _reached_stage(session: Session, filters: Filters, stages: _Stages) -> Any:
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


def _in_scope(
    query: Any, scope: _Scope, stage_id: Any, application_id: Any, *, scored: bool = False
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


# --- dialect helpers -----------------------------------------------------------------------


def _day(column: Any, dialect: str) -> Any:
    """The UTC day of a timestamp column (SQLite stores UTC as 'YYYY-MM-DD HH:MM:SS...')."""
    if dialect == "postgresql":
        return sa.cast(func.timezone("UTC", column), sa.Date)
    # Literal arguments: the GROUP BY repeats the expression, and bound ones would differ.
    return func.substr(column, sa.literal_column("1"), sa.literal_column("10"))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _json_text(column: Any, key: str, dialect: str) -> Any:
    """A JSON object's member as text."""
    if dialect == "postgresql":
        return column.op("->>")(key)
    return func.json_extract(column, f'$."{key}"')


def _scored() -> Any:
    """The clause "this score has rubric criteria" (a form of facts scores nothing)."""
    return Score.criteria_scores != "[]"


def _current() -> Any:
    return Score.is_current == sa.true()


# --- dashboard -----------------------------------------------------------------------------


def dashboard_data(
    *, session: Session, user: User, filters: Filters, concurrent: bool = False
) -> DashboardData:
    """Everything the dashboard draws, for the filtered applications.

    The aggregates are independent reads: with ``concurrent``, they run at once on
    connections of their own (see ``_together``), which only a session with nothing
    unsaved may ask for (the other connections do not see what it has not committed).

    The funnel reads: Invited (every filtered application), Started (opened the interview),
    then for each stage in order "Finished <stage>" and "Passed <stage>" (the drop between
    them is the stage's cut, the drop before the next "Finished" is candidates who left), and
    "Finished the interview" (status completed). Criteria averages are for one job (rubrics
    differ between jobs): empty without a job filter.

    Args:
        session: Database session.
        user: The acting user (recruiter or hiring manager).
        filters: Which applications.
        concurrent: Run the aggregates at once (the session has nothing unsaved).

    Returns:
        The dashboard's data.

    Raises:
        NotFound: For another organization's job or stage.
        Invalid: For filters that cannot match.
    """
    scope = _scope(session, user, filters)
    # Longest first, so the workers finish together.
    tasks: dict[str, Callable[[Session], Any]] = {
        "impact": lambda s: _impact(s, user, scope),
        "stage_times": lambda s: _stage_times(s, scope),
        "totals": lambda s: _application_totals(s, scope),
        "scores": lambda s: _score_distributions(s, scope),
        "stage_counts": lambda s: _stage_counts(s, scope),
        "over_time": lambda s: _over_time(s, scope),
    }
    if scope.job_id is not None:
        tasks["criteria"] = lambda s: _criteria(s, scope)
    done = _together(session, tasks, concurrent=concurrent)
    totals = done["totals"]
    impact, question, hidden = done["impact"]
    return DashboardData(
        applications=sum(row[3] for row in totals),
        funnel=_funnel(scope, totals, done["stage_counts"]),
        scores=done["scores"],
        criteria=done.get("criteria", []),
        stage_times=done["stage_times"],
        by_channel=_rates(totals, lambda row: EMAIL_AND_SMS if row[1] else EMAIL_ONLY),
        by_source=_rates(totals, lambda row: SOURCE_LABELS.get(str(row[0]), str(row[0]))),
        over_time=done["over_time"],
        impact=impact,
        impact_question=question,
        impact_hidden=hidden,
    )


def _application_totals(session: Session, scope: _Scope) -> list[tuple]:
    """Counts of the filtered applications per (source, invited by SMS too).

    "Email + SMS" means an SMS invitation was queued for the application (a row of the
    outbox): what was sent, not what the job's setting says today.

    Returns:
        Rows (source, sms 0/1, started, invited, completed).
    """
    sms_invited = select(OutboundMessage.application_id).where(
        OutboundMessage.kind == "invitation", OutboundMessage.channel == Channel.SMS.value
    )
    inner = (
        select(
            Application.source.label("source"),
            sa.case((Application.id.in_(sms_invited), 1), else_=0).label("sms"),
            Application.started_at.label("started_at"),
            Application.status.label("status"),
        )
        .where(*scope.conditions)
        .subquery()
    )
    completed = sa.case((inner.c.status == ApplicationStatus.COMPLETED.value, 1), else_=0)
    query = select(
        inner.c.source,
        inner.c.sms,
        func.count(inner.c.started_at),
        func.count(),
        func.coalesce(func.sum(completed), 0),
    ).group_by(inner.c.source, inner.c.sms)
    return [tuple(row) for row in session.exec(query).all()]


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _stage_counts(session: Session, scope: _Scope) -> tuple[Counter, Counter]:
    """How many finished, and how many passed, each stage label."""
    passed = sa.case((StageAttempt.status == AttemptStatus.PASSED.value, 1), else_=0)
    query = select(
        StageAttempt.stage_id, func.count(StageAttempt.finished_at), func.sum(passed)
    ).group_by(StageAttempt.stage_id)
    rows = session.exec(
        _in_scope(query, scope, StageAttempt.stage_id, StageAttempt.application_id)
    ).all()
    finished: Counter = Counter()
    passing: Counter = Counter()
    for stage_id, done, ok in rows:
        label = scope.stages.of[stage_id]
        finished[label] += done
        passing[label] += ok or 0
    return finished, passing


def _funnel(
    scope: _Scope, totals: list[tuple], stage_counts: tuple[Counter, Counter]
) -> list[FunnelStep]:
    """The funnel steps (see dashboard_data)."""
    finished, passing = stage_counts
    invited = sum(row[3] for row in totals)
    counts = [("Invited", invited), ("Started", sum(row[2] for row in totals))]
    for label in scope.stages.labels:
        counts += [(f"Finished {label}", finished[label]), (f"Passed {label}", passing[label])]
    counts.append(("Finished the interview", sum(row[4] for row in totals)))
    steps = []
    for index, (label, count) in enumerate(counts):
        previous = counts[index - 1][1] if index else None
        drop = None if previous is None else _percent(previous - count, previous)
        steps.append(FunnelStep(label, count, _percent(count, invited), drop))
    return steps


def _rates(totals: list[tuple], key: Any) -> list[CompletionRate]:
    """Completion rates per group of application rows (groups nobody is in are left out)."""
    invited: Counter = Counter()
    completed: Counter = Counter()
    for row in totals:
        invited[key(row)] += row[3]
        completed[key(row)] += row[4]
    order = [EMAIL_ONLY, EMAIL_AND_SMS, *SOURCE_LABELS.values()]
    labels = sorted(invited, key=lambda label: order.index(label) if label in order else 99)
    return [
        CompletionRate(
            label, invited[label], completed[label], _percent(completed[label], invited[label])
        )
        for label in labels
        if invited[label]
    ]


def _expand(counts: dict[float, int]) -> np.ndarray:
    """Values repeated by their counts, sorted."""
    values = sorted(counts)
    return np.repeat(np.array(values, dtype=float), [counts[v] for v in values])


def _score_distributions(session: Session, scope: _Scope) -> list[ScoreDistribution]:
    """Current scored totals per stage (stages where nothing was scored are left out)."""
    query = (
        select(Score.stage_id, Score.total, func.count())
        .where(_current(), _scored())
        .group_by(Score.stage_id, Score.total)
    )
    per_label: dict[str, Counter] = defaultdict(Counter)
    for stage_id, total, count in session.exec(
        _in_scope(query, scope, Score.stage_id, Score.application_id, scored=True)
    ).all():
        per_label[scope.stages.of[stage_id]][float(total)] += count
    result = []
    for label in scope.stages.labels:
        if not per_label.get(label):
            continue
        values = _expand(per_label[label])
        bins = np.bincount(np.clip((values // 10).astype(int), 0, 9), minlength=10)
        threshold = scope.stages.thresholds.get(label, 60)
        result.append(
            ScoreDistribution(
                stage_label=label,
                threshold=threshold,
                totals=values.tolist(),
                bins=[int(b) for b in bins],
                passing=int((values >= threshold).sum()),
            )
        )
    return result


def _criteria_rows(session: Session, scope: _Scope) -> list[tuple[int, str, float, int]]:
    """(stage id, criterion, sum of its 1-5 scores, count) over the current scores.

    Scores are grouped by their criteria profile (``Score.criteria_scores``, names and
    scores without the evidence), a few hundred distinct profiles at most, read from an index.
    """
    query = (
        select(Score.stage_id, Score.criteria_scores, func.count())
        .where(_current())
        .group_by(Score.stage_id, Score.criteria_scores)
    )
    result = []
    for stage_id, text, times in session.exec(
        _in_scope(query, scope, Score.stage_id, Score.application_id, scored=True)
    ).all():
        # Profiles are written by models/derived.criteria_profile: [[name, score], ...].
        for name, score in json.loads(text or "[]"):
            if name is not None and isinstance(score, int | float):
                result.append((stage_id, str(name), float(score) * times, times))
    return result


def _criteria(session: Session, scope: _Scope) -> list[CriterionAverage]:
    """Mean score of each rubric criterion per stage, from the current scores' criteria."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for stage_id, criterion, total, count in _criteria_rows(session, scope):
        if criterion is None or not count:
            continue
        key = (scope.stages.of[stage_id], str(criterion))
        sums[key][0] += float(total)
        sums[key][1] += count
    position = {label: index for index, label in enumerate(scope.stages.labels)}
    return [
        CriterionAverage(label, criterion, round(total / count, 2), int(count))
        for (label, criterion), (total, count) in sorted(
            sums.items(), key=lambda item: (position[item[0][0]], item[0][1].lower())
        )
    ]


def _stage_times(session: Session, scope: _Scope) -> list[StageTime]:
    """Median and 90th percentile of the time finished attempts took, per stage.

    Percentiles interpolate linearly between the two nearest durations (PostgreSQL's
    percentile_cont, numpy's default).
    """
    labels = scope.stages.labels
    found: dict[str, tuple[float, float, int]] = {}
    finished = StageAttempt.finished_at.is_not(None)
    if not labels:
        return []
    if scope.dialect == "postgresql":
        index = sa.case(
            {stage_id: labels.index(label) for stage_id, label in scope.stages.of.items()},
            value=StageAttempt.stage_id,
        )
        # date_part gives a double; extract would give a numeric, far slower to sort.
        seconds = func.date_part("epoch", StageAttempt.finished_at - StageAttempt.started_at)
        query = (
            select(
                index,
                func.percentile_cont(0.5).within_group(seconds),
                func.percentile_cont(0.9).within_group(seconds),
                func.count(),
            )
            .where(finished)
            .group_by(index)
        )
        for position, median, p90, count in session.exec(
            _in_scope(query, scope, StageAttempt.stage_id, StageAttempt.application_id)
        ).all():
            found[labels[position]] = (float(median), float(p90), count)
    else:
        # SQLite stores UTC text ('YYYY-MM-DD HH:MM:SS.ffffff'): one string of
        # "started,finished,..." per stage, which numpy reads far faster than rows.
        pair = (
            sa.type_coerce(StageAttempt.started_at, sa.String)
            + ","
            + sa.type_coerce(StageAttempt.finished_at, sa.String)
        )
        query = (
            select(StageAttempt.stage_id, func.group_concat(pair, ","))
            .where(finished)
            .group_by(StageAttempt.stage_id)
        )
        per_label: dict[str, list[np.ndarray]] = defaultdict(list)
        for stage_id, text in session.exec(
            _in_scope(query, scope, StageAttempt.stage_id, StageAttempt.application_id)
        ).all():
            moments = np.array(text.split(","), dtype="datetime64[us]")
            seconds = (moments[1::2] - moments[0::2]).astype(float) / 1e6
            per_label[scope.stages.of[stage_id]].append(seconds)
        for label, parts in per_label.items():
            values = np.concatenate(parts)
            found[label] = (
                float(np.percentile(values, 50)),
                float(np.percentile(values, 90)),
                len(values),
            )
    return [
        StageTime(
            label, round(found[label][0] / 60, 1), round(found[label][1] / 60, 1), found[label][2]
        )
        for label in labels
        if label in found
    ]


def _over_time(session: Session, scope: _Scope) -> list[DayCount]:
    """Applications created and interviews finished per UTC day, every day in between."""
    created_day = _day(Application.created_at, scope.dialect)
    created = session.exec(
        select(created_day, func.count()).where(*scope.conditions).group_by(created_day)
    ).all()
    finished_day = _day(Application.finished_at, scope.dialect)
    finished = session.exec(
        select(finished_day, func.count())
        .where(*scope.conditions, Application.status == ApplicationStatus.COMPLETED.value)
        .where(Application.finished_at.is_not(None))
        .group_by(finished_day)
    ).all()
    applications = {_as_date(day): count for day, count in created if day is not None}
    completions = {_as_date(day): count for day, count in finished if day is not None}
    days = set(applications) | set(completions)
    if not days:
        return []
    first, last = min(days), max(days)
    return [
        DayCount(day, applications.get(day, 0), completions.get(day, 0))
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]


def _impact(session: Session, user: User, scope: _Scope) -> tuple[list[ImpactRow], str, int]:
    """Selection rates per self-identified group at each stage (adverse impact).

    Groups are the answers to the self-ID question(s) of the form stages in scope ("Prefer
    not to say" and no answer are not a group). At each stage, candidates are the group's
    members who finished it (candidates still in a stage are not counted until it decides)
    and selected those who moved on from it (passed, or passed on dealbreakers with the score
    pending); scores are never read. Cells of fewer than 5 candidates are hidden and
    counted; the impact ratio is against the highest rate among the shown groups of that
    stage, flagged under 4/5.
    Several self-ID questions (same prompt across versions counts as one) are tabled one
    after the other.

    Returns:
        (rows in stage order, the question's prompt or "", hidden cells).
    """
    query = select(Question.id, Question.prompt, Question.stage_id).where(
        Question.kind == QuestionKind.SELF_ID.value,
        Question.stage_id.in_(list(scope.stages.of)) if scope.stages.of else sa.false(),
    )
    by_prompt: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for question_id, prompt, stage_id in session.exec(query.order_by(Question.id)).all():
        by_prompt[" ".join(prompt.split())].append((question_id, stage_id))
    rows: list[ImpactRow] = []
    prompts: list[str] = []
    hidden = 0
    for prompt, questions in by_prompt.items():
        cells = _group_cells(session, scope, questions)
        if not cells:
            continue
        prompts.append(prompt)
        shown, hidden_here = _impact_rows(cells, scope.stages.labels, prompt)
        rows += shown
        hidden += hidden_here
    return rows, " / ".join(prompts), hidden


def _group_cells(
    session: Session, scope: _Scope, questions: list[tuple[int, int]]
) -> dict[tuple[str, str], list[int]]:
    """(stage label, group) -> [candidates, selected] for one self-ID question."""
    form = sa.orm.aliased(StageAttempt, name="form_attempt")
    answers = {
        stage_id: _json_text(form.answers, str(q), scope.dialect) for q, stage_id in questions
    }
    # One question per stage (the builder allows one): read only the one of the row's stage.
    answer = (
        next(iter(answers.values())) if len(answers) == 1 else sa.case(answers, value=form.stage_id)
    )
    members = select(form.application_id.label("application_id"), answer.label("grp")).where(
        form.stage_id.in_(sorted({stage_id for _, stage_id in questions}))
    )
    if scope.narrowed:
        members = members.join(Application, Application.id == form.application_id).where(
            *scope.conditions
        )
    members = members.subquery()
    # A stage decides once it is finished: those still in it are not counted yet, and a
    # score still pending moved on by the dealbreakers (selected).
    moved_on = (AttemptStatus.PASSED.value, AttemptStatus.SCORE_PENDING.value)
    passed = sa.case((StageAttempt.status.in_(moved_on), 1), else_=0)
    result = session.exec(
        select(members.c.grp, StageAttempt.stage_id, func.count(), func.sum(passed))
        .join(StageAttempt, StageAttempt.application_id == members.c.application_id)
        # A member's attempts are all of its own interview's stages, in scope: no stage
        # filter, so each member's attempts are one index range.
        .where(members.c.grp.is_not(None), StageAttempt.finished_at.is_not(None))
        .group_by(members.c.grp, StageAttempt.stage_id)
    ).all()
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for group, stage_id, candidates, selected in result:
        group = " ".join(str(group).split())
        label = scope.stages.of.get(stage_id)
        if group.lower() in NOT_A_GROUP or label is None:
            continue
        cell = cells[(label, group)]
        cell[0] += candidates
        cell[1] += selected or 0
    return cells


def _impact_rows(
    cells: dict[tuple[str, str], list[int]], labels: Sequence[str], question: str
) -> tuple[list[ImpactRow], int]:
    """Rows of the shown groups at each stage, and how many cells were hidden."""
    rows, hidden = [], 0
    for label in labels:
        groups = sorted(
            (group, counts) for (stage, group), counts in cells.items() if stage == label
        )
        shown = [(g, c, s) for g, (c, s) in groups if c >= MIN_GROUP]
        hidden += len(groups) - len(shown)
        best = max((s / c for _, c, s in shown), default=0.0)
        for group, candidates, selected in shown:
            rate = selected / candidates
            ratio = rate / best if best else 1.0
            rows.append(
                ImpactRow(
                    stage_label=label,
                    group=group,
                    candidates=candidates,
                    selected=selected,
                    rate=round(rate, 3),
                    impact_ratio=round(ratio, 3),
                    flagged=ratio < FOUR_FIFTHS,
                    question=question,
                )
            )
    return rows, hidden


# --- ranked table and export ---------------------------------------------------------------


def _ordered(query: Any, scope: _Scope, sort: str, descending: bool) -> Any:
    """Order a select of applications by a sort (no score last, ties by application id).

    By score: the overall score kept on each application (score_alerts), through its index.
    """
    if sort == "overall":
        column = Application.overall_score
    elif sort == "name":
        column = func.lower(Candidate.first_name + " " + Candidate.last_name)
    elif sort == "created_at":
        column = Application.created_at
    else:
        column = Application.status
    ordered = column.desc() if descending else column.asc()
    return query.order_by(ordered.nulls_last(), Application.id.asc())


def _rows_query(scope: _Scope, application_ids: list[int] | None = None) -> Any:
    """The columns of the table's rows, for the scope's applications (or some of them)."""
    query = (
        select(
            Application.id,
            Candidate.first_name,
            Candidate.last_name,
            Candidate.email,
            Candidate.phone,
            Job.title,
            Application.status,
            Application.source,
            Application.created_at,
            Application.overall_score,
        )
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .where(*scope.conditions)
    )
    if application_ids is not None:
        query = query.where(Application.id.in_(application_ids))
    return query


def _current_scores(
    session: Session, application_ids: Sequence[int], scope: _Scope
) -> dict[int, dict[str, float]]:
    """Application id -> stage label -> current scored total."""
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for start in range(0, len(application_ids), 5000):
        rows = session.exec(
            select(Score.application_id, Score.stage_id, Score.total).where(
                Score.application_id.in_(application_ids[start : start + 5000]),
                _current(),
                _scored(),
            )
        ).all()
        for application_id, stage_id, total in rows:
            label = scope.stages.of.get(stage_id)
            if label is not None:
                scores[application_id][label] = float(total)
    return scores


def ranked(
    *,
    session: Session,
    user: User,
    filters: Filters,
    sort: str = "overall",
    descending: bool = True,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[RankedRow], int]:
    """One page of the filtered applications, best overall score first by default.

    Args:
        session: Database session.
        user: The acting user.
        filters: Which applications.
        sort: One of SORTS; applications without a score come last either way.
        descending: Highest (or latest, or Z) first.
        page: Page number from 1 (a page past the end is empty).
        per_page: Rows per page (1-200).

    Returns:
        (the page's rows, how many applications match).

    Raises:
        Invalid: For an unknown sort, page or page size, or filters that cannot match.
        NotFound: For another organization's job or stage.
    """
    if sort not in SORTS:
        raise Invalid({"sort": "Sort by score, name, date or status."})
    if page < 1:
        raise Invalid({"page": "Pages start at 1."})
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise Invalid({"per_page": f"Show between 1 and {MAX_PER_PAGE} rows a page."})
    scope = _scope(session, user, filters)
    total = session.exec(select(func.count()).select_from(Application).where(*scope.conditions))
    # The page's ids first (the sort reads only what it needs), then their rows.
    ids = select(Application.id).where(*scope.conditions)
    if sort == "name":
        ids = ids.join(Candidate, Candidate.id == Application.candidate_id)
    ids = session.exec(
        _ordered(ids, scope, sort, descending).limit(per_page).offset((page - 1) * per_page)
    ).all()
    found = {row[0]: row for row in session.exec(_rows_query(scope, list(ids))).all()}
    rows = [found[application_id] for application_id in ids if application_id in found]
    scores = _current_scores(session, list(ids), scope)
    labels = scope.stages.labels
    return [_ranked_row(row, scores.get(row[0], {}), labels) for row in rows], total.one()


def _ranked_row(row: Sequence[Any], scores: dict[str, float], labels: list[str]) -> RankedRow:
    application_id, first, last, email, phone, title, status, source, created_at, overall = row
    return RankedRow(
        application_id=application_id,
        name=f"{first} {last}".strip(),
        email=email,
        job_title=title,
        status=str(status),
        source=str(source),
        overall=overall,
        stage_scores={label: scores.get(label) for label in labels},
        created_at=created_at,
        phone=phone or "",
    )


def median_overall(*, session: Session, user: User, filters: Filters) -> float | None:
    """The median overall score of the filtered applications that have one (a headline number).

    Args:
        session: Database session.
        user: The acting user.
        filters: Which applications.

    Returns:
        The median to one decimal, or None when no application has a scored stage.

    Raises:
        NotFound: For another organization's job or stage.
        Invalid: For filters that cannot match.
    """
    scope = _scope(session, user, filters)
    # Overall scores have one decimal: a few hundred distinct values, expanded back exactly.
    counts = session.exec(
        select(Application.overall_score, func.count())
        .where(*scope.conditions, Application.overall_score.is_not(None))
        .group_by(Application.overall_score)
    ).all()
    values = _expand({float(value): count for value, count in counts})
    return round(float(np.median(values)), 1) if len(values) else None


def export_frame(*, session: Session, user: User, filters: Filters) -> pd.DataFrame:
    """Every filtered application as a table for a spreadsheet, best overall score first.

    Columns: Candidate, Email, Phone, Job, Status, Source, Applied (ISO date), Overall, one
    "<stage> score" column per stage, Report URL. Cells hold the data as it is; ``to_csv``
    and ``to_excel`` neutralize formula-like cells.

    Args:
        session: Database session.
        user: The acting user.
        filters: Which applications (``application_ids`` for a selection).

    Returns:
        The table.

    Raises:
        NotFound: For another organization's job or stage.
        Invalid: For filters that cannot match.
    """
    scope = _scope(session, user, filters)
    rows = session.exec(_ordered(_rows_query(scope), scope, "overall", True)).all()
    scores = _current_scores(session, [row[0] for row in rows], scope)
    labels = scope.stages.labels
    base = get_settings().public_base_url.rstrip("/")
    columns = [
        "Candidate",
        "Email",
        "Phone",
        "Job",
        "Status",
        "Source",
        "Applied",
        "Overall",
        *[f"{label} score" for label in labels],
        "Report URL",
    ]
    records = []
    for row in rows:
        item = _ranked_row(row, scores.get(row[0], {}), labels)
        records.append(
            [
                item.name,
                item.email,
                item.phone,
                item.job_title,
                item.status.replace("_", " ").capitalize(),
                SOURCE_LABELS.get(item.source, item.source),
                item.created_at.date().isoformat(),
                item.overall,
                *[item.stage_scores[label] for label in labels],
                base + routes.candidate_report(item.application_id),
            ]
        )
    return pd.DataFrame.from_records(records, columns=columns)


def _neutral(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made plain text with an apostrophe."""
    return spreadsheet_safe(value)


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table whose text cells (and headers) cannot run as formulas.

    Args:
        frame: A table from export_frame.

    Returns:
        The safe copy.
    """
    safe = frame.copy()
    safe.columns = [_neutral(str(column)) for column in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_neutral)
    return safe


def to_csv(frame: pd.DataFrame) -> bytes:
    """A table as CSV: UTF-8 with a byte order mark (Excel reads the accents), commas.

    Args:
        frame: A table from export_frame.

    Returns:
        The file's bytes.
    """
    return neutralize(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel(frame: pd.DataFrame) -> bytes:
    """A table as an .xlsx workbook (one sheet, "Candidates", columns sized to their header).

    Args:
        frame: A table from export_frame.

    Returns:
        The file's bytes.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralize(frame).to_excel(writer, index=False, sheet_name="Candidates")
        sheet = writer.sheets["Candidates"]
        for cells in sheet.iter_cols(min_row=1, max_row=1):
            width = max(len(str(cells[0].value or "")), 10)
            sheet.column_dimensions[cells[0].column_letter].width = min(width + 2, 50)
    return buffer.getvalue()
