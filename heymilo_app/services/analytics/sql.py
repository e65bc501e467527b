"""How the analytics modules speak to the database: dialect differences and session tuning.

The aggregates run on SQLite and PostgreSQL alike; the few places where the two differ (a
timestamp's UTC day, a JSON member as text) are spelled once here, with the clauses "this
score is current" and "this score has rubric criteria" that every score query repeats, and
the PostgreSQL settings the aggregates' transaction runs under (``tune``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func

from heymilo_app.models import Score


def tune(session: Session) -> None:
    """Set PostgreSQL up for the analytics aggregates, for the session's transaction only.

    They read a few hundred thousand rows: compiling them (JIT) costs more than it saves,
    and the percentiles' sorts should fit in memory.

    Args:
        session: The session whose transaction runs the aggregates.
    """
    if dialect_of(session) == "postgresql":
        session.exec(sa.text("SET LOCAL jit = off"))
        session.exec(sa.text("SET LOCAL work_mem = '32MB'"))


def dialect_of(session: Session) -> str:
    """The name of the database a session speaks to.

    Args:
        session: Database session.

    Returns:
        "sqlite" or "postgresql".
    """
    return session.get_bind().dialect.name


def day_of(column: Any, dialect: str) -> Any:
    """The UTC day of a timestamp column (SQLite stores UTC as 'YYYY-MM-DD HH:MM:SS...').

    Args:
        column: The column.
        dialect: The database's name (``dialect_of``).

    Returns:
        An expression: a date on PostgreSQL, 'YYYY-MM-DD' text on SQLite.
    """
    if dialect == "postgresql":
        return sa.cast(func.timezone("UTC", column), sa.Date)
    # Literal arguments: the GROUP BY repeats the expression, and bound ones would differ.
    return func.substr(column, sa.literal_column("1"), sa.literal_column("10"))


def as_date(value: Any) -> date:
    """A day as ``day_of`` reads it back, as a date.

    Args:
        value: A date, or 'YYYY-MM-DD...' text.

    Returns:
        The date.
    """
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def json_text(column: Any, key: str, dialect: str) -> Any:
    """A JSON object's member as text.

    Args:
        column: A JSON column.
        key: The member's name.
        dialect: The database's name (``dialect_of``).

    Returns:
        The expression.
    """
    if dialect == "postgresql":
        return column.op("->>")(key)
    return func.json_extract(column, f'$."{key}"')


def scored_clause() -> Any:
    """The clause "this score has rubric criteria" (a form of facts scores nothing).

    Returns:
        The clause.
    """
    return Score.criteria_scores != "[]"


def current_clause() -> Any:
    """The clause "this score is the stage's current one" (not replaced by a rescore).

    Returns:
        The clause.
    """
    return Score.is_current == sa.true()
