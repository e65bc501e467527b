"""The registry of stage kinds: what each kind of stage is, in one place.

Per kind: its names, the time it takes, its config model, the question kinds it holds, its
default rubric, pass mark and intro, whether the AI follows up, and how it is conducted (a
page in the browser, text messages, a call or the browser's microphone, a chat). Everything
that differs by stage type reads it here; the pipeline's conductors (``services/pipeline``)
carry out the kind's turn-by-turn life.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from heymilo_app.models import Question, QuestionKind, Stage, StageType
from heymilo_app.services.stages import stage_config
from heymilo_app.services.stages.stage_config import AssessmentConfig

# How a kind is conducted: on a page of the candidate's link, by text messages, as a spoken
# conversation (by phone or in the browser, the stage's mode says), or as a chat with an AI
# assistant in the browser.
Conducted = Literal["page", "texts", "spoken", "chat"]


@dataclass(frozen=True)
class StageKind:
    """Fixed facts about one type of stage."""

    type: StageType
    label: str
    duration: str
    description: str
    # The name across jobs, in lists, filters and charts ("Text screen").
    short: str = ""
    conducted: Conducted = "page"

    @property
    def config_model(self) -> type[stage_config.StageConfig]:
        """The pydantic model a stage of this kind is configured with."""
        return stage_config.CONFIG_MODELS[self.type]

    @property
    def question_kinds(self) -> tuple[QuestionKind, ...]:
        """The kinds of question a stage of this kind may hold (none: it has no questions)."""
        return stage_config.QUESTION_KINDS[self.type]

    @property
    def pass_mark(self) -> int:
        """The score out of 100 a new stage of this kind needs to pass."""
        return stage_config.DEFAULT_PASS_THRESHOLDS[self.type]

    @property
    def intro(self) -> str:
        """What a new stage of this kind tells the candidate before they begin."""
        return stage_config.DEFAULT_INTROS[self.type]

    @property
    def follow_ups(self) -> bool:
        """Whether the AI may ask follow-up questions at a stage of this kind."""
        return self.type in stage_config.FOLLOWUP_STAGES

    def default_rubric(self) -> list[dict]:
        """A fresh copy of the rubric a new stage of this kind starts with."""
        return [dict(criterion) for criterion in stage_config.DEFAULT_RUBRICS[self.type]]


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
        "texts",
    ),
    StageType.VOICE: StageKind(
        StageType.VOICE,
        "Voice/Video",
        "10–20 min",
        "A conversation with the AI interviewer, by phone or in the browser.",
        "Voice/Video",
        "spoken",
    ),
    StageType.ASSESSMENT: StageKind(
        StageType.ASSESSMENT,
        "LLM Assessment",
        "20–30 min",
        "Work through a task with an AI assistant to produce a deliverable.",
        "Assessment",
        "chat",
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
    conducted = stage_kind(stage.type).conducted
    if conducted == "texts":
        return False
    return not (conducted == "spoken" and (stage.config or {}).get("mode") == "phone")


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
