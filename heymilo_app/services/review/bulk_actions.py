"""Actions on a selection of the candidate list: shortlist, reject, remind, export.

Each action takes the acting user and the selected application ids. The ids are checked
first: any that is not an application of the user's organization refuses the whole action
(NotFound, nothing changed), since the list only ever offers the organization's own. Then
every row is tried on its own: a row that cannot take the action is skipped with the reason
and never stops the others. The result says what was done and what was skipped, in the words
a toast shows ("Rejected 3; 1 skipped: already withdrawn").

Shortlisting and reminders are written in one transaction per action. A rejection goes
through ``decisions.decide``, which commits each application's decision (with its event,
webhook and email) on its own.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Candidate,
    Channel,
    Job,
    OutboundMessage,
    User,
    utcnow,
)
from heymilo_app.services.analytics import exports, scope
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.pipeline import decisions, invitations, records, reminders

logger = logging.getLogger(__name__)

# At most this many applications per action (the list shows at most 500).
MAX_SELECTION = 500
# Why a status cannot be rejected, as the toast says it.
REJECT_SKIP_REASONS = {
    ApplicationStatus.WITHDRAWN: "already withdrawn",
    ApplicationStatus.DISQUALIFIED: "already rejected",
}


@dataclass(frozen=True)
class RowResult:
    """What an action did to one application."""

    application_id: int
    done: bool
    reason: str = ""  # why it was skipped


@dataclass
class BulkResult:
    """What an action did to a selection."""

    verb: str  # "Shortlisted", "Rejected", "Reminded", ...
    rows: list[RowResult] = field(default_factory=list)

    @property
    def done(self) -> int:
        """How many applications the action changed."""
        return sum(1 for row in self.rows if row.done)

    @property
    def skipped(self) -> list[RowResult]:
        """The applications left as they were, with why."""
        return [row for row in self.rows if not row.done]

    def message(self) -> str:
        """The result in a sentence, e.g. "Rejected 3; 1 skipped: already withdrawn".

        Returns:
            The text of the toast.
        """
        text = f"{self.verb} {self.done}"
        skipped = self.skipped
        if skipped:
            reasons = Counter(row.reason for row in skipped)
            if len(reasons) == 1:
                detail = next(iter(reasons))
            else:
                detail = ", ".join(f"{reason} ({count})" for reason, count in reasons.items())
            text += f"; {len(skipped)} skipped: {detail}"
        return text


def _selection(application_ids: list[int | str] | tuple[int | str, ...]) -> list[int]:
    """The selected ids as whole numbers, each once, in the order given.

    Raises:
        Invalid: For an empty or too large selection.
        NotFound: For an id that is not a number (no application has it).
    """
    ids: list[int] = []
    for value in application_ids or ():
        try:
            number = int(str(value).strip())
        except ValueError:
            raise NotFound("No such candidate.") from None
        if number not in ids:
            ids.append(number)
    if not ids:
        raise Invalid({"selection": "Select at least one candidate."})
    if len(ids) > MAX_SELECTION:
        raise Invalid({"selection": f"Select at most {MAX_SELECTION} candidates at a time."})
    return ids


def _owned(session: Session, user: User, ids: list[int]) -> dict[int, Application]:
    """The selected applications, all of the user's organization, by id.

    Raises:
        NotFound: When any id is unknown or another organization's.
    """
    found = {
        application.id: application
        for application in session.exec(
            select(Application).where(
                Application.id.in_(ids), Application.organization_id == user.organization_id
            )
        ).all()
    }
    if len(found) != len(ids):
        raise NotFound("Some of the selected candidates no longer exist.")
    return found


def shortlist(
    *, session: Session, user: User, application_ids: list[int | str], on: bool
) -> BulkResult:
    """Put the selected applications on the shortlist, or take them off it.

    Args:
        session: Database session.
        user: The acting recruiter.
        application_ids: The selection.
        on: True to shortlist, False to remove from the shortlist.

    Returns:
        Per-row results (already shortlisted, or not on it, is skipped).

    Raises:
        Invalid: For an empty or too large selection.
        NotFound: When an id is not the organization's (nothing changes).
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    ids = _selection(application_ids)
    applications = _owned(session, user, ids)
    result = BulkResult("Shortlisted" if on else "Removed from the shortlist")
    now = utcnow()
    for application_id in ids:
        application = applications[application_id]
        if (application.shortlisted_at is not None) == on:
            reason = "already shortlisted" if on else "not on the shortlist"
            result.rows.append(RowResult(application_id, False, reason))
            continue
        application.shortlisted_at = now if on else None
        session.add(
            ApplicationEvent(
                application_id=application_id,
                kind="shortlisted" if on else "unshortlisted",
                actor_id=user.id,
            )
        )
        result.rows.append(RowResult(application_id, True))
    session.commit()
    return result


def _skip_text(error: Exception) -> str:
    """A refused row's reason in a few words."""
    if isinstance(error, records.Refused):
        return error.message.rstrip(".")
    if isinstance(error, Invalid) and error.errors:
        return next(iter(error.errors.values())).rstrip(".")
    return str(error).rstrip(".") or "could not be changed"


def reject(
    *,
    session: Session,
    user: User,
    application_ids: list[int | str],
    note: str,
    notify: bool = True,
) -> BulkResult:
    """Reject the selected applications, each recorded with who and why.

    Each goes through ``decisions.decide`` (the not-advancing email queued when ``notify``);
    an application that cannot be rejected (withdrawn, already rejected) is skipped.

    Args:
        session: Database session.
        user: The acting recruiter.
        application_ids: The selection.
        note: Why (required; kept with each decision).
        notify: Whether to email each candidate the not-advancing message.

    Returns:
        Per-row results.

    Raises:
        Invalid: Without a reason, or for an empty or too large selection.
        NotFound: When an id is not the organization's (nothing changes).
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    note = (note or "").strip()
    if not note:
        raise Invalid({"note": "Say why, for the record."})
    if len(note) > decisions.MAX_DECISION_NOTE:
        raise Invalid({"note": f"Keep it under {decisions.MAX_DECISION_NOTE:,} characters."})
    ids = _selection(application_ids)
    applications = _owned(session, user, ids)
    result = BulkResult("Rejected")
    for application_id in ids:
        status = applications[application_id].status
        if status not in decisions.REJECTABLE:
            reason = REJECT_SKIP_REASONS.get(status, f"already {status.replace('_', ' ')}")
            result.rows.append(RowResult(application_id, False, reason))
            continue
        try:
            decisions.decide(
                session=session,
                user=user,
                application_id=application_id,
                advance=False,
                note=note,
                notify=notify,
            )
        except (Invalid, NotFound) as error:  # changed by someone else meanwhile
            session.rollback()
            result.rows.append(RowResult(application_id, False, _skip_text(error)))
        else:
            result.rows.append(RowResult(application_id, True))
    return result


def _reminder_counts(session: Session, ids: list[int]) -> dict[int, int]:
    """How many reminder emails each application was sent, scheduled or by hand."""
    return dict(
        session.exec(
            select(OutboundMessage.application_id, func.count(OutboundMessage.id))
            .where(
                OutboundMessage.application_id.in_(ids),
                OutboundMessage.kind == "reminder",
                OutboundMessage.channel == Channel.EMAIL,
            )
            .group_by(OutboundMessage.application_id)
        ).all()
    )


def _skip_reason(still_wanted: str) -> str:
    """``reminders.still_wanted``'s sentence as a toast's few words."""
    return still_wanted.removeprefix("Not sent: ").rstrip(".")


def send_reminder(*, session: Session, user: User, application_ids: list[int | str]) -> BulkResult:
    """Remind the selected candidates who still have the interview to do.

    Only applications still waiting on the candidate get one: invited or in progress, the
    invitation not lapsed, the candidate not unsubscribed (``reminders.still_wanted``, the
    rule the scheduler's reminders follow). Each reminder is a new message numbered after the
    application's earlier reminders, keyed ``reminder:{application}:manual:{number}``, so
    two clicks send two reminders and the scheduler's own keys never collide with them.

    Args:
        session: Database session.
        user: The acting recruiter (signs the email).
        application_ids: The selection.

    Returns:
        Per-row results.

    Raises:
        Invalid: For an empty or too large selection.
        NotFound: When an id is not the organization's (nothing changes).
        PermissionDenied: For hiring managers.
    """
    require_recruiter(user)
    ids = _selection(application_ids)
    applications = _owned(session, user, ids)
    candidates = {
        candidate.id: candidate
        for candidate in session.exec(
            select(Candidate).where(
                Candidate.id.in_({a.candidate_id for a in applications.values()})
            )
        ).all()
    }
    counts = _reminder_counts(session, ids)
    contexts: dict[int, invitations.InvitationContext] = {}
    result = BulkResult("Reminded")
    for application_id in ids:
        application = applications[application_id]
        candidate = candidates.get(application.candidate_id)
        refused = reminders.still_wanted(application, candidate)
        if refused:
            result.rows.append(RowResult(application_id, False, _skip_reason(refused)))
            continue
        if application.job_id not in contexts:
            contexts[application.job_id] = invitations.invitation_context(
                session=session, job=session.get(Job, application.job_id), kind="reminder"
            )
        number = counts.get(application_id, 0) + 1
        invitations.invite(
            session=session,
            application=application,
            sender=user,
            kind="reminder",
            number=number,
            context=contexts[application.job_id],
            candidate=candidate,
            key=f"reminder:{application_id}:manual:{number}",
        )
        result.rows.append(RowResult(application_id, True))
    session.commit()
    return result


def export_csv(*, session: Session, user: User, application_ids: list[int | str]) -> bytes:
    """The selected applications as a CSV file, with every stage score.

    Args:
        session: Database session.
        user: The acting user (recruiters and hiring managers may export).
        application_ids: The selection.

    Returns:
        The file's bytes (UTF-8 with a BOM, so it opens in Excel).

    Raises:
        Invalid: For an empty or too large selection.
        NotFound: When an id is not the organization's.
    """
    ids = _selection(application_ids)
    _owned(session, user, ids)
    frame = exports.export_frame(
        session=session, user=user, filters=scope.Filters(application_ids=tuple(ids))
    )
    return exports.to_csv(frame)
