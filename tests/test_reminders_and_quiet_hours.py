"""Reminders (delays, at most N per stage, never after the end), deadlines, and quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Channel,
    Job,
    MessageStatus,
    Organization,
    OutboundMessage,
    User,
)
from heymilo_app.providers.email import OfflineMailer
from heymilo_app.providers.sms import OfflineSms
from heymilo_app.services.common.errors import Invalid, PermissionDenied
from heymilo_app.services.messaging import messaging_policy, outbox, outbox_delivery, quiet_hours
from heymilo_app.services.pipeline import candidate_requests, reminders, send_rules
from tests.support import add_manager, add_to_job, demo_recruiter_and_job

# Wednesday 28 November 2035, 16:00 UTC: 08:00 in San Francisco, 11:00 in New York. (In the
# future, so messages queued by the test, due from the real now, are due by then.)
WEDNESDAY_4PM = datetime(2035, 11, 28, 16, 0, tzinfo=UTC)


@pytest.fixture
def demo_job(session: Session) -> tuple[User, Job]:
    return demo_recruiter_and_job(session)


def _add(session: Session, user: User, job: Job, email: str, phone: str = "") -> Application:
    return add_to_job(session, user, job, email, phone=phone, first_name="Rae", last_name="Kim")


def _invited_at(session: Session, application: Application, when: datetime) -> None:
    application.invited_at = when
    application.expires_at = when + timedelta(days=14)
    session.commit()


def _reminders(session: Session, application: Application) -> list[OutboundMessage]:
    return list(
        session.exec(
            select(OutboundMessage)
            .where(
                OutboundMessage.application_id == application.id,
                OutboundMessage.kind == "reminder",
            )
            .order_by(OutboundMessage.id)
        ).all()
    )


# --- quiet hours ---------------------------------------------------------------------------


def _organization(**changes) -> Organization:
    return Organization(name="Acme", slug="acme", **changes)


def test_a_us_number_is_in_its_area_codes_zone_and_waits_for_nine_there() -> None:
    candidate = Candidate(organization_id=1, first_name="A", email="a@x.io", phone="+14155550188")
    organization = _organization()
    zones = quiet_hours.candidate_zones(candidate, organization)
    assert zones == [ZoneInfo("America/Los_Angeles")]
    window = quiet_hours.Window.of(organization)
    assert not quiet_hours.is_allowed(WEDNESDAY_4PM, zones, window)
    # 09:00 PST is 17:00 UTC.
    assert quiet_hours.next_allowed(WEDNESDAY_4PM, zones, window) == WEDNESDAY_4PM.replace(hour=17)
    new_york = Candidate(organization_id=1, first_name="B", email="b@x.io", phone="+12125550100")
    assert quiet_hours.is_allowed(
        WEDNESDAY_4PM, quiet_hours.candidate_zones(new_york, organization), window
    )


def test_friday_evening_waits_for_monday_morning() -> None:
    zones = [ZoneInfo("America/Los_Angeles")]
    friday_8pm_pst = datetime(2035, 12, 1, 4, 0, tzinfo=UTC)  # Sat 04:00 UTC
    monday_9am_pst = datetime(2035, 12, 3, 17, 0, tzinfo=UTC)
    assert quiet_hours.next_allowed(friday_8pm_pst, zones, quiet_hours.Window()) == monday_9am_pst


def test_the_best_known_zone_wins_then_the_phone_then_the_organization() -> None:
    organization = _organization(timezone="Europe/Berlin")
    told = Candidate(
        organization_id=1,
        first_name="A",
        email="a@x.io",
        phone="+14155550188",
        timezone="Asia/Tokyo",
    )
    assert quiet_hours.candidate_zones(told, organization) == [ZoneInfo("Asia/Tokyo")]
    # A UK mobile has no place in the numbering plan: the country's zones.
    uk = Candidate(organization_id=1, first_name="A", email="a@x.io", phone="+447700900123")
    assert ZoneInfo("Europe/London") in quiet_hours.candidate_zones(uk, organization)
    nothing = Candidate(organization_id=1, first_name="A", email="a@x.io")
    assert quiet_hours.candidate_zones(nothing, organization) == [ZoneInfo("Europe/Berlin")]


def test_a_number_spanning_zones_is_texted_only_when_it_is_day_in_all_of_them() -> None:
    zones = [ZoneInfo("Australia/Perth"), ZoneInfo("Australia/Sydney")]  # UTC+8, UTC+11
    window = quiet_hours.Window()
    # Wednesday 00:30 UTC: 08:30 in Perth (closed), 11:30 in Sydney (open).
    moment = datetime(2035, 11, 28, 0, 30, tzinfo=UTC)
    assert not quiet_hours.is_allowed(moment, zones, window)
    allowed = quiet_hours.next_allowed(moment, zones, window)
    assert allowed == datetime(2035, 11, 28, 1, 0, tzinfo=UTC)  # 09:00 Perth, 12:00 Sydney
    assert quiet_hours.Window().describe() == "09:00-19:00, Monday to Friday"


def test_a_text_outside_business_hours_waits_and_then_goes(
    session: Session, engine: sa.Engine, demo_job: tuple
) -> None:
    user, job = demo_job
    application = _add(session, user, job, "rae@example.net", "+1 415 555 0188")
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=WEDNESDAY_4PM,
    )
    assert report.deferred == 1 and report.sent == 1  # the email went, the text waits
    session.expire_all()
    text = session.exec(
        select(OutboundMessage).where(
            OutboundMessage.application_id == application.id, OutboundMessage.channel == "sms"
        )
    ).one()
    assert text.status == MessageStatus.QUEUED and text.attempts == 0
    assert text.send_after == WEDNESDAY_4PM.replace(hour=17)
    assert "business hours" in text.last_error and "America/Los_Angeles" in text.last_error
    # Nothing goes early, then it goes at nine in San Francisco.
    early = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=WEDNESDAY_4PM + timedelta(minutes=30),
    )
    assert early.sent == 0 and early.deferred == 0
    on_time = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=WEDNESDAY_4PM.replace(hour=17),
    )
    assert on_time.sent == 1
    session.expire_all()
    assert session.get(OutboundMessage, text.id).status == MessageStatus.DELIVERED_OFFLINE


def test_a_text_to_someone_who_opted_out_after_it_was_queued_is_cancelled(
    session: Session, engine: sa.Engine, demo_job: tuple
) -> None:
    user, job = demo_job
    application = _add(session, user, job, "rae@example.net", "+1 212 555 0100")
    candidate = session.get(Candidate, application.candidate_id)
    candidate.sms_opt_out = True
    session.commit()
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=WEDNESDAY_4PM,
    )
    assert report.cancelled == 1 and report.sent == 1
    session.expire_all()
    text = session.exec(
        select(OutboundMessage).where(
            OutboundMessage.application_id == application.id, OutboundMessage.channel == "sms"
        )
    ).one()
    assert text.status == MessageStatus.CANCELLED and "opted out" in text.last_error


@pytest.mark.parametrize("ending", ["withdrawn", "disqualified", "completed", "expired"])
def test_texts_held_for_business_hours_are_cancelled_once_the_application_ended(
    session: Session, engine: sa.Engine, demo_job: tuple, ending: str
) -> None:
    """An SMS stage's opening text waiting for nine o'clock does not go to a candidate who
    withdrew (or was disqualified, or finished, or lapsed) meanwhile; outcome emails still go."""
    user, job = demo_job
    application = _add(session, user, job, "rae@example.net", "+1 415 555 0188")
    # The opening text of an SMS stage, as conversations.announce queues it.
    opening = outbox.enqueue(
        session=session,
        organization_id=application.organization_id,
        application_id=application.id,
        channel=Channel.SMS,
        kind="sms_stage",
        to_address="+14155550188",
        body="Hi Rae! First question: why this job?",
        dedupe_key=f"sms_stage:{application.id}:0:opening",
    )
    session.commit()
    outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=WEDNESDAY_4PM,
    )
    session.expire_all()
    texts = session.exec(
        select(OutboundMessage).where(
            OutboundMessage.application_id == application.id, OutboundMessage.channel == "sms"
        )
    ).all()
    assert {(t.kind, t.status) for t in texts} == {
        ("invitation", MessageStatus.QUEUED),
        ("sms_stage", MessageStatus.QUEUED),
    }
    application = session.get(Application, application.id)
    if ending == "withdrawn":
        candidate_requests.withdraw(session=session, token=application.token)
    else:
        application.status = ApplicationStatus(ending)
        session.commit()
    # Outcomes and a recruiter's score alert are queued after the end, and must still go.
    for kind, to in (
        ("not_advancing", "rae@example.net"),
        ("thank_you", "rae@example.net"),
        ("score_alert", user.email),
    ):
        outbox.enqueue(
            session=session,
            organization_id=application.organization_id,
            application_id=application.id,
            channel=Channel.EMAIL,
            kind=kind,
            to_address=to,
            subject=kind,
            body=kind,
        )
    session.commit()
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=WEDNESDAY_4PM.replace(hour=17),
    )
    assert report.sent == 3 and report.cancelled == 2
    session.expire_all()
    for text in texts:
        row = session.get(OutboundMessage, text.id)
        assert row.status == MessageStatus.CANCELLED
        assert row.last_error == f"Not sent: the application is {ending}."
    assert session.get(OutboundMessage, opening.id).sent_at is None


# --- reminders ------------------------------------------------------------------------------


def test_reminders_go_at_24_and_72_hours_and_then_stop(session: Session, demo_job: tuple) -> None:
    user, job = demo_job
    application = _add(session, user, job, "rae@example.net", "+1 212 555 0100")
    _invited_at(session, application, WEDNESDAY_4PM)
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=23)) == 0
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=24)) == 1
    session.commit()
    first = _reminders(session, application)
    assert [m.channel for m in first] == ["email", "sms"]  # the job texts invitations too
    assert first[0].subject.startswith("Reminder: your interview for")
    # Running again (a second scheduler, a restart) queues nothing new.
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=30)) == 0
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=72)) == 1
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=200)) == 0
    session.commit()
    assert len([m for m in _reminders(session, application) if m.channel == "email"]) == 2


def test_a_scheduler_that_was_off_sends_one_reminder_not_two(
    session: Session, demo_job: tuple
) -> None:
    user, job = demo_job
    application = _add(session, user, job, "rae@example.net")
    _invited_at(session, application, WEDNESDAY_4PM)
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=80)) == 1
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=90)) == 0
    session.commit()
    [email] = _reminders(session, application)
    assert email.dedupe_key.endswith(":1:email")


def test_at_most_n_reminders_per_stage_and_again_for_the_next_stage(
    session: Session, demo_job: tuple
) -> None:
    user, job = demo_job
    organization = session.get(Organization, user.organization_id)
    organization.max_reminders_per_stage = 1
    application = _add(session, user, job, "rae@example.net")
    _invited_at(session, application, WEDNESDAY_4PM)
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=100)) == 1
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=101)) == 0
    # The candidate finishes the first stage and stalls on the next one.
    from heymilo_app.services.jobs.jobs import interview_stages, published_interview

    stages = interview_stages(
        session=session, interview=published_interview(session=session, job=job)
    )
    application.status = ApplicationStatus.IN_PROGRESS
    application.current_stage_id = stages[1].id
    application.stage_entered_at = WEDNESDAY_4PM + timedelta(hours=101)
    session.commit()
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=124)) == 0
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=125)) == 1
    session.commit()
    keys = [m.dedupe_key for m in _reminders(session, application)]
    assert keys == [
        f"reminder:{application.id}:{stages[0].id}:0:email",
        f"reminder:{application.id}:{stages[1].id}:0:email",
    ]


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.COMPLETED,
        ApplicationStatus.DISQUALIFIED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.IN_REVIEW,
    ],
)
def test_no_reminder_after_the_end(
    session: Session, demo_job: tuple, status: ApplicationStatus
) -> None:
    user, job = demo_job
    application = _add(session, user, job, "rae@example.net")
    _invited_at(session, application, WEDNESDAY_4PM)
    application.status = status
    session.commit()
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=30)) == 0
    assert _reminders(session, application) == []


def test_no_reminder_after_unsubscribing_and_a_queued_one_is_cancelled(
    session: Session, engine: sa.Engine, demo_job: tuple
) -> None:
    user, job = demo_job
    application = _add(session, user, job, "rae@example.net")
    other = _add(session, user, job, "sam@example.net")
    _invited_at(session, application, WEDNESDAY_4PM)
    _invited_at(session, other, WEDNESDAY_4PM)
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=24)) == 2
    session.commit()
    # Rae unsubscribes and Sam finishes before the sender runs.
    session.get(Candidate, application.candidate_id).email_unsubscribed = True
    other.status = ApplicationStatus.COMPLETED
    session.commit()
    report = outbox_delivery.deliver_due(
        holds=send_rules.holds,
        engine=engine,
        mailer=OfflineMailer(),
        sms=OfflineSms(),
        now=WEDNESDAY_4PM + timedelta(hours=24),
    )
    # Both reminders, and Sam's invitation (never sent: he is done without it).
    assert report.cancelled == 3
    session.expire_all()
    cancelled = _reminders(session, application) + _reminders(session, other)
    assert {m.status for m in cancelled} == {MessageStatus.CANCELLED}
    assert "unsubscribed" in _reminders(session, application)[0].last_error
    assert "completed" in _reminders(session, other)[0].last_error
    assert reminders.queue_due(session=session, now=WEDNESDAY_4PM + timedelta(hours=72)) == 0


@pytest.mark.parametrize("status", list(ApplicationStatus))
def test_the_sender_may_judge_a_reminder_by_still_wanted_alone(status: ApplicationStatus) -> None:
    """Whatever application the rule for other prompts (``no_longer_waiting``) refuses,
    ``still_wanted`` refuses a reminder of it too, with the same sentence."""
    application = Application(
        organization_id=1, job_id=1, interview_id=1, candidate_id=1, status=status
    )
    candidate = Candidate(organization_id=1, first_name="Rae", email="rae@example.net")
    wanted = reminders.still_wanted(application, candidate)
    ended = send_rules.no_longer_waiting(application)
    assert not ended or wanted == ended
    assert reminders.still_wanted(None, None) == send_rules.no_longer_waiting(None)


def test_an_invitation_past_its_deadline_lapses_and_gets_no_reminder(
    session: Session, engine: sa.Engine, demo_job: tuple
) -> None:
    user, job = demo_job
    application = _add(session, user, job, "rae@example.net")
    _invited_at(session, application, WEDNESDAY_4PM)
    application.expires_at = WEDNESDAY_4PM + timedelta(hours=48)
    session.commit()
    # The demo's own invitations (two weeks from today) have lapsed by then as well.
    due = session.exec(
        select(sa.func.count(Application.id)).where(
            Application.status.in_(reminders.ACTIVE),
            Application.expires_at <= WEDNESDAY_4PM + timedelta(hours=49),
        )
    ).one()
    assert due >= 1
    report = reminders.run_once(engine=engine, now=WEDNESDAY_4PM + timedelta(hours=49))
    assert report.expired == due and report.reminded == 0
    session.expire_all()
    assert session.get(Application, application.id).status == ApplicationStatus.EXPIRED
    assert reminders.run_once(engine=engine, now=WEDNESDAY_4PM + timedelta(hours=80)).reminded == 0


# --- the organization's policy --------------------------------------------------------------


def _policy(**changes) -> messaging_policy.Policy:
    values = {
        "reminder_hours": "24, 72",
        "max_reminders_per_stage": "2",
        "invitation_days": "14",
        "business_hours_start": "9",
        "business_hours_end": "19",
        "business_days": [0, 1, 2, 3, 4],
        "timezone": "Europe/Paris",
    }
    values.update(changes)
    return messaging_policy.Policy(**values)


def test_the_policy_saves_only_when_every_value_is_valid(session: Session, demo_job: tuple) -> None:
    user, _ = demo_job
    organization = messaging_policy.update(
        session=session,
        user=user,
        policy=_policy(reminder_hours="48 12 48", business_days=[5, 6], invitation_days="21"),
    )
    assert organization.reminder_hours == [12, 48]
    assert organization.business_days == [5, 6] and organization.timezone == "Europe/Paris"
    assert messaging_policy.invitation_days(organization) == 21
    with pytest.raises(Invalid) as error:
        messaging_policy.update(
            session=session,
            user=user,
            policy=_policy(
                reminder_hours="24, soon",
                business_hours_start="18",
                business_hours_end="9",
                business_days=[],
                timezone="Mars/Olympus",
                max_reminders_per_stage="9",
            ),
        )
    assert set(error.value.errors) == {
        "reminder_hours",
        "business_hours_end",
        "business_days",
        "timezone",
        "max_reminders_per_stage",
    }
    session.expire_all()
    assert session.get(Organization, user.organization_id).reminder_hours == [12, 48]


def test_a_hiring_manager_cannot_change_the_policy(session: Session, demo_job: tuple) -> None:
    user, _ = demo_job
    manager = add_manager(session, user)
    with pytest.raises(PermissionDenied):
        messaging_policy.update(session=session, user=manager, policy=_policy())
