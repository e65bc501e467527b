"""Reminders and deadlines: nudge candidates who have not started or finished, lapse the rest.

An organization sets the delays (default 24 h and 72 h) and at most N reminders per stage.
Delays count from the invitation, or from the moment the application reached its current
stage. Each reminder is an outbox row keyed ``reminder:{application}:{stage}:{n}``, so a
scheduler that runs twice (or in two processes) queues it once. When the scheduler was off
for a while and several reminders are due at once, only the latest is sent: a candidate is
never sent two reminders in a row for one stage.

No reminder goes to an application that is finished, disqualified, withdrawn, expired or in
review, nor to a candidate who unsubscribed from emails; texts also respect an SMS opt-out.
The sender checks again before delivering (``still_wanted``), so a reminder queued just before
the candidate finished is cancelled rather than sent.

An invitation whose deadline passed lapses: the application becomes ``expired`` (the ATS hears
of it through the webhook) and its link says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from heymilo_app.db import writer
from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Job,
    Organization,
    OutboundMessage,
    Stage,
    utcnow,
)
from heymilo_app.services.messaging import messaging_policy
from heymilo_app.services.pipeline import invitations, webhooks
from heymilo_app.services.stages.kinds import candidate_acts

logger = logging.getLogger(__name__)

# Applications reminders are for: invited but not started, or started and not finished.
ACTIVE = (ApplicationStatus.INVITED, ApplicationStatus.IN_PROGRESS)
CHUNK = 500


@dataclass
class SchedulerReport:
    """What one pass of the scheduler did."""

    reminded: int = 0
    expired: int = 0


def schedule(organization: Organization) -> list[int]:
    """The reminder delays an organization uses, in hours, at most N of them.

    Args:
        organization: The organization.

    Returns:
        Sorted hours.
    """
    hours = sorted({int(h) for h in (organization.reminder_hours or []) if int(h) > 0})
    return hours[: max(0, organization.max_reminders_per_stage)]


def lapse_expired(*, session: Session, now: datetime | None = None) -> int:
    """Mark active applications past their deadline as expired.

    Args:
        session: Database session (the caller commits).
        now: The current time.

    Returns:
        How many lapsed.
    """
    now = now or utcnow()
    lapsed = session.exec(
        select(Application).where(
            Application.status.in_(ACTIVE),
            Application.expires_at.is_not(None),
            Application.expires_at <= now,
        )
    ).all()
    for application in lapsed:
        application.status = ApplicationStatus.EXPIRED
        webhooks.outcome(session=session, application=application)
    return len(lapsed)


def _sent_indexes(session: Session, application_ids: list[int]) -> dict[tuple[int, str], int]:
    """The highest reminder index already queued per (application, stage)."""
    keys = session.exec(
        select(OutboundMessage.dedupe_key).where(
            OutboundMessage.application_id.in_(application_ids),
            OutboundMessage.kind == "reminder",
            OutboundMessage.dedupe_key.is_not(None),
        )
    ).all()
    highest: dict[tuple[int, str], int] = {}
    for key in keys:
        parts = key.split(":")
        if len(parts) == 5 and parts[3].isdigit():
            slot = (int(parts[1]), parts[2])
            highest[slot] = max(highest.get(slot, -1), int(parts[3]))
    return highest


def queue_due(*, session: Session, now: datetime | None = None) -> int:
    """Queue every reminder that is due now.

    Args:
        session: Database session (the caller commits).
        now: The current time.

    Returns:
        How many applications were reminded.
    """
    now = now or utcnow()
    reminded = 0
    for organization in session.exec(select(Organization)).all():
        hours = schedule(organization)
        if not hours:
            continue
        base = sa.func.coalesce(Application.stage_entered_at, Application.invited_at)
        rows = session.exec(
            select(Application, Candidate)
            .join(Candidate, Candidate.id == Application.candidate_id)
            .where(
                Application.organization_id == organization.id,
                Application.status.in_(ACTIVE),
                Application.invited_at.is_not(None),
                base <= now - timedelta(hours=hours[0]),
                sa.or_(Application.expires_at.is_(None), Application.expires_at > now),
                Candidate.email_unsubscribed == False,  # noqa: E712 - SQL expression
            )
            .order_by(Application.id)
        ).all()
        contexts: dict[int, invitations.InvitationContext] = {}
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            sent = _sent_indexes(session, [application.id for application, _ in chunk])
            at = _stages_of(session, [application for application, _ in chunk])
            for application, candidate in chunk:
                if not candidate_acts(at.get(application.current_stage_id)):
                    continue  # the interviewer acts next (texts, a call): nothing to remind
                since = application.stage_entered_at or application.invited_at
                due = [i for i, h in enumerate(hours) if since + timedelta(hours=h) <= now]
                stage = str(application.current_stage_id or 0)
                if not due or sent.get((application.id, stage), -1) >= due[-1]:
                    continue
                if application.job_id not in contexts:
                    contexts[application.job_id] = invitations.invitation_context(
                        session=session, job=session.get(Job, application.job_id), kind="reminder"
                    )
                invitations.invite(
                    session=session,
                    application=application,
                    kind="reminder",
                    context=contexts[application.job_id],
                    candidate=candidate,
                    key=f"reminder:{application.id}:{stage}:{due[-1]}",
                )
                reminded += 1
    return reminded


def _stages_of(session: Session, applications: list[Application]) -> dict[int, Stage]:
    """The stages the applications are at, by id."""
    ids = {a.current_stage_id for a in applications if a.current_stage_id}
    if not ids:
        return {}
    return {stage.id: stage for stage in session.exec(select(Stage).where(Stage.id.in_(ids)))}


def still_wanted(
    application: Application | None, candidate: Candidate | None, stage: Stage | None = None
) -> str:
    """Why a queued reminder must not go out any more, or "" when it still should.

    Args:
        application: Its application.
        candidate: Its candidate.
        stage: The stage the application is at now, when the caller knows it.

    Returns:
        The reason, for the outbox row.
    """
    if application is None or candidate is None:
        return "The application no longer exists."
    if application.status not in ACTIVE:
        return f"Not sent: the application is {str(application.status).replace('_', ' ')}."
    if messaging_policy.lapsed(application):
        return "Not sent: the invitation has lapsed."
    if candidate.email_unsubscribed:
        return "Not sent: the candidate unsubscribed from reminders."
    if stage is not None and not candidate_acts(stage):
        return "Not sent: the interviewer acts next at this stage, not the candidate."
    return ""


def run_once(*, engine: Engine, now: datetime | None = None) -> SchedulerReport:
    """One pass of the scheduler: lapse what is past its deadline, then queue due reminders.

    Args:
        engine: The database.
        now: The current time (tests move it).

    Returns:
        What happened.
    """
    report = SchedulerReport()
    with Session(writer(engine)) as session:
        report.expired = lapse_expired(session=session, now=now)
        report.reminded = queue_due(session=session, now=now)
        session.commit()
    if report.expired or report.reminded:
        logger.info("reminders: %d queued, %d invitations lapsed", report.reminded, report.expired)
    return report
