"""A candidate's score report: what they answered, how each stage was scored and why.

Read by recruiters and hiring managers of the application's organization only. It also says
which actions the reader may take from it (hiring managers only comment and rate), keeps the
scores a stage had before it was rescored (``rescores`` says what each rescore changed), and
never shows voluntary self-identification answers (those are read only as group counts for
the adverse impact table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Candidate,
    Interview,
    Job,
    KnowledgeItem,
    Question,
    QuestionKind,
    Role,
    Score,
    Stage,
    StageAttempt,
    User,
)
from heymilo_app.services.common.access import owned_application
from heymilo_app.services.conversation.turns import turns_of
from heymilo_app.services.jobs.jobs import interview_stages, questions_of
from heymilo_app.services.messaging import message_log
from heymilo_app.services.messaging.messaging_policy import lapsed
from heymilo_app.services.pipeline.answers import answer_text
from heymilo_app.services.pipeline.decisions import ADVANCEABLE, REJECTABLE
from heymilo_app.services.pipeline.resends import RESENDABLE
from heymilo_app.services.review import notes
from heymilo_app.services.review.rescores import EarlierScore, score_history
from heymilo_app.services.review.review_queue import ACCOMMODATION_LABELS
from heymilo_app.services.scoring.score_alerts import overall_score

# How each kind of application event reads on the timeline.
EVENT_LABELS = {
    "stage_finished": "Stage finished",
    "entered": "Moved to the stage",
    "review": "Sent to review",
    "review_requested": "Candidate asked for a review",
    "accommodation_requested": "Candidate asked for an accommodation",
    "accommodation_granted": "Accommodation granted",
    "accommodation_declined": "Accommodation declined",
    "completed": "Finished the interview",
}


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


@dataclass(frozen=True)
class Line:
    """One turn of a conversational stage, as the recruiter reads it."""

    speaker: str
    kind: str
    text: str
    when: datetime
    # The question it asked, followed up or answered ("" for none).
    question: str = ""
    # Which engine said it, for the interviewer's turns ("offline", a model, a fallback).
    engine: str = ""
    # The knowledge-base entry an answer used ("" for none).
    knowledge: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened to the application, and who did it."""

    when: datetime
    what: str
    # The stage it concerns ("" for the application as a whole).
    stage: str = ""


@dataclass(frozen=True)
class Actions:
    """What the reader may do from the report (hiring managers: only notes and ratings)."""

    advance: bool = False
    reject: bool = False
    resend: bool = False
    # A lapsed invitation is extended when it is sent again.
    resend_extends: bool = False
    rescore: bool = False


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
    scored_at: datetime | None = None
    criteria: list[Criterion] = field(default_factory=list)
    dealbreakers: list[dict[str, Any]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    # Resume stage: each requirement checked, with the resume's line.
    screening: list[dict[str, Any]] = field(default_factory=list)
    years: float | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    # Scores it had before being rescored, newest first.
    history: list[EarlierScore] = field(default_factory=list)
    # Whether the reader may have it scored again (finished, and scored by a rubric).
    rescorable: bool = False
    # The conversation, turn by turn (text, voice and assessment stages).
    transcript: list[Line] = field(default_factory=list)


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
    timeline: list[TimelineEntry]
    actions: Actions = field(default_factory=Actions)
    notes: list[notes.Note] = field(default_factory=list)
    ratings: notes.Ratings = field(default_factory=lambda: notes.Ratings([], None, None))


def _scores_by_stage(session: Session, application_id: int) -> dict[int, list[Score]]:
    """Every score of the application by stage, oldest first (the current one last)."""
    scores: dict[int, list[Score]] = {}
    for score in session.exec(
        select(Score).where(Score.application_id == application_id).order_by(Score.id)
    ).all():
        scores.setdefault(score.stage_id, []).append(score)
    for rows in scores.values():
        rows.sort(key=lambda s: (s.is_current, s.id))
    return scores


def _answers(session: Session, stage_id: int, answers: dict[str, Any]) -> list[Answer]:
    """The stage's answered questions, without self-identification (never on a report)."""
    return [
        Answer(q.prompt, answer_text(answers.get(str(q.id))))
        for q in questions_of(session, stage_id)
        if q.kind != QuestionKind.SELF_ID and answers.get(str(q.id)) not in (None, "", [])
    ]


def _transcript(session: Session, attempt_id: int) -> list[Line]:
    """The attempt's turns with the question each belongs to and the entry it cited."""
    turns = turns_of(session, attempt_id)
    if not turns:
        return []
    prompts = {
        q.id: q.prompt
        for q in session.exec(
            select(Question).where(
                Question.id.in_(
                    {t.question_id for t in turns if t.question_id}
                    | {q for t in turns for q in (t.covers or [])}
                )
            )
        ).all()
    }
    entries = {
        k.id: k.question
        for k in session.exec(
            select(KnowledgeItem).where(
                KnowledgeItem.id.in_({t.knowledge_item_id for t in turns if t.knowledge_item_id})
            )
        ).all()
    }
    lines = []
    for turn in turns:
        question_id = turn.question_id or next(iter(turn.covers or []), None)
        lines.append(
            Line(
                speaker=turn.speaker,
                kind=turn.kind,
                text=turn.text,
                when=turn.created_at,
                question=prompts.get(question_id, "") if question_id else "",
                engine=turn.engine,
                knowledge=entries.get(turn.knowledge_item_id, "") if turn.knowledge_item_id else "",
            )
        )
    return lines


def _stage_report(
    session: Session,
    stage: Stage,
    attempt: StageAttempt | None,
    scores: list[Score],
    recruiter: bool,
) -> StageReport:
    """One stage of the report: its status, current score, earlier scores and answers."""
    answers = (attempt.answers or {}) if attempt else {}
    status = "not reached"
    if attempt is not None:
        status = (
            "in progress" if attempt.finished_at is None else str(attempt.status).replace("_", " ")
        )
    screening = answers.get("screening") or {}
    item = StageReport(
        stage_id=stage.id,
        title=stage.title or str(stage.type).capitalize(),
        type=str(stage.type),
        status=status,
        pass_threshold=stage.pass_threshold,
        answers=_answers(session, stage.id, answers),
        screening=list(screening.get("checks", [])),
        years=screening.get("years"),
        started_at=attempt.started_at if attempt else None,
        finished_at=attempt.finished_at if attempt else None,
        history=score_history(scores),
        transcript=_transcript(session, attempt.id) if attempt else [],
    )
    score = scores[-1] if scores and scores[-1].is_current else None
    if score is not None:
        item.total = score.total
        item.passed = score.passed
        item.summary = score.summary
        item.scorer = score.scorer
        item.rubric_version = score.rubric_version
        item.scored_at = score.created_at
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
    finished = attempt is not None and attempt.finished_at is not None
    item.rescorable = (
        recruiter and finished and bool(stage.rubric) and (score is None or score.scorer != "rules")
    )
    return item


def _event_detail(kind: str, detail: str | None) -> str:
    """An event's detail as a person reads it: an adjustment by its name, not its code."""
    if not detail or not kind.startswith("accommodation_"):
        return detail or ""
    code, _, rest = detail.partition(": ")
    label = ACCOMMODATION_LABELS.get(code)
    if label is None:
        return detail
    return f"{label}: {rest}" if rest else label


def _timeline(
    session: Session, application: Application, stages: list[Stage]
) -> list[TimelineEntry]:
    """What happened to the application, oldest first, each decision naming who made it."""
    events = session.exec(
        select(ApplicationEvent, User)
        .join(User, User.id == ApplicationEvent.actor_id, isouter=True)
        .where(ApplicationEvent.application_id == application.id)
        .order_by(ApplicationEvent.id)
    ).all()
    names = {s.id: s.title or str(s.type).capitalize() for s in stages}
    timeline = [TimelineEntry(application.invited_at, "Invited")] if application.invited_at else []
    for event, actor in events:
        text = EVENT_LABELS.get(event.kind, event.kind.replace("_", " ").capitalize())
        detail = _event_detail(event.kind, event.detail)
        if actor is not None:
            text += f" by {actor.full_name}"
            if detail:
                text += f": {detail}"
        elif detail:
            text += f" ({detail})"
        timeline.append(TimelineEntry(event.created_at, text, names.get(event.stage_id, "")))
    return timeline


def _actions(application: Application, user: User) -> Actions:
    """What the user may do from the report, given the application's status."""
    if user.role != Role.RECRUITER:
        return Actions()
    status = application.status
    return Actions(
        advance=status in ADVANCEABLE,
        reject=status in REJECTABLE,
        resend=status in RESENDABLE,
        resend_extends=status == ApplicationStatus.EXPIRED or lapsed(application),
        rescore=True,
    )


def candidate_report(*, session: Session, user: User, application_id: int) -> Report:
    """The report of one application.

    The overall score is the mean of the scored stages' current totals (stages without a
    rubric, or whose score is pending, do not count): ``score_alerts.overall_score``.

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
    scores = _scores_by_stage(session, application.id)
    recruiter = user.role == Role.RECRUITER
    reports = [
        _stage_report(session, stage, attempts.get(stage.id), scores.get(stage.id, []), recruiter)
        for stage in stages
    ]
    current = [rows[-1] for rows in scores.values() if rows and rows[-1].is_current]
    return Report(
        application=application,
        candidate=session.get(Candidate, application.candidate_id),
        job=session.get(Job, application.job_id),
        stages=reports,
        overall=overall_score(current),
        resume_text=application.resume_text,
        messages=message_log.history(session=session, user=user, application_id=application.id),
        timeline=_timeline(session, application, stages),
        actions=_actions(application, user),
        notes=notes.list_notes(session=session, user=user, application_id=application.id),
        ratings=notes.ratings(session=session, user=user, application_id=application.id),
    )
