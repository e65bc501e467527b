"""What each kind of stage is: its name, the time it takes, its usual place in an interview."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from heymilo_app.models import Question, QuestionKind, Stage, StageType
from heymilo_app.services.stage_config import AssessmentConfig


@dataclass(frozen=True)
class StageKind:
    """Fixed facts about one type of stage."""

    type: StageType
    label: str
    duration: str
    description: str
    # The name across jobs, in lists, filters and charts ("Text screen").
    short: str = ""


STAGE_KINDS: dict[StageType, StageKind] = {
    StageType.RESUME: StageKind(
        StageType.RESUME,
        "Resume",
        "Instant",
        "Upload or paste your resume; it is screened at once.",
        "Resume",
    ),
    StageType.FORM: StageKind(
        StageType.FORM, "Form", "2–5 min", "A short questionnaire about your eligibility.", "Form"
    ),
    StageType.SMS: StageKind(
        StageType.SMS,
        "Text messages",
        "At your pace",
        "Answer a few questions by text message.",
        "Text screen",
    ),
    StageType.VOICE: StageKind(
        StageType.VOICE,
        "Voice/Video",
        "10–20 min",
        "A conversation with the AI interviewer, by phone or in the browser.",
        "Voice/Video",
    ),
    StageType.ASSESSMENT: StageKind(
        StageType.ASSESSMENT,
        "LLM Assessment",
        "20–30 min",
        "Work through a task with an AI assistant to produce a deliverable.",
        "Assessment",
    ),
}
# Each type's name across jobs, in interview order: the one table lists, filters and charts
# read.
TYPE_NAMES: dict[str, str] = {kind.value: info.short for kind, info in STAGE_KINDS.items()}

# The order a new interview proposes.
DEFAULT_ORDER: tuple[StageType, ...] = tuple(STAGE_KINDS)


def candidate_acts(stage: Stage | None) -> bool:
    """Whether, at this stage, the next step is the candidate's to take on their link.

    A resume, a form, an assessment and a voice stage held in the browser wait on the
    candidate; a text-message stage and a phone call wait on the interviewer, who texts or
    calls them. Only the first are worth a reminder to "continue your interview".

    Args:
        stage: The stage the application is at (None: not started, the candidate starts).

    Returns:
        True when the candidate is the one expected to act.
    """
    if stage is None:
        return True
    if stage.type == StageType.SMS:
        return False
    return not (stage.type == StageType.VOICE and (stage.config or {}).get("mode") == "phone")


def stage_kind(stage_type: str) -> StageKind:
    """Look up the fixed facts of a stage type.

    Args:
        stage_type: One of the StageType values.

    Returns:
        Its StageKind.
    """
    return STAGE_KINDS[StageType(stage_type)]


# Questions answered by picking, not typing.
PICKED_KINDS: tuple[QuestionKind, ...] = (
    QuestionKind.YES_NO,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.SELF_ID,
)
# Minutes a candidate takes per question of a form, by how it is answered: half a minute to
# pick, otherwise one unless listed here.
PICKED_MINUTES = 0.5
MINUTES_PER_QUESTION = {"long_text": 2.0, "open": 2.0, "short_text": 1.0}
# A spoken interview: minutes to settle in, then minutes per question.
VOICE_SETTLE_MINUTES = 2
VOICE_MINUTES_PER_QUESTION = 2

DurationKind = Literal["about", "up_to"]


def stage_minutes(stage: Stage, questions: Sequence[Question]) -> tuple[DurationKind, int] | None:
    """How long a stage takes, from what it holds: its questions, or its time limit.

    A form counts half a minute per pick, a minute per short answer and two per long one
    (at least one minute); a spoken interview two minutes a question and two to settle in;
    an assessment has the recruiter's time limit, or the config's default. A resume is
    instant and a text conversation goes at the candidate's pace, so they have no figure;
    neither has a form or spoken interview without questions.

    Args:
        stage: The stage.
        questions: Its questions.

    Returns:
        ("about", minutes) or ("up_to", minutes), or None when the stage has no figure.
    """
    if stage.type == StageType.ASSESSMENT:
        default = AssessmentConfig().time_limit_minutes
        return "up_to", int((stage.config or {}).get("time_limit_minutes") or default)
    if stage.type == StageType.FORM and questions:
        minutes = sum(
            PICKED_MINUTES if q.kind in PICKED_KINDS else MINUTES_PER_QUESTION.get(str(q.kind), 1.0)
            for q in questions
        )
        return "about", max(1, math.ceil(minutes))
    if stage.type == StageType.VOICE and questions:
        return "about", VOICE_SETTLE_MINUTES + VOICE_MINUTES_PER_QUESTION * len(questions)
    return None
