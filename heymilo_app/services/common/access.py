"""Who may do what: the role checks every service applies to the acting user."""

from __future__ import annotations

from sqlmodel import Session

from heymilo_app.models import Application, Role, User
from heymilo_app.services.common.errors import NotFound, PermissionDenied


def require_recruiter(user: User) -> None:
    """Refuse anyone but a recruiter (hiring managers read, comment and rate only).

    Args:
        user: The acting user.

    Raises:
        PermissionDenied: For hiring managers.
    """
    if user.role != Role.RECRUITER:
        raise PermissionDenied("Only recruiters can change this.")


def owned_application(session: Session, user: User, application_id: int | str) -> Application:
    """An application of the user's organization, or NotFound (never another's).

    Args:
        session: Database session.
        user: The acting user.
        application_id: The application's id.

    Returns:
        The application.

    Raises:
        NotFound: For an unknown id or another organization's application.
    """
    application = session.get(Application, int(application_id))
    if application is None or application.organization_id != user.organization_id:
        raise NotFound("No such candidate.")
    return application
