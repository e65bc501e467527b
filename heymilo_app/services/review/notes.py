"""Notes and ratings on an application, by the organization's recruiters and hiring managers.

Both roles may write notes and set their own 1-5 rating (one per person per application,
changeable, clearable); both read everyone's. Notes and ratings are never shown to the
candidate and never given to a scorer: they are people's opinions beside the scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from heymilo_app.models import ApplicationNote, ApplicationRating, User, utcnow
from heymilo_app.services.common.access import owned_application
from heymilo_app.services.common.errors import Invalid

MAX_NOTE = 5000
ROLE_LABELS = {"recruiter": "Recruiter", "hiring_manager": "Hiring manager"}


@dataclass(frozen=True)
class Note:
    """A note as the report shows it."""

    id: int
    author: str
    role: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class Rating:
    """One person's rating."""

    user_id: int
    name: str
    role: str
    rating: int
    updated_at: datetime


@dataclass(frozen=True)
class Ratings:
    """Everyone's ratings of an application, their average and the acting user's own."""

    items: list[Rating]
    average: float | None
    mine: int | None


def _author(user: User | None) -> tuple[str, str]:
    """The name and role label of a note's or rating's author (who may have left)."""
    if user is None:
        return "A former team member", ""
    return user.full_name, ROLE_LABELS.get(str(user.role), str(user.role))


def add_note(*, session: Session, user: User, application_id: int, body: str) -> ApplicationNote:
    """Add a note (a recruiter's) or a comment (a hiring manager's) to an application.

    Args:
        session: Database session.
        user: The acting recruiter or hiring manager.
        application_id: The application.
        body: The text; surrounding spaces are trimmed.

    Returns:
        The note.

    Raises:
        Invalid: When the text is empty or longer than 5,000 characters.
        NotFound: When the application is not the user's organization's.
    """
    text = (body or "").strip()
    if not text:
        raise Invalid({"body": "Write something first: the note is empty."})
    if len(text) > MAX_NOTE:
        raise Invalid({"body": f"Keep a note under {MAX_NOTE:,} characters."})
    application = owned_application(session, user, application_id)
    note = ApplicationNote(application_id=application.id, author_id=user.id, body=text)
    session.add(note)
    session.commit()
    session.refresh(note)
    return note


def list_notes(*, session: Session, user: User, application_id: int) -> list[Note]:
    """Every note on an application, newest first, with its author.

    Args:
        session: Database session.
        user: The acting recruiter or hiring manager.
        application_id: The application.

    Returns:
        The notes.

    Raises:
        NotFound: When the application is not the user's organization's.
    """
    application = owned_application(session, user, application_id)
    rows = session.exec(
        select(ApplicationNote, User)
        .join(User, User.id == ApplicationNote.author_id, isouter=True)
        .where(ApplicationNote.application_id == application.id)
        .order_by(ApplicationNote.created_at.desc(), ApplicationNote.id.desc())
    ).all()
    return [Note(note.id, *_author(author), note.body, note.created_at) for note, author in rows]


def _parse_rating(value: int | str | None) -> int | None:
    """A rating from 1 to 5, or None to clear it."""
    if value is None or str(value).strip() == "":
        return None
    try:
        rating = int(str(value).strip())
    except ValueError:
        raise Invalid({"rating": "Choose a rating from 1 to 5."}) from None
    if not 1 <= rating <= 5:
        raise Invalid({"rating": "Choose a rating from 1 to 5."})
    return rating


def set_rating(
    *, session: Session, user: User, application_id: int, rating: int | str | None
) -> int | None:
    """Set, change or clear the acting user's own rating of an application.

    Args:
        session: Database session.
        user: The acting recruiter or hiring manager.
        application_id: The application.
        rating: 1-5, or None / "" to clear it.

    Returns:
        The rating now (None when cleared).

    Raises:
        Invalid: When the rating is not a whole number from 1 to 5.
        NotFound: When the application is not the user's organization's.
    """
    value = _parse_rating(rating)
    application = owned_application(session, user, application_id)
    row = session.exec(
        select(ApplicationRating).where(
            ApplicationRating.application_id == application.id,
            ApplicationRating.user_id == user.id,
        )
    ).first()
    if value is None:
        if row is not None:
            session.delete(row)
            session.commit()
        return None
    row = row or ApplicationRating(application_id=application.id, user_id=user.id, rating=value)
    row.rating = value
    row.updated_at = utcnow()
    session.add(row)
    session.commit()
    return value


def ratings(*, session: Session, user: User, application_id: int) -> Ratings:
    """Everyone's rating of an application, the average and the acting user's own.

    Args:
        session: Database session.
        user: The acting recruiter or hiring manager.
        application_id: The application.

    Returns:
        The ratings, highest first.

    Raises:
        NotFound: When the application is not the user's organization's.
    """
    application = owned_application(session, user, application_id)
    rows = session.exec(
        select(ApplicationRating, User)
        .join(User, User.id == ApplicationRating.user_id)
        .where(ApplicationRating.application_id == application.id)
        .order_by(ApplicationRating.rating.desc(), User.full_name)
    ).all()
    items = [Rating(rated.id, *_author(rated), row.rating, row.updated_at) for row, rated in rows]
    average = round(sum(i.rating for i in items) / len(items), 1) if items else None
    mine = next((i.rating for i in items if i.user_id == user.id), None)
    return Ratings(items=items, average=average, mine=mine)
