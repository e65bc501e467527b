"""What every HTTP answer carries and what every request may send: one ASGI middleware.

- Security headers on every response (pages, API, files): a Content-Security-Policy that
  Reflex's pages work under (no framing, no plugins, no foreign ``<base>`` or form targets),
  ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``, a ``Referrer-Policy`` that
  never sends a candidate link's path to another site, a ``Permissions-Policy`` that allows
  the camera and microphone only to the app itself (the voice and video stages), and HSTS
  when ``PUBLIC_BASE_URL`` is https.
- Request bodies are counted while they stream in: past the limit of their path the answer is
  413 at once, before anything parses them (a declared ``Content-Length`` over the limit is
  refused before a byte is read).

Websocket traffic passes through untouched (Socket.IO checks the origin, ``rxconfig``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MB = 1024 * 1024
# Longest body per path prefix (first match); anything else may send DEFAULT_LIMIT.
BODY_LIMITS: tuple[tuple[str, int], ...] = (
    # Resumes (10 MB), candidate CSVs (20 MB), logos and knowledge imports, with the
    # multipart framing around them.
    ("/_upload", 21 * MB),
    # SendGrid posts events in batches.
    ("/api/sendgrid/", 5 * MB),
    # The ATS API's largest field is a 200,000-character resume text.
    ("/api/", 2 * MB),
)
DEFAULT_LIMIT = 1 * MB

CONTENT_SECURITY_POLICY = (
    "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
PERMISSIONS_POLICY = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"


def body_limit(path: str) -> int:
    """The largest body a request to a path may send.

    Args:
        path: The request path.

    Returns:
        Bytes.
    """
    for prefix, limit in BODY_LIMITS:
        if path.startswith(prefix):
            return limit
    return DEFAULT_LIMIT


def security_headers(*, https: bool) -> list[tuple[bytes, bytes]]:
    """The headers added to every HTTP response.

    Args:
        https: Whether the app is served over https (HSTS).

    Returns:
        Raw ASGI header pairs.
    """
    headers = [
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"permissions-policy", PERMISSIONS_POLICY.encode()),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if https:
        headers.append((b"strict-transport-security", HSTS.encode()))
    return headers


class BodyTooLarge(Exception):
    """A streamed body went past its limit."""


class Guard:
    """ASGI middleware: security headers on every response, body caps on every request.

    Args:
        app: The application it wraps.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one connection.

        Args:
            scope: The ASGI scope.
            receive: Reads request messages.
            send: Sends response messages.
        """
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope.get("path", ""))
        extra = security_headers(https=get_settings().secure_cookies)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(send, limit, extra)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((name, value) for name, value in extra if name not in present),
                ]
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge:
            logger.info("refused a body over %d bytes to %s", limit, scope.get("path"))
            if not started:
                await _too_large(send, limit, extra)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, limit: int, extra: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps(
        {"detail": [{"message": f"The request body is larger than {limit // MB} MB."}]}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
