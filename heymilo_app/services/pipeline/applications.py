"""Applications as recruiters list them and as candidates reach them by their link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    AttemptStatus,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    Organization,
    Score,
    Stage,
    StageAttempt,
    User,
)
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.pipeline import links
from heymilo_app.services.stages.kinds import TYPE_NAMES, stage_kind


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
# a failed rule ("rejected" is not a stored status: see ``rejected_clause``).
REJECTED = "rejected"
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


def rejected_clause() -> Any:
    """The SQL clause "a person rejected this application".

    A recruiter's rejection and a failed rule both leave the status "disqualified"; what
    tells them apart is the latest of the "rejected" (a person, ``pipeline.decide``) and
    "disqualified" (a rule) events: a candidate let back in and then disqualified by a rule
    reads as disqualified.

    Returns:
        A clause over ``Application``.
    """
    latest = (
        select(ApplicationEvent.kind)
        .where(
            ApplicationEvent.application_id == Application.id,
            ApplicationEvent.kind.in_(("rejected", "disqualified")),
        )
        .order_by(ApplicationEvent.id.desc())
        .limit(1)
        .correlate(Application)
        .scalar_subquery()
    )
    # No such event is "not rejected", never unknown: its negation must hold too.
    return sa.and_(
        Application.status == ApplicationStatus.DISQUALIFIED,
        sa.func.coalesce(latest, "") == "rejected",
    )


def rejected_ids(*, session: Session, application_ids: list[int]) -> set[int]:
    """Which of some applications a person rejected (the caller scoped the ids).

    Args:
        session: Database session.
        application_ids: The applications.

    Returns:
        The ids of those rejected by a recruiter rather than disqualified by a rule.
    """
    if not application_ids:
        return set()
    return set(
        session.exec(
            select(Application.id).where(Application.id.in_(application_ids), rejected_clause())
        ).all()
    )


def status_key(status: str, rejected: bool) -> str:
    """The status as a person reads it: "rejected" for a recruiter's rejection.

    Args:
        status: The stored ApplicationStatus value.
        rejected: Whether a person rejected it (``rejected_ids``).

    Returns:
        The status value, or "rejected".
    """
    return REJECTED if rejected and status == ApplicationStatus.DISQUALIFIED else status


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


# Where an application stands at one stage of its interview, as the candidate list shows it.
STAGE_STATES = (
    "passed",  # finished and passed (or moved on by a recruiter)
    "failed",  # finished under the pass mark
    "disqualified",  # a dealbreaker failed
    "rejected",  # a recruiter rejected the candidate while at this stage
    "in_progress",  # the stage the candidate is at now
    "score_pending",  # finished, the score has not come in yet
    "not_reached",  # not reached, or left unfinished
)
STAGE_STATE_WORDS = {
    "passed": "passed",
    "failed": "under the pass mark",
    "disqualified": "disqualified",
    "rejected": "rejected",
    "in_progress": "in progress",
    "score_pending": "score pending",
    "not_reached": "not reached",
}
# Applications whose current stage is still being worked on.
OPEN_STATUSES = (
    ApplicationStatus.INVITED,
    ApplicationStatus.IN_PROGRESS,
    ApplicationStatus.IN_REVIEW,
)


@dataclass(frozen=True)
class StageStatus:
    """One stage of one application, for the candidate list's row of chips."""

    stage_id: int
    label: str
    state: str  # one of STAGE_STATES
    score: float | None  # the current total out of 100, when the stage was scored
    pass_mark: int

    @property
    def description(self) -> str:
        """The chip's accessible text, e.g. "Resume: passed, 82/100 (pass mark 60)"."""
        text = f"{self.label}: {STAGE_STATE_WORDS[self.state]}"
        if self.score is not None:
            text += f", {self.score:.0f}/100 (pass mark {self.pass_mark})"
        return text


def _stage_state(
    attempt_status: str | None, status: str, at_current_stage: bool, started: bool
) -> str:
    """The state of one stage from its attempt and the application's status."""
    if attempt_status in (AttemptStatus.PASSED, AttemptStatus.FAILED, AttemptStatus.DISQUALIFIED):
        return str(attempt_status)
    if attempt_status == AttemptStatus.SCORE_PENDING:
        return "score_pending"
    if not at_current_stage:
        return "not_reached"
    if status == ApplicationStatus.DISQUALIFIED:
        # Rejected by a recruiter while at this stage (a rule marks the attempt itself).
        return "rejected"
    if status in OPEN_STATUSES and (attempt_status is not None or started):
        return "in_progress"
    return "not_reached"


def stage_statuses(*, session: Session, application_ids: list[int]) -> dict[int, list[StageStatus]]:
    """Each listed application's stages with where it stands at each, in one query.

    The caller has already scoped the ids to the user's organization (they come from
    ``list_applications``).

    Args:
        session: Database session.
        application_ids: The applications of one page of the list.

    Returns:
        Application id to its stages in interview order (missing for no stages).
    """
    found: dict[int, list[StageStatus]] = {}
    if not application_ids:
        return found
    rows = session.exec(
        select(
            Application.id,
            Application.status,
            Application.current_stage_id,
            Application.started_at,
            Stage.id,
            Stage.type,
            Stage.title,
            Stage.pass_threshold,
            StageAttempt.status,
            Score.total,
            Score.criteria,
        )
        .join(
            Stage,
            sa.and_(Stage.interview_id == Application.interview_id, Stage.deleted_at.is_(None)),
        )
        .join(
            StageAttempt,
            sa.and_(
                StageAttempt.application_id == Application.id, StageAttempt.stage_id == Stage.id
            ),
            isouter=True,
        )
        .join(
            Score,
            sa.and_(
                Score.application_id == Application.id,
                Score.stage_id == Stage.id,
                Score.is_current == True,  # noqa: E712 - SQL expression
            ),
            isouter=True,
        )
        .where(Application.id.in_(application_ids))
        .order_by(Application.id, Stage.position, Stage.id)
    ).all()
    for (
        application_id,
        status,
        current_stage_id,
        started_at,
        stage_id,
        stage_type,
        title,
        pass_mark,
        attempt_status,
        total,
        criteria,
    ) in rows:
        stages = found.setdefault(application_id, [])
        if stages and stages[-1].stage_id == stage_id:
            continue  # a second current score of one stage would be a bug; show one
        stages.append(
            StageStatus(
                stage_id=stage_id,
                label=title or stage_kind(stage_type).label,
                state=_stage_state(
                    attempt_status, str(status), current_stage_id == stage_id, bool(started_at)
                ),
                # Stages with nothing scored (a form of facts) show no number.
                score=float(total) if total is not None and criteria else None,
                pass_mark=pass_mark,
            )
        )
    return found


def unsubscribe_target(*, session: Session, token: str) -> tuple[Candidate, Organization]:
    """Whose reminders an unsubscribe link stops (the page asks to confirm first).

    The link carries the application's ``unsubscribe_token``; links in emails sent before it
    had one carry the interview token, which still works here (they act only once confirmed).

    Args:
        session: Database session.
        token: The token of the link.

    Returns:
        The candidate and the organization whose emails they are.

    Raises:
        NotFound: For an unknown token.
    """
    application = _by_unsubscribe_token(session, token)
    candidate = session.get(Candidate, application.candidate_id)
    return candidate, session.get(Organization, candidate.organization_id)


def unsubscribe(*, session: Session, token: str) -> Candidate:
    """Stop reminder emails to the candidate of an unsubscribe link (invitations still work).

    Args:
        session: Database session.
        token: The token of the link (see ``unsubscribe_target``).

    Returns:
        The candidate.

    Raises:
        NotFound: For an unknown token.
    """
    application = _by_unsubscribe_token(session, token)
    candidate = session.get(Candidate, application.candidate_id)
    candidate.email_unsubscribed = True
    session.commit()
    return candidate


def _by_unsubscribe_token(session: Session, token: str) -> Application:
    token = (token or "").strip()
    if not token or len(token) > 200:
        raise NotFound("Unknown link.")
    application = (
        session.exec(select(Application).where(Application.unsubscribe_token == token)).first()
        or session.exec(select(Application).where(Application.token == token)).first()
    )
    if application is None:
        raise NotFound("Unknown link.")
    return application


def summary(*, session: Session, application: Application) -> dict:
    """An application as the ATS API and the outbound webhooks report it.

    Args:
        session: Database session.
        application: The application.

    Returns:
        JSON-ready: status, job, candidate, current stage, current scores, dates (with when
        a recruiter shortlisted it, if they did).
    """
    stage = (
        session.get(Stage, application.current_stage_id) if application.current_stage_id else None
    )
    job = session.get(Job, application.job_id)
    candidate = session.get(Candidate, application.candidate_id)
    scores = session.exec(
        select(Score, Stage)
        .join(Stage, Stage.id == Score.stage_id)
        .where(
            Score.application_id == application.id,
            Score.is_current == True,  # noqa: E712
        )
        .order_by(Stage.position)
    ).all()
    return {
        "application_id": application.id,
        "external_id": application.external_id,
        "source": str(application.source),
        "source_name": application.source_name,
        "status": str(application.status),
        "interview_url": links.candidate_link(application),
        "job": {"id": job.id, "slug": job.slug, "title": job.title},
        "candidate": {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "email": candidate.email,
        },
        "current_stage": (
            {"id": stage.id, "type": str(stage.type), "title": stage.title} if stage else None
        ),
        "scores": [
            {
                "stage_id": s.id,
                "stage": s.title,
                "total": score.total,
                "passed": score.passed,
                "dealbreaker_passed": score.dealbreaker_passed,
                "scorer": score.scorer,
            }
            for score, s in scores
        ],
        "invited_at": application.invited_at.isoformat() if application.invited_at else None,
        "expires_at": application.expires_at.isoformat() if application.expires_at else None,
        "finished_at": application.finished_at.isoformat() if application.finished_at else None,
        "shortlisted_at": (
            application.shortlisted_at.isoformat() if application.shortlisted_at else None
        ),
    }
