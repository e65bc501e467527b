"""The periodic work, as separate loops with their own intervals.

- **deliver** (every ``OUTBOX_POLL_SECONDS``): re-queue stale claims, then send what is due.
- **schedule** (every minute): lapse invitations past their deadline, queue due reminders,
  and the housekeeping (old rate-limit hits, CSV uploads no import used).
- **rescore** (every few minutes): score the stages left "score pending" (the model was
  down), each attempt claimed so two workers never score the same one.

Each loop runs its step in a thread, on its own: a model that hangs while rescoring holds up
the rescore loop only, never an invitation or a reminder. Every step is safe to run in several
processes at once (outbox rows and pending scores are claimed atomically).

The app runs the loops as a lifespan task while it serves (``OUTBOX_POLL_SECONDS=0`` turns
them off, for a deployment whose workers run apart); ``python -m heymilo_app worker`` runs
them alone (``send-outbox`` is the same command, by its older name).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from heymilo_app import db
from heymilo_app.providers.factory import get_mailer, get_sms
from heymilo_app.services.common import rate_limits
from heymilo_app.services.intake import csv_file
from heymilo_app.services.messaging import outbox_claims, outbox_delivery, outbox_outcomes
from heymilo_app.services.pipeline import reminders, rescoring, send_rules
from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

SCHEDULE_EVERY_SECONDS = 60.0
RESCORE_EVERY_SECONDS = 180.0
HOUSEKEEPING_EVERY_SECONDS = 600.0


@dataclass(frozen=True)
class Loop:
    """One kind of periodic work: its name, how often, and one pass of it."""

    name: str
    every: Callable[[], float]
    step: Callable[[], object]


def deliver_once() -> outbox_outcomes.DeliveryReport:
    """Re-queue stale claims, then deliver what is due with the configured providers.

    Returns:
        What happened.
    """
    engine = db.get_engine()
    outbox_claims.reap_stale_claims(engine=engine)
    callback = get_settings().public_base_url.rstrip("/") + "/api/twilio/status"
    return outbox_delivery.deliver_due(
        engine=engine,
        mailer=get_mailer(),
        sms=get_sms(),
        status_callback=callback,
        holds=send_rules.holds,
    )


def schedule_once() -> None:
    """Lapse invitations past their deadline and queue due reminders; housekeeping."""
    engine = db.get_engine()
    reminders.run_once(engine=engine)
    housekeeping(engine)


def rescore_once() -> int:
    """Score the attempts left "score pending" that no other worker holds.

    Returns:
        How many were scored.
    """
    with Session(db.writer(db.get_engine())) as session:
        return rescoring.rescore_pending(session=session)


# When housekeeping last ran in this process (monotonic seconds).
_housekept_at: float | None = None


def housekeeping(engine: Engine | None = None) -> None:
    """Every ``HOUSEKEEPING_EVERY_SECONDS``: drop rate-limit hits older than a day (no limit
    looks back further) and CSV uploads no import used (the tab was closed).

    Args:
        engine: The database (the app's by default).
    """
    global _housekept_at
    now = time.monotonic()
    if _housekept_at is not None and now - _housekept_at < HOUSEKEEPING_EVERY_SECONDS:
        return
    _housekept_at = now
    with Session(db.writer(engine or db.get_engine())) as session:
        rate_limits.prune(session=session, older_than=timedelta(days=1))
    imports = Path(get_settings().data_dir) / "imports"
    if imports.is_dir():
        csv_file.prune_uploads(imports)


def _poll_seconds() -> float:
    return max(0.5, get_settings().outbox_poll_seconds or 2.0)


LOOPS: tuple[Loop, ...] = (
    Loop("deliver", _poll_seconds, deliver_once),
    Loop("schedule", lambda: SCHEDULE_EVERY_SECONDS, schedule_once),
    Loop("rescore", lambda: RESCORE_EVERY_SECONDS, rescore_once),
)


async def run_loop(loop: Loop, stop: asyncio.Event) -> None:
    """Run one loop until ``stop`` is set: a pass, then its interval, again.

    Args:
        loop: The loop.
        stop: Set to end it (after the pass under way).
    """
    while not stop.is_set():
        started = time.monotonic()
        try:
            await asyncio.to_thread(loop.step)
        except Exception:
            logger.exception("%s pass failed", loop.name)
        wait = max(0.0, loop.every() - (time.monotonic() - started))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=wait)


async def run(loops: Iterable[Loop] = LOOPS, stop: asyncio.Event | None = None) -> None:
    """Run every loop side by side until ``stop`` is set (or the task is cancelled).

    Args:
        loops: The loops (all of them by default).
        stop: Set to end them.
    """
    stop = stop or asyncio.Event()
    await asyncio.gather(*(run_loop(loop, stop) for loop in loops))


async def serve() -> None:
    """The app's lifespan task: the loops while the app serves, unless turned off."""
    if get_settings().outbox_poll_seconds <= 0:
        return
    await run()


def run_once() -> outbox_outcomes.DeliveryReport:
    """One pass of every loop, in order: what is scheduled is delivered in the same pass.

    Returns:
        What the delivery did.
    """
    schedule_once()
    rescore_once()
    return deliver_once()
