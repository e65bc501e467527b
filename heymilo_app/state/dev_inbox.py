"""The dev inbox (/dev/inbox): read what would have been sent, answer texts as the candidate."""

from __future__ import annotations

import textwrap

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.models import Channel, OutboundMessage
from heymilo_app.services import dev_inbox, sms_inbound
from heymilo_app.services.errors import NotFound
from heymilo_app.state.auth import AuthState

ACTION_TEXT = {
    "opted_out": "The number is opted out: no more texts go to it.",
    "opted_in": "The number is opted in again.",
    "help": "HELP answered.",
    # Said as it is: text-stage conversations are later work, so such a reply does nothing yet.
    "message": "Not a keyword (STOP, START, HELP). Text-stage conversations are not built "
    "yet, so this reply changes nothing.",
}


class DevInboxState(AuthState):
    """The organization's outbox as an inbox."""

    # Whether the inbox is on (providers offline).
    enabled: bool = True
    # [{"id", "channel", "to", "subject", "preview", "status", "kind", "when", "opted_out"}].
    messages: list[dict[str, str]] = []
    # The message open on the right.
    open_id: str = ""
    open_subject: str = ""
    open_body: str = ""
    open_to: str = ""
    open_channel: str = ""
    open_status: str = ""
    open_error: str = ""
    # What the last reply did.
    reply_result: str = ""

    def _load(self, session, user) -> None:
        rows = dev_inbox.list_messages(session=session, user=user)
        opted_out = dev_inbox.opted_out_numbers(session=session, user=user)
        self.messages = [
            {
                "id": str(row.id),
                "channel": str(row.channel),
                "to": row.to_address,
                "subject": row.subject or textwrap.shorten(row.body, 60, placeholder="…"),
                "preview": row.body[:120],
                "status": dev_inbox.status_label(row),
                "kind": row.kind.replace("_", " "),
                "when": row.created_at.strftime("%b %d, %H:%M"),
                "opted_out": "yes" if row.to_address in opted_out else "",
            }
            for row in rows
        ]

    @rx.event
    def load_inbox(self):
        """Load the organization's messages."""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            self.enabled = dev_inbox.enabled()
            if not self.enabled:
                self.messages = []
                return None
            self._load(session, user)
        if self.messages and not self.open_id:
            return DevInboxState.open_message(self.messages[0]["id"])
        return None

    @rx.event
    def open_message(self, message_id: str):
        """Show one message.

        Args:
            message_id: The outbox id.
        """
        self.reply_result = ""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            message = session.get(OutboundMessage, int(message_id))
            if message is None or message.organization_id != user.organization_id:
                return rx.toast.error("No such message.")
            self.open_id = str(message.id)
            self.open_subject = message.subject
            self.open_body = message.body
            self.open_to = message.to_address
            self.open_channel = str(message.channel)
            self.open_status = dev_inbox.status_label(message)
            self.open_error = message.last_error
        return None

    @rx.event
    def reply(self, form_data: dict):
        """Answer the open text message as the candidate would.

        Args:
            form_data: "body" of the reply.
        """
        body = str(form_data.get("body", "")).strip()
        if not body:
            return None
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                dev_inbox.list_messages(session=session, user=user, limit=1)
            except NotFound as error:
                return rx.toast.error(str(error))
            message = session.get(OutboundMessage, int(self.open_id or 0))
            if (
                message is None
                or message.organization_id != user.organization_id
                or message.channel != Channel.SMS
            ):
                return rx.toast.error("Open a text message to reply to it.")
            result = sms_inbound.handle_inbound(
                session=session, from_number=message.to_address, body=body
            )
            self._load(session, user)
        self.reply_result = ACTION_TEXT[result.action] + (
            f' The candidate is told: "{result.reply}"' if result.reply else ""
        )
        return None
