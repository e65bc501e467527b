"""The conversation engine on both databases: turns stored once, one reply a burst, answers kept."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    Candidate,
    ConversationTurn,
    Interview,
    InterviewStatus,
    Job,
    KnowledgeItem,
    Organization,
    Question,
    QuestionKind,
    Speaker,
    Stage,
    StageAttempt,
    StageType,
    TurnKind,
    utcnow,
)
from heymilo_app.services.conversation import engine as conversation
from heymilo_app.services.conversation import turns as store
from heymilo_app.services.conversation.interviewer import Context, Decision
from heymilo_app.services.conversation.offline_interviewer import OfflineInterviewer
from heymilo_app.services.stages.kinds import stage_kind


@pytest.fixture
def attempt(session: Session) -> StageAttempt:
    """An SMS stage (a story, a weekend yes/no dealbreaker), its candidate's open attempt."""
    organization = Organization(name="Acme", slug="acme")
    session.add(organization)
    session.flush()
    job = Job(organization_id=organization.id, title="Support Specialist", slug="support")
    session.add(job)
    session.flush()
    interview = Interview(job_id=job.id, status=InterviewStatus.PUBLISHED, published_at=utcnow())
    session.add(interview)
    session.flush()
    stage = Stage(
        interview_id=interview.id,
        type=StageType.SMS,
        position=0,
        title="Text screen",
        rubric=stage_kind(StageType.SMS).default_rubric(),
    )
    session.add(stage)
    session.flush()
    session.add_all(
        [
            Question(
                stage_id=stage.id,
                position=0,
                prompt="Tell me about a time you calmed down an upset customer.",
                followups=1,
            ),
            Question(
                stage_id=stage.id,
                position=1,
                prompt="Are you available to work weekends?",
                kind=QuestionKind.YES_NO,
                dealbreaker={"rule": "equals", "value": "yes"},
            ),
            KnowledgeItem(
                organization_id=organization.id,
                question="Is the job remote?",
                answer="The role is hybrid: three days a week in the Austin office.",
            ),
        ]
    )
    candidate = Candidate(organization_id=organization.id, first_name="Ana", email="ana@x.io")
    session.add(candidate)
    session.flush()
    application = Application(
        organization_id=organization.id,
        job_id=job.id,
        interview_id=interview.id,
        candidate_id=candidate.id,
        current_stage_id=stage.id,
    )
    session.add(application)
    session.flush()
    attempt = StageAttempt(application_id=application.id, stage_id=stage.id)
    session.add(attempt)
    session.commit()
    return attempt


class Outbox:
    """What ``deliver`` was handed, in order."""

    def __init__(self) -> None:
        self.sent: list[list[str]] = []

    def __call__(self, session: Session, turns: list[ConversationTurn]) -> None:
        assert all(turn.id for turn in turns), "turns are stored before they are sent"
        self.sent.append([turn.text for turn in turns])


def take(session: Session, attempt: StageAttempt, outbox: Outbox, **kwargs):
    return conversation.take_turn(
        session=session,
        attempt_id=attempt.id,
        interviewer=OfflineInterviewer(),
        channel="sms",
        deliver=outbox,
        **kwargs,
    )


def texted(session: Session, attempt: StageAttempt, text: str, sid: str):
    turn = store.record_candidate(
        session=session,
        attempt_id=attempt.id,
        text=text,
        channel="sms",
        provider="twilio",
        provider_id=sid,
    )
    session.commit()
    return turn


def test_a_whole_text_interview_keeps_every_turn_in_order(
    session: Session, attempt: StageAttempt
) -> None:
    outbox = Outbox()
    first = take(session, attempt, outbox, opening="Hi Ana, this is Acme.")
    assert first is not None and not first.ends
    assert outbox.sent[0][0].startswith("Hi Ana, this is Acme.")
    assert take(session, attempt, outbox) is None, "nothing to answer yet"

    texted(session, attempt, "Is this remote?", "SM1")
    knowledge = take(session, attempt, outbox)
    assert [t.kind for t in knowledge.turns] == [TurnKind.KNOWLEDGE, TurnKind.QUESTION]
    assert knowledge.turns[0].knowledge_item_id is not None

    texted(session, attempt, "An angry customer.", "SM2")
    assert take(session, attempt, outbox).turns[0].kind == TurnKind.FOLLOW_UP
    texted(session, attempt, "Her parcel was lost. I found it with the courier", "SM3")
    texted(session, attempt, "and sent it express, free. She was happy and stayed with us.", "SM4")
    burst = take(session, attempt, outbox)
    assert len(outbox.sent[-1]) == 1 and burst.turns[0].question_id is not None
    texted(session, attempt, "I think so?", "SM5")
    assert take(session, attempt, outbox).turns[0].kind == TurnKind.CLARIFICATION
    texted(session, attempt, "Yes", "SM6")
    last = take(session, attempt, outbox)
    assert last.ends and last.turns[-1].kind == TurnKind.CLOSING

    turns = store.turns_of(session, attempt.id)
    assert [t.sequence for t in turns] == list(range(1, len(turns) + 1))
    candidate = [t for t in turns if t.speaker == Speaker.CANDIDATE]
    assert [t.provider_id for t in candidate] == ["SM1", "SM2", "SM3", "SM4", "SM5", "SM6"]
    # The burst of two texts was read as one answer: both carry the question they answered.
    assert candidate[2].covers == candidate[3].covers == candidate[1].covers
    assert all(
        t.engine == "offline" and t.latency_ms is not None
        for t in turns
        if t.speaker == Speaker.INTERVIEWER
    )
    session.refresh(attempt)
    weekends = session.exec(select(Question).where(Question.kind == QuestionKind.YES_NO)).one()
    assert attempt.answers == {str(weekends.id): "yes"}


def test_the_same_message_id_twice_is_one_turn(session: Session, attempt: StageAttempt) -> None:
    assert texted(session, attempt, "Hello", "SMdup") is not None
    assert texted(session, attempt, "Hello", "SMdup") is None
    count = session.exec(select(sa.func.count()).select_from(ConversationTurn)).one()
    assert count == 1


def test_text_is_kept_as_given_without_nul_bytes_and_capped(
    session: Session, attempt: StageAttempt
) -> None:
    turn = texted(session, attempt, "a\x00b" + "🙂" * 5000, "SMbig")
    assert turn.text.startswith("ab🙂") and len(turn.text) == store.MAX_TURN_CHARACTERS


def test_a_held_attempt_is_not_taken_by_a_second_worker_until_the_lease_ends(
    session: Session, attempt: StageAttempt
) -> None:
    assert conversation.claim(session, attempt.id)
    assert not conversation.claim(session, attempt.id)
    later = utcnow() + conversation.TURN_LEASE + timedelta(seconds=1)
    assert conversation.claim(session, attempt.id, now=later)


def test_two_workers_at_once_make_one_reply(
    engine: sa.Engine, session: Session, attempt: StageAttempt
) -> None:
    outbox = Outbox()
    take(session, attempt, outbox)
    texted(session, attempt, "I calmed a customer whose internet was down for a week.", "SMr")
    gate = threading.Barrier(2)

    results = []

    def worker() -> None:
        with Session(engine, expire_on_commit=False) as own:
            gate.wait()
            results.append(
                conversation.take_turn(
                    session=own,
                    attempt_id=attempt.id,
                    interviewer=OfflineInterviewer(),
                    channel="sms",
                    deliver=outbox,
                )
            )

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([r for r in results if r is not None]) == 1
    assert len(outbox.sent) == 2
    interviewer_turns = session.exec(
        select(ConversationTurn).where(ConversationTurn.speaker == Speaker.INTERVIEWER)
    ).all()
    assert len(interviewer_turns) == 2


def test_words_that_arrive_while_the_interviewer_decides_are_read_before_it_replies(
    engine: sa.Engine, session: Session, attempt: StageAttempt
) -> None:
    outbox = Outbox()
    take(session, attempt, outbox)
    texted(session, attempt, "Is this remote?", "SMa")
    seen: list[str] = []

    class Interrupted(OfflineInterviewer):
        def decide(self, context: Context) -> Decision:
            seen.append(context.new_text)
            if len(seen) == 1:
                with Session(engine) as other:
                    store.record_candidate(
                        session=other,
                        attempt_id=attempt.id,
                        text="Also, what is the pay?",
                        channel="sms",
                        provider="twilio",
                        provider_id="SMb",
                    )
                    other.commit()
            return super().decide(context)

    taken = conversation.take_turn(
        session=session,
        attempt_id=attempt.id,
        interviewer=Interrupted(),
        channel="sms",
        deliver=outbox,
    )
    assert seen == ["Is this remote?", "Is this remote?\nAlso, what is the pay?"]
    assert taken is not None and len(outbox.sent) == 2
    deferred = session.exec(
        select(ConversationTurn).where(
            ConversationTurn.kind == TurnKind.DEFERRAL, ConversationTurn.speaker == Speaker.SYSTEM
        )
    ).all()
    assert [t.text for t in deferred] == ["Also, what is the pay?"]
