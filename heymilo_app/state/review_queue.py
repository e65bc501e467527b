"""The job page's review queue: applications waiting on a person, and accommodation requests."""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.pipeline import decisions
from heymilo_app.services.review import review_queue
from heymilo_app.state.auth import acting
from heymilo_app.state.formatting import short_date
from heymilo_app.state.job_detail import JobDetailState


class ReviewQueueState(JobDetailState):
    """The job page's "Waiting for you" card: reviews to decide and candidates' requests."""

    # [{"id", "name", "email", "stage", "reason", "asked", "since"}].
    reviews: list[dict[str, str]] = []
    # [{"id", "name", "kind", "details", "when"}].
    requests: list[dict[str, str]] = []
    # The note typed for a decision, by application id.
    notes: dict[str, str] = {}

    def _load_queue(self, session, user) -> None:
        self.reviews = [
            {
                "id": str(item.application_id),
                "name": item.name,
                "email": item.email,
                "stage": item.stage,
                "reason": item.reason,
                "asked": "yes" if item.candidate_asked else "",
                "since": short_date(item.since),
            }
            for item in review_queue.in_review(session=session, user=user, job_id=self.job_id)
        ]
        self.requests = [
            {
                "id": str(item.accommodation_id),
                "name": item.name,
                "kind": item.kind,
                "details": item.details,
                "when": short_date(item.created_at),
            }
            for item in review_queue.open_requests(session=session, user=user, job_id=self.job_id)
        ]

    @rx.event
    @acting(redirect=False)
    def load_queue(self, session, user):
        """Load what waits for a decision on the job of the URL."""
        try:
            self._load_queue(session, user)
        except NotFound:
            self.reviews, self.requests = [], []
        return None

    @rx.event
    def set_note(self, application_id: str, value: str):
        """Type the note of a decision.

        Args:
            application_id: The application.
            value: The note.
        """
        self.notes[application_id] = value[:2000]

    @rx.event
    @acting
    def decide(self, session, user, application_id: str, advance: bool):
        """Advance or reject an application in review.

        Args:
            application_id: The application.
            advance: True to move it on, False to disqualify it.
        """
        decisions.decide_review(
            session=session,
            user=user,
            application_id=int(application_id),
            advance=advance,
            note=self.notes.get(application_id, ""),
        )
        self.notes.pop(application_id, None)
        self._load_queue(session, user)
        return [
            JobDetailState.load_job,
            rx.toast.success("Moved on to the next stage." if advance else "Rejected."),
        ]

    @rx.event
    @acting
    def answer_request(self, session, user, accommodation_id: str, grant: bool):
        """Grant or decline a candidate's request.

        Args:
            accommodation_id: The request.
            grant: Whether it is granted.
        """
        decisions.decide_accommodation(
            session=session, user=user, accommodation_id=int(accommodation_id), grant=grant
        )
        self._load_queue(session, user)
        return rx.toast.success("Granted." if grant else "Declined.")
