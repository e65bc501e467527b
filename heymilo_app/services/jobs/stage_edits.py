"""The interview builder's edits to a draft's stages: add, move, delete and change settings.

Every change is checked before anything is saved and refused with a message per field (the
builder autosaves each one); a deleted stage stays in the draft, marked deleted, so undo
(``interviews.undo_delete``) can bring it back until the draft is published. A new stage
starts from its kind's defaults (``versions.new_stage``).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from heymilo_app.models import Stage, StageType, User, utcnow
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs.interviews import owned_draft, owned_stage, place
from heymilo_app.services.jobs.jobs import stages_of as _live_stages
from heymilo_app.services.jobs.versions import new_stage
from heymilo_app.services.stages.stage_config import validated_config


def add_stage(*, session: Session, user: User, interview_id: int, stage_type: str) -> Stage:
    """Add a stage of a type at the end of a draft.

    Args:
        session: Database session.
        user: The acting recruiter.
        interview_id: The draft's id.
        stage_type: One of the five stage types.

    Returns:
        The new stage.

    Raises:
        Invalid: For an unknown type.
    """
    interview = owned_draft(session, user, interview_id)
    try:
        kind = StageType(stage_type)
    except ValueError:
        raise Invalid({"type": f"Unknown stage type {stage_type!r}."}) from None
    stage = new_stage(interview, kind, len(_live_stages(session, interview.id)))
    session.add(stage)
    session.commit()
    return stage


def move_stage(*, session: Session, user: User, stage_id: int, to_index: int) -> None:
    """Move a stage to a new place in the order (0 is first; out-of-range is clamped).

    Args:
        session: Database session.
        user: The acting recruiter.
        stage_id: The stage to move.
        to_index: Its new index.
    """
    stage, interview = owned_stage(session, user, stage_id)
    place(_live_stages(session, interview.id), stage, to_index)
    session.commit()


def delete_stage(*, session: Session, user: User, stage_id: int) -> None:
    """Delete a stage from a draft (undo brings it back).

    Args:
        session: Database session.
        user: The acting recruiter.
        stage_id: The stage.
    """
    stage, interview = owned_stage(session, user, stage_id)
    stage.deleted_at = utcnow()
    place([s for s in _live_stages(session, interview.id) if s.id != stage.id])
    session.commit()


STAGE_FIELDS = ("title", "intro_text", "pass_threshold", "dealbreakers_enabled", "config", "rubric")


def _validated_rubric(rubric: Any) -> list[dict[str, Any]]:
    """A rubric as the recruiter sent it, checked and trimmed.

    Args:
        rubric: The rubric from the builder: a list of criteria.

    Returns:
        The criteria, each with a name, weight, low and high.

    Raises:
        Invalid: When it is not a list of at most 20 criteria or a weight is not a number.
    """
    if not isinstance(rubric, list) or len(rubric) > 20:
        raise Invalid({"rubric": "A rubric is a list of at most 20 criteria."})
    cleaned = []
    for index, criterion in enumerate(rubric):
        if not isinstance(criterion, dict):
            raise Invalid({f"rubric.{index}": "Each criterion needs a name and a weight."})
        try:
            weight = float(criterion.get("weight", 1.0))
        except (TypeError, ValueError):
            raise Invalid({f"rubric.{index}.weight": "The weight must be a number."}) from None
        cleaned.append(
            {
                "name": str(criterion.get("name", "")).strip()[:120],
                "weight": weight,
                "low": str(criterion.get("low", "")).strip()[:500],
                "high": str(criterion.get("high", "")).strip()[:500],
            }
        )
    return cleaned


def update_stage(*, session: Session, user: User, stage_id: int, **changes: Any) -> Stage:
    """Change a stage's settings; every change is checked before anything is saved.

    Args:
        session: Database session.
        user: The acting recruiter.
        stage_id: The stage.
        **changes: Any of title, intro_text, pass_threshold, dealbreakers_enabled, config
            (merged into the current config), rubric (replaces it).

    Returns:
        The stage.

    Raises:
        Invalid: With a message per field; nothing is saved.
    """
    stage, _ = owned_stage(session, user, stage_id)
    unknown = set(changes) - set(STAGE_FIELDS)
    if unknown:
        raise Invalid({name: "This setting does not exist." for name in sorted(unknown)})
    values: dict[str, Any] = {}
    if "title" in changes:
        title = str(changes["title"] or "").strip()
        if not title or len(title) > 120:
            raise Invalid({"title": "Give the stage a title of at most 120 characters."})
        values["title"] = title
    if "intro_text" in changes:
        values["intro_text"] = str(changes["intro_text"] or "").strip()[:2000]
    if "pass_threshold" in changes:
        try:
            threshold = int(changes["pass_threshold"])
        except (TypeError, ValueError):
            raise Invalid({"pass_threshold": "Enter a whole number from 0 to 100."}) from None
        if not 0 <= threshold <= 100:
            raise Invalid({"pass_threshold": "Enter a whole number from 0 to 100."})
        values["pass_threshold"] = threshold
    if "dealbreakers_enabled" in changes:
        values["dealbreakers_enabled"] = bool(changes["dealbreakers_enabled"])
    if "config" in changes:
        try:
            values["config"] = validated_config(
                stage.type, {**stage.config, **dict(changes["config"] or {})}
            )
        except ValueError as error:
            raise Invalid({"config": str(error)}) from None
    if "rubric" in changes:
        values["rubric"] = _validated_rubric(changes["rubric"])
    for name, value in values.items():
        setattr(stage, name, value)
    session.commit()
    return stage
