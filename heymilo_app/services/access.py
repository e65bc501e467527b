"""Who may do what: the role checks every service applies to the acting user."""

from __future__ import annotations

from heymilo_app.models import Role, User
from heymilo_app.services.errors import PermissionDenied


def require_recruiter(user: User) -> None:
    """Refuse anyone but a recruiter (hiring managers read, comment and rate only).

    Args:
        user: The acting user.

    Raises:
        PermissionDenied: For hiring managers.
    """
    if user.role != Role.RECRUITER:
        raise PermissionDenied("Only recruiters can change this.")
