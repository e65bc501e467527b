"""The dashboard's headline numbers."""

from __future__ import annotations

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services import analytics
from heymilo_app.state.auth import AuthState
from heymilo_app.state.formatting import STATUS_LABELS


class DashboardState(AuthState):
    """Counts of applications per status and open jobs."""

    # [{"label", "value", "status"}] per application status.
    status_cards: list[dict[str, str]] = []
    # Number of open jobs.
    open_jobs: int = 0
    # Number of applications in all.
    total_applications: int = 0

    @rx.event
    def load_dashboard(self):
        """Count the organization's applications per status."""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            counts = analytics.status_counts(session=session, user=user)
            self.open_jobs = analytics.open_job_count(session=session, user=user)
        self.total_applications = sum(counts.values())
        self.status_cards = [
            {"status": status, "label": STATUS_LABELS[status], "value": str(count)}
            for status, count in counts.items()
        ]
