"""How long the event loop stalls while 20 logins arrive at once (production argon2 cost).

Twenty wrong-password login events are sent to LoginState at the same moment, on one event
loop, while a ticker measures the loop's largest gap between 10 ms ticks (what every other
user's events wait). Before the fix each login hashed on the loop: 20 anonymous logins kept
``/api/health`` waiting 2.5 s. Also prints how long the 20 logins took in all.

Usage: .venv/bin/python benchmarks/login_loop_lag.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# Reflex lets states be made by hand (as the tests do) only under this variable.
os.environ.setdefault("PYTEST_CURRENT_TEST", "benchmarks/login_loop_lag.py")


async def _measure(count: int) -> tuple[float, float]:
    from reflex.istate.data import RouterData
    from reflex.state import State

    from heymilo_app.state.login import LoginState

    gaps: list[float] = []

    async def ticker() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last - 0.01)
            last = now

    def login_state(number: int) -> LoginState:
        root = State()
        root.router = RouterData.from_router_data(
            {
                "pathname": "/login",
                "asPath": "/login",
                "query": {},
                "headers": {},
                "ip": f"198.51.100.{number}",
            }
        )
        return root.substates[LoginState.get_name()]

    states = [login_state(number) for number in range(count)]
    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    await asyncio.gather(
        *(
            s.submit({"email": "recruiter@example.com", "password": "wrong password"})
            for s in states
        )
    )
    took = time.perf_counter() - started
    task.cancel()
    assert all(s.error for s in states), "every login should have been refused"
    return max(gaps), took


def main() -> None:
    from heymilo_app import db, demo

    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/bench.db"
        db.migrate(url)
        engine = db.make_engine(url)
        db.get_engine = lambda: engine  # the states open their sessions on it
        with db.session_scope(engine) as session:
            demo.seed_demo(session=session)
        worst, took = asyncio.run(_measure(20))
        print(
            f"20 logins at once: event loop's longest stall {worst * 1000:.0f} ms, "
            f"all answered in {took:.2f} s"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
