"""Local servers that speak SendGrid v3 mail send and Twilio's Messages API, with faults.

Queue faults with ``fail(status, headers=..., delay=...)``; each request takes the next fault,
or succeeds when none is left. Everything received is recorded.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class _FaultyServer:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self._faults: deque[tuple[int, dict, float]] = deque()
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                return

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with owner._lock:
                    fault = owner._faults.popleft() if owner._faults else None
                if fault and fault[2]:
                    time.sleep(fault[2])
                status, headers, body = owner.handle(self, raw, fault)
                data = json.dumps(body).encode() if body is not None else b""
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def fail(self, status: int, *, headers: dict | None = None, delay: float = 0.0) -> None:
        """Make the next request fail with this status (after ``delay`` seconds)."""
        self._faults.append((status, headers or {}, delay))

    def close(self) -> None:
        """Stop the server."""
        self._server.shutdown()
        self._server.server_close()

    def handle(self, handler, raw: bytes, fault):
        raise NotImplementedError


class FakeSendGrid(_FaultyServer):
    """``POST /v3/mail/send``: 202 with X-Message-Id, or the queued fault."""

    def __init__(self) -> None:
        self.delivered: list[dict] = []
        super().__init__()

    def handle(self, handler, raw: bytes, fault):
        body = json.loads(raw or b"{}")
        accepted = fault is None or 200 <= fault[0] < 300
        self.requests.append(
            {
                "path": handler.path,
                "body": body,
                "authorization": handler.headers.get("Authorization", ""),
                "accepted": accepted,
            }
        )
        if not accepted:
            status, headers, _ = fault
            return status, headers, {"errors": [{"message": f"injected {status}"}]}
        personalizations = body.get("personalizations", [])
        if handler.path != "/v3/mail/send" or not 1 <= len(personalizations) <= 1000:
            return 400, {}, {"errors": [{"message": "bad request"}]}
        with self._lock:
            for personalization in personalizations:
                self.delivered.append(
                    {
                        "to": personalization["to"][0]["email"],
                        "subject": personalization.get("subject", ""),
                        "outbox_id": personalization.get("custom_args", {}).get("outbox_id"),
                        "substitutions": personalization.get("substitutions", {}),
                        "content": body.get("content", []),
                    }
                )
        return 202, {"X-Message-Id": uuid.uuid4().hex}, None


class FakeTwilio(_FaultyServer):
    """``POST /2010-04-01/Accounts/{sid}/Messages.json``: 201 with a message SID."""

    def __init__(self) -> None:
        self.delivered: list[dict] = []
        # Called with (sid, form) after a message is accepted and before the answer leaves,
        # as Twilio's first status callback can be.
        self.on_accept: Callable[[str, dict], None] | None = None
        super().__init__()

    def handle(self, handler, raw: bytes, fault):
        form = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
        accepted = fault is None or 200 <= fault[0] < 300
        self.requests.append({"path": handler.path, "form": form, "accepted": accepted})
        if not accepted:
            status, headers, _ = fault
            return (
                status,
                headers,
                {
                    "code": 20500 if status >= 500 else 21211,
                    "message": f"injected {status}",
                    "status": status,
                },
            )
        sid = "SM" + uuid.uuid4().hex
        with self._lock:
            self.delivered.append(
                {
                    "to": form.get("To"),
                    "body": form.get("Body"),
                    "sid": sid,
                    "from": form.get("From"),
                }
            )
        if self.on_accept is not None:
            self.on_accept(sid, form)
        return (
            201,
            {},
            {
                "sid": sid,
                "status": "queued",
                "to": form.get("To"),
                "from": form.get("From"),
                "body": form.get("Body"),
            },
        )
