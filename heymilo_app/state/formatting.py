"""Turning service results into the plain strings state vars hold."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from heymilo_app.services.analytics import scope
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.messaging import message_log
from heymilo_app.services.pipeline.applications import ApplicationRow
from heymilo_app.services.pipeline.stage_statuses import StageStatus, stage_statuses

STATUS_LABELS = {
    "invited": "Invited",
    "in_progress": "In progress",
    "in_review": "In review",
    "completed": "Completed",
    "disqualified": "Disqualified",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
}
# A recruiter's rejection: stored as "disqualified", read apart from a failed rule.
REJECTED_LABEL = "Rejected"


def status_label(status: str, rejected: bool = False) -> str:
    """What a person reads for an application's status.

    Args:
        status: The stored ApplicationStatus value.
        rejected: Whether a recruiter rejected it (``rejections.rejected_ids``), rather
            than a rule disqualifying it.

    Returns:
        For example "In review", "Rejected" or "Disqualified".
    """
    if rejected and status == "disqualified":
        return REJECTED_LABEL
    return STATUS_LABELS.get(status, status)


# The analytics' wording, in the order the lists' filters offer them.
SOURCE_LABELS = {
    source: scope.SOURCE_LABELS[source] for source in ("manual", "csv", "ats", "job_board")
}


def short_date(value: datetime | None) -> str:
    """Format a timestamp as a short date.

    Args:
        value: The timestamp or None.

    Returns:
        For example "Nov 25, 2026", or an empty string.
    """
    return value.strftime("%b %d, %Y") if value else ""


def application_row_dict(
    row: ApplicationRow, deliveries: dict[str, message_log.Delivery] | None = None
) -> dict[str, str]:
    """Turn a candidate-list row into strings for a table.

    Args:
        row: The row from ``applications.list_applications``.
        deliveries: Its latest email and text ("email", "sms"), when known.

    Returns:
        Display strings by column.
    """
    deliveries = deliveries or {}
    email, sms = deliveries.get("email"), deliveries.get("sms")
    return {
        "email_delivery": email.label if email else "",
        "email_tone": email.tone if email else "",
        "email_detail": email.detail if email else "",
        "sms_delivery": sms.label if sms else "",
        "sms_tone": sms.tone if sms else "",
        "sms_detail": sms.detail if sms else "",
        "id": str(row.application_id),
        "name": row.candidate_name,
        "email": row.email,
        "job": row.job_title,
        "status": row.status,
        "status_label": status_label(row.status, row.rejected),
        "phone": row.phone,
        "score": f"{row.overall:.0f}" if row.overall is not None else "—",
        "added": short_date(row.created_at) or "—",
        "stage": row.stage or "—",
        "source": SOURCE_LABELS.get(row.source, row.source)
        + (f" · {row.source_name}" if row.source_name else ""),
        "invited": short_date(row.invited_at) or "—",
        "shortlisted": "yes" if row.shortlisted else "",
    }


def application_rows(session: Session, rows: list[ApplicationRow]) -> list[dict[str, str]]:
    """Table rows for applications, with how their latest email and text fared.

    Args:
        session: Database session.
        rows: From ``applications.list_applications``.

    Returns:
        Row dicts.
    """
    deliveries = message_log.latest_by_application(
        session=session, application_ids=[row.application_id for row in rows]
    )
    return [application_row_dict(row, deliveries.get(row.application_id)) for row in rows]


def stage_chip(status: StageStatus) -> dict[str, str]:
    """One stage of a row as the candidate list's chip shows it.

    Args:
        status: From ``stage_statuses.stage_statuses``.

    Returns:
        {"label", "state", "score" ("" when not scored), "text" (the accessible text)}.
    """
    return {
        "label": status.label,
        "state": status.state,
        "score": f"{status.score:.0f}" if status.score is not None else "",
        "text": status.description,
    }


def stage_chips(session: Session, rows: list[ApplicationRow]) -> dict[str, list[dict[str, str]]]:
    """The per-stage chips of a page of rows, read in one query.

    Args:
        session: Database session.
        rows: From ``applications.list_applications``.

    Returns:
        Application id (as text) to its chips in interview order.
    """
    statuses = stage_statuses(session=session, application_ids=[row.application_id for row in rows])
    # Every row has an entry (empty without stages), so the table can loop over it.
    return {
        str(row.application_id): [
            stage_chip(status) for status in statuses.get(row.application_id, [])
        ]
        for row in rows
    }


def error_text(error: Exception) -> str:
    """What a toast says for a refused action: an Invalid's first message, else the error.

    Args:
        error: Invalid, NotFound, PermissionDenied, ...

    Returns:
        The message.
    """
    if isinstance(error, Invalid) and error.errors:
        return next(iter(error.errors.values()))
    return str(error)
