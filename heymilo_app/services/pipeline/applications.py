"""Applications as recruiters list them: the Candidates page's search, filters, sorts and pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    Stage,
    User,
)
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.pipeline.rejections import REJECTED, rejected_clause
from heymilo_app.services.stages.kinds import TYPE_NAMES


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the candidate list."""

    application_id: int
    candidate_name: str
    email: str
    job_id: int
    job_title: str
    status: str
    stage: str
    source: str
    invited_at: datetime | None
    shortlisted: bool = False
    # The ATS's own name for the source, when it gave one.
    source_name: str = ""
    phone: str = ""
    # The overall score the ranked table sorts by (score_alerts.overall_score, kept on the
    # application); None while no stage is scored.
    overall: float | None = None
    # A person rejected it (status "disqualified" by a recruiter's decision, not by a rule).
    rejected: bool = False
    created_at: datetime | None = None


# Sorts of the Candidates page, by value, with their labels.
SORTS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "score": "Score, high to low",
    "name": "Name, A to Z",
}
# Rows per page of the Candidates page.
PER_PAGE = 50
# The Candidates page's status filter: every status, with a person's rejection apart from
# a failed rule ("rejected" is not a stored status: see ``rejections.rejected_clause``).
STATUS_FILTERS = (
    ApplicationStatus.INVITED.value,
    ApplicationStatus.IN_PROGRESS.value,
    ApplicationStatus.IN_REVIEW.value,
    ApplicationStatus.COMPLETED.value,
    REJECTED,
    ApplicationStatus.DISQUALIFIED.value,
    ApplicationStatus.WITHDRAWN.value,
    ApplicationStatus.EXPIRED.value,
)
# Stage types across jobs, in interview order, for the stage filter without a job.
STAGE_TYPE_LABELS = TYPE_NAMES


@dataclass(frozen=True)
class ListQuery:
    """What the Candidates page asks for.

    Attributes:
        search: Name, email or phone contains this (case-insensitive; a phone by its digits).
        job_id: One job's applications, or None for every job.
        status: One of STATUS_FILTERS, or "" for any.
        stage: The stage the application is at now: with a job, one of its stages' ids (its
            namesakes in the job's other interview versions count too); without, a stage type.
        sort: One of SORTS.
        page: Page number from 1 (past the end: the last page).
        per_page: Rows per page.
    """

    search: str = ""
    job_id: int | None = None
    status: str = ""
    stage: str = ""
    sort: str = "newest"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class ApplicationPage:
    """One page of the candidate list, and where it is in the whole."""

    rows: list[ApplicationRow]
    total: int
    page: int
    per_page: int

    @property
    def first(self) -> int:
        """The position of the page's first row from 1 (0 when there are none)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The position of the page's last row."""
        return self.first + len(self.rows) - 1 if self.rows else 0

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, -(-self.total // self.per_page))


def _row_query() -> Any:
    return (
        select(Application, Candidate, Job, Stage, rejected_clause().label("rejected"))
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .join(Stage, Stage.id == Application.current_stage_id, isouter=True)
    )


def _row(
    application: Application, candidate: Candidate, job: Job, stage, rejected
) -> ApplicationRow:
    return ApplicationRow(
        application_id=application.id,
        candidate_name=candidate.full_name,
        email=candidate.email,
        job_id=job.id,
        job_title=job.title,
        status=str(application.status),
        stage=(stage.title or str(stage.type)) if stage is not None else "",
        source=str(application.source),
        invited_at=application.invited_at,
        shortlisted=application.shortlisted_at is not None,
        source_name=application.source_name,
        phone=candidate.phone or "",
        overall=application.overall_score,
        rejected=bool(rejected),
        created_at=application.created_at,
    )


def list_applications(
    *, session: Session, user: User, job_id: int | None = None, limit: int = 500
) -> list[ApplicationRow]:
    """List the applications of the user's organization, newest first.

    Args:
        session: Database session.
        user: The acting user.
        job_id: Only this job's applications when given.
        limit: At most this many rows.

    Returns:
        Rows for the candidate list.
    """
    query = _row_query().where(Application.organization_id == user.organization_id)
    if job_id is not None:
        query = query.where(Application.job_id == job_id)
    rows = session.exec(
        query.order_by(Application.created_at.desc(), Application.id.desc()).limit(limit)
    ).all()
    return [_row(*row) for row in rows]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_clause(user: User, text: str) -> Any:
    """The clause "the candidate's name, email or phone contains the text"."""
    name = Candidate.first_name + " " + Candidate.last_name
    lowered = _like(text.lower())
    matches = [
        func.lower(name).like(lowered, escape="\\"),
        func.lower(Candidate.email).like(lowered, escape="\\"),
        # SQLite lowers ASCII letters only: a name typed as stored matches too.
        name.like(_like(text), escape="\\"),
    ]
    digits = re.sub(r"\D", "", text)
    # A phone number is typed with spaces, dashes or brackets; it is stored as +digits.
    if len(digits) >= 3 and not re.search(r"[^\d\s()+.\-]", text):
        matches.append(Candidate.phone.like(f"%{digits}%"))
    return Application.candidate_id.in_(
        select(Candidate.id).where(
            Candidate.organization_id == user.organization_id, sa.or_(*matches)
        )
    )


def _stage_label(title: str, kind: str) -> str:
    return title or STAGE_TYPE_LABELS.get(str(kind), str(kind).capitalize())


def _job_stages(session: Session, job_id: int) -> list[tuple[int, str, int]]:
    """(stage id, label, interview version) of every non-draft interview of a job."""
    rows = session.exec(
        select(Stage.id, Stage.title, Stage.type, Interview.version)
        .join(Interview, Interview.id == Stage.interview_id)
        .where(
            Interview.job_id == job_id,
            Interview.status != InterviewStatus.DRAFT,
            Stage.deleted_at.is_(None),
        )
        .order_by(Interview.version.desc(), Stage.position, Stage.id)
    ).all()
    return [
        (stage_id, _stage_label(title, kind), version) for stage_id, title, kind, version in rows
    ]


def stage_filter_options(
    *, session: Session, user: User, job_id: int | None
) -> list[tuple[str, str]]:
    """The choices of the stage filter: a job's stages, or the stage types across jobs.

    Args:
        session: Database session.
        user: The acting user.
        job_id: The job filter, if any.

    Returns:
        (value, label) pairs in interview order.

    Raises:
        NotFound: For another organization's job.
    """
    if job_id is None:
        return list(STAGE_TYPE_LABELS.items())
    job = get_job(session=session, user=user, job_id=job_id)
    stages = _job_stages(session, job.id)
    newest = stages[0][2] if stages else None
    seen: dict[str, str] = {}
    for stage_id, label, version in stages:
        if version == newest:
            seen.setdefault(label, str(stage_id))
    return [(value, label) for label, value in seen.items()]


def _stage_clause(session: Session, job_id: int | None, stage: str) -> Any:
    """The clause "the application is at this stage now" (see ``ListQuery.stage``)."""
    if job_id is None:
        if stage not in STAGE_TYPE_LABELS:
            raise Invalid({"stage": "Choose a stage from the list."})
        return Application.current_stage_id.in_(select(Stage.id).where(Stage.type == stage))
    stages = _job_stages(session, job_id)
    label = next((label for stage_id, label, _ in stages if str(stage_id) == stage), None)
    if label is None:
        raise Invalid({"stage": "Choose a stage of this job from the list."})
    return Application.current_stage_id.in_(
        [stage_id for stage_id, named, _ in stages if named == label]
    )


def _sorted(query: Any, sort: str) -> Any:
    if sort == "oldest":
        return query.order_by(Application.created_at.asc(), Application.id.asc())
    if sort == "score":
        return query.order_by(
            Application.overall_score.desc().nulls_last(),
            Application.created_at.desc(),
            Application.id.desc(),
        )
    if sort == "name":
        name = func.lower(Candidate.first_name + " " + Candidate.last_name)
        return query.order_by(name.asc(), Application.id.asc())
    return query.order_by(Application.created_at.desc(), Application.id.desc())


def candidate_page(*, session: Session, user: User, query: ListQuery) -> ApplicationPage:
    """One page of the organization's applications, searched, filtered and sorted.

    The database does the work (WHERE, ORDER BY, LIMIT/OFFSET): the page reads one count
    and at most ``per_page`` rows, however many applications there are. Every role of the
    organization sees every application of it, as on the rest of the app.

    Args:
        session: Database session.
        user: The acting user.
        query: What to show.

    Returns:
        The page (a page past the end gives the last one).

    Raises:
        Invalid: For an unknown status, stage, sort or page size.
        NotFound: For another organization's job.
    """
    if query.sort not in SORTS:
        raise Invalid({"sort": "Sort by date, score or name."})
    if not 1 <= query.per_page <= 200:
        raise Invalid({"per_page": "Show between 1 and 200 candidates a page."})
    conditions: list[Any] = [Application.organization_id == user.organization_id]
    job_id = None
    if query.job_id is not None:
        job_id = get_job(session=session, user=user, job_id=query.job_id).id
        conditions.append(Application.job_id == job_id)
    if query.status:
        if query.status not in STATUS_FILTERS:
            raise Invalid({"status": "Choose a status from the list."})
        if query.status == REJECTED:
            conditions.append(rejected_clause())
        elif query.status == ApplicationStatus.DISQUALIFIED:
            conditions.append(Application.status == query.status)
            conditions.append(sa.not_(rejected_clause()))
        else:
            conditions.append(Application.status == query.status)
    if query.stage:
        conditions.append(_stage_clause(session, job_id, query.stage))
    search = " ".join((query.search or "").split())[:200]
    if search:
        conditions.append(_search_clause(user, search))
    total = session.exec(select(func.count()).select_from(Application).where(*conditions)).one()
    pages = max(1, -(-total // query.per_page))
    page = min(max(1, int(query.page or 1)), pages)
    rows = session.exec(
        _sorted(_row_query().where(*conditions), query.sort)
        .limit(query.per_page)
        .offset((page - 1) * query.per_page)
    ).all()
    return ApplicationPage(
        rows=[_row(*row) for row in rows], total=total, page=page, per_page=query.per_page
    )
