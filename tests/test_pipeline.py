"""The pipeline engine: every transition, the illegal ones, dealbreakers, scoring, review."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Accommodation,
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    AttemptStatus,
    Interview,
    InterviewStatus,
    Job,
    Organization,
    OutboundMessage,
    Question,
    QuestionKind,
    Score,
    Stage,
    StageAttempt,
    StageType,
    User,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.intake import intake
from heymilo_app.services.pipeline import (
    candidate_requests,
    decisions,
    journey,
    records,
    rescoring,
    submissions,
    transitions,
    webhooks,
)
from heymilo_app.services.scoring import offline_scorer, scoring
from heymilo_app.services.stages.kinds import stage_kind
from tests.support import add_manager, make_org_user

RESUME = (
    "Dana Cruz\nSan Diego, CA\n"
    "Customer support lead at Brightline, 2019 - 2024. Resolved billing tickets in Zendesk.\n"
    "Support agent at Telco, 2016 - 2019.\nBachelor of Arts, 2015.\n"
)
SHORT_RESUME = "Sam Lee\nBarista at Beans, 2023 - 2024. Friendly and punctual with customers."


def _stage(session: Session, interview: Interview, position: int, kind: StageType, **fields):
    stage = Stage(
        interview_id=interview.id,
        type=kind,
        position=position,
        title=fields.pop("title", str(kind).capitalize()),
        rubric=fields.pop("rubric", stage_kind(kind).default_rubric()),
        pass_threshold=fields.pop("pass_threshold", 0),
        **fields,
    )
    session.add(stage)
    session.flush()
    return stage


def _question(
    session: Session, stage: Stage, position: int, prompt: str, kind: QuestionKind, **fields
) -> Question:
    question = Question(stage_id=stage.id, position=position, prompt=prompt, kind=kind, **fields)
    session.add(question)
    session.flush()
    return question


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """A job with resume → form → SMS stages, published, and a recruiter."""
    recruiter = make_org_user(session)
    organization = session.get(Organization, recruiter.organization_id)
    job = Job(
        organization_id=organization.id,
        title="Support Lead",
        slug="support-lead",
        requirements="3+ years of customer support; Zendesk.",
    )
    session.add(job)
    session.flush()
    interview = Interview(job_id=job.id, status=InterviewStatus.PUBLISHED, published_at=utcnow())
    session.add(interview)
    session.flush()
    resume = _stage(
        session,
        interview,
        0,
        StageType.RESUME,
        config={"must_have": ["Zendesk"], "min_years": 3, "dealbreakers": ["min_years"]},
    )
    form = _stage(session, interview, 1, StageType.FORM, title="Eligibility")
    authorized = _question(
        session,
        form,
        0,
        "Are you authorized to work in the US?",
        QuestionKind.YES_NO,
        dealbreaker={"rule": "equals", "value": "yes"},
    )
    shifts = _question(
        session,
        form,
        1,
        "Which shift suits you?",
        QuestionKind.SINGLE_CHOICE,
        options=["Day", "Night"],
        dealbreaker={"rule": "one_of", "values": ["Day"], "action": "review"},
    )
    years = _question(session, form, 2, "Years in support?", QuestionKind.NUMBER)
    start = _question(session, form, 3, "Earliest start date?", QuestionKind.DATE, required=False)
    tools = _question(
        session,
        form,
        4,
        "Tools you used",
        QuestionKind.MULTIPLE_CHOICE,
        options=["Zendesk", "Intercom", "Excel"],
        required=False,
    )
    story = _question(
        session,
        form,
        5,
        "Tell us about a customer you helped.",
        QuestionKind.LONG_TEXT,
        required=False,
    )
    sms = _stage(
        session,
        interview,
        2,
        StageType.SMS,
        title="Text screen",
        config={"opening": "Hi {candidate_first_name}, quick questions from {company_name}."},
    )
    _question(session, sms, 0, "Tell me about a hard customer.", QuestionKind.OPEN)
    job.sms_invitations = True
    session.commit()
    return {
        "recruiter": recruiter,
        "organization": organization,
        "job": job,
        "stages": [resume, form, sms],
        "q": {
            "authorized": authorized,
            "shifts": shifts,
            "years": years,
            "start": start,
            "tools": tools,
            "story": story,
        },
    }


def _apply(
    session: Session,
    world: dict,
    email: str = "dana@example.net",
    resume_text: str = "",
    phone: str = "+1 212 555 0100",
) -> Application:
    return intake.add_application(
        session=session,
        job=world["job"],
        person=intake.Person(first_name="Dana", last_name="Cruz", email=email, phone=phone),
        source=ApplicationSource.ATS,
        resume_text=resume_text,
    )


def _fill_form(session: Session, world: dict, token: str, **overrides) -> None:
    form = world["stages"][1]
    values = {
        "authorized": "yes",
        "shifts": "Day",
        "years": "4",
        "story": "A customer was billed twice; I refunded it in Zendesk and fixed the plan.",
    }
    values.update(overrides)
    for name, value in values.items():
        submissions.save_answer(
            session=session,
            token=token,
            stage_id=form.id,
            question_id=world["q"][name].id,
            value=value,
        )


def _events(session: Session, application: Application) -> list[str]:
    return list(
        session.exec(
            select(ApplicationEvent.kind)
            .where(ApplicationEvent.application_id == application.id)
            .order_by(ApplicationEvent.id)
        ).all()
    )


def test_a_candidate_goes_through_resume_and_form_to_the_text_stage(
    session: Session, world: dict
) -> None:
    application = _apply(session, world)
    token = application.token
    view = journey.journey(session=session, token=token)
    assert view.screen == "welcome" and [s.title for s in view.stages][1] == "Eligibility"
    view = journey.start(session=session, token=token)
    assert view.screen == "stage" and view.current.type == StageType.RESUME
    # Coming back lands in the same place; starting twice changes nothing.
    again = journey.start(session=session, token=token)
    assert again.current.id == view.current.id and again.application.started_at is not None
    outcome = submissions.submit_resume(
        session=session, token=token, stage_id=view.current.id, text=RESUME
    )
    assert outcome.status == "in_progress" and outcome.attempt_status == "passed"
    assert outcome.score is not None and outcome.score.scorer == "offline-lexical-v1"
    view = journey.journey(session=session, token=token)
    assert view.screen == "stage" and view.current.title == "Eligibility"
    _fill_form(session, world, token)
    submissions.save_answer(
        session=session,
        token=token,
        stage_id=view.current.id,
        question_id=world["q"]["tools"].id,
        value=["Excel", "Zendesk"],
    )
    outcome = submissions.submit_form(session=session, token=token, stage_id=view.current.id)
    assert outcome.status == "in_progress" and outcome.failures == []
    view = journey.journey(session=session, token=token)
    assert view.screen == "waiting" and view.current.type == StageType.SMS
    attempt = session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id,
            StageAttempt.stage_id == world["stages"][1].id,
        )
    ).one()
    assert attempt.answers[str(world["q"]["tools"].id)] == ["Zendesk", "Excel"]  # option order
    assert attempt.answers[str(world["q"]["years"].id)] == "4"
    # The text stage is announced by email and text, and its opening text is sent.
    kinds = session.exec(
        select(OutboundMessage.kind, OutboundMessage.channel).where(
            OutboundMessage.application_id == application.id
        )
    ).all()
    assert ("next_stage", "email") in kinds and ("sms_stage", "sms") in kinds
    opening = session.exec(select(OutboundMessage).where(OutboundMessage.kind == "sms_stage")).one()
    assert opening.body.startswith("Hi Dana, quick questions from Acme.")
    assert "Tell me about a hard customer." in opening.body
    assert _events(session, application)[:3] == ["started", "entered", "stage_finished"]


def test_a_resume_that_came_with_the_application_is_not_asked_again(
    session: Session, world: dict
) -> None:
    application = _apply(session, world, resume_text=RESUME)
    view = journey.start(session=session, token=application.token)
    assert view.screen == "stage" and view.current.title == "Eligibility"
    score = session.exec(select(Score).where(Score.application_id == application.id)).one()
    assert score.stage_id == world["stages"][0].id


def test_a_failed_enforced_dealbreaker_disqualifies_at_that_stage(
    session: Session, world: dict
) -> None:
    application = _apply(session, world)
    token = application.token
    view = journey.start(session=session, token=token)
    submissions.submit_resume(session=session, token=token, stage_id=view.current.id, text=RESUME)
    form = world["stages"][1]
    _fill_form(session, world, token, authorized="no")
    outcome = submissions.submit_form(session=session, token=token, stage_id=form.id)
    assert outcome.status == "disqualified" and outcome.attempt_status == "disqualified"
    view = journey.journey(session=session, token=token)
    assert view.screen == "disqualified"
    assert view.reason == "Are you authorized to work in the US?"
    assert view.can_request_review
    score = session.exec(select(Score).where(Score.stage_id == form.id)).one()
    assert not score.dealbreaker_passed
    assert score.dealbreaker_failures[0]["reason"] == "Answered “no”."
    # No further stage, no reminder, nothing more to answer.
    with pytest.raises(records.Refused):
        submissions.save_answer(
            session=session,
            token=token,
            stage_id=form.id,
            question_id=world["q"]["authorized"].id,
            value="yes",
        )
    assert (
        session.exec(
            select(func.count())
            .select_from(OutboundMessage)
            .where(OutboundMessage.kind == "next_stage")
        ).one()
        == 0
    )


def test_a_resume_dealbreaker_uses_the_screening_and_the_generic_notice_hides_it(
    session: Session, world: dict
) -> None:
    world["organization"].disqualification_notice = "generic"
    session.commit()
    application = _apply(session, world, resume_text=SHORT_RESUME)
    view = journey.start(session=session, token=application.token)
    assert view.screen == "thanks" and view.reason == "" and not view.can_request_review
    session.refresh(application)
    assert application.status == ApplicationStatus.DISQUALIFIED
    assert "Minimum years of experience" in application.outcome_reason


def test_a_review_dealbreaker_waits_for_a_recruiter(session: Session, world: dict) -> None:
    application = _apply(session, world, resume_text=RESUME)
    token = application.token
    journey.start(session=session, token=token)
    form = world["stages"][1]
    _fill_form(session, world, token, shifts="Night")
    outcome = submissions.submit_form(session=session, token=token, stage_id=form.id)
    assert outcome.status == "in_review"
    assert journey.journey(session=session, token=token).screen == "review"
    manager = add_manager(session, world["recruiter"])
    with pytest.raises(PermissionDenied):
        decisions.decide_review(
            session=session, user=manager, application_id=application.id, advance=True
        )
    decisions.decide_review(
        session=session,
        user=world["recruiter"],
        application_id=application.id,
        advance=True,
        note="Night is fine",
    )
    view = journey.journey(session=session, token=token)
    assert view.screen == "waiting" and view.current.type == StageType.SMS
    event = session.exec(select(ApplicationEvent).where(ApplicationEvent.kind == "advanced")).one()
    assert event.actor_id == world["recruiter"].id and event.detail == "Night is fine"


def test_a_score_under_the_pass_mark_goes_to_review_not_to_rejection(
    session: Session, world: dict
) -> None:
    world["stages"][0].pass_threshold = 101  # nobody can reach it
    session.commit()
    application = _apply(session, world, resume_text=RESUME)
    view = journey.start(session=session, token=application.token)
    assert view.screen == "review"
    assert "under the pass mark of 101" in view.application.outcome_reason


def test_the_candidate_asks_for_a_review_of_a_disqualification_once(
    session: Session, world: dict
) -> None:
    application = _apply(session, world, resume_text=SHORT_RESUME)
    token = application.token
    journey.start(session=session, token=token)
    view = candidate_requests.request_review(
        session=session, token=token, message="I have 5 years at my family's shop."
    )
    assert view.screen == "review"
    with pytest.raises(records.Refused):
        candidate_requests.request_review(session=session, token=token)
    decisions.decide_review(
        session=session,
        user=world["recruiter"],
        application_id=application.id,
        advance=False,
        note="Confirmed",
    )
    view = journey.journey(session=session, token=token)
    assert view.screen == "disqualified" and not view.can_request_review


def test_illegal_transitions_change_nothing(session: Session, world: dict) -> None:
    application = _apply(session, world)
    token = application.token
    resume, form, _ = world["stages"]
    # Not started yet.
    with pytest.raises(records.Refused):
        submissions.submit_resume(session=session, token=token, stage_id=resume.id, text=RESUME)
    journey.start(session=session, token=token)
    # Skipping ahead.
    with pytest.raises(records.Refused, match="current stage first"):
        submissions.save_answer(
            session=session,
            token=token,
            stage_id=form.id,
            question_id=world["q"]["authorized"].id,
            value="yes",
        )
    with pytest.raises(records.Refused):
        submissions.submit_form(session=session, token=token, stage_id=form.id)
    # A question of another stage.
    with pytest.raises(records.Refused):
        submissions.save_answer(
            session=session,
            token=token,
            stage_id=resume.id,
            question_id=world["q"]["authorized"].id,
            value="yes",
        )
    submissions.submit_resume(session=session, token=token, stage_id=resume.id, text=RESUME)
    # Answering a finished stage, submitting it again.
    with pytest.raises(records.Refused, match="already finished"):
        submissions.submit_resume(session=session, token=token, stage_id=resume.id, text=RESUME)
    with pytest.raises(NotFound):
        journey.journey(session=session, token="nope")
    attempts = session.exec(
        select(func.count())
        .select_from(StageAttempt)
        .where(StageAttempt.application_id == application.id)
    ).one()
    assert attempts == 2  # resume (finished) and form (open)
    assert session.exec(select(func.count()).select_from(Score)).one() == 1


def test_a_double_submit_records_one_attempt(session: Session, engine, world: dict) -> None:
    application = _apply(session, world, resume_text=RESUME)
    token = application.token
    journey.start(session=session, token=token)
    form = world["stages"][1]
    _fill_form(session, world, token)
    with Session(engine) as other:
        submissions.submit_form(session=other, token=token, stage_id=form.id)
    with pytest.raises(records.Refused, match="already finished"):
        submissions.submit_form(session=session, token=token, stage_id=form.id)
    scores = session.exec(
        select(func.count()).select_from(Score).where(Score.stage_id == form.id)
    ).one()
    assert scores == 1


def test_the_claim_refuses_a_second_finisher_of_the_same_attempt(
    session: Session, engine, world: dict
) -> None:
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    attempt = session.exec(
        select(StageAttempt).where(StageAttempt.stage_id == world["stages"][1].id)
    ).one()
    with Session(engine) as first:
        transitions.claim(first, first.get(StageAttempt, attempt.id))
    with Session(engine) as second, pytest.raises(records.Refused):
        transitions.claim(second, second.get(StageAttempt, attempt.id))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("authorized", "maybe", "yes or no"),
        ("shifts", "Evening", "options"),
        ("years", "four", "number"),
        ("years", "inf", "number"),
        ("start", "next week", "date"),
        ("tools", ["Zendesk", "<script>"], "options"),
    ],
)
def test_bad_answers_get_a_message_keep_the_draft_and_block_the_submit(
    session: Session, world: dict, name: str, value: Any, message: str
) -> None:
    application = _apply(session, world, resume_text=RESUME)
    token = application.token
    journey.start(session=session, token=token)
    form = world["stages"][1]
    _fill_form(session, world, token)
    question = world["q"][name]
    before = session.exec(select(StageAttempt).where(StageAttempt.stage_id == form.id)).one()
    valid_before = dict(before.answers).get(str(question.id))
    with pytest.raises(Invalid) as error:
        submissions.save_answer(
            session=session, token=token, stage_id=form.id, question_id=question.id, value=value
        )
    assert message in error.value.errors[str(question.id)]
    session.expire_all()
    attempt = session.get(StageAttempt, before.id)
    assert attempt.answers.get(str(question.id)) == valid_before
    assert attempt.answers[f"draft:{question.id}"] == value
    with pytest.raises(Invalid) as error:
        submissions.submit_form(session=session, token=token, stage_id=form.id)
    assert str(question.id) in error.value.errors


def test_required_questions_must_be_answered(session: Session, world: dict) -> None:
    application = _apply(session, world, resume_text=RESUME)
    token = application.token
    journey.start(session=session, token=token)
    form = world["stages"][1]
    submissions.save_answer(
        session=session,
        token=token,
        stage_id=form.id,
        question_id=world["q"]["authorized"].id,
        value="yes",
    )
    with pytest.raises(Invalid) as error:
        submissions.submit_form(session=session, token=token, stage_id=form.id)
    assert set(error.value.errors) == {str(world["q"]["shifts"].id), str(world["q"]["years"].id)}
    assert journey.journey(session=session, token=token).current.id == form.id


def test_the_last_stage_completes_the_interview_and_tells_the_ats(
    session: Session, world: dict
) -> None:
    from heymilo_app.services.pipeline import webhooks as hooks

    hooks.configure(session=session, user=world["recruiter"], url="https://ats.example.com/h")
    world["stages"][2].deleted_at = utcnow()  # only resume and form remain
    session.commit()
    application = _apply(session, world, resume_text=RESUME)
    token = application.token
    journey.start(session=session, token=token)
    _fill_form(session, world, token)
    outcome = submissions.submit_form(session=session, token=token, stage_id=world["stages"][1].id)
    assert outcome.status == "completed"
    view = journey.journey(session=session, token=token)
    assert view.screen == "thanks" and view.application.finished_at is not None
    events = session.exec(
        select(OutboundMessage.kind).where(OutboundMessage.channel == "webhook")
    ).all()
    assert sorted(events) == sorted(
        [webhooks.STAGE_COMPLETED, webhooks.STAGE_COMPLETED, webhooks.COMPLETED]
    )


def test_withdrawing_ends_everything(session: Session, world: dict) -> None:
    application = _apply(session, world)
    token = application.token
    journey.start(session=session, token=token)
    view = candidate_requests.withdraw(session=session, token=token)
    assert view.screen == "withdrawn"
    with pytest.raises(records.Refused):
        candidate_requests.withdraw(session=session, token=token)
    with pytest.raises(records.Refused):
        journey.start(session=session, token=token)


def test_an_expired_link_cannot_be_used(session: Session, world: dict) -> None:
    application = _apply(session, world)
    application.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    assert journey.journey(session=session, token=application.token).screen == "expired"
    with pytest.raises(records.Refused, match="expired"):
        journey.start(session=session, token=application.token)


def test_a_failed_scorer_leaves_the_score_pending_and_the_candidate_moves_on(
    session: Session, world: dict
) -> None:
    class Broken:
        name = "broken"

        def score(self, *, rubric, material):
            raise scoring.ScoringFailed("the model is down")

    application = _apply(session, world, resume_text=RESUME)
    view = journey.start(session=session, token=application.token, scorer=Broken())
    assert view.screen == "stage" and view.current.title == "Eligibility"
    attempt = session.exec(
        select(StageAttempt).where(StageAttempt.stage_id == world["stages"][0].id)
    ).one()
    assert attempt.status == AttemptStatus.SCORE_PENDING
    assert session.exec(select(func.count()).select_from(Score)).one() == 0
    assert rescoring.rescore_pending(session=session, scorer=Broken()) == 0  # still down
    assert rescoring.rescore_pending(session=session, scorer=offline_scorer.OfflineScorer()) == 1
    session.expire_all()
    assert session.get(StageAttempt, attempt.id).status == AttemptStatus.PASSED
    assert session.exec(select(Score)).one().scorer == "offline-lexical-v1"


def test_accommodations_are_asked_for_and_granted(session: Session, world: dict) -> None:
    application = _apply(session, world)
    with pytest.raises(Invalid):
        candidate_requests.request_accommodation(
            session=session, token=application.token, kind="other"
        )
    request = candidate_requests.request_accommodation(
        session=session, token=application.token, kind="more_time", details="Dyslexia"
    )
    before = application.expires_at
    other = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        decisions.decide_accommodation(
            session=session, user=other, accommodation_id=request.id, grant=True
        )
    decisions.decide_accommodation(
        session=session, user=world["recruiter"], accommodation_id=request.id, grant=True
    )
    session.expire_all()
    assert session.get(Accommodation, request.id).status == "granted"
    assert session.get(Application, application.id).expires_at >= before + timedelta(days=7)
    view = journey.journey(session=session, token=application.token)
    assert [a.status for a in view.accommodations] == ["granted"]


def test_another_organization_cannot_decide_a_review(session: Session, world: dict) -> None:
    application = _apply(session, world, resume_text=SHORT_RESUME)
    journey.start(session=session, token=application.token)
    candidate_requests.request_review(session=session, token=application.token)
    other: User = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        decisions.decide_review(
            session=session, user=other, application_id=application.id, advance=True
        )
    session.expire_all()
    assert session.get(Application, application.id).status == ApplicationStatus.IN_REVIEW
    assert session.get(Job, world["job"].id) is not None


def test_the_model_scores_through_the_openai_sdk_and_a_malformed_reply_leaves_it_pending(
    session: Session, world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from heymilo_app.providers import llm as llm_module
    from heymilo_app.settings import get_settings
    from tests.fakes.openai_server import FakeOpenAI

    server = FakeOpenAI()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_MODEL", "local-model")
    get_settings.cache_clear()
    llm_module.get_llm.cache_clear()
    try:
        rubric = world["stages"][0].rubric
        # The resume stage: a good structured reply; its quote is the candidate's own line.
        server.reply_json(
            {
                "criteria": [
                    {
                        "name": c["name"],
                        "score": 4,
                        "evidence": "Resolved billing tickets in Zendesk.",
                    }
                    for c in rubric
                ],
                "summary": "Solid support background.",
            }
        )
        # The form stage: garbage twice (the engine retries once), so its score is pending.
        server.reply_text("not json at all")
        server.reply_text('{"criteria": 5}')
        application = _apply(session, world, resume_text=RESUME)
        journey.start(session=session, token=application.token)
        resume_score = session.exec(
            select(Score).where(Score.stage_id == world["stages"][0].id)
        ).one()
        assert resume_score.scorer == "local-model" and resume_score.total == 75.0
        assert resume_score.criteria[0]["evidence"] == "Resolved billing tickets in Zendesk."
        _fill_form(session, world, application.token)
        outcome = submissions.submit_form(
            session=session, token=application.token, stage_id=world["stages"][1].id
        )
        assert outcome.attempt_status == "score_pending" and outcome.score is None
        assert outcome.status == "in_progress"  # moved on by its dealbreakers alone
        # The candidate's text reached the model only inside the user message, as data.
        system, user = server.requests[0]["body"]["messages"][:2]
        assert "Zendesk" not in system["content"] and "Resolved billing tickets" in user["content"]
    finally:
        server.close()
        get_settings.cache_clear()
        llm_module.get_llm.cache_clear()


def test_a_form_of_facts_only_is_decided_by_its_dealbreakers_not_by_a_score(
    session: Session, world: dict
) -> None:
    world["q"]["story"].deleted_at = utcnow()  # only yes/no, choices, a number and a date
    world["stages"][1].pass_threshold = 90
    session.commit()
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    form = world["stages"][1]
    for name, value in (("authorized", "yes"), ("shifts", "Day"), ("years", "4")):
        submissions.save_answer(
            session=session,
            token=application.token,
            stage_id=form.id,
            question_id=world["q"][name].id,
            value=value,
        )
    outcome = submissions.submit_form(
        session=session, token=application.token, stage_id=world["stages"][1].id
    )
    assert outcome.status == "in_progress" and outcome.attempt_status == "passed"
    assert outcome.score.scorer == "rules" and outcome.score.criteria == []
