"""The registry of stage kinds: what each kind of stage is, in one place.

Per kind: its names and icon, the time it takes, its config model, the question kinds it
holds, its default rubric, pass mark and intro, whether the AI follows up, what it must
satisfy to publish, and how it is conducted (a page in the browser, text messages, a call or
the browser's microphone, a chat). Everything that differs by stage type reads it here; the
pipeline's conductors (``services/pipeline``) carry out the kind's turn-by-turn life.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from heymilo_app.models import Question, QuestionKind, Stage, StageType
from heymilo_app.services.stages import publish_checks, rubrics
from heymilo_app.services.stages.configs import (
    AssessmentConfig,
    FormConfig,
    ResumeConfig,
    SmsConfig,
    StageConfig,
    VoiceConfig,
)
from heymilo_app.services.stages.publish_checks import PublishCheck
from heymilo_app.services.stages.rubrics import Criterion

# How a kind is conducted: on a page of the candidate's link, by text messages, as a spoken
# conversation (by phone or in the browser, the stage's mode says), or as a chat with an AI
# assistant in the browser.
Conducted = Literal["page", "texts", "spoken", "chat"]
DurationKind = Literal["about", "up_to"]
# How long a stage takes, from the stage and its questions (None: no figure).
Minutes = Callable[[Stage, Sequence[Question]], tuple[DurationKind, int] | None]

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


def no_minutes(stage: Stage, questions: Sequence[Question]) -> tuple[DurationKind, int] | None:
    """No figure: a resume is instant and a text conversation goes at the candidate's pace.

    Args:
        stage: The stage.
        questions: Its questions.

    Returns:
        None.
    """
    return None


def form_minutes(stage: Stage, questions: Sequence[Question]) -> tuple[DurationKind, int] | None:
    """Half a minute per pick, a minute per short answer, two per long one (at least one).

    Args:
        stage: The stage.
        questions: Its questions.

    Returns:
        ("about", minutes), or None without questions.
    """
    if not questions:
        return None
    minutes = sum(
        PICKED_MINUTES if q.kind in PICKED_KINDS else MINUTES_PER_QUESTION.get(str(q.kind), 1.0)
        for q in questions
    )
    return "about", max(1, math.ceil(minutes))


def spoken_minutes(stage: Stage, questions: Sequence[Question]) -> tuple[DurationKind, int] | None:
    """Two minutes to settle in, then two a question.

    Args:
        stage: The stage.
        questions: Its questions.

    Returns:
        ("about", minutes), or None without questions.
    """
    if not questions:
        return None
    return "about", VOICE_SETTLE_MINUTES + VOICE_MINUTES_PER_QUESTION * len(questions)


def time_limit_minutes(
    stage: Stage, questions: Sequence[Question]
) -> tuple[DurationKind, int] | None:
    """The recruiter's time limit, or the config's default.

    Args:
        stage: The stage.
        questions: Its questions.

    Returns:
        ("up_to", minutes).
    """
    default = AssessmentConfig().time_limit_minutes
    return "up_to", int((stage.config or {}).get("time_limit_minutes") or default)


@dataclass(frozen=True)
class StageKind:
    """Fixed facts about one type of stage."""

    type: StageType
    label: str
    # The name across jobs, in lists, filters and charts ("Text screen").
    short: str
    duration: str
    description: str
    # The builder's icon (a lucide name).
    icon: str
    conducted: Conducted
    # The pydantic model a stage of this kind is configured with.
    config_model: type[StageConfig]
    # The score out of 100 a new stage of this kind needs to pass.
    pass_mark: int
    # What a new stage of this kind tells the candidate before they begin.
    intro: str
    # The rubric a new stage of this kind starts with (``default_rubric`` copies it).
    rubric: tuple[Criterion, ...]
    # The kinds of question a stage of this kind may hold (none: it has no questions).
    question_kinds: tuple[QuestionKind, ...] = ()
    # Whether the AI may ask follow-up questions at a stage of this kind.
    follow_ups: bool = False
    # What a stage of this kind must satisfy to publish, beyond what every stage must.
    publish_checks: tuple[PublishCheck, ...] = ()
    # How long a stage of this kind takes (``stage_minutes``).
    minutes: Minutes = field(default=no_minutes)

    def default_rubric(self) -> list[dict]:
        """A fresh copy of the rubric a new stage of this kind starts with.

        Returns:
            The criteria, each a new dict.
        """
        return [dict(criterion) for criterion in self.rubric]


STAGE_KINDS: dict[StageType, StageKind] = {
    StageType.RESUME: StageKind(
        type=StageType.RESUME,
        label="Resume",
        short="Resume",
        duration="Instant",
        description="Upload or paste your resume; it is screened at once.",
        icon="file-text",
        conducted="page",
        config_model=ResumeConfig,
        pass_mark=60,
        intro="Share your resume so we can match your experience to the role.",
        rubric=rubrics.RESUME,
        publish_checks=(publish_checks.resume_dealbreakers,),
    ),
    StageType.FORM: StageKind(
        type=StageType.FORM,
        label="Form",
        short="Form",
        duration="2–5 min",
        description="A short questionnaire about your eligibility.",
        icon="list-checks",
        conducted="page",
        config_model=FormConfig,
        # A form's answers are facts (yes/no, numbers, choices), decided by its
        # dealbreakers: its score informs, it does not hold anyone back.
        pass_mark=0,
        intro="A few quick questions about eligibility and availability.",
        rubric=rubrics.FORM,
        question_kinds=(
            QuestionKind.SHORT_TEXT,
            QuestionKind.LONG_TEXT,
            QuestionKind.SINGLE_CHOICE,
            QuestionKind.MULTIPLE_CHOICE,
            QuestionKind.YES_NO,
            QuestionKind.NUMBER,
            QuestionKind.DATE,
            QuestionKind.SELF_ID,
        ),
        publish_checks=(publish_checks.needs_questions("A form needs at least one question."),),
        minutes=form_minutes,
    ),
    StageType.SMS: StageKind(
        type=StageType.SMS,
        label="Text messages",
        short="Text screen",
        duration="At your pace",
        description="Answer a few questions by text message.",
        icon="message-square-text",
        conducted="texts",
        config_model=SmsConfig,
        pass_mark=60,
        intro="We will text you a few questions. Reply at your own pace.",
        rubric=rubrics.SMS,
        question_kinds=(QuestionKind.OPEN,),
        follow_ups=True,
        publish_checks=(
            publish_checks.needs_questions("A Text messages stage needs at least one question."),
            publish_checks.sms_opening,
        ),
    ),
    StageType.VOICE: StageKind(
        type=StageType.VOICE,
        label="Voice/Video",
        short="Voice/Video",
        duration="10–20 min",
        description="A conversation with the AI interviewer, by phone or in the browser.",
        icon="mic",
        conducted="spoken",
        config_model=VoiceConfig,
        pass_mark=60,
        intro="A conversation with our AI interviewer about how you work.",
        rubric=rubrics.VOICE,
        question_kinds=(QuestionKind.OPEN,),
        follow_ups=True,
        publish_checks=(
            publish_checks.needs_questions("A Voice/Video stage needs at least one question."),
        ),
        minutes=spoken_minutes,
    ),
    StageType.ASSESSMENT: StageKind(
        type=StageType.ASSESSMENT,
        label="LLM Assessment",
        short="Assessment",
        duration="20–30 min",
        description="Work through a task with an AI assistant to produce a deliverable.",
        icon="bot",
        conducted="chat",
        config_model=AssessmentConfig,
        pass_mark=60,
        intro="Work through a realistic task together with an AI assistant.",
        rubric=rubrics.ASSESSMENT,
        publish_checks=(publish_checks.assessment_task,),
        minutes=time_limit_minutes,
    ),
}
# Each type's name across jobs, in interview order: the one table lists, filters and charts
# read.
TYPE_NAMES: dict[str, str] = {kind.value: info.short for kind, info in STAGE_KINDS.items()}

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


def by_phone(stage: Stage) -> bool:
    """Whether a stage is a spoken conversation held by a phone call.

    Args:
        stage: The stage.

    Returns:
        True for a spoken stage whose mode is "phone".
    """
    return (
        stage_kind(stage.type).conducted == "spoken" and (stage.config or {}).get("mode") == "phone"
    )


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
    return stage_kind(stage.type).conducted != "texts" and not by_phone(stage)


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
    return stage_kind(stage.type).minutes(stage, questions)
