"""The worker: each kind of periodic work in its own loop, so a hanging model holds up
nothing else, and a pending score is taken by one worker only."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from sqlmodel import Session, select

from heymilo_app import worker
from heymilo_app.models import (
    Application,
    AttemptStatus,
    MessageStatus,
    OutboundMessage,
    StageAttempt,
    utcnow,
)
from heymilo_app.services.pipeline import rescoring
from heymilo_app.services.scoring import scoring
from tests.support import add_to_job, demo_recruiter_and_job


def _pending_score(session: Session, application: Application) -> StageAttempt:
    """An attempt whose score is pending (the model was down when it finished)."""
    attempt = StageAttempt(
        application_id=application.id,
        stage_id=application.current_stage_id,
        status=AttemptStatus.SCORE_PENDING,
        answers={"resume_text": "Support agent, Zendesk, five years."},
        finished_at=utcnow(),
    )
    session.add(attempt)
    session.commit()
    return attempt


def test_a_hanging_scorer_does_not_delay_a_due_invitation(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    recruiter, job = demo_recruiter_and_job(session)
    earlier = add_to_job(session, recruiter, job, "earlier@example.net")
    _pending_score(session, earlier)
    for row in session.exec(select(OutboundMessage)).all():
        row.status = MessageStatus.DELIVERED_OFFLINE  # the demo's own mail is out already
    session.commit()
    hung, release = threading.Event(), threading.Event()

    class Hanging:
        name = "hanging"

        def score(self, *, rubric, material):
            hung.set()
            release.wait(30)  # a model that does not answer
            return None

    monkeypatch.setattr(scoring, "get_scorer", Hanging)
    poll = 0.2
    loops = (
        worker.Loop("deliver", lambda: poll, worker.deliver_once),
        worker.Loop("rescore", lambda: 60.0, worker.rescore_once),
    )

    async def scenario() -> float:
        stop = asyncio.Event()
        running = asyncio.create_task(worker.run(loops, stop))
        await asyncio.to_thread(hung.wait, 10)
        assert hung.is_set(), "the rescore loop never reached the scorer"
        # The invitation is queued while the scorer hangs.
        queued_at = time.monotonic()
        await asyncio.to_thread(_invite, session, recruiter, job)
        delivered_after = None
        while time.monotonic() - queued_at < 10:
            if await asyncio.to_thread(_delivered, "later@example.net"):
                delivered_after = time.monotonic() - queued_at
                break
            await asyncio.sleep(0.05)
        release.set()
        stop.set()
        await asyncio.wait_for(running, 35)
        assert delivered_after is not None, "the invitation never went out"
        return delivered_after

    delivered_after = asyncio.run(scenario())
    # One poll, with room for a slow machine; the hung scorer would have taken 30 s.
    assert delivered_after < poll + 3.0


def _invite(session: Session, recruiter, job) -> None:
    add_to_job(session, recruiter, job, "later@example.net", first_name="Lou")


def _delivered(email: str) -> bool:
    from heymilo_app import db

    with Session(db.get_engine()) as check:
        statuses = check.exec(
            select(OutboundMessage.status).where(OutboundMessage.to_address == email)
        ).all()
    return bool(statuses) and all(s != MessageStatus.QUEUED for s in statuses)


def test_a_pending_score_is_taken_by_one_worker_and_freed_when_it_fails(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    recruiter, job = demo_recruiter_and_job(session)
    application = add_to_job(session, recruiter, job, "pending@example.net")
    attempt = _pending_score(session, application)
    calls: list[int] = []

    class Failing:
        name = "failing"

        def score(self, *, rubric, material):
            calls.append(1)
            return None  # the model is still down

    monkeypatch.setattr(scoring, "get_scorer", Failing)
    # Another worker holds it (its lease is fresh): this one leaves it alone.
    attempt.score_claimed_at = utcnow()
    session.commit()
    assert worker.rescore_once() == 0 and calls == []
    # The other worker died long ago: its lease has run out, this one takes it.
    attempt.score_claimed_at = utcnow() - rescoring.SCORE_LEASE * 2
    session.commit()
    assert worker.rescore_once() == 0 and calls == [1]
    session.refresh(attempt)
    assert attempt.status == AttemptStatus.SCORE_PENDING and attempt.score_claimed_at is None


def test_the_worker_delivers_under_the_messaging_rules(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outbox knows no rules of its own: the worker hands it the hold policy."""
    from heymilo_app.services.pipeline import send_rules

    recruiter, job = demo_recruiter_and_job(session)
    add_to_job(session, recruiter, job, "ruled@example.net")
    asked: list[int] = []

    def spying_holds(*, session, rows, now):
        asked.extend(row.id for row in rows)
        return {}

    monkeypatch.setattr(send_rules, "holds", spying_holds)
    worker.deliver_once()
    assert asked  # every claimed row was put to the rules before it went
