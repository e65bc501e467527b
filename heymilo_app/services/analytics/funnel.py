"""The dashboard's pipeline numbers: the funnel, completion rates, stage times, daily counts.

Every number is a ``GROUP BY`` aggregate over narrow column selects within a scope (see
``scope``), read as plain rows, never one ORM object per application. Stage times are exact
percentiles of every finished attempt: PostgreSQL's percentile_cont, and on SQLite one
concatenated string of timestamps per stage, read by numpy. Completion rates group the
invited by how they were invited (email only, or email and SMS: what the outbox queued) and
by where they came from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    AttemptStatus,
    Channel,
    OutboundMessage,
    StageAttempt,
)
from heymilo_app.services.analytics.scope import SOURCE_LABELS, Scope, in_scope
from heymilo_app.services.analytics.sql import as_date, day_of

EMAIL_ONLY = "Email only"
EMAIL_AND_SMS = "Email + SMS"


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


def application_totals(session: Session, scope: Scope) -> list[tuple]:
    """Counts of the filtered applications per (source, invited by SMS too).

    "Email + SMS" means an SMS invitation was queued for the application (a row of the
    outbox): what was sent, not what the job's setting says today.

    Args:
        session: Database session.
        scope: The filtered applications and their stages.

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


def stage_outcomes(session: Session, scope: Scope) -> tuple[Counter, Counter]:
    """How many finished, and how many passed, each stage label.

    Args:
        session: Database session.
        scope: The filtered applications and their stages.

    Returns:
        (finished per stage label, passed per stage label).
    """
    passed = sa.case((StageAttempt.status == AttemptStatus.PASSED.value, 1), else_=0)
    query = select(
        StageAttempt.stage_id, func.count(StageAttempt.finished_at), func.sum(passed)
    ).group_by(StageAttempt.stage_id)
    rows = session.exec(
        in_scope(query, scope, StageAttempt.stage_id, StageAttempt.application_id)
    ).all()
    finished: Counter = Counter()
    passing: Counter = Counter()
    for stage_id, done, ok in rows:
        label = scope.stages.of[stage_id]
        finished[label] += done
        passing[label] += ok or 0
    return finished, passing


def funnel_steps(
    scope: Scope, totals: list[tuple], stage_counts: tuple[Counter, Counter]
) -> list[FunnelStep]:
    """The funnel steps (see ``dashboard.dashboard_data``).

    Args:
        scope: The filtered applications and their stages.
        totals: The rows of ``application_totals``.
        stage_counts: What ``stage_outcomes`` counted.

    Returns:
        The steps, Invited first.
    """
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


def completion_rates(totals: list[tuple], key: Any) -> list[CompletionRate]:
    """Completion rates per group of application rows (groups nobody is in are left out).

    Args:
        totals: The rows of ``application_totals``.
        key: The group of a row (its label).

    Returns:
        One rate per group, email only and email + SMS first, then the sources.
    """
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


def stage_times(session: Session, scope: Scope) -> list[StageTime]:
    """Median and 90th percentile of the time finished attempts took, per stage.

    Percentiles interpolate linearly between the two nearest durations (PostgreSQL's
    percentile_cont, numpy's default).

    Args:
        session: Database session.
        scope: The filtered applications and their stages.

    Returns:
        One entry per stage label that has finished attempts, in interview order.
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
            in_scope(query, scope, StageAttempt.stage_id, StageAttempt.application_id)
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
            in_scope(query, scope, StageAttempt.stage_id, StageAttempt.application_id)
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


def over_time(session: Session, scope: Scope) -> list[DayCount]:
    """Applications created and interviews finished per UTC day, every day in between.

    Args:
        session: Database session.
        scope: The filtered applications and their stages.

    Returns:
        One count per day from the first to the last (empty when there is none).
    """
    created_day = day_of(Application.created_at, scope.dialect)
    created = session.exec(
        select(created_day, func.count()).where(*scope.conditions).group_by(created_day)
    ).all()
    finished_day = day_of(Application.finished_at, scope.dialect)
    finished = session.exec(
        select(finished_day, func.count())
        .where(*scope.conditions, Application.status == ApplicationStatus.COMPLETED.value)
        .where(Application.finished_at.is_not(None))
        .group_by(finished_day)
    ).all()
    applications = {as_date(day): count for day, count in created if day is not None}
    completions = {as_date(day): count for day, count in finished if day is not None}
    days = set(applications) | set(completions)
    if not days:
        return []
    first, last = min(days), max(days)
    return [
        DayCount(day, applications.get(day, 0), completions.get(day, 0))
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]
