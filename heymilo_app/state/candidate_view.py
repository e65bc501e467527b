"""What candidate pages show, as dataclasses: the welcome page and each stage.

Shared by the candidate's own pages and the recruiter's preview, so both show the same thing.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from heymilo_app.models import Branding, Organization, Question, QuestionKind, Stage
from heymilo_app.models.base import utcnow
from heymilo_app.services.common import i18n
from heymilo_app.services.jobs.interviews import StageDraft
from heymilo_app.services.stages.kinds import STAGE_KINDS, stage_kind, stage_minutes
from heymilo_app.services.stages.stage_config import (
    SELF_ID_DECLINE,
    SELF_ID_OPTIONS,
    SELF_ID_PROMPT,
    answer_limits,
    describe_option,
)

# Fixed texts every candidate page needs, translated into the organization's language.
TEXT_KEYS = (
    "welcome_heading",
    "whats_ahead",
    "ai_disclosure",
    "start",
    "submit",
    "required",
    "optional",
    "voluntary",
    "voluntary_note",
    "yes",
    "no",
    "choose",
    "resume_upload",
    "resume_paste",
    "sms_expect",
    "voice_phone",
    "voice_browser_voice",
    "voice_browser_video",
    "voice_first_question",
    "assessment_task",
    "assessment_deliverable",
)


@dataclasses.dataclass
class BrandView:
    """The hiring organization's look."""

    company: str = ""
    logo_url: str = ""
    primary_color: str = "#4F46E5"
    accent_color: str = "#0284C7"
    welcome_message: str = ""
    language: str = "en"


@dataclasses.dataclass
class StageSummary:
    """One line of the welcome page's list of stages."""

    title: str = ""
    label: str = ""
    duration: str = ""
    about: str = ""


@dataclasses.dataclass
class CandidateQuestion:
    """A question as a candidate answers it."""

    id: int = 0
    prompt: str = ""
    kind: str = ""
    options: list[str] = dataclasses.field(default_factory=list)
    required: bool = True
    # The options as the candidate reads them (built-in ones translated); the values sent
    # and stored stay ``options``.
    labels: list[str] = dataclasses.field(default_factory=list)
    # A date question's earliest date (ISO, the date picker's min), "" for any date.
    earliest_date: str = ""
    # A self-identification question's choice that opens a box to describe oneself.
    describe_option: str = ""


@dataclasses.dataclass
class CandidateStage:
    """One stage as a candidate sees it."""

    id: int = 0
    type: str = ""
    title: str = ""
    intro: str = ""
    questions: list[CandidateQuestion] = dataclasses.field(default_factory=list)
    opening: str = ""
    mode: str = ""
    first_question: str = ""
    brief: str = ""
    deliverable: str = ""
    time_limit: str = ""


def brand_view(organization: Organization, branding: Branding, logo_url: str) -> BrandView:
    """The organization's look for candidate pages.

    Args:
        organization: The hiring organization.
        branding: Its branding.
        logo_url: Where its logo is served, or "".

    Returns:
        The view.
    """
    return BrandView(
        company=organization.name,
        logo_url=logo_url,
        primary_color=branding.primary_color,
        accent_color=branding.accent_color,
        welcome_message=branding.welcome_message,
        language=i18n.language_or_default(organization.language),
    )


def stage_duration(item: StageDraft, language: str) -> str:
    """How long a stage takes, in words (the figure is ``stages.stage_minutes``).

    Args:
        item: The stage and its questions.
        language: The organization's language.

    Returns:
        The duration as the welcome page shows it.
    """
    figure = stage_minutes(item.stage, item.questions)
    if figure is None:
        return i18n.t(language, f"duration_{item.stage.type}")
    kind, minutes = figure
    return i18n.t(language, f"duration_{kind}", minutes=minutes)


def stage_summaries(stages: list[StageDraft], language: str) -> list[StageSummary]:
    """The stages ahead, for the welcome page.

    Args:
        stages: The interview's stages in order.
        language: The organization's language.

    Returns:
        One summary per stage.
    """
    return [
        StageSummary(
            title=stage_title(item.stage, language),
            label=i18n.t(language, f"stage_{item.stage.type}"),
            duration=stage_duration(item, language),
            about=i18n.t(language, f"about_{item.stage.type}"),
        )
        for item in stages
    ]


def earliest_date(question: Question) -> str:
    """The earliest date a date question takes, for the date picker ("" for any date).

    Args:
        question: The question.

    Returns:
        An ISO date (yesterday in UTC: the engine gives a day of grace for time zones), or "".
    """
    if question.kind != QuestionKind.DATE:
        return ""
    if answer_limits(question.kind, question.prompt, question.limits)["earliest"] != "today":
        return ""
    return (utcnow().date() - timedelta(days=1)).isoformat()


def fill(text: str, values: dict[str, str]) -> str:
    """Fill {placeholders} that have a value; leave the others as they are.

    Args:
        text: A text with placeholders.
        values: Placeholder values.

    Returns:
        The text.
    """
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


# The built-in English texts a new stage starts with, and their catalog keys: shown in the
# organization's language while the recruiter has not rewritten them.
BUILT_IN_TEXTS: dict[str, str] = {
    **{kind.intro: f"intro_{kind.type.value}" for kind in STAGE_KINDS.values()},
    SELF_ID_PROMPT: "self_id_prompt",
    **dict(
        zip(
            SELF_ID_OPTIONS,
            ("self_id_woman", "self_id_man", "self_id_non_binary", "self_id_describe"),
            strict=False,
        )
    ),
    SELF_ID_DECLINE: "self_id_decline",
}


def in_language(text: str, language: str) -> str:
    """A built-in default text in the organization's language; any other text as written.

    Args:
        text: What the stage or question holds.
        language: The organization's language.

    Returns:
        The text to show.
    """
    key = BUILT_IN_TEXTS.get(text)
    return i18n.t(language, key) if key and i18n.language_or_default(language) != "en" else text


def stage_title(stage: Stage, language: str) -> str:
    """A stage's title: the recruiter's own, or its type's name in the organization's language."""
    built_in = stage.title == stage_kind(stage.type).label
    if not stage.title or (built_in and i18n.language_or_default(language) != "en"):
        return i18n.t(language, f"stage_{stage.type}")
    return stage.title


def candidate_stage(
    item: StageDraft, values: dict[str, str], language: str = "en"
) -> CandidateStage:
    """One stage as the candidate sees it, its built-in texts in the organization's language.

    Args:
        item: The stage and its questions.
        values: Placeholder values (candidate_first_name, job_title, company_name).
        language: The organization's language.

    Returns:
        The view.
    """
    stage, config = item.stage, item.stage.config
    return CandidateStage(
        id=stage.id or 0,
        type=str(stage.type),
        title=stage_title(stage, language),
        intro=in_language(stage.intro_text, language),
        questions=[
            CandidateQuestion(
                id=q.id,
                prompt=in_language(q.prompt, language),
                kind=str(q.kind),
                options=list(q.options),
                labels=[in_language(option, language) for option in q.options],
                required=q.required,
                earliest_date=earliest_date(q),
                describe_option=describe_option(q.options)
                if q.kind == QuestionKind.SELF_ID
                else "",
            )
            for q in item.questions
        ],
        opening=fill(str(config.get("opening", "")), values),
        mode=str(config.get("mode", "")),
        first_question=item.questions[0].prompt if item.questions else "",
        brief=str(config.get("brief", "")),
        deliverable=str(config.get("deliverable", "")),
        time_limit=str(config.get("time_limit_minutes", "")),
    )
