"""The demo pipeline: forty candidates driven through the real engine over thirty days."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from heymilo_app import db, demo
from heymilo_app.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    Candidate,
    OutboundMessage,
    Question,
    QuestionKind,
    Score,
    Stage,
    StageAttempt,
    StageType,
)
from heymilo_app.services.messaging.messaging_policy import lapsed
from heymilo_app.services.pipeline import links, reminders

pytestmark = pytest.mark.full_demo

# A fixed present, so two seeds can be compared to the second.
NOW = datetime.now(UTC).replace(microsecond=0)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _stages(session: Session) -> dict[StageType, Stage]:
    return {StageType(stage.type): stage for stage in session.exec(select(Stage)).all()}


def test_the_demo_is_a_month_of_real_engine_outcomes(session: Session) -> None:
    demo.seed_demo(session=session, now=NOW)
    stages = _stages(session)
    applications = session.exec(select(Application)).all()
    assert 38 <= len(applications) <= 42

    # Statuses and sources of a living pipeline; both invitation channels.
    statuses = Counter(str(a.status) for a in applications)
    assert {"invited", "in_progress", "in_review", "disqualified", "withdrawn"} <= set(statuses)
    assert statuses["in_progress"] >= 10  # most who pass the form wait for the text stage
    assert set(Counter(str(a.source) for a in applications)) == {s.value for s in ApplicationSource}
    job_texts = Counter(
        bool(links.sms_number(candidate, session=session))
        for candidate in session.exec(select(Candidate))
    )
    assert job_texts[True] >= 10 and job_texts[False] >= 5

    # Real Score rows by the offline engine for the resume and form stages, varied.
    scores = session.exec(select(Score).where(Score.is_current == True)).all()  # noqa: E712
    by_stage = Counter(score.stage_id for score in scores)
    assert by_stage[stages[StageType.RESUME].id] >= 25
    assert by_stage[stages[StageType.FORM].id] >= 15
    assert {score.scorer for score in scores} == {"offline-lexical-v1"}
    assert all(score.criteria and score.rubric_version for score in scores)
    assert len({score.total for score in scores}) >= 4
    assert any(not score.passed for score in scores)  # some go to a recruiter's review

    # Dealbreakers decided by the engine: short resumes and a "no" to work authorization.
    reasons = [a.outcome_reason for a in applications if a.status == "disqualified"]
    assert any("authorized to work" in reason for reason in reasons)
    assert any("Minimum years of experience" in reason for reason in reasons)
    failed = [s for s in scores if not s.dealbreaker_passed]
    assert failed and all(s.dealbreaker_failures for s in failed)

    # Some mid-way, some never started; invitations still open are really open.
    attempts = session.exec(select(StageAttempt)).all()
    open_form = [
        a
        for a in attempts
        if a.stage_id == stages[StageType.FORM].id and a.finished_at is None and a.answers
    ]
    assert open_form
    for application in applications:
        if application.status == ApplicationStatus.INVITED:
            assert application.started_at is None and not lapsed(application, NOW)

    # The demo's names are kept for the features that know them.
    named = {
        c.first_name: session.exec(
            select(Application.status).where(Application.candidate_id == c.id)
        ).one()
        for c in session.exec(select(Candidate).where(Candidate.email.like("%@example.net")))
    }
    assert named == {
        "Ada": "invited",
        "Grace": "in_progress",
        "Alan": "in_progress",
        "Lin": "disqualified",
    }


def test_self_id_answers_make_a_shown_group_and_a_hidden_one(session: Session) -> None:
    demo.seed_demo(session=session, now=NOW)
    form = _stages(session)[StageType.FORM]
    [question] = session.exec(
        select(Question).where(Question.stage_id == form.id, Question.kind == QuestionKind.SELF_ID)
    ).all()
    assert (question.required, question.scored, question.dealbreaker) == (False, False, None)
    answers = [
        attempt.answers.get(str(question.id))
        for attempt in session.exec(
            select(StageAttempt).where(
                StageAttempt.stage_id == form.id, StageAttempt.finished_at.is_not(None)
            )
        )
    ]
    groups = Counter(answer for answer in answers if answer)
    assert set(groups) <= set(question.options)
    assert max(groups.values()) >= 5  # shown in the adverse impact table
    assert any(0 < count < 5 for count in groups.values())  # hidden, for privacy
    assert None in answers  # someone skipped it


def test_timestamps_spread_over_a_month_and_the_outbox_stays_quiet(session: Session) -> None:
    demo.seed_demo(session=session, now=NOW)
    applications = session.exec(select(Application)).all()
    created = sorted(_aware(a.created_at) for a in applications)
    assert created[0] >= NOW - timedelta(days=31) and created[-1] <= NOW
    assert created[-1] - created[0] >= timedelta(days=20)
    days = {moment.date() for moment in created}
    assert len(days) >= 15
    for application in applications:
        invited = _aware(application.invited_at)
        assert invited == _aware(application.created_at)
        assert _aware(application.expires_at) == invited + timedelta(days=14)
        if application.started_at is not None:
            assert invited <= _aware(application.started_at) <= NOW
    for attempt in session.exec(select(StageAttempt)).all():
        begin, end = _aware(attempt.started_at), _aware(attempt.finished_at)
        assert begin <= NOW
        if end is not None:
            assert timedelta(0) <= end - begin <= timedelta(minutes=20)
    owners = {a.id: _aware(a.created_at) for a in applications}
    invited_at = {a.id: _aware(a.invited_at) for a in applications}
    for event in session.exec(select(ApplicationEvent)).all():
        assert owners[event.application_id] <= _aware(event.created_at) <= NOW
    for score in session.exec(select(Score)).all():
        assert _aware(score.created_at) <= NOW - timedelta(minutes=1)

    # The outbox holds each invitation, delivered when the candidate was invited: the email,
    # and a text to those with a phone number; nothing else, and nothing waits to go out ...
    messages = session.exec(select(OutboundMessage)).all()
    by_application: dict[int, set[str]] = {}
    for message in messages:
        assert message.kind == "invitation" and message.status == "delivered_offline"
        assert (
            _aware(message.sent_at)
            == _aware(message.created_at)
            == invited_at[message.application_id]
        )
        by_application.setdefault(message.application_id, set()).add(message.channel)
    phones = {
        a.id: bool(c.phone)
        for a, c in session.exec(
            select(Application, Candidate).join(Candidate, Candidate.id == Application.candidate_id)
        )
    }
    assert by_application == {
        app_id: {"email", "sms"} if phone else {"email"} for app_id, phone in phones.items()
    }
    assert 0 < sum(phones.values()) < len(phones)
    # ... and the first scheduler run reminds only recent candidates still on their way.
    reminded = reminders.queue_due(session=session, now=NOW)
    assert 0 < reminded <= 12
    session.rollback()


def _signature(session: Session) -> list[tuple[Any, ...]]:
    """Everything the engine decided and when, free of ids and tokens."""
    position = {stage.id: stage.position for stage in session.exec(select(Stage))}
    questions = {str(q.id): q.position for q in session.exec(select(Question))}
    rows = []
    for application, candidate in session.exec(
        select(Application, Candidate)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .order_by(Candidate.email)
    ):
        attempts = session.exec(
            select(StageAttempt).where(StageAttempt.application_id == application.id)
        ).all()
        scores = session.exec(select(Score).where(Score.application_id == application.id)).all()

        def offset(moment: datetime | None) -> float | None:
            return None if moment is None else round((NOW - _aware(moment)).total_seconds())

        rows.append(
            (
                candidate.email,
                candidate.phone,
                str(application.status),
                str(application.source),
                position.get(application.current_stage_id),
                offset(application.invited_at),
                offset(application.started_at),
                offset(application.finished_at),
                sorted(
                    (
                        position[a.stage_id],
                        str(a.status),
                        offset(a.started_at),
                        offset(a.finished_at),
                        sorted(
                            (f"q{questions[k]}" if k in questions else k, repr(v))
                            for k, v in a.answers.items()
                        ),
                    )
                    for a in attempts
                ),
                sorted((position[s.stage_id], s.total, s.passed, s.summary) for s in scores),
            )
        )
    return rows


def test_the_same_seed_gives_the_same_demo_in_two_databases(session: Session, tmp_path) -> None:
    demo.seed_demo(session=session, now=NOW)
    url = f"sqlite:///{tmp_path / 'second.db'}"
    db.migrate(url)
    engine = db.make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as other:  # as the app opens them
            demo.seed_demo(session=other, now=NOW)
            assert _signature(other) == _signature(session)
            assert len(_signature(other)) == len(demo.demo_plans())
        assert demo.demo_plans(7) != demo.demo_plans()  # the seed is what varies it
    finally:
        engine.dispose()
