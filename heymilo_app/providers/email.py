"""Email: SendGrid v3 through the ``sendgrid`` SDK, or the offline outbox.

One request carries up to 1,000 recipients as personalizations; each has its own subject and
substitutions (``%name%`` tags in the shared content), our outbox id in ``custom_args``, so
events can be matched back to the message, and its own headers (``List-Unsubscribe`` with
the candidate's unsubscribe link). SendGrid honours no idempotency key.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Protocol
from urllib.error import URLError

from heymilo_app.providers.base import (
    ProviderError,
    SendResult,
    parse_retry_after,
    retryable_status,
)

logger = logging.getLogger(__name__)

MAX_PERSONALIZATIONS = 1000


@dataclass
class EmailRecipient:
    """One recipient of a batch: where, the subject, the values of the substitution tags."""

    outbox_id: int
    to: str
    subject: str
    substitutions: dict[str, str] = field(default_factory=dict)
    # Headers of this recipient's email (List-Unsubscribe, ...).
    headers: dict[str, str] = field(default_factory=dict)


def list_unsubscribe(link: str, one_click: str = "") -> dict[str, str]:
    """The ``List-Unsubscribe`` headers of an email with an unsubscribe link.

    Args:
        link: The https page that unsubscribes once confirmed (RFC 2369; empty: none).
        one_click: The URL that unsubscribes on a POST (RFC 8058); when given, the header
            names it and ``List-Unsubscribe-Post`` says so. Emails queued before it existed
            have only the page.

    Returns:
        The headers, or nothing.
    """
    if one_click:
        return {
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return {"List-Unsubscribe": f"<{link}>"} if link else {}


@dataclass
class EmailBatch:
    """Emails with the same content template, sent in one request."""

    from_email: str
    from_name: str
    text: str
    html: str
    recipients: list[EmailRecipient]
    unsubscribe_group: int | None = None


class Mailer(Protocol):
    """Sends batches of email."""

    name: str

    def send_batch(self, batch: EmailBatch) -> SendResult:
        """Send every recipient of a batch, or raise ProviderError for all of them."""
        ...


class OfflineMailer:
    """Keeps email in the outbox (the dev inbox shows it); nothing leaves the machine."""

    name = "offline"

    def send_batch(self, batch: EmailBatch) -> SendResult:
        """Accept the batch without sending it.

        Args:
            batch: The emails.

        Returns:
            A delivered-offline result.
        """
        return SendResult(provider="offline", provider_id="", status="delivered_offline")


class SendGridMailer:
    """SendGrid v3 ``/v3/mail/send`` through the official SDK.

    Args:
        api_key: The SendGrid key.
        host: API host (a local server in tests).
        timeout: Seconds per request.
    """

    name = "sendgrid"

    def __init__(
        self, *, api_key: str, host: str = "https://api.sendgrid.com", timeout: float = 15.0
    ):
        from sendgrid import SendGridAPIClient

        self._client = SendGridAPIClient(api_key=api_key, host=host)
        self._timeout = timeout

    @staticmethod
    def request_body(batch: EmailBatch) -> dict:
        """The JSON body of one ``/v3/mail/send`` request.

        Args:
            batch: At most 1,000 recipients.

        Returns:
            The body.
        """
        content = [{"type": "text/plain", "value": batch.text}]
        if batch.html:
            content.append({"type": "text/html", "value": batch.html})
        return {
            "from": {"email": batch.from_email, "name": batch.from_name},
            "personalizations": [
                {
                    "to": [{"email": recipient.to}],
                    "subject": recipient.subject,
                    "substitutions": recipient.substitutions,
                    "custom_args": {"outbox_id": str(recipient.outbox_id)},
                    **({"headers": recipient.headers} if recipient.headers else {}),
                }
                for recipient in batch.recipients
            ],
            "content": content,
        }

    def send_batch(self, batch: EmailBatch) -> SendResult:
        """Send a batch in one request.

        Args:
            batch: At most 1,000 recipients.

        Returns:
            The result, with SendGrid's X-Message-Id.

        Raises:
            ProviderError: Retryable for timeouts, 429 (with Retry-After) and 5xx.
        """
        from python_http_client.exceptions import HTTPError

        if len(batch.recipients) > MAX_PERSONALIZATIONS:
            raise ValueError("SendGrid takes at most 1,000 personalizations per request")
        try:
            response = self._client.client.mail.send.post(
                request_body=self.request_body(batch), timeout=self._timeout
            )
        except HTTPError as error:
            headers = error.headers or {}
            body = error.body.decode("utf-8", "replace") if isinstance(error.body, bytes) else ""
            raise ProviderError(
                f"SendGrid answered {error.status_code}: {_first_error(body)}",
                retryable=retryable_status(error.status_code),
                retry_after=parse_retry_after(headers.get("Retry-After")),
                status_code=error.status_code,
            ) from error
        except (TimeoutError, URLError, ConnectionError) as error:
            raise ProviderError(f"SendGrid did not answer: {error}", retryable=True) from error
        message_id = response.headers.get("X-Message-Id", "") if response.headers else ""
        return SendResult(provider="sendgrid", provider_id=message_id, status="sent")


def _first_error(body: str) -> str:
    try:
        return json.loads(body)["errors"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        return body[:200] or "no details"
