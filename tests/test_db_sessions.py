"""One database session at a time: a session opened inside another's ``with`` is an error."""

from __future__ import annotations

import asyncio
import threading

import pytest
import sqlalchemy as sa
from sqlmodel import select

from heymilo_app import db
from heymilo_app.models import Organization


def test_a_session_inside_another_is_refused_at_once(engine: sa.Engine) -> None:
    with db.session_scope(engine) as outer:
        outer.exec(select(Organization)).all()
        with pytest.raises(db.NestedSessionError), db.session_scope(engine, write=False):
            pass
    # Closed, the next one opens.
    with db.session_scope(engine) as session:
        assert session.exec(select(Organization)).all() == []


def test_other_threads_and_tasks_have_sessions_of_their_own(engine: sa.Engine) -> None:
    opened = []

    def other() -> None:
        with db.session_scope(engine, write=False) as session:
            opened.append(session.exec(select(Organization)).all())

    async def two_tasks() -> None:
        async def task() -> None:
            with db.session_scope(engine, write=False) as session:
                opened.append(session.exec(select(Organization)).all())

        await asyncio.gather(task(), task())

    with db.session_scope(engine, write=False):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    asyncio.run(two_tasks())
    assert opened == [[], [], []]


def test_an_error_inside_the_session_frees_the_scope(engine: sa.Engine) -> None:
    with pytest.raises(ValueError), db.session_scope(engine):
        raise ValueError("boom")
    with db.session_scope(engine) as session:
        assert session.exec(select(Organization)).all() == []
