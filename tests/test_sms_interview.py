"""A whole interview by text, through signed Twilio webhooks and the worker, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from heymilo_app.api.app import create_api
from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    AttemptStatus,
    ConversationTurn,
    Interview,
    InterviewStatus,
    Job,
    KnowledgeItem,
    OutboundMessage,
    Question,
    QuestionKind,
    Score,
    Speaker,
    Stage,
    StageAttempt,
    StageType,
    TurnKind,
    utcnow,
)
from heymilo_app.services.conversation.offline_interviewer import OfflineInterviewer
from heymilo_app.services.intake import intake
from heymilo_app.services.pipeline import journey, submissions, text_turns
from heymilo_app.services.review import report
from heymilo_app.services.stages.kinds import stage_kind
from heymilo_app.settings import get_settings
from tests.support import make_org_user

TOKEN = "twilio-auth-token-for-tests"
BASE = "https://hire.example.com"
PHONE = "+14155550177"
STORY = "Tell me about a time you calmed down an upset customer."
WEEKENDS = "Are you available to work weekends?"
TOOLS = "Which ticketing tools have you used, and for what?"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch):
    current = get_settings()
    monkeypatch.setattr(current, "twilio_auth_token", TOKEN)
    monkeypatch.setattr(current, "public_base_url", BASE + "/")
    return current


@pytest.fixture
def client(engine: sa.Engine, settings) -> TestClient:
    return TestClient(create_api())


def _stage(session: Session, interview: Interview, position: int, kind: StageType, title: str):
    stage = Stage(
        interview_id=interview.id,
        type=kind,
        position=position,
        title=title,
        rubric=stage_kind(kind).default_rubric(),
        pass_threshold=0,
        config={"opening": "Hi {candidate_first_name}, this is {company_name}."}
        if kind == StageType.SMS
        else {},
    )
    session.add(stage)
    session.flush()
    return stage


@pytest.fixture
def world(session: Session) -> dict:
    """A job: a one-question form, a three-question text stage, then a last form."""
    recruiter = make_org_user(session)
    job = Job(organization_id=recruiter.organization_id, title="Support Specialist", slug="sup")
    session.add(job)
    session.flush()
    interview = Interview(job_id=job.id, status=InterviewStatus.PUBLISHED, published_at=utcnow())
    session.add(interview)
    session.flush()
    first = _stage(session, interview, 0, StageType.FORM, "Basics")
    texts = _stage(session, interview, 1, StageType.SMS, "Text screen")
    last = _stage(session, interview, 2, StageType.FORM, "Availability")
    consent = Question(stage_id=first.id, prompt="Happy to be texted?", kind=QuestionKind.YES_NO)
    questions = [
        Question(stage_id=texts.id, position=0, prompt=STORY, followups=1),
        Question(
            stage_id=texts.id,
            position=1,
            prompt=WEEKENDS,
            kind=QuestionKind.YES_NO,
            dealbreaker={"rule": "equals", "value": "yes"},
        ),
        Question(stage_id=texts.id, position=2, prompt=TOOLS),
    ]
    session.add_all(
        [
            consent,
            *questions,
            Question(stage_id=last.id, prompt="Earliest start?", kind=QuestionKind.DATE),
            KnowledgeItem(
                organization_id=recruiter.organization_id,
                question="Is the job remote?",
                answer="The role is hybrid: three days a week in the Austin office.",
            ),
        ]
    )
    job.sms_invitations = True
    session.commit()
    return {
        "recruiter": recruiter,
        "job": job,
        "stages": (first, texts, last),
        "consent": consent,
        "questions": questions,
    }


def _to_the_text_stage(session: Session, world: dict) -> Application:
    application = intake.add_application(
        session=session,
        job=world["job"],
        person=intake.Person(first_name="Ana", last_name="Ruiz", email="ana@x.io", phone=PHONE),
        source=ApplicationSource.ATS,
    )
    journey.start(session=session, token=application.token)
    first = world["stages"][0]
    submissions.save_answer(
        session=session,
        token=application.token,
        stage_id=first.id,
        question_id=world["consent"].id,
        value="yes",
    )
    submissions.submit_form(session=session, token=application.token, stage_id=first.id)
    session.refresh(application)
    assert application.current_stage_id == world["stages"][1].id
    return application


def _text(client: TestClient, body: str, sid: str):
    params = {"From": PHONE, "To": "+15005550006", "Body": body, "MessageSid": sid}
    signature = RequestValidator(TOKEN).compute_signature(BASE + "/api/twilio/sms", params)
    response = client.post(
        "/api/twilio/sms", data=params, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 200
    return response


def _worker(session: Session, minutes: float = 1) -> int:
    """The worker's converse pass, once the burst window has passed."""
    later = utcnow() + timedelta(seconds=get_settings().sms_burst_seconds, minutes=minutes)
    return text_turns.run_due(session=session, interviewer=OfflineInterviewer(), now=later)


def _texts_out(session: Session, application: Application) -> list[OutboundMessage]:
    session.expire_all()
    return list(
        session.exec(
            select(OutboundMessage)
            .where(
                OutboundMessage.application_id == application.id,
                OutboundMessage.channel == "sms",
            )
            .order_by(OutboundMessage.id)
        ).all()
    )


def test_a_text_interview_from_opening_to_the_next_stage(
    session: Session, client: TestClient, world: dict
) -> None:
    application = _to_the_text_stage(session, world)
    opening = _texts_out(session, application)[-1]
    assert opening.kind == "sms_stage" and opening.body.startswith("Hi Ana, this is Acme.")
    assert opening.body.endswith(STORY)
    assert _worker(session) == 0, "nothing to answer before the candidate texts"

    # A question of their own, answered from the knowledge base.
    assert _text(client, "Is this remote?", "SM1").text.count("<Message>") == 0
    assert _worker(session) == 1
    reply = _texts_out(session, application)[-1]
    assert reply.kind == "sms_turn" and "hybrid" in reply.body and reply.body.endswith(STORY)

    # One nobody wrote an answer to: passed to the recruiter, never made up.
    _text(client, "Do you offer dental insurance?", "SM2")
    _worker(session)
    assert "passed it to the recruiter" in _texts_out(session, application)[-1].body

    # A thin answer is followed up; a burst of two texts is read as one answer, one reply.
    _text(client, "An angry customer.", "SM3")
    _worker(session)
    before = len(_texts_out(session, application))
    _text(client, "Her parcel was lost before her wedding. I found it with the courier", "SM4")
    _text(client, "and sent it express at no cost; she left a five-star review.", "SM5")
    _text(client, "and sent it express at no cost; she left a five-star review.", "SM5")  # retried
    assert _worker(session) == 1
    assert len(_texts_out(session, application)) == before + 1
    assert _texts_out(session, application)[-1].body.endswith(WEEKENDS)

    # STOP holds the conversation (what they text is kept, not answered); START resumes it.
    _text(client, "STOP", "SM6")
    _text(client, "maybe", "SM7")
    assert _worker(session) == 0, "no reply to a number that said STOP"
    _text(client, "START", "SM8")

    # "maybe" is a hedge: one clarifying question, then a clear yes.
    assert _worker(session) == 1
    assert "yes or no" in _texts_out(session, application)[-1].body
    _text(client, "Yes, any weekend.", "SM9")
    _worker(session)
    assert _texts_out(session, application)[-1].body.endswith(TOOLS)
    _text(client, "Zendesk for four years and Jira for escalations to engineering.", "SM10")
    assert _worker(session) == 1
    closing = _texts_out(session, application)[-1]
    assert closing.kind == "sms_closing" and "last question" in closing.body

    # The stage is finished, scored from the candidate's own words, and the next one entered.
    session.expire_all()
    application = session.get(Application, application.id)
    texts_stage = world["stages"][1]
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert application.current_stage_id == world["stages"][2].id
    attempt = session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id, StageAttempt.stage_id == texts_stage.id
        )
    ).one()
    assert attempt.status == AttemptStatus.PASSED and attempt.finished_at is not None
    story, weekends, tools = world["questions"]
    assert attempt.answers[str(weekends.id)] == "yes"
    assert "five-star review" in attempt.answers[str(story.id)]
    assert attempt.answers[str(tools.id)].startswith("Zendesk")
    score = session.exec(select(Score).where(Score.attempt_id == attempt.id)).one()
    said = " ".join(attempt.answers[str(q.id)] for q in (story, tools))
    assert all(c["evidence"] in said for c in score.criteria if c["evidence"])

    turns = session.exec(
        select(ConversationTurn)
        .where(ConversationTurn.attempt_id == attempt.id)
        .order_by(ConversationTurn.sequence)
    ).all()
    candidate = [t.provider_id for t in turns if t.speaker == Speaker.CANDIDATE]
    assert candidate == ["SM1", "SM2", "SM3", "SM4", "SM5", "SM7", "SM9", "SM10"]
    notes = [t.text for t in turns if t.speaker == Speaker.SYSTEM]
    assert "Do you offer dental insurance?" in notes
    assert any("STOP" in n for n in notes) and any("START" in n for n in notes)
    kinds = {t.kind for t in turns if t.speaker == Speaker.INTERVIEWER}
    assert {TurnKind.KNOWLEDGE, TurnKind.DEFERRAL, TurnKind.FOLLOW_UP} <= kinds
    assert {TurnKind.CLARIFICATION, TurnKind.CLOSING} <= kinds

    # A text after the end is kept nowhere and answered by nobody.
    _text(client, "Thanks! One more thing", "SM11")
    assert _worker(session) == 0
    assert (
        session.exec(
            select(sa.func.count())
            .select_from(ConversationTurn)
            .where(ConversationTurn.provider_id == "SM11")
        ).one()
        == 0
    )

    # The recruiter's report shows the conversation.
    full = report.candidate_report(
        session=session, user=world["recruiter"], application_id=application.id
    )
    stage = next(s for s in full.stages if s.stage_id == texts_stage.id)
    assert [line.speaker for line in stage.transcript][:2] == ["interviewer", "candidate"]
    assert any(line.knowledge == "Is the job remote?" for line in stage.transcript)
    assert any(line.question == STORY for line in stage.transcript if line.speaker == "candidate")


def test_a_clear_no_to_a_dealbreaker_disqualifies_at_the_text_stage(
    session: Session, client: TestClient, world: dict
) -> None:
    application = _to_the_text_stage(session, world)
    long_story = (
        "A customer's parcel was lost before her wedding; I found it with the courier, sent "
        "it express at no cost, and she wrote us a five-star review."
    )
    _text(client, long_story, "SMa")
    _worker(session)
    _text(client, "No, I can't work weekends.", "SMb")
    _worker(session)
    _text(client, "Zendesk.", "SMc")
    _worker(session)
    session.expire_all()
    application = session.get(Application, application.id)
    assert application.status == ApplicationStatus.DISQUALIFIED
    assert WEEKENDS in application.outcome_reason


def test_human_hands_the_conversation_to_a_recruiter(
    session: Session, client: TestClient, world: dict
) -> None:
    application = _to_the_text_stage(session, world)
    _text(client, "HUMAN", "SMh")
    session.expire_all()
    application = session.get(Application, application.id)
    assert application.status == ApplicationStatus.IN_REVIEW
    assert "person" in _texts_out(session, application)[-1].body
    assert _worker(session) == 0


def test_a_text_from_a_number_with_no_open_conversation_changes_nothing(
    session: Session, client: TestClient, world: dict
) -> None:
    response = _text(client, "hello?", "SMx")
    assert response.text.count("<Message>") == 0
    assert session.exec(select(sa.func.count()).select_from(ConversationTurn)).one() == 0


def test_a_quiet_candidate_is_reminded_of_the_pending_question_at_most_twice(
    session: Session, client: TestClient, world: dict
) -> None:
    application = _to_the_text_stage(session, world)
    day = timedelta(hours=get_settings().sms_nudge_hours, minutes=1)
    assert text_turns.nudge_due(session=session, now=utcnow() + timedelta(hours=1)) == 0
    assert text_turns.nudge_due(session=session, now=utcnow() + day) == 1
    reminder = _texts_out(session, application)[-1]
    assert reminder.kind == "sms_turn" and reminder.body.endswith(STORY)
    assert "Support Specialist" in reminder.body
    assert text_turns.nudge_due(session=session, now=utcnow() + 2 * day) == 1
    assert text_turns.nudge_due(session=session, now=utcnow() + 3 * day) == 0, "capped"
    # An answer resets the count; START after STOP re-asks at once.
    _text(client, "STOP", "SMs")
    _text(client, "START", "SMt")
    restated = _texts_out(session, application)[-1]
    assert restated.body.endswith(STORY)
