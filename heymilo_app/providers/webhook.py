"""Outbound webhooks: results POSTed to an organization's own system, signed with its secret.

Each request carries:

- ``X-OpenInterview-Event``: what happened (``application.stage_completed``, ...);
- ``X-OpenInterview-Delivery``: the delivery id, the same on every retry of one event, so a
  receiver that keeps the ids it has seen processes each event once (the idempotency key);
- ``X-OpenInterview-Timestamp``: Unix seconds when this attempt was signed;
- ``X-OpenInterview-Signature``: ``v1=`` and the hex HMAC-SHA256, keyed with the
  organization's secret, of ``"{timestamp}.{raw body}"``. Receivers recompute it, compare in
  constant time, and refuse timestamps older than a few minutes (replays).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Protocol

import httpx

from heymilo_app.providers.base import (
    ProviderError,
    SendResult,
    parse_retry_after,
    retryable_status,
)

SIGNATURE_HEADER = "X-OpenInterview-Signature"
TIMESTAMP_HEADER = "X-OpenInterview-Timestamp"
EVENT_HEADER = "X-OpenInterview-Event"
DELIVERY_HEADER = "X-OpenInterview-Delivery"
# Receivers should refuse signatures older than this.
TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value of a body at a time.

    Args:
        secret: The organization's webhook secret.
        timestamp: Unix seconds.
        body: The raw JSON body.

    Returns:
        ``v1=<hex>``.
    """
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


def verify(
    secret: str,
    *,
    timestamp: str,
    body: bytes,
    signature: str,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """Check a signed request the way a receiver should (and our tests do).

    Args:
        secret: The shared secret.
        timestamp: The timestamp header.
        body: The raw body.
        signature: The signature header.
        now: Current Unix time (tests move it).
        tolerance: Oldest accepted age in seconds.

    Returns:
        True when the signature matches and is fresh.
    """
    try:
        stamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - stamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, stamp, body), signature or "")


class WebhookPoster(Protocol):
    """Posts one signed event."""

    def post(
        self, *, url: str, body: bytes, secret: str, event: str, delivery_id: str
    ) -> SendResult:
        """Deliver, or raise ProviderError."""
        ...


class HttpWebhookPoster:
    """POSTs with httpx; 2xx is delivered, 429/5xx/network errors are retried, 4xx fail.

    Args:
        timeout: Seconds per request.
    """

    name = "webhook"

    def __init__(self, *, timeout: float = 10.0):
        self._timeout = timeout

    def post(
        self, *, url: str, body: bytes, secret: str, event: str, delivery_id: str
    ) -> SendResult:
        """Sign and send one event.

        Args:
            url: The receiver.
            body: The JSON body.
            secret: The organization's secret.
            event: The event name.
            delivery_id: The idempotency key.

        Returns:
            The result (provider_id is the HTTP status).

        Raises:
            ProviderError: Retryable for timeouts, 429 and 5xx; permanent otherwise.
        """
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "OpenInterview-Webhooks/1",
            EVENT_HEADER: event,
            DELIVERY_HEADER: delivery_id,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body),
        }
        try:
            response = httpx.post(
                url, content=body, headers=headers, timeout=self._timeout, follow_redirects=False
            )
        except httpx.HTTPError as error:
            raise ProviderError(f"The webhook did not answer: {error}", retryable=True) from error
        if 200 <= response.status_code < 300:
            return SendResult(
                provider="webhook", provider_id=str(response.status_code), status="sent"
            )
        raise ProviderError(
            f"The webhook answered {response.status_code}: {response.text[:200]}",
            retryable=retryable_status(response.status_code),
            retry_after=parse_retry_after(response.headers.get("Retry-After"))
            if response.status_code == 429
            else None,
            status_code=response.status_code,
        )
