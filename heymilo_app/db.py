"""The database engine, sessions and migrations.

SQLite runs in WAL mode with foreign keys on; PostgreSQL is used through the
same SQLModel code when ``DATABASE_URL`` says so. The schema is only ever
changed by Alembic migrations (``heymilo_app/migrations``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from heymilo_app.models import derived
from heymilo_app.settings import get_settings

# Scores' derived columns are kept by session events, whoever writes a Score.
derived.install()

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
IMMEDIATE = "sqlite_begin_immediate"

# Whether this task (or thread) is inside a ``session_scope`` already.
_open_scope: contextvars.ContextVar[bool] = contextvars.ContextVar("open_scope", default=False)


class NestedSessionError(RuntimeError):
    """A ``session_scope`` was opened inside another's ``with``.

    On SQLite the outer write session holds the write lock, so the inner one waits out the
    30 s busy timeout (on the event loop, everyone waits with it); on PostgreSQL the two
    transactions can deadlock on the same rows. Finish the first session, then open the next.
    """


def writer(engine: Engine) -> Engine:
    """The engine for sessions that read and then write: on SQLite they take the write lock
    when they begin (PostgreSQL ignores the option).

    Args:
        engine: An engine from ``make_engine``.

    Returns:
        The same engine (and pool) with the option set.
    """
    return engine.execution_options(**{IMMEDIATE: True})


def reader(engine: Engine) -> Engine:
    """The engine for sessions that only read: never the write lock, even from a ``writer``.

    Args:
        engine: An engine from ``make_engine``, or one ``writer`` made.

    Returns:
        The same engine (and pool) with the option cleared.
    """
    return engine.execution_options(**{IMMEDIATE: False})


def make_engine(url: str) -> Engine:
    """Create an engine for a database URL, tuned for SQLite or PostgreSQL.

    Args:
        url: SQLAlchemy database URL.

    Returns:
        A new engine.
    """
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin_immediate(connection):
            # In WAL mode a transaction that reads, then writes after another connection
            # committed, fails at once with "database is locked" (its snapshot is stale).
            # Sessions of the app (see writer()) take the write lock at BEGIN instead, so
            # writers wait their turn (busy_timeout); plain sessions keep the driver's
            # default (a transaction starts at the first write).
            if connection.get_execution_options().get(IMMEDIATE):
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args={"connect_timeout": 5}
    )


@functools.cache
def get_engine() -> Engine:
    """Return the process-wide engine for the configured database.

    Returns:
        The engine for ``DATABASE_URL``.
    """
    return make_engine(get_settings().database_url)


@contextlib.contextmanager
def session_scope(engine: Engine | None = None, *, write: bool = True) -> Iterator[Session]:
    """Open a session; commit is left to the services, rollback on error.

    Args:
        engine: Engine to use; the configured one by default.
        write: The session may write (on SQLite it takes the write lock when it begins, see
            ``writer``); False for pages that only read, such as the dashboard, so that a long
            read never holds candidates' writes up.

    Yields:
        A SQLModel session.

    Raises:
        NestedSessionError: This task or thread already holds a session of ``session_scope``.
    """
    if _open_scope.get():
        raise NestedSessionError(
            "A database session was opened inside another's `with`: close the first one before "
            "opening the next."
        )
    engine = engine or get_engine()
    marker = _open_scope.set(True)
    try:
        with Session(
            writer(engine) if write else reader(engine), expire_on_commit=False
        ) as session:
            try:
                yield session
            except Exception:
                session.rollback()
                raise
    finally:
        try:
            _open_scope.reset(marker)
        except ValueError:
            # Left in another context than it was entered in (FastAPI enters and exits a
            # dependency's generator in separate worker-thread calls, each in a copy of the
            # request's context): the entering copy, which the flag was set in, is gone.
            _open_scope.set(False)


def alembic_config(url: str):
    """Build an Alembic config for the project's migrations and a database URL.

    Args:
        url: SQLAlchemy database URL.

    Returns:
        An ``alembic.config.Config``.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str | None = None) -> None:
    """Upgrade the database to the newest migration (creates it when empty).

    Args:
        url: Database URL; the configured one by default.
    """
    from alembic import command

    url = url or get_settings().database_url
    if url.startswith("sqlite"):
        # Creates the folder of the SQLite file and turns WAL on before Alembic connects.
        make_engine(url).dispose()
    command.upgrade(alembic_config(url), "head")


def ping(engine: Engine | None = None) -> bool:
    """Check that the database answers a trivial query.

    Args:
        engine: Engine to use; the configured one by default.

    Returns:
        True when the database answered.
    """
    try:
        with (engine or get_engine()).connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True
    except Exception as error:
        logger.warning("database ping failed: %s", error)
        return False
