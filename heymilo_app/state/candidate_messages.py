"""A candidate's messages on the job page: what was sent, how it fared, resend and extend."""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.messaging import message_log
from heymilo_app.services.pipeline import links, resends
from heymilo_app.state.auth import acting
from heymilo_app.state.formatting import short_date
from heymilo_app.state.job_detail import JobDetailState


class CandidateMessagesState(JobDetailState):
    """A candidate's messages on the job page: history, delivery, resend and extend."""

    # Whether the messages dialog is open.
    messages_open: bool = False
    # The application shown in the dialog.
    messages_application_id: int = 0
    # Whose messages: the candidate's name.
    messages_name: str = ""
    # [{"what", "to", "queued", "sent", "label", "tone", "detail"}], newest first.
    messages: list[dict[str, str]] = []

    def _load_messages(self, session, user) -> None:
        self.messages = [
            {
                "what": m.what,
                "to": m.to,
                "queued": short_date(m.created_at),
                "sent": m.sent_at.strftime("%b %d, %H:%M UTC") if m.sent_at else "",
                "label": m.delivery.label,
                "tone": m.delivery.tone,
                "detail": m.delivery.detail,
            }
            for m in message_log.history(
                session=session, user=user, application_id=self.messages_application_id
            )
        ]

    @rx.event
    @acting
    def open_messages(self, session, user, application_id: str, name: str):
        """Show a candidate's messages.

        Args:
            application_id: The application.
            name: The candidate's name (the dialog's title).
        """
        self.messages_application_id = int(application_id or 0)
        self._load_messages(session, user)
        self.messages_name = name
        self.messages_open = True
        return None

    @rx.event
    def set_messages_open(self, value: bool):
        """Open or close the dialog.

        Args:
            value: Whether it is open.
        """
        self.messages_open = value

    @rx.event
    @acting
    def resend(self, session, user, application_id: str, extend: bool):
        """Send the invitation again, extending the deadline first when asked.

        Args:
            application_id: The application.
            extend: Whether to extend the deadline.
        """
        application = resends.resend_as(
            session=session, user=user, application_id=int(application_id), extend=extend
        )
        deadline = links.format_deadline(application)
        if self.messages_open and self.messages_application_id == application.id:
            self._load_messages(session, user)
        return [
            JobDetailState.load_job,
            rx.toast.success(
                f"Invitation sent again; the link is open until {deadline}."
                if extend
                else "Invitation sent again."
            ),
        ]
