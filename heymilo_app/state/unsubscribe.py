"""The unsubscribe link in emails (/u/{token}): asks, then stops reminders.

Opening the link changes nothing (mail scanners follow links); the candidate confirms with
the page's button. The database work runs in a worker thread: anyone may open the page.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.pipeline import unsubscribes


class UnsubscribeState(rx.State):
    """Whose reminders the link stops, and whether it did."""

    # "confirm" (asking), "done", "unknown" or "" while loading.
    outcome: str = ""
    # Whose emails they are: the hiring organization's name.
    company: str = ""
    # Whether the confirmation is being handled (its button is disabled meanwhile).
    busy: bool = False

    @rx.event
    async def load_unsubscribe(self):
        """Say whose reminders the link stops, and ask to confirm."""
        self.outcome, self.company, self.busy = "", "", False
        token = str(self.token)

        def read() -> str | None:
            with session_scope(write=False) as session:
                try:
                    _, organization = unsubscribes.unsubscribe_target(session=session, token=token)
                except NotFound:
                    return None
                return organization.name

        company = await asyncio.to_thread(read)
        if company is None:
            self.outcome = "unknown"
            return
        self.company, self.outcome = company, "confirm"

    @rx.event
    async def confirm(self):
        """Stop reminder emails for the candidate of the link."""
        if self.busy or self.outcome != "confirm":
            return
        self.busy = True
        yield
        token = str(self.token)

        def run() -> bool:
            with session_scope() as session:
                try:
                    unsubscribes.unsubscribe(session=session, token=token)
                except NotFound:
                    return False
            return True

        try:
            self.outcome = "done" if await asyncio.to_thread(run) else "unknown"
        finally:
            self.busy = False
