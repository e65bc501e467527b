"""A candidate's score report: what they answered, how each stage was scored and why.

Read by recruiters and hiring managers of the application's organization only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationEvent,
    Candidate,
    Interview,
    Job,
    Score,
    StageAttempt,
    User,
)
from heymilo_app.services import message_log
from heymilo_app.services.access import owned_application
from heymilo_app.services.jobs import interview_stages, questions_of
from heymilo_app.services.pipeline import answer_text


@dataclass(frozen=True)
class Criterion:
    """One rubric criterion's score."""

    name: str
    weight: float
    score: int
    evidence: str


@dataclass(frozen=True)
class Answer:
    """A question and what the candidate answered."""

    prompt: str
    answer: str


@dataclass
class StageReport:
    """One stage of the interview, as the application went through it."""

    stage_id: int
    title: str
    type: str
    # "not reached", "in progress", "passed", "failed", "disqualified", "score pending".
    status: str
    total: float | None = None
    pass_threshold: int = 0
    passed: bool | None = None
    summary: str = ""
    scorer: str = ""
    rubric_version: str = ""
    criteria: list[Criterion] = field(default_factory=list)
    dealbreakers: list[dict[str, Any]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    # Resume stage: each requirement checked, with the resume's line.
    screening: list[dict[str, Any]] = field(default_factory=list)
    years: float | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass
class Report:
    """Everything the report page shows."""

    application: Application
    candidate: Candidate
    job: Job
    stages: list[StageReport]
    overall: float | None
    resume_text: str
    messages: list[message_log.LoggedMessage]
    timeline: list[tuple[datetime, str]]


def candidate_report(*, session: Session, user: User, application_id: int) -> Report:
    """The report of one application.

    The overall score is the mean of the scored stages' totals (stages without a rubric, or
    whose score is pending, do not count).

    Args:
        session: Database session.
        user: The acting user (recruiter or hiring manager).
        application_id: The application.

    Returns:
        The report.

    Raises:
        NotFound: When the application is not the user's organization's.
    """
    application = owned_application(session, user, application_id)
    stages = interview_stages(
        session=session, interview=session.get(Interview, application.interview_id)
    )
    attempts = {
        a.stage_id: a
        for a in session.exec(
            select(StageAttempt).where(StageAttempt.application_id == application.id)
        ).all()
    }
    scores = {
        s.stage_id: s
        for s in session.exec(
            select(Score)
            .where(Score.application_id == application.id, Score.is_current == True)  # noqa: E712
            .order_by(Score.id)
        ).all()
    }
    reports = []
    for stage in stages:
        attempt, score = attempts.get(stage.id), scores.get(stage.id)
        answers = (attempt.answers or {}) if attempt else {}
        status = "not reached"
        if attempt is not None:
            status = (
                "in progress"
                if attempt.finished_at is None
                else str(attempt.status).replace("_", " ")
            )
        item = StageReport(
            stage_id=stage.id,
            title=stage.title or str(stage.type).capitalize(),
            type=str(stage.type),
            status=status,
            pass_threshold=stage.pass_threshold,
            answers=[
                Answer(q.prompt, answer_text(answers.get(str(q.id))))
                for q in questions_of(session, stage.id)
                if answers.get(str(q.id)) not in (None, "", [])
            ],
            screening=list((answers.get("screening") or {}).get("checks", [])),
            years=(answers.get("screening") or {}).get("years"),
            started_at=attempt.started_at if attempt else None,
            finished_at=attempt.finished_at if attempt else None,
        )
        if score is not None:
            item.total = score.total
            item.passed = score.passed
            item.summary = score.summary
            item.scorer = score.scorer
            item.rubric_version = score.rubric_version
            item.criteria = [
                Criterion(
                    name=str(c.get("name", "")),
                    weight=float(c.get("weight", 1)),
                    score=int(c.get("score", 1)),
                    evidence=str(c.get("evidence", "")),
                )
                for c in score.criteria
            ]
            item.dealbreakers = list(score.dealbreaker_failures or [])
        reports.append(item)
    scored = [r.total for r in reports if r.total is not None and r.criteria]
    events = session.exec(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application.id)
        .order_by(ApplicationEvent.id)
    ).all()
    names = {s.id: s.title or str(s.type).capitalize() for s in stages}
    timeline = [(application.invited_at, "Invited")] if application.invited_at else []
    for event in events:
        text = event.kind.replace("_", " ").capitalize()
        if event.stage_id in names:
            text += f": {names[event.stage_id]}"
        if event.detail:
            text += f" ({event.detail})"
        timeline.append((event.created_at, text))
    return Report(
        application=application,
        candidate=session.get(Candidate, application.candidate_id),
        job=session.get(Job, application.job_id),
        stages=reports,
        overall=round(sum(scored) / len(scored), 1) if scored else None,
        resume_text=application.resume_text,
        messages=message_log.history(session=session, user=user, application_id=application.id),
        timeline=timeline,
    )
