"""Shared fixtures: a migrated database per test on SQLite and on PostgreSQL, no network.

Every test that takes ``session`` (or ``db_url``) runs twice: on a fresh SQLite file and, when
PostgreSQL answers on 127.0.0.1:5432 (database ``test``), in a schema of its own there, emptied
before each test.
"""

from __future__ import annotations

import os

# Cheap password hashes in tests (the app's defaults are OWASP-level); set before the app's
# settings are first read. The app servers the browser tests start inherit it.
os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "1024")
os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")
import socket
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from heymilo_app import db, demo
from tests.support import postgres_available, postgres_schema

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address):
    host = address[0] if isinstance(address, tuple) else address
    if (
        isinstance(host, str)
        and host not in ("127.0.0.1", "::1", "localhost")
        and not (self.family == socket.AF_UNIX)
    ):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection beyond loopback fails loudly."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(autouse=True)
def _named_demo_candidates(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that seed the demo get its four named candidates only, unless marked full_demo.

    Driving all forty demo candidates through the engine takes seconds per test; the tests
    of the demo data itself (marked ``full_demo``) seed all of them.
    """
    if request.node.get_closest_marker("full_demo") is None:
        monkeypatch.setattr(demo, "DEMO_CANDIDATES", 4)


@pytest.fixture(scope="session")
def _postgres_schema() -> Iterator[str | None]:
    """URL of this test run's own schema on PostgreSQL, migrated once; None when PG does not
    answer."""
    if not postgres_available():
        yield None
        return
    with postgres_schema("t") as url:
        db.migrate(url)
        yield url


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A migrated SQLite database file, copied for each test (migrating once is faster)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db.migrate(f"sqlite:///{path}")
    engine = db.make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path.read_bytes()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path, _sqlite_template) -> str:
    """URL of an empty, migrated database of the parametrized kind."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        path.write_bytes(_sqlite_template)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("_postgres_schema")
    if url is None:
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    engine = sa.create_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def engine(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[sa.Engine]:
    """The test database's engine, also used by code that calls ``db.get_engine()``."""
    test_engine = db.make_engine(db_url)
    monkeypatch.setattr(db, "get_engine", lambda: test_engine)
    yield test_engine
    test_engine.dispose()


@pytest.fixture
def session(engine: sa.Engine) -> Iterator[Session]:
    """A session on the test database."""
    with Session(engine, expire_on_commit=False) as test_session:
        yield test_session
