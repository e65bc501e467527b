"""The running app as a stranger's browser or script meets it: headers and origins."""

from __future__ import annotations

import base64
import os
import socket
import urllib.request
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_pages_carry_the_security_headers(app_server: dict) -> None:
    with urllib.request.urlopen(f"{app_server['base_url']}/login", timeout=30) as response:
        headers = response.headers
        assert response.status == 200
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def _websocket_status(base_url: str, origin: str) -> str:
    parts = urlsplit(base_url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: {parts.netloc}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as conn:
        conn.sendall(request.encode())
        return conn.recv(200).decode(errors="replace").split("\r\n", 1)[0]


def test_the_websocket_answers_only_the_apps_own_origin(app_server: dict) -> None:
    base = app_server["base_url"]
    assert " 101 " in _websocket_status(base, base) + " "
    refused = _websocket_status(base, "https://evil.example")
    assert " 101 " not in refused + " " and refused.startswith("HTTP/1.1 4"), refused
