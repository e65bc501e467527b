"""The unsubscribe link: whose reminder emails it stops, and stopping them."""

from __future__ import annotations

from sqlmodel import Session, select

from heymilo_app.models import Application, Candidate, Organization
from heymilo_app.services.common.errors import NotFound


def unsubscribe_target(*, session: Session, token: str) -> tuple[Candidate, Organization]:
    """Whose reminders an unsubscribe link stops (the page asks to confirm first).

    The link carries the application's ``unsubscribe_token``; links in emails sent before it
    had one carry the interview token, which still works here (they act only once confirmed).

    Args:
        session: Database session.
        token: The token of the link.

    Returns:
        The candidate and the organization whose emails they are.

    Raises:
        NotFound: For an unknown token.
    """
    application = _by_unsubscribe_token(session, token)
    candidate = session.get(Candidate, application.candidate_id)
    return candidate, session.get(Organization, candidate.organization_id)


def unsubscribe(*, session: Session, token: str) -> Candidate:
    """Stop reminder emails to the candidate of an unsubscribe link (invitations still work).

    Args:
        session: Database session.
        token: The token of the link (see ``unsubscribe_target``).

    Returns:
        The candidate.

    Raises:
        NotFound: For an unknown token.
    """
    application = _by_unsubscribe_token(session, token)
    candidate = session.get(Candidate, application.candidate_id)
    candidate.email_unsubscribed = True
    session.commit()
    return candidate


def _by_unsubscribe_token(session: Session, token: str) -> Application:
    token = (token or "").strip()
    if not token or len(token) > 200:
        raise NotFound("Unknown link.")
    application = (
        session.exec(select(Application).where(Application.unsubscribe_token == token)).first()
        or session.exec(select(Application).where(Application.token == token)).first()
    )
    if application is None:
        raise NotFound("Unknown link.")
    return application
