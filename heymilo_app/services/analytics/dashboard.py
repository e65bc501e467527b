"""Everything the dashboard draws for one set of filters, and the headline counts.

``dashboard_data`` resolves the scope once and runs the independent aggregates of
``funnel``, ``scores`` and ``impact`` at once (``concurrent``), each on a connection of its
own, helped by the covering indexes of migrations 0008 and 0009 and by the columns the app
derives on every write (models/derived.py); ``benchmarks/dashboard.py`` times it on 100,000
applications. ``status_counts`` and ``open_job_count`` are the counts of the first dashboard.
Every function reads the acting user's organization only.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app.db import reader
from heymilo_app.models import Application, ApplicationStatus, Job, JobStatus, User
from heymilo_app.services.analytics.funnel import (
    EMAIL_AND_SMS,
    EMAIL_ONLY,
    CompletionRate,
    DayCount,
    FunnelStep,
    StageTime,
    application_totals,
    completion_rates,
    funnel_steps,
    over_time,
    stage_outcomes,
    stage_times,
)
from heymilo_app.services.analytics.impact import ImpactRow, adverse_impact
from heymilo_app.services.analytics.scope import SOURCE_LABELS, Filters, resolve_scope
from heymilo_app.services.analytics.scores import (
    CriterionAverage,
    ScoreDistribution,
    criterion_averages,
    score_distributions,
)
from heymilo_app.services.analytics.sql import tune

# Aggregates the dashboard runs at once (concurrent=True): a few more than the cores, as each
# also waits on the database.
WORKERS = max(2, min(4, (os.cpu_count() or 2) + 1))


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
            tune(own)
            return task(own)

    with ThreadPoolExecutor(max_workers=min(WORKERS, len(tasks))) as pool:
        futures = {name: pool.submit(run, task) for name, task in tasks.items()}
        return {name: future.result() for name, future in futures.items()}


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
    scope = resolve_scope(session, user, filters)
    # Longest first, so the workers finish together.
    tasks: dict[str, Callable[[Session], Any]] = {
        "impact": lambda s: adverse_impact(s, user, scope),
        "stage_times": lambda s: stage_times(s, scope),
        "totals": lambda s: application_totals(s, scope),
        "scores": lambda s: score_distributions(s, scope),
        "stage_counts": lambda s: stage_outcomes(s, scope),
        "over_time": lambda s: over_time(s, scope),
    }
    if scope.job_id is not None:
        tasks["criteria"] = lambda s: criterion_averages(s, scope)
    done = _together(session, tasks, concurrent=concurrent)
    totals = done["totals"]
    impact, question, hidden = done["impact"]
    return DashboardData(
        applications=sum(row[3] for row in totals),
        funnel=funnel_steps(scope, totals, done["stage_counts"]),
        scores=done["scores"],
        criteria=done.get("criteria", []),
        stage_times=done["stage_times"],
        by_channel=completion_rates(totals, lambda row: EMAIL_AND_SMS if row[1] else EMAIL_ONLY),
        by_source=completion_rates(totals, lambda row: SOURCE_LABELS.get(str(row[0]), str(row[0]))),
        over_time=done["over_time"],
        impact=impact,
        impact_question=question,
        impact_hidden=hidden,
    )
