"""Dealbreakers of every rule type, scores that arrive late, and the stages after the browser.

Uses the resume → form → SMS job of ``tests/test_pipeline.py`` (its ``world`` fixture).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    AttemptStatus,
    OutboundMessage,
    Score,
    Stage,
    StageAttempt,
    StageType,
)
from heymilo_app.services.pipeline import (
    candidate_requests,
    decisions,
    journey,
    records,
    rescoring,
    submissions,
)
from heymilo_app.services.scoring import offline_scorer, scoring
from heymilo_app.state import journey_view
from tests.test_pipeline import RESUME, _apply, _fill_form, world  # noqa: F401

PARAGRAPH = (
    "Maria Lopez is a bilingual support specialist based in Toronto, Canada. Since 2015 she "
    "has handled escalations in Freshdesk and Zendesk for software companies. She studied at "
    "McGill University from 2010 to 2014 and holds a Bachelor of Arts in English. She will require "
    "visa sponsorship to work in the United States."
)


class Broken:
    """A scorer whose model is down."""

    name = "broken"

    def score(self, *, rubric, material):
        raise scoring.ScoringFailed("the model is down")


class Recording(offline_scorer.OfflineScorer):
    """The offline scorer, keeping what it was asked to read."""

    def __init__(self) -> None:
        super().__init__()
        self.read: list[scoring.Material] = []

    def score(self, *, rubric, material):
        self.read.append(material)
        return super().score(rubric=rubric, material=material)


def _submit(session: Session, world: dict, **answers: Any) -> records.Outcome:  # noqa: F811
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    _fill_form(session, world, application.token, **answers)
    return submissions.submit_form(
        session=session, token=application.token, stage_id=world["stages"][1].id
    )


@pytest.mark.parametrize(
    ("question", "rule", "answers", "status"),
    [
        ("years", {"rule": "min", "value": 3}, {"years": "2"}, "disqualified"),
        ("years", {"rule": "min", "value": 3}, {"years": "3"}, "in_progress"),
        ("years", {"rule": "max", "value": 10}, {"years": "12"}, "disqualified"),
        ("years", {"rule": "max", "value": 10}, {"years": "10"}, "in_progress"),
        (
            "tools",
            {"rule": "one_of", "values": ["Zendesk"], "action": "review"},
            {"tools": ["Excel"]},
            "in_review",
        ),
        (
            "tools",
            {"rule": "one_of", "values": ["Zendesk"], "action": "review"},
            {"tools": ["Excel", "Zendesk"]},
            "in_progress",
        ),
        # An optional question left unanswered never fails its rule.
        ("tools", {"rule": "one_of", "values": ["Zendesk"]}, {}, "in_progress"),
    ],
)
def test_form_rules_of_every_kind(
    session: Session,
    world: dict,  # noqa: F811
    question: str,
    rule: dict,
    answers: dict,
    status: str,
) -> None:
    world["q"][question].dealbreaker = rule
    session.commit()
    outcome = _submit(session, world, **answers)
    assert outcome.status == status
    failed = [f.requirement for f in outcome.failures]
    assert failed == ([] if status == "in_progress" else [world["q"][question].prompt])


@pytest.mark.parametrize(
    ("config", "requirement"),
    [
        ({"must_have": ["Salesforce"], "dealbreakers": ["must_have"]}, "Salesforce"),
        ({"education": "Master's degree", "dealbreakers": ["education"]}, "Master's degree"),
        ({"locations": ["New York, NY"], "dealbreakers": ["locations"]}, "New York, NY"),
        (
            {
                "work_authorization": "Authorized to work in the US",
                "dealbreakers": ["work_authorization"],
            },
            "Authorized to work in the US",
        ),
    ],
)
def test_resume_requirements_as_dealbreakers(
    session: Session,
    world: dict,  # noqa: F811
    config: dict,
    requirement: str,
) -> None:
    world["stages"][0].config = config
    session.commit()
    application = _apply(session, world, resume_text=PARAGRAPH)
    view = journey.start(session=session, token=application.token)
    assert view.screen == "disqualified"
    assert requirement in view.reason
    # Sent to review instead, the same requirement waits for a recruiter.
    world["stages"][0].config = {**config, "dealbreaker_review": config["dealbreakers"]}
    session.commit()
    other = _apply(session, world, email="maria@example.net", resume_text=PARAGRAPH)
    view = journey.start(session=session, token=other.token)
    assert view.screen == "review"
    session.refresh(other)
    assert other.status == ApplicationStatus.IN_REVIEW and requirement in other.outcome_reason


def test_a_short_resume_from_the_ats_is_asked_for_again(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world, resume_text="Dana Cruz, support")
    view = journey.start(session=session, token=application.token)
    assert view.screen == "stage" and view.current.type == StageType.RESUME


def test_a_late_resume_score_reads_the_screening(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token, scorer=Broken())
    recording = Recording()
    assert rescoring.rescore_pending(session=session, scorer=recording) == 1
    (material,) = recording.read
    assert material.stage_type == "resume"
    assert material.facts[0].startswith("must have “Zendesk”: met (“Customer support lead")
    assert any(fact.startswith("About 8") for fact in material.facts)


def test_a_late_score_keeps_the_dealbreaker_that_sent_it_to_review(
    session: Session,
    world: dict,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scoring, "get_scorer", lambda: Broken())
    outcome = _submit(session, world, shifts="Night")
    assert outcome.status == "in_review" and outcome.attempt_status == "score_pending"
    assert rescoring.rescore_pending(session=session, scorer=offline_scorer.OfflineScorer()) == 2
    form_score = session.exec(select(Score).where(Score.stage_id == world["stages"][1].id)).one()
    assert not form_score.dealbreaker_passed
    assert [f["requirement"] for f in form_score.dealbreaker_failures] == ["Which shift suits you?"]
    assert form_score.dealbreaker_failures[0]["action"] == "review"
    attempt = session.exec(
        select(StageAttempt).where(StageAttempt.stage_id == world["stages"][1].id)
    ).one()
    assert attempt.status in (AttemptStatus.PASSED, AttemptStatus.FAILED)
    application = session.exec(select(Application)).one()
    assert application.status == ApplicationStatus.IN_REVIEW  # a late score moves nobody


def _by_phone(session: Session, world: dict) -> Stage:  # noqa: F811
    """Make the job's third stage a voice stage held by phone call."""
    phone = world["stages"][2]
    phone.type = StageType.VOICE
    phone.config = {"mode": "phone", "voice": "Joanna"}
    session.commit()
    return phone


def test_a_phone_stage_is_announced_and_the_page_says_to_expect_a_call(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    phone = _by_phone(session, world)
    outcome = _submit(session, world)
    assert outcome.status == "in_progress"
    application = session.exec(select(Application)).one()
    view = journey.journey(session=session, token=application.token)
    assert view.screen == "waiting" and view.current.id == phone.id
    texts = journey_view.journey_texts(view)
    company = view.organization.name
    assert texts["waiting_text"] == f"Expect a call from {company} on your phone soon."
    kinds = session.exec(
        select(OutboundMessage.kind).where(OutboundMessage.application_id == application.id)
    ).all()
    assert "next_stage" in kinds and "sms_stage" not in kinds


def test_text_instead_of_voice_holds_the_spoken_stage_by_text(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    _by_phone(session, world)
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    request = candidate_requests.request_accommodation(
        session=session, token=application.token, kind="text_instead_of_voice", details="Deaf"
    )
    _fill_form(session, world, application.token)
    submissions.submit_form(
        session=session, token=application.token, stage_id=world["stages"][1].id
    )
    view = journey.journey(session=session, token=application.token)
    assert journey_view.journey_texts(view)["waiting_text"].startswith("Expect a call")
    texts = select(OutboundMessage).where(OutboundMessage.kind == "sms_stage")
    assert session.exec(texts).all() == []  # not granted yet: the call stands
    decisions.decide_accommodation(
        session=session, user=world["recruiter"], accommodation_id=request.id, grant=True
    )
    (text,) = session.exec(texts).all()  # granted while in the stage: the texts start now
    assert text.to_address == "+12125550100"
    assert text.body.startswith("Hi Dana, this is the hiring team at")
    assert text.body.endswith("\n\nTell me about a hard customer.")  # the stage's first question
    view = journey.journey(session=session, token=application.token)
    assert journey_view.journey_texts(view)["waiting_text"].startswith(
        "We have sent you a text message"
    )


def test_two_tabs_submitting_the_same_form_at_once_record_one_attempt(
    session: Session,
    engine,
    world: dict,  # noqa: F811
) -> None:
    """Both tabs' submits start together (a barrier), each in its own session and thread."""
    import threading

    from heymilo_app import db

    application = _apply(session, world, resume_text=RESUME)
    token = application.token
    journey.start(session=session, token=token)
    _fill_form(session, world, token)
    form = world["stages"][1]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def tab() -> None:
        with Session(db.writer(engine), expire_on_commit=False) as own:
            barrier.wait()
            try:
                results.append(
                    submissions.submit_form(session=own, token=token, stage_id=form.id).status
                )
            except records.Refused as error:
                results.append(f"refused: {error.message}")

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["in_progress", "refused: This stage is already finished."]
    session.expire_all()
    scores = session.exec(select(Score).where(Score.stage_id == form.id)).all()
    attempts = session.exec(select(StageAttempt).where(StageAttempt.stage_id == form.id)).all()
    assert len(scores) == 1 and len(attempts) == 1 and attempts[0].finished_at is not None
    stage_texts = session.exec(
        select(OutboundMessage).where(OutboundMessage.kind == "sms_stage")
    ).all()
    assert len(stage_texts) == 1  # the next stage was entered once
