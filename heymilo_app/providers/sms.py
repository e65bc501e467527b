"""Text messages: Twilio Messaging through the ``twilio`` SDK, or the offline outbox.

A 429 from Twilio carries a ``Retry-After`` header, but the SDK's ``TwilioRestException`` keeps
only the status, code and message; the SDK's HTTP client is subclassed to remember the
headers of the last response it received (per thread), and the error reads them from there.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import Any, Protocol

from heymilo_app.providers.base import (
    ProviderError,
    SendResult,
    parse_retry_after,
    retryable_status,
)

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    """Sends one text message."""

    name: str

    def send_sms(self, *, to: str, body: str, status_callback: str = "") -> SendResult:
        """Send a text, or raise ProviderError."""
        ...


class OfflineSms:
    """Keeps texts in the outbox (the dev inbox shows them); nothing leaves the machine."""

    name = "offline"

    def send_sms(self, *, to: str, body: str, status_callback: str = "") -> SendResult:
        """Accept the text without sending it.

        Args:
            to: E.164 number.
            body: The text.
            status_callback: Unused offline.

        Returns:
            A delivered-offline result.
        """
        return SendResult(provider="offline", provider_id="", status="delivered_offline")


@functools.cache
def _header_keeping_client_class() -> type:
    """``TwilioHttpClient`` that remembers each thread's last response headers (SDK lazily)."""
    from twilio.http.http_client import TwilioHttpClient

    class HeaderKeepingHttpClient(TwilioHttpClient):
        """The SDK's HTTP client, keeping the headers of the last response per thread."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._last = threading.local()

        def request(self, *args: Any, **kwargs: Any):
            self._last.headers = {}
            response = super().request(*args, **kwargs)
            self._last.headers = dict(response.headers or {})
            return response

        def last_header(self, name: str) -> str | None:
            """A header of this thread's last response (case-insensitive), or None."""
            headers = getattr(self._last, "headers", {}) or {}
            wanted = name.lower()
            return next((v for k, v in headers.items() if k.lower() == wanted), None)

    return HeaderKeepingHttpClient


class TwilioSms:
    """Twilio's Messages API through the official SDK.

    Args:
        account_sid: The account.
        auth_token: Its auth token.
        from_number: The sender number (E.164).
        base_url: API base (a local server in tests).
        timeout: Seconds per request.
    """

    name = "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        base_url: str = "",
        timeout: float = 15.0,
    ):
        from twilio.rest import Client

        self._http = _header_keeping_client_class()(timeout=timeout)
        self._client = Client(account_sid, auth_token, http_client=self._http)
        if base_url:
            self._client.api.base_url = base_url
        self._from = from_number

    def send_sms(self, *, to: str, body: str, status_callback: str = "") -> SendResult:
        """Send one text.

        Args:
            to: E.164 number.
            body: The text.
            status_callback: URL Twilio posts delivery updates to.

        Returns:
            The result with Twilio's message SID.

        Raises:
            ProviderError: Retryable for timeouts, 429 (with its Retry-After) and 5xx;
                permanent otherwise (21610: the recipient replied STOP).
        """
        from requests.exceptions import RequestException
        from twilio.base.exceptions import TwilioRestException

        kwargs = {"to": to, "from_": self._from, "body": body}
        if status_callback:
            kwargs["status_callback"] = status_callback
        try:
            message = self._client.messages.create(**kwargs)
        except TwilioRestException as error:
            raise ProviderError(
                f"Twilio answered {error.status} (code {error.code}): {error.msg}",
                retryable=retryable_status(error.status),
                retry_after=parse_retry_after(self._http.last_header("Retry-After")),
                status_code=error.status,
            ) from error
        except RequestException as error:
            raise ProviderError(f"Twilio did not answer: {error}", retryable=True) from error
        return SendResult(provider="twilio", provider_id=message.sid, status="sent")
