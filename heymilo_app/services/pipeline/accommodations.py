"""What a candidate's granted adjustments change: text instead of voice holds a spoken stage
by text messages."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from heymilo_app.models import Accommodation, Application, Stage
from heymilo_app.services.stages.kinds import stage_kind

# What a candidate may ask for.
ACCOMMODATION_KINDS = ("more_time", "text_instead_of_voice", "other")


def text_instead_of_voice(accommodations: Iterable[Accommodation]) -> bool:
    """Whether, among a candidate's requests, text instead of voice was granted.

    Their spoken stages are then held by text message: the opening and first question are
    texted, as for a text stage, and no call is placed.

    Args:
        accommodations: The candidate's requests.

    Returns:
        True when such a request was granted.
    """
    return any(a.kind == "text_instead_of_voice" and a.status == "granted" for a in accommodations)


def by_text(session: Session, application: Application) -> bool:
    """Whether a recruiter granted this candidate text instead of voice
    (``text_instead_of_voice`` over the application's requests).

    Args:
        session: Database session.
        application: The application.

    Returns:
        True when such a request was granted.
    """
    return text_instead_of_voice(
        session.exec(
            select(Accommodation).where(Accommodation.application_id == application.id)
        ).all()
    )


def spoken_by_text(stage: Stage | None, accommodations: list[Accommodation]) -> bool:
    """Whether a spoken stage is held by text for a candidate with these requests.

    Args:
        stage: The stage (None for none).
        accommodations: The candidate's requests.

    Returns:
        True for a spoken stage (voice) when text instead of voice was granted.
    """
    return (
        stage is not None
        and stage_kind(stage.type).conducted == "spoken"
        and text_instead_of_voice(accommodations)
    )
