"""A local server that answers like OpenAI's chat completions API, for the real ``openai`` SDK.

Queue replies with ``reply_json``, ``reply_text`` or ``reply_status``; every request is recorded
with its parsed JSON body. A request with ``stream=True`` is answered as server-sent events,
one chunk per word of the queued content. Each reply may be delayed (``delay=`` seconds) to
make a client time out; ``close`` cuts delays short. It listens on 127.0.0.1 on a free port.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAI:
    """A chat-completions endpoint on loopback."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self._replies: deque[tuple[int, str, float]] = deque()
        self._closing = threading.Event()
        # Seconds between streamed chunks (``stream=True`` requests get server-sent events).
        self.stream_delay = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(
                    {
                        "path": self.path,
                        "body": body,
                        "authorization": self.headers.get("Authorization", ""),
                    }
                )
                status, content, delay = (
                    fake._replies.popleft() if fake._replies else (200, "{}", 0.0)
                )
                if delay and fake._closing.wait(delay):
                    return  # closing: the client gave up long ago
                if status == 200 and body.get("stream"):
                    self._stream(body, content)
                    return
                if status != 200:
                    payload = json.dumps({"error": {"message": content, "type": "server_error"}})
                else:
                    payload = json.dumps(
                        {
                            "id": f"chatcmpl-{len(fake.requests)}",
                            "object": "chat.completion",
                            "created": int(time.time()),
                            "model": body.get("model", "fake"),
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {
                                        "role": "assistant",
                                        "content": content,
                                        "refusal": None,
                                    },
                                    "finish_reason": "stop",
                                }
                            ],
                            "usage": {
                                "prompt_tokens": 10,
                                "completion_tokens": 10,
                                "total_tokens": 20,
                            },
                        }
                    )
                data = payload.encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client timed out and hung up

            def _stream(self, body: dict, content: str) -> None:
                """Answer as server-sent events, a chunk per word, then [DONE]."""
                created = int(time.time())
                pieces = content.split(" ")
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for index, piece in enumerate(pieces):
                        chunk = {
                            "id": f"chatcmpl-{len(fake.requests)}",
                            "object": "chat.completion.chunk",
                            "created": created,
                            "model": body.get("model", "fake"),
                            "choices": [
                                {
                                    "index": 0,
                                    "delta": {"content": piece if index == 0 else f" {piece}"},
                                    "finish_reason": None,
                                }
                            ],
                        }
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                        if fake.stream_delay:
                            time.sleep(fake.stream_delay)
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def reply_json(self, value: object, *, delay: float = 0.0) -> None:
        """Answer the next request with this value as the message content (JSON)."""
        self._replies.append((200, json.dumps(value), delay))

    def reply_text(self, text: str, *, delay: float = 0.0) -> None:
        """Answer the next request with this raw message content."""
        self._replies.append((200, text, delay))

    def reply_status(self, status: int, message: str = "boom", *, delay: float = 0.0) -> None:
        """Answer the next request with an HTTP error."""
        self._replies.append((status, message, delay))

    def close(self) -> None:
        """Stop the server."""
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
