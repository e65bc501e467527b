"""Score numbers: each stage's distribution of totals, criterion averages, the median overall.

Distributions stay exact: score totals have one decimal, so ``GROUP BY stage, total`` returns
a few hundred rows that expand back to every total. Criterion averages group the current
scores by their criteria profile (``Score.criteria_scores``: names and scores without the
evidence, derived on every write by models/derived.py), and the median reads each
application's derived overall score; both through covering indexes (migrations 0008 and
0009). Only current scores of stages with a rubric count.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from sqlmodel import Session, func, select

from heymilo_app.models import Application, Score, User
from heymilo_app.services.analytics.scope import Filters, Scope, in_scope, resolve_scope
from heymilo_app.services.analytics.sql import current_clause, scored_clause


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


def _expand(counts: dict[float, int]) -> np.ndarray:
    """Values repeated by their counts, sorted."""
    values = sorted(counts)
    return np.repeat(np.array(values, dtype=float), [counts[v] for v in values])


def score_distributions(session: Session, scope: Scope) -> list[ScoreDistribution]:
    """Current scored totals per stage (stages where nothing was scored are left out).

    Args:
        session: Database session.
        scope: The filtered applications and their stages.

    Returns:
        One distribution per stage label, in interview order.
    """
    query = (
        select(Score.stage_id, Score.total, func.count())
        .where(current_clause(), scored_clause())
        .group_by(Score.stage_id, Score.total)
    )
    per_label: dict[str, Counter] = defaultdict(Counter)
    for stage_id, total, count in session.exec(
        in_scope(query, scope, Score.stage_id, Score.application_id, scored=True)
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


def _criteria_rows(session: Session, scope: Scope) -> list[tuple[int, str, float, int]]:
    """(stage id, criterion, sum of its 1-5 scores, count) over the current scores.

    Scores are grouped by their criteria profile (``Score.criteria_scores``, names and
    scores without the evidence), a few hundred distinct profiles at most, read from an index.
    """
    query = (
        select(Score.stage_id, Score.criteria_scores, func.count())
        .where(current_clause())
        .group_by(Score.stage_id, Score.criteria_scores)
    )
    result = []
    for stage_id, text, times in session.exec(
        in_scope(query, scope, Score.stage_id, Score.application_id, scored=True)
    ).all():
        # Profiles are written by models/derived.criteria_profile: [[name, score], ...].
        for name, score in json.loads(text or "[]"):
            if name is not None and isinstance(score, int | float):
                result.append((stage_id, str(name), float(score) * times, times))
    return result


def criterion_averages(session: Session, scope: Scope) -> list[CriterionAverage]:
    """Mean score of each rubric criterion per stage, from the current scores' criteria.

    Args:
        session: Database session.
        scope: The filtered applications and their stages.

    Returns:
        One average per stage and criterion, in interview order, then by criterion name.
    """
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
    scope = resolve_scope(session, user, filters)
    # Overall scores have one decimal: a few hundred distinct values, expanded back exactly.
    counts = session.exec(
        select(Application.overall_score, func.count())
        .where(*scope.conditions, Application.overall_score.is_not(None))
        .group_by(Application.overall_score)
    ).all()
    values = _expand({float(value): count for value, count in counts})
    return round(float(np.median(values)), 1) if len(values) else None
