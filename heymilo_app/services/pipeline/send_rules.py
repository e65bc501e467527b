"""What the sender checks right before a message leaves: is it still wanted, and is it a good time?

- A reminder is cancelled when its application finished, was disqualified, withdrawn or
  lapsed, or its candidate unsubscribed since it was queued.
- Any other message that asks the candidate to act (an invitation, a next-stage message, an
  SMS stage's opening text, any text) is cancelled when its application no longer waits on
  the candidate: withdrawn, disqualified, completed or expired.
  Outcomes (not advancing, thank you) and messages to recruiters (score alerts) still go.
- A text is cancelled when its number is on the organization's opt-out list (STOP), or the
  candidate opted out of texts, since it was queued.
- A text or call outside the organization's business hours in the candidate's time zone
  waits for the next allowed moment (``services/messaging/quiet_hours.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Channel,
    Organization,
    OutboundMessage,
)
from heymilo_app.services.messaging import quiet_hours, sms_inbound, sms_opt_outs
from heymilo_app.services.pipeline import reminders

# Channels that reach a phone: these respect quiet hours.
PHONE_CHANNELS = (Channel.SMS, Channel.VOICE)
# Emails that ask the candidate to do something (texts always do, except HELP answers).
PROMPT_KINDS = frozenset({"invitation", "reminder", "next_stage", "sms_stage"})
# Messages that tell the candidate how it ended: they go whatever the application's state.
OUTCOME_KINDS = frozenset({"not_advancing", "thank_you", "sms_closing"})
# Applications that no longer wait on the candidate.
STOPPED = (
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.DISQUALIFIED,
    ApplicationStatus.COMPLETED,
    ApplicationStatus.EXPIRED,
)


@dataclass(frozen=True)
class Hold:
    """Why a message does not go out now; ``until`` None means never (cancelled)."""

    reason: str
    until: datetime | None = None


def asks_the_candidate(row: OutboundMessage) -> bool:
    """Whether a message asks its candidate to act, so it is moot once the application ended.

    Args:
        row: An outbox row.

    Returns:
        True for invitations, reminders, next-stage messages and texts of an application.
    """
    if row.application_id is None or row.channel == Channel.WEBHOOK:
        return False
    if row.kind in OUTCOME_KINDS or row.kind == sms_inbound.HELP_KIND:
        return False
    return row.channel in PHONE_CHANNELS or row.kind in PROMPT_KINDS


def no_longer_waiting(application: Application | None) -> str:
    """Why an application no longer waits on its candidate, or "" when it does.

    A deadline that passed counts once the scheduler marked the application expired (it
    runs right before every sender pass, ``reminders.lapse_expired``).

    Args:
        application: The application (None: deleted).

    Returns:
        The reason, for the outbox row.
    """
    if application is None:
        return "The application no longer exists."
    if application.status in STOPPED:
        return f"Not sent: the application is {str(application.status).replace('_', ' ')}."
    return ""


def _moot(
    row: OutboundMessage, application: Application | None, candidate: Candidate | None
) -> str:
    """Why a row is no longer wanted at all, or "" when it still is; each row judged once.

    A reminder by ``reminders.still_wanted``: it goes only to an invited or started
    application, so it already refuses every application ``no_longer_waiting`` would (with the
    same sentences). Any other message that asks the candidate to act by
    ``no_longer_waiting``.

    Args:
        row: An outbox row.
        application: Its application (None: none, or deleted).
        candidate: Its candidate.

    Returns:
        The reason, for the outbox row.
    """
    if row.kind == "reminder":
        return reminders.still_wanted(application, candidate)
    if asks_the_candidate(row):
        return no_longer_waiting(application)
    return ""


def holds(*, session: Session, rows: list[OutboundMessage], now: datetime) -> dict[int, Hold]:
    """The claimed rows that must not be sent now, and why.

    Args:
        session: Database session.
        rows: Claimed outbox rows (emails, texts or calls).
        now: The current time.

    Returns:
        Row id to hold; rows not in it go out.
    """
    relevant = [
        r
        for r in rows
        if r.kind == "reminder" or r.channel in PHONE_CHANNELS or asks_the_candidate(r)
    ]
    if not relevant:
        return {}
    application_ids = {r.application_id for r in relevant if r.application_id}
    people: dict[int, tuple[Application, Candidate]] = {}
    for application, candidate in session.exec(
        select(Application, Candidate)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Application.id.in_(application_ids))
    ).all():
        people[application.id] = (application, candidate)
    organizations = {
        o.id: o
        for o in session.exec(
            select(Organization).where(Organization.id.in_({r.organization_id for r in relevant}))
        ).all()
    }
    listed = sms_opt_outs.opted_out_pairs(
        session=session, phones={r.to_address for r in relevant if r.channel == Channel.SMS}
    )
    found: dict[int, Hold] = {}
    for row in relevant:
        application, candidate = people.get(row.application_id, (None, None))
        reason = _moot(row, application, candidate)
        if reason:
            found[row.id] = Hold(reason)
            continue
        if row.channel not in PHONE_CHANNELS:
            continue
        if row.channel == Channel.SMS and (row.organization_id, row.to_address) in listed:
            found[row.id] = Hold("Not sent: this number replied STOP (opted out of texts).")
            continue
        if row.channel == Channel.SMS and candidate is not None and candidate.sms_opt_out:
            found[row.id] = Hold("Not sent: the candidate opted out of texts.")
            continue
        organization = organizations[row.organization_id]
        window = quiet_hours.Window.of(organization)
        zones = quiet_hours.candidate_zones(candidate, organization)
        if quiet_hours.is_allowed(now, zones, window):
            continue
        until = quiet_hours.next_allowed(now, zones, window) or quiet_hours.next_allowed(
            now, zones[:1], window
        )
        if until is None:
            continue  # No business day at all: never block a message forever.
        names = ", ".join(str(z) for z in zones[:3]) + ("…" if len(zones) > 3 else "")
        found[row.id] = Hold(
            f"Waiting for business hours ({window.describe()}, {names}): "
            f"goes out {until:%Y-%m-%d %H:%M} UTC.",
            until,
        )
    return found
