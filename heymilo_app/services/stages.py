"""What each kind of stage is: its name, the time it takes, its usual place in an interview."""

from __future__ import annotations

from dataclasses import dataclass

from heymilo_app.models import StageType


@dataclass(frozen=True)
class StageKind:
    """Fixed facts about one type of stage."""

    type: StageType
    label: str
    duration: str
    description: str


STAGE_KINDS: dict[StageType, StageKind] = {
    StageType.RESUME: StageKind(
        StageType.RESUME,
        "Resume",
        "Instant",
        "Upload or paste your resume; it is screened at once.",
    ),
    StageType.FORM: StageKind(
        StageType.FORM, "Form", "2–5 min", "A short questionnaire about your eligibility."
    ),
    StageType.SMS: StageKind(
        StageType.SMS, "Text messages", "At your pace", "Answer a few questions by text message."
    ),
    StageType.VOICE: StageKind(
        StageType.VOICE,
        "Voice/Video",
        "10–20 min",
        "A conversation with the AI interviewer, by phone or in the browser.",
    ),
    StageType.ASSESSMENT: StageKind(
        StageType.ASSESSMENT,
        "LLM Assessment",
        "20–30 min",
        "Work through a task with an AI assistant to produce a deliverable.",
    ),
}

# The order a new interview proposes.
DEFAULT_ORDER: tuple[StageType, ...] = tuple(STAGE_KINDS)


def stage_kind(stage_type: str) -> StageKind:
    """Look up the fixed facts of a stage type.

    Args:
        stage_type: One of the StageType values.

    Returns:
        Its StageKind.
    """
    return STAGE_KINDS[StageType(stage_type)]
