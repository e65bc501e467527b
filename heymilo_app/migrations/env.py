"""Alembic environment: migrates the database named by the Alembic config or DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import heymilo_app.models  # noqa: F401 - registers every table on the metadata
from heymilo_app.db import make_engine
from heymilo_app.settings import get_settings

target_metadata = SQLModel.metadata


def _url() -> str:
    return context.config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    """Emit SQL for the migrations without a database connection."""
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations against the database."""
    url = _url()
    engine = make_engine(url)
    with engine.connect() as connection:
        if url.startswith("sqlite"):
            # A batch operation rebuilds a table (copy, drop, rename); with foreign keys on,
            # dropping the old table would delete the rows that reference it (ON DELETE
            # CASCADE). SQLite's own procedure for schema changes: keys off meanwhile (before
            # the transaction: the pragma does nothing inside one), checked afterwards.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # Alembic then opens and commits its own transaction.
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if url.startswith("sqlite"):
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise RuntimeError(f"The migration broke foreign keys: {broken[:5]}")
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
