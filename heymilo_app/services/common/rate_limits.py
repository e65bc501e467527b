"""Counted actions under a bucket and a key, kept in the database so every process sees them.

A bucket names what is limited ("apply-address", "apply-email", "password-reset", ...), the key
who does it (a client address, an email). ``allow`` counts the hits of the window and, when
there is room, records one more in the same transaction, so two processes cannot both take the
last place (the caller's session holds the write lock on SQLite; on PostgreSQL the count is
per transaction, which at worst lets a limit through by the number of processes at once).
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, delete, func, select

from heymilo_app.models import RateLimitHit, utcnow


def hits(*, session: Session, bucket: str, key: str, window: timedelta) -> int:
    """Count the hits of a bucket and key within a window ending now.

    Args:
        session: Database session.
        bucket: What is limited.
        key: Who does it (normalized by the caller: lower-case email, client address).
        window: How far back hits count.

    Returns:
        The number of hits.
    """
    since = utcnow() - window
    return session.exec(
        select(func.count(RateLimitHit.id)).where(
            RateLimitHit.bucket == bucket,
            RateLimitHit.key == key[:320],
            RateLimitHit.hit_at >= since,
        )
    ).one()


def record(*, session: Session, bucket: str, key: str) -> None:
    """Record one hit (flushed with the caller's transaction; the caller commits).

    Args:
        session: Database session.
        bucket: What is limited.
        key: Who does it.
    """
    session.add(RateLimitHit(bucket=bucket, key=key[:320]))


def allow(*, session: Session, bucket: str, key: str, limit: int, window: timedelta) -> bool:
    """Whether one more hit fits the limit; when it does, it is recorded.

    Args:
        session: Database session (the caller commits).
        bucket: What is limited.
        key: Who does it; an empty key is never limited (nothing to tell apart).
        limit: Hits allowed within the window.
        window: How far back hits count.

    Returns:
        True when the action may go ahead (and was counted).
    """
    if not key:
        return True
    if hits(session=session, bucket=bucket, key=key, window=window) >= limit:
        return False
    record(session=session, bucket=bucket, key=key)
    return True


def prune(*, session: Session, older_than: timedelta) -> int:
    """Delete hits older than any window still in use.

    Args:
        session: Database session (committed here).
        older_than: Age past which hits no longer count anywhere.

    Returns:
        The number of rows deleted.
    """
    result = session.exec(delete(RateLimitHit).where(RateLimitHit.hit_at < utcnow() - older_than))
    session.commit()
    return result.rowcount or 0
