"""What a candidate may ask from their link: an adjustment, a human review, or to withdraw.

The engine decides whether each is allowed; afterwards the page shows the journey it returns.
"""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.pipeline import candidate_requests
from heymilo_app.state.candidate_link import CandidateLinkState, act
from heymilo_app.state.journey_view import FOCUS_HEADING


def _focus(selector: str) -> str:
    return f"setTimeout(() => document.querySelector({selector!r})?.focus(), 80)"


class CandidateRequestsState(rx.State):
    """The adjustment and review forms, and withdrawing."""

    # Whether the adjustment form and the review form are open.
    adjust_open: bool = False
    review_open: bool = False
    # The kind of adjustment chosen: more_time, text_instead_of_voice or other.
    kind: str = ""
    # Messages at the fields: "kind", "details", "message", "request".
    errors: dict[str, str] = {}
    # What was just done ("Your request was sent ...").
    sent: str = ""

    @rx.event
    def reset_requests(self):
        """Close the forms and forget what was sent (a new page load)."""
        self.adjust_open = self.review_open = False
        self.kind, self.errors, self.sent = "", {}, ""

    @rx.event
    def toggle_adjust(self):
        """Open or close the adjustment form."""
        self.adjust_open = not self.adjust_open
        self.errors = {}
        self.sent = ""
        return rx.call_script(
            _focus("#adjust-panel [role=radio]" if self.adjust_open else "#adjust-open")
        )

    @rx.event
    def toggle_review(self):
        """Open or close the review form."""
        self.review_open = not self.review_open
        self.errors = {}
        return rx.call_script(_focus("#review-message" if self.review_open else "#request-review"))

    @rx.event
    def set_kind(self, value: str):
        """Choose the kind of adjustment.

        Args:
            value: more_time, text_instead_of_voice or other.
        """
        self.kind = value
        self.errors = {k: v for k, v in self.errors.items() if k != "kind"}

    @rx.event
    async def request_accommodation(self, form_data: dict):
        """Send the adjustment request.

        Args:
            form_data: ``details``.
        """
        link = await self.get_state(CandidateLinkState)
        token, kind = str(self.token), self.kind
        details = str(form_data.get("details", ""))
        outcome = await act(
            token,
            lambda session: candidate_requests.request_accommodation(
                session=session, token=token, kind=kind, details=details
            ),
        )
        if outcome.invalid is not None:
            self.errors = outcome.invalid.errors
            return None
        link.show(outcome)
        self.adjust_open = False
        if outcome.refused is not None or link.problem:
            return None
        self.kind, self.errors = "", {}
        self.sent = link.tx.get("adjust_sent", "")
        return rx.call_script(_focus("#adjust-open"))

    @rx.event
    async def request_review(self, form_data: dict):
        """Ask a person to review a disqualification.

        Args:
            form_data: ``message`` (optional).
        """
        link = await self.get_state(CandidateLinkState)
        token = str(self.token)
        message = str(form_data.get("message", ""))
        outcome = await act(
            token,
            lambda session: candidate_requests.request_review(
                session=session, token=token, message=message
            ),
        )
        if outcome.invalid is not None:
            self.errors = outcome.invalid.errors
            return None
        link.show(outcome)
        self.review_open = False
        if outcome.refused is not None or link.problem:
            return None
        self.errors = {}
        self.sent = link.tx.get("review_sent", "")
        return rx.call_script(FOCUS_HEADING)

    @rx.event
    async def withdraw(self):
        """Withdraw the application (the page asked for confirmation first)."""
        link = await self.get_state(CandidateLinkState)
        token = str(self.token)
        outcome = await act(
            token, lambda session: candidate_requests.withdraw(session=session, token=token)
        )
        link.show(outcome)
        if outcome.refused is not None or link.problem:
            return None
        self.adjust_open = self.review_open = False
        self.sent = ""
        return rx.call_script(FOCUS_HEADING)
