"""The job page's score alert: email me when a candidate finishes at or above a score."""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.scoring import score_alerts
from heymilo_app.state.auth import acting
from heymilo_app.state.formatting import error_text
from heymilo_app.state.job_detail import JobDetailState

ALERT_NUMBER_MESSAGE = "Enter a whole number from 1 to 100."


class ScoreAlertState(JobDetailState):
    """The job page's score alert: email me when a candidate finishes at or above a score."""

    # The score typed in the field.
    alert_min: str = "80"
    # The saved score (0: no alert).
    alert_current: int = 0
    # The message at the field.
    alert_error: str = ""

    @rx.event
    @acting(redirect=False)
    def load_alert(self, session, user):
        """Read the user's alert for the job shown."""
        if not self.shown_job_id:
            return None
        current = score_alerts.get_alert(session=session, user=user, job_id=self.shown_job_id)
        self.alert_current = current or 0
        self.alert_min = str(current or 80)
        self.alert_error = ""
        return None

    @rx.event
    def set_alert_min(self, value: str):
        """Type the score.

        Args:
            value: What was typed.
        """
        self.alert_min = str(value)[:6]
        self.alert_error = ""

    @rx.event
    def save_alert(self):
        """Save the alert with the score typed."""
        if not self.alert_min.strip():
            self.alert_error = ALERT_NUMBER_MESSAGE
            return None
        return self._store(self.alert_min)

    @rx.event
    def clear_alert(self):
        """Turn the alert off."""
        return self._store(None)

    @acting
    def _store(self, session, user, min_score: str | None):
        try:
            score_alerts.set_alert(
                session=session, user=user, job_id=self.shown_job_id, min_score=min_score
            )
        except Invalid as error:
            self.alert_error = error.errors.get("min_score", error_text(error))
            return None
        current = score_alerts.get_alert(session=session, user=user, job_id=self.shown_job_id)
        self.alert_current = current or 0
        self.alert_error = ""
        if current is None:
            return rx.toast.success("Score alert turned off.")
        self.alert_min = str(current)
        return rx.toast.success(
            f"Saved: you will be emailed when a candidate finishes at or above {current}/100."
        )
