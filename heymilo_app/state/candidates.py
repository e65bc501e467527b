"""The candidate list across all jobs."""

from __future__ import annotations

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services import applications
from heymilo_app.state.auth import AuthState
from heymilo_app.state.formatting import application_rows


class CandidatesState(AuthState):
    """Every application of the organization."""

    # Rows of the candidate table.
    rows: list[dict[str, str]] = []
    # Whether loading finished.
    loaded: bool = False

    @rx.event
    def load_candidates(self):
        """Load the organization's applications, newest first."""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            rows = applications.list_applications(session=session, user=user)
            self.rows = application_rows(session, rows)
        self.loaded = True
