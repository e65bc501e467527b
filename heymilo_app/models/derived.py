"""Columns derived from scores, kept by session events whatever code writes a Score.

Each score keeps its criteria without their evidence (``Score.criteria_scores``) and each
application the mean of its current scored stages' totals (``Application.overall_score``).
Every flush that adds, changes or deletes a Score recomputes them: the engine, a rescore, the
demo or a test. The dashboard sorts, ranks and averages by these columns instead of reading
every score's JSON (benchmarks/dashboard.py). Writes that bypass the ORM (the migration that
added the columns, the benchmark's bulk seed) fill them the same way with ``criteria_profile``
and ``mean_total``. The database layer (``db.py``) installs the events with ``install``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from heymilo_app.models.candidate import Application, Score


def mean_total(totals: list[float]) -> float | None:
    """The overall score's rule on scored stages' totals: their mean to one decimal.

    Args:
        totals: The totals of the stages that were scored.

    Returns:
        The mean, or None for no totals.
    """
    return round(sum(totals) / len(totals), 1) if totals else None


def criteria_profile(criteria: list[dict[str, Any]] | None) -> str:
    """A score's criteria without their evidence, as stored in ``Score.criteria_scores``.

    Args:
        criteria: The score's criteria, [{"name", "weight", "score", "evidence"}].

    Returns:
        JSON text [[name, score], ...] in the criteria's order; "[]" for none.
    """
    return json.dumps(
        [[c.get("name"), c.get("score")] for c in criteria or [] if isinstance(c, dict)],
        ensure_ascii=False,
    )


_TOUCHED = "derived.touched_applications"


def _keep_criteria_profiles(session: sa.orm.Session, _context: Any, _instances: Any) -> None:
    """Before a flush: fill each written score's profile, and note its application."""
    touched = session.info.setdefault(_TOUCHED, set())
    for item in (*session.new, *session.dirty):
        if isinstance(item, Score):
            profile = criteria_profile(item.criteria)
            if item.criteria_scores != profile:
                item.criteria_scores = profile
            touched.add(item.application_id)
    for item in session.deleted:
        if isinstance(item, Score):
            touched.add(item.application_id)


def _keep_overall_scores(session: sa.orm.Session, _context: Any) -> None:
    """After a flush that wrote scores: recompute those applications' overall scores."""
    touched = {i for i in session.info.pop(_TOUCHED, ()) if i is not None}
    if not touched:
        return
    connection = session.connection()
    table = Application.__table__
    scores = Score.__table__
    totals: dict[int, list[float]] = defaultdict(list)
    for application_id, total in connection.execute(
        sa.select(scores.c.application_id, scores.c.total).where(
            scores.c.application_id.in_(sorted(touched)),
            scores.c.is_current == sa.true(),
            scores.c.criteria_scores != "[]",
        )
    ):
        totals[application_id].append(float(total))
    connection.execute(
        table.update()
        .where(table.c.id == sa.bindparam("application_id"))
        .values(overall_score=sa.bindparam("overall")),
        [{"application_id": i, "overall": mean_total(totals.get(i, []))} for i in touched],
    )
    for item in list(session.identity_map.values()):
        if isinstance(item, Application) and item.id in touched:
            session.expire(item, ["overall_score"])


def install() -> None:
    """Attach the two session events to every SQLAlchemy session (idempotent)."""
    for name, fn in (
        ("before_flush", _keep_criteria_profiles),
        ("after_flush_postexec", _keep_overall_scores),
    ):
        if not sa.event.contains(sa.orm.Session, name, fn):
            sa.event.listen(sa.orm.Session, name, fn)
