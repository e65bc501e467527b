"""What the sender checks right before a message leaves: is it still wanted, and is it a good time?

- A reminder is cancelled when its application finished, was disqualified, withdrawn or
  lapsed, or its candidate unsubscribed since it was queued.
- A text is cancelled when the candidate opted out of texts since it was queued.
- A text or call outside the organization's business hours in the candidate's time zone
  waits for the next allowed moment (``services/quiet_hours.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    Candidate,
    Channel,
    Organization,
    OutboundMessage,
)
from heymilo_app.services import quiet_hours, reminders

# Channels that reach a phone: these respect quiet hours.
PHONE_CHANNELS = (Channel.SMS, Channel.VOICE)


@dataclass(frozen=True)
class Hold:
    """Why a message does not go out now; ``until`` None means never (cancelled)."""

    reason: str
    until: datetime | None = None


def holds(*, session: Session, rows: list[OutboundMessage], now: datetime) -> dict[int, Hold]:
    """The claimed rows that must not be sent now, and why.

    Args:
        session: Database session.
        rows: Claimed outbox rows (emails, texts or calls).
        now: The current time.

    Returns:
        Row id to hold; rows not in it go out.
    """
    relevant = [r for r in rows if r.kind == "reminder" or r.channel in PHONE_CHANNELS]
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
    found: dict[int, Hold] = {}
    for row in relevant:
        application, candidate = people.get(row.application_id, (None, None))
        if row.kind == "reminder":
            reason = reminders.still_wanted(application, candidate)
            if reason:
                found[row.id] = Hold(reason)
                continue
        if row.channel not in PHONE_CHANNELS:
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
