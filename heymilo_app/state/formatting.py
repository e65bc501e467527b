"""Turning service results into the plain strings state vars hold."""

from __future__ import annotations

from datetime import datetime

from heymilo_app.services.applications import ApplicationRow

STATUS_LABELS = {
    "invited": "Invited",
    "in_progress": "In progress",
    "in_review": "In review",
    "completed": "Completed",
    "disqualified": "Disqualified",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
}

SOURCE_LABELS = {
    "manual": "Added by hand",
    "csv": "CSV import",
    "ats": "ATS",
    "job_board": "Job board",
}


def short_date(value: datetime | None) -> str:
    """Format a timestamp as a short date.

    Args:
        value: The timestamp or None.

    Returns:
        For example "Nov 25, 2026", or an empty string.
    """
    return value.strftime("%b %d, %Y") if value else ""


def application_row_dict(row: ApplicationRow) -> dict[str, str]:
    """Turn a candidate-list row into strings for a table.

    Args:
        row: The row from ``applications.list_applications``.

    Returns:
        Display strings by column.
    """
    return {
        "id": str(row.application_id),
        "name": row.candidate_name,
        "email": row.email,
        "job": row.job_title,
        "status": row.status,
        "status_label": STATUS_LABELS.get(row.status, row.status),
        "stage": row.stage or "—",
        "source": SOURCE_LABELS.get(row.source, row.source),
        "invited": short_date(row.invited_at) or "—",
    }
