"""A local ATS that receives OpenInterview's signed webhooks, with faults (see providers.py)."""

from __future__ import annotations

import json

from tests.fakes.providers import _FaultyServer


class WebhookReceiver(_FaultyServer):
    """Records each POST's headers and raw body; ``delivered`` holds the ones answered 2xx."""

    def __init__(self) -> None:
        super().__init__()
        self.delivered: list[dict] = []

    def handle(self, handler, raw: bytes, fault):
        record = {"headers": dict(handler.headers.items()), "raw": raw, "body": json.loads(raw)}
        self.requests.append(record)
        if fault is not None:
            return fault[0], fault[1], {"error": "injected"}
        self.delivered.append(record)
        return 200, {}, {"ok": True}
