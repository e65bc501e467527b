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
import ssl
import time
from http import HTTPStatus
from typing import Protocol

import httpx

from heymilo_app.providers import safe_http
from heymilo_app.providers.base import (
    ProviderError,
    SendResult,
    parse_retry_after,
    retryable_status,
)
from heymilo_app.settings import get_settings

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

    The host is resolved first and every address it resolves to is checked (see
    ``providers/safe_http.py``); the request then goes to the checked address, with the
    ``Host`` header and, for https, the TLS server name (SNI and certificate check) of the
    URL's host, so a changed DNS answer cannot send it elsewhere. Redirects are not followed,
    no proxy from the environment is used, and the answer's body is never read: recruiters
    see the status line only, never what an internal server said.

    Args:
        timeout: Seconds per request.
        allow_private_addresses: Whether loopback and private addresses may receive
            (default: the ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` setting).
        verify: TLS verification as httpx takes it (tests pass a context trusting their
            own certificate authority); certificates are always checked against the URL's
            host name.
    """

    name = "webhook"

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        allow_private_addresses: bool | None = None,
        verify: ssl.SSLContext | bool = True,
    ):
        self._timeout = timeout
        self._verify = verify
        if allow_private_addresses is None:
            allow_private_addresses = get_settings().webhook_allow_private_addresses
        self._allow_private = allow_private_addresses

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
            ProviderError: Retryable for timeouts, unresolved names, 429 and 5xx; permanent
                for refused addresses, redirects and other answers.
        """
        try:
            target = httpx.URL(url)
        except httpx.InvalidURL as error:
            raise ProviderError(
                f"The webhook URL is not valid: {error}", retryable=False
            ) from error
        if target.scheme not in ("http", "https") or not target.raw_host:
            raise ProviderError("The webhook URL is not an http(s) URL.", retryable=False)
        host = target.raw_host.decode("ascii")
        port = target.port or (443 if target.scheme == "https" else 80)
        try:
            addresses = safe_http.resolve(host, port, allow_private=self._allow_private)
        except safe_http.AddressRefused as refused:
            raise ProviderError(str(refused), retryable=False) from refused
        except OSError as error:
            raise ProviderError(
                f"The webhook's host {host} did not resolve: {error}", retryable=True
            ) from error
        timestamp = int(time.time())
        headers = {
            "Host": target.netloc.decode("ascii"),
            "Content-Type": "application/json",
            "User-Agent": "OpenInterview-Webhooks/1",
            EVENT_HEADER: event,
            DELIVERY_HEADER: delivery_id,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body),
        }
        with httpx.Client(
            timeout=self._timeout, follow_redirects=False, trust_env=False, verify=self._verify
        ) as client:
            for index, address in enumerate(addresses):
                request = client.build_request(
                    "POST",
                    target.copy_with(host=address),
                    content=body,
                    headers=headers,
                    extensions={"sni_hostname": host},
                )
                try:
                    # Streamed and closed unread: the body is never downloaded.
                    response = client.send(request, stream=True)
                except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                    if index + 1 < len(addresses):
                        continue  # nothing was sent; try the host's next address
                    raise ProviderError(
                        f"The webhook did not answer: {error}", retryable=True
                    ) from error
                except httpx.TimeoutException as error:
                    raise ProviderError(
                        "The webhook did not answer in time.", retryable=True
                    ) from error
                except httpx.HTTPError as error:
                    # Not the error's text: a parser's complaint quotes what the server sent
                    # (an internal service's banner).
                    raise ProviderError(
                        f"The webhook did not answer with HTTP ({type(error).__name__}).",
                        retryable=True,
                    ) from error
                response.close()
                return _result(response)
        raise AssertionError("resolve() returns at least one address")  # pragma: no cover


def _status_line(status: int) -> str:
    # The standard reason phrase, not the server's own (which it could fill with anything).
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {status} {phrase}".rstrip()


def _result(response: httpx.Response) -> SendResult:
    status = response.status_code
    if 200 <= status < 300:
        return SendResult(provider="webhook", provider_id=str(status), status="sent")
    if 300 <= status < 400:
        raise ProviderError(
            f"The webhook answered {_status_line(status)}; redirects are not followed, "
            "so enter the final URL.",
            retryable=False,
            status_code=status,
        )
    raise ProviderError(
        f"The webhook answered {_status_line(status)}.",
        retryable=retryable_status(status),
        retry_after=parse_retry_after(response.headers.get("Retry-After"))
        if status == 429
        else None,
        status_code=status,
    )
