"""The unsubscribe link in emails (/u/{token}): stops reminders with one click."""

from __future__ import annotations

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services import applications
from heymilo_app.services.errors import NotFound


class UnsubscribeState(rx.State):
    """Whether the link worked."""

    # "done", "unknown" or "" while loading.
    outcome: str = ""

    @rx.event
    def load_unsubscribe(self):
        """Stop reminder emails for the candidate of the link."""
        with session_scope() as session:
            try:
                applications.unsubscribe(session=session, token=str(self.token))
            except NotFound:
                self.outcome = "unknown"
                return
        self.outcome = "done"
