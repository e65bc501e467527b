"""What a candidate asks of the pipeline besides answering: to withdraw, a person's review of
an automatic disqualification, an adjustment (more time, text instead of voice, other)."""

from __future__ import annotations

from sqlmodel import Session

from heymilo_app.models import Accommodation, ApplicationStatus, utcnow
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.pipeline import effects
from heymilo_app.services.pipeline.accommodations import ACCOMMODATION_KINDS
from heymilo_app.services.pipeline.journey import journey
from heymilo_app.services.pipeline.records import (
    ACTIVE,
    Journey,
    Refused,
    application_by_token,
    record_event,
)


def withdraw(*, session: Session, token: str) -> Journey:
    """The candidate withdraws; no more stages or reminders.

    Args:
        session: Database session.
        token: The link's token.

    Returns:
        The journey afterwards.

    Raises:
        Refused: When the interview is already over.
    """
    application = application_by_token(session, token, lock=True)
    if application.status not in (*ACTIVE, ApplicationStatus.IN_REVIEW):
        raise Refused("This interview is already over.")
    application.status = ApplicationStatus.WITHDRAWN
    application.finished_at = utcnow()
    record_event(session, application, "withdrawn")
    effects.after_transition(session, application)
    return journey(session=session, token=token)


def request_review(*, session: Session, token: str, message: str = "") -> Journey:
    """The candidate asks a person to review an automatic disqualification.

    Args:
        session: Database session.
        token: The link's token.
        message: What they want the recruiter to know (optional, at most 2,000 characters).

    Returns:
        The journey afterwards (in review).

    Raises:
        Refused: When the application is not disqualified, or a review was already asked for.
        Invalid: When the message is too long.
    """
    message = (message or "").strip()
    if len(message) > 2000:
        raise Invalid({"message": "Keep it under 2,000 characters."})
    application = application_by_token(session, token, lock=True)
    if application.status != ApplicationStatus.DISQUALIFIED:
        raise Refused("Only a disqualified application can be sent for review.")
    if application.review_requested_at is not None:
        raise Refused("You already asked for a review.")
    application.status = ApplicationStatus.IN_REVIEW
    application.review_requested_at = utcnow()
    application.finished_at = None
    record_event(session, application, "review_requested", detail=message)
    session.commit()
    return journey(session=session, token=token)


def request_accommodation(
    *, session: Session, token: str, kind: str, details: str = ""
) -> Accommodation:
    """The candidate asks for an adjustment; the recruiter sees it and can grant it.

    Args:
        session: Database session.
        token: The link's token.
        kind: "more_time", "text_instead_of_voice" or "other".
        details: What they need (required for "other").

    Returns:
        The request.

    Raises:
        Invalid: For an unknown kind, missing or too long details.
        Refused: When the interview is over.
    """
    details = (details or "").strip()
    if kind not in ACCOMMODATION_KINDS:
        raise Invalid({"kind": "Choose what you need."})
    if kind == "other" and not details:
        raise Invalid({"details": "Tell us what you need."})
    if len(details) > 2000:
        raise Invalid({"details": "Keep it under 2,000 characters."})
    application = application_by_token(session, token, lock=True)
    if application.status not in (*ACTIVE, ApplicationStatus.IN_REVIEW):
        raise Refused("This interview is already over.")
    request = Accommodation(application_id=application.id, kind=kind, details=details)
    session.add(request)
    record_event(session, application, "accommodation_requested", detail=f"{kind}: {details}")
    session.commit()
    return request
