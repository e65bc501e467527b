"""Text messages: Twilio Messaging through the ``twilio`` SDK, or the offline outbox."""

from __future__ import annotations

import logging
from typing import Protocol

from heymilo_app.providers.base import ProviderError, SendResult, retryable_status

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
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        self._client = Client(
            account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout)
        )
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
            ProviderError: Retryable for timeouts, 429 and 5xx; permanent otherwise (21610:
                the recipient replied STOP).
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
                status_code=error.status,
            ) from error
        except RequestException as error:
            raise ProviderError(f"Twilio did not answer: {error}", retryable=True) from error
        return SendResult(provider="twilio", provider_id=message.sid, status="sent")
