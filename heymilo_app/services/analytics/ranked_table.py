"""The ranked candidate table: one page of the filtered applications, best overall first.

Rows are read as plain columns: the page's application ids first (the sort reads only what
it needs, by score through the index on each application's derived overall score), then
their rows, then their current stage totals by stage label. The export reads the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from heymilo_app.models import Application, Candidate, Job, Score, User
from heymilo_app.services.analytics.scope import Filters, Scope, resolve_scope
from heymilo_app.services.analytics.sql import current_clause, scored_clause
from heymilo_app.services.common.errors import Invalid

SORTS = ("overall", "name", "created_at", "status")
MAX_PER_PAGE = 200


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


def order_rows(query: Any, scope: Scope, sort: str, descending: bool) -> Any:
    """Order a select of applications by a sort (no score last, ties by application id).

    By score: the overall score kept on each application (score_alerts), through its index.

    Args:
        query: A select of applications (joined to the candidate when sorting by name).
        scope: The scope the select reads.
        sort: One of SORTS.
        descending: Highest (or latest, or Z) first.

    Returns:
        The ordered select.
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


def rows_query(scope: Scope, application_ids: list[int] | None = None) -> Any:
    """The columns of the table's rows, for the scope's applications (or some of them).

    Args:
        scope: The filtered applications.
        application_ids: Only these (None: every application of the scope).

    Returns:
        A select of (id, first name, last name, email, phone, job title, status, source,
        created at, overall score).
    """
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


def current_scores(
    session: Session, application_ids: Sequence[int], scope: Scope
) -> dict[int, dict[str, float]]:
    """Application id -> stage label -> current scored total.

    Args:
        session: Database session.
        application_ids: The applications.
        scope: Their scope (for the stage labels).

    Returns:
        The totals of the stages in scope that have one.
    """
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for start in range(0, len(application_ids), 5000):
        rows = session.exec(
            select(Score.application_id, Score.stage_id, Score.total).where(
                Score.application_id.in_(application_ids[start : start + 5000]),
                current_clause(),
                scored_clause(),
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
    scope = resolve_scope(session, user, filters)
    total = session.exec(select(func.count()).select_from(Application).where(*scope.conditions))
    # The page's ids first (the sort reads only what it needs), then their rows.
    ids = select(Application.id).where(*scope.conditions)
    if sort == "name":
        ids = ids.join(Candidate, Candidate.id == Application.candidate_id)
    ids = session.exec(
        order_rows(ids, scope, sort, descending).limit(per_page).offset((page - 1) * per_page)
    ).all()
    found = {row[0]: row for row in session.exec(rows_query(scope, list(ids))).all()}
    rows = [found[application_id] for application_id in ids if application_id in found]
    scores = current_scores(session, list(ids), scope)
    labels = scope.stages.labels
    return [ranked_row(row, scores.get(row[0], {}), labels) for row in rows], total.one()


def ranked_row(row: Sequence[Any], scores: dict[str, float], labels: list[str]) -> RankedRow:
    """One row of the table.

    Args:
        row: A row of ``rows_query``.
        scores: The application's current totals by stage label.
        labels: Every stage label of the scope, in interview order.

    Returns:
        The row, with a score (or None) for every label.
    """
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
