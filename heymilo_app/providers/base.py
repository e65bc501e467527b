"""What every provider adapter shares: normalized results and one error hierarchy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SendResult:
    """What a provider said when it accepted a message.

    Attributes:
        provider: "sendgrid", "twilio" or "offline".
        provider_id: The provider's id of the message (shared by a batch for SendGrid).
        status: "sent", or "delivered_offline" when nothing left the machine.
    """

    provider: str
    provider_id: str
    status: str


class ProviderError(Exception):
    """A provider refused or failed a request.

    Args:
        message: What happened.
        retryable: Whether trying again later may succeed (timeouts, 429, 5xx).
        retry_after: Seconds the provider asked us to wait, if it said.
        status_code: The HTTP status, when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        status_code: int | None = None,
    ):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.status_code = status_code


def retryable_status(status: int | None) -> bool:
    """Whether an HTTP status is worth retrying: 429 and every 5xx.

    Args:
        status: The HTTP status, or None for a network failure.

    Returns:
        True to retry.
    """
    return status is None or status == 429 or status >= 500


def parse_retry_after(value: str | None) -> float | None:
    """Read a Retry-After header given in seconds (dates are ignored).

    Args:
        value: The header.

    Returns:
        Seconds, or None.
    """
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
