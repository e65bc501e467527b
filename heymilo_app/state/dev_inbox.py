"""The dev inbox (/dev/inbox): read what would have been sent, answer texts as the candidate.

Recruiters only, of the organization, and only while ``DEV_INBOX`` is on (``dev_inbox``).
"""

from __future__ import annotations

import asyncio
import re
import textwrap

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services.common.errors import NotFound, PermissionDenied
from heymilo_app.services.messaging import dev_inbox
from heymilo_app.services.org import login_sessions
from heymilo_app.services.pipeline import text_inbound
from heymilo_app.settings import get_settings
from heymilo_app.state.auth import AuthState, acting

ACTION_TEXT = {
    "opted_out": "The number is opted out: no more texts go to it.",
    "opted_in": "The number is opted in again.",
    "help": "HELP answered.",
    "message": "Not a keyword (STOP, START, HELP), and no interview by text is open for "
    "this number: the reply is not kept.",
}
CONVERSATION_TEXT = {
    "kept": "Sent to the AI interviewer. Its reply arrives here in about {seconds} seconds "
    "(texts this close together are read as one answer).",
    "duplicate": "Already received.",
    "handed_over": "Handed to a recruiter: the application waits in review.",
}

# A web address in a message body: http or https, up to the next space or quote.
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address before it.
TRAILING = ".,;:!?)]}"


def body_parts(body: str) -> list[dict[str, str]]:
    """A message body cut into text and web addresses, for the page to draw as text and links.

    Only http and https addresses become links (never ``javascript:`` or the like); the page
    draws every part as text, so nothing in a body is read as HTML.

    Args:
        body: The message as sent.

    Returns:
        Parts in order, ``{"text", "href"}``; ``href`` is "" for plain text.
    """
    parts: list[dict[str, str]] = []
    position = 0
    for match in URL.finditer(body):
        address = _trim(match.group(0))
        if match.start() > position:
            parts.append({"text": body[position : match.start()], "href": ""})
        parts.append({"text": address, "href": address})
        position = match.start() + len(address)
    if position < len(body):
        parts.append({"text": body[position:], "href": ""})
    return parts


def _trim(address: str) -> str:
    """An address without the punctuation after it; a bracket it opened itself stays."""
    while address and address[-1] in TRAILING:
        if address[-1] == ")" and address.count("(") >= address.count(")"):
            break
        address = address[:-1]
    return address


class DevInboxState(AuthState):
    """The organization's outbox as an inbox."""

    # Whether the inbox is on (DEV_INBOX set, providers offline).
    enabled: bool = True
    # Why the inbox shows nothing (off, or not a recruiter); "" when it shows messages.
    notice: str = ""
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

    def _clear(self, notice: str) -> None:
        self.notice, self.messages, self.reply_result = notice, [], ""
        self.open_id = self.open_subject = self.open_body = self.open_to = ""
        self.open_channel = self.open_status = self.open_error = ""

    def _load(self, session, user) -> None:
        rows = dev_inbox.list_messages(session=session, user=user)
        opted_out = dev_inbox.opted_out_numbers(session=session, user=user)
        self.notice = ""
        self.messages = []
        for row in rows:
            body = dev_inbox.visible_body(row, user)
            self.messages.append(
                {
                    "id": str(row.id),
                    "channel": str(row.channel),
                    "to": row.to_address,
                    "subject": row.subject or textwrap.shorten(body, 60, placeholder="…"),
                    "preview": body[:120],
                    "status": dev_inbox.status_label(row),
                    "kind": row.kind.replace("_", " "),
                    "when": row.created_at.strftime("%b %d, %H:%M"),
                    "opted_out": "yes" if row.to_address in opted_out else "",
                }
            )

    @rx.event
    @acting(write=False)
    def load_inbox(self, session, user):
        """Load the organization's messages (recruiters, with the inbox on)."""
        self.enabled = dev_inbox.enabled()
        try:
            self._load(session, user)
        except (NotFound, PermissionDenied) as error:
            self._clear(
                str(error)
                if isinstance(error, NotFound)
                else "The dev inbox is for recruiters: its messages carry candidates' own links."
            )
            return None
        if self.messages and not self.open_id:
            return DevInboxState.open_message(self.messages[0]["id"])
        return None

    @rx.event
    @acting(write=False)
    def open_message(self, session, user, message_id: str):
        """Show one message.

        Args:
            message_id: The outbox id.
        """
        self.reply_result = ""
        try:
            message = dev_inbox.get_message(session=session, user=user, message_id=_int(message_id))
        except (NotFound, PermissionDenied):
            return rx.toast.error("No such message.")
        self.open_id = str(message.id)
        self.open_subject = message.subject
        self.open_body = dev_inbox.visible_body(message, user)
        self.open_to = message.to_address
        self.open_channel = str(message.channel)
        self.open_status = dev_inbox.status_label(message)
        self.open_error = message.last_error
        return None

    @rx.var
    def open_parts(self) -> list[dict[str, str]]:
        """The open message's body as text and links."""
        return body_parts(self.open_body)

    @rx.event
    async def reply(self, form_data: dict):
        """Answer the open text message as the candidate would.

        Args:
            form_data: "body" of the reply.
        """
        body = str(form_data.get("body", "")).strip()[:1600]
        if not body:
            return None
        token, message_id = str(self.session_token), _int(self.open_id)

        def run():
            # A write session: on the event loop it could wait for SQLite's write lock.
            with session_scope() as session:
                user = login_sessions.user_for_token(session=session, token=token)
                if user is None:
                    return None
                try:
                    return text_inbound.reply_in_dev_inbox(
                        session=session, user=user, message_id=message_id, body=body
                    )
                except (NotFound, PermissionDenied) as error:
                    return error

        result = await asyncio.to_thread(run)
        if result is None:
            return self._to_login()
        if isinstance(result, (NotFound, PermissionDenied)):
            return rx.toast.error(
                str(result) if isinstance(result, NotFound) else "Only recruiters can reply."
            )
        return self._show_reply(result)

    @acting(write=False)
    def _show_reply(self, session, user, result) -> None:
        """Read the inbox again and say what the reply did (after the thread's session)."""
        self._load(session, user)
        keyword, conversation = result.keyword, result.conversation
        if conversation is not None and conversation.action in CONVERSATION_TEXT:
            seconds = round(get_settings().sms_burst_seconds + get_settings().outbox_poll_seconds)
            self.reply_result = CONVERSATION_TEXT[conversation.action].format(seconds=seconds)
            return None
        self.reply_result = ACTION_TEXT[keyword.action] + (
            f' The candidate is told: "{keyword.reply}"' if keyword.reply else ""
        )
        return None


def _int(value: str) -> int:
    """An id from the browser; 0 (no such row) for anything that is not a number."""
    try:
        return int(str(value or "0")[:18])
    except ValueError:
        return 0
