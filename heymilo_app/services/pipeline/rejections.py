"""A person's rejection told apart from a failed rule: both leave an application
"disqualified"; the latest of its "rejected" and "disqualified" events says which."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from heymilo_app.models import Application, ApplicationEvent, ApplicationStatus

# The status a person reads for a recruiter's rejection ("rejected" is not a stored status).
REJECTED = "rejected"


def rejected_clause() -> Any:
    """The SQL clause "a person rejected this application".

    A recruiter's rejection and a failed rule both leave the status "disqualified"; what
    tells them apart is the latest of the "rejected" (a person, ``decisions.decide``) and
    "disqualified" (a rule) events: a candidate let back in and then disqualified by a rule
    reads as disqualified.

    Returns:
        A clause over ``Application``.
    """
    latest = (
        select(ApplicationEvent.kind)
        .where(
            ApplicationEvent.application_id == Application.id,
            ApplicationEvent.kind.in_(("rejected", "disqualified")),
        )
        .order_by(ApplicationEvent.id.desc())
        .limit(1)
        .correlate(Application)
        .scalar_subquery()
    )
    # No such event is "not rejected", never unknown: its negation must hold too.
    return sa.and_(
        Application.status == ApplicationStatus.DISQUALIFIED,
        sa.func.coalesce(latest, "") == "rejected",
    )


def rejected_ids(*, session: Session, application_ids: list[int]) -> set[int]:
    """Which of some applications a person rejected (the caller scoped the ids).

    Args:
        session: Database session.
        application_ids: The applications.

    Returns:
        The ids of those rejected by a recruiter rather than disqualified by a rule.
    """
    if not application_ids:
        return set()
    return set(
        session.exec(
            select(Application.id).where(Application.id.in_(application_ids), rejected_clause())
        ).all()
    )


def status_key(status: str, rejected: bool) -> str:
    """The status as a person reads it: "rejected" for a recruiter's rejection.

    Args:
        status: The stored ApplicationStatus value.
        rejected: Whether a person rejected it (``rejected_ids``).

    Returns:
        The status value, or "rejected".
    """
    return REJECTED if rejected and status == ApplicationStatus.DISQUALIFIED else status
