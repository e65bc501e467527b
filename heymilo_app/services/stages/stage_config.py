"""What each stage type may be configured with, its defaults, and the rules a publish checks.

Configs are stored as JSON on ``Stage.config``; these pydantic models are the schema at the door:
an update that does not fit is refused with a message per field and changes nothing.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from heymilo_app.models import QuestionKind, StageType
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.common.i18n import VOICES

ResumeDealbreaker = Literal[
    "must_have", "min_years", "education", "locations", "work_authorization"
]
VoiceMode = Literal["phone", "browser_voice", "browser_video"]

RESUME_DEALBREAKER_LABELS: dict[str, str] = {
    "must_have": "Must-have skills",
    "min_years": "Minimum years of experience",
    "education": "Education",
    "locations": "Locations",
    "work_authorization": "Work authorization",
}
VOICE_MODE_LABELS: dict[str, str] = {
    "phone": "Phone call",
    "browser_voice": "Browser, voice only",
    "browser_video": "Browser, voice and video",
}


def _clean_list(values: list[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        value = str(value).strip()
        if value and value.lower() not in (item.lower() for item in seen):
            seen.append(value[:120])
    return seen


class StageConfig(BaseModel):
    """What every stage config shares: unknown keys dropped, text trimmed."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ResumeConfig(StageConfig):
    """Requirements a resume is screened against."""

    must_have: list[str] = Field(default_factory=list, max_length=40)
    nice_to_have: list[str] = Field(default_factory=list, max_length=40)
    min_years: int | None = Field(default=None, ge=0, le=50)
    education: str = Field(default="", max_length=200)
    locations: list[str] = Field(default_factory=list, max_length=40)
    work_authorization: str = Field(default="", max_length=200)
    # Which requirements disqualify when unmet.
    dealbreakers: list[ResumeDealbreaker] = Field(default_factory=list)
    # Which of those send the application to a recruiter's review instead of disqualifying.
    dealbreaker_review: list[ResumeDealbreaker] = Field(default_factory=list)

    @field_validator("must_have", "nice_to_have", "locations")
    @classmethod
    def _dedupe(cls, values: list[str]) -> list[str]:
        return _clean_list(values)


class FormConfig(StageConfig):
    """A questionnaire; everything lives in its questions."""


class SmsConfig(StageConfig):
    """A text-message conversation."""

    opening: str = Field(
        default="Hi {candidate_first_name}, this is the hiring team at {company_name} about "
        "the {job_title} role. A few quick questions by text; reply whenever suits you.",
        max_length=640,
    )


class VoiceConfig(StageConfig):
    """A spoken conversation by phone or in the browser."""

    mode: VoiceMode = "browser_voice"
    # Voice of the AI interviewer; empty means the organization's default.
    voice: str = Field(default="", max_length=80)

    @field_validator("voice")
    @classmethod
    def _known_voice(cls, value: str) -> str:
        if value and not any(value in voices for voices in VOICES.values()):
            raise ValueError("Choose the voice from the list.")
        return value


class AssessmentConfig(StageConfig):
    """A task the candidate works through with an AI assistant."""

    brief: str = Field(default="", max_length=5000)
    deliverable: str = Field(default="", max_length=1000)
    time_limit_minutes: int = Field(default=25, ge=5, le=120)
    persona: str = Field(
        default="A capable, neutral assistant that does what it is asked and no more.",
        max_length=1000,
    )


CONFIG_MODELS: dict[StageType, type[StageConfig]] = {
    StageType.RESUME: ResumeConfig,
    StageType.FORM: FormConfig,
    StageType.SMS: SmsConfig,
    StageType.VOICE: VoiceConfig,
    StageType.ASSESSMENT: AssessmentConfig,
}

# Which question kinds each stage type holds (resume and assessment hold none).
QUESTION_KINDS: dict[StageType, tuple[QuestionKind, ...]] = {
    StageType.RESUME: (),
    StageType.FORM: (
        QuestionKind.SHORT_TEXT,
        QuestionKind.LONG_TEXT,
        QuestionKind.SINGLE_CHOICE,
        QuestionKind.MULTIPLE_CHOICE,
        QuestionKind.YES_NO,
        QuestionKind.NUMBER,
        QuestionKind.DATE,
        QuestionKind.SELF_ID,
    ),
    StageType.SMS: (QuestionKind.OPEN,),
    StageType.VOICE: (QuestionKind.OPEN,),
    StageType.ASSESSMENT: (),
}

# Answers that are words, which a rubric scores; yes/no, numbers, dates and choices are facts
# their dealbreaker checks.
SCORED_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT, QuestionKind.OPEN)

QUESTION_KIND_LABELS: dict[str, str] = {
    "short_text": "Short text",
    "long_text": "Long text",
    "single_choice": "Single choice",
    "multiple_choice": "Multiple choice",
    "yes_no": "Yes / no",
    "number": "Number",
    "date": "Date",
    "open": "Open question",
    "self_id": "Self-identification (voluntary)",
}

# The voluntary self-identification question a form may carry (at most one per stage): never
# required, never scored, never a dealbreaker, read only as group totals for the adverse
# impact report. "Prefer not to say" is always offered, as the last choice.
SELF_ID_PROMPT = "How do you describe your gender?"
SELF_ID_DECLINE = "Prefer not to say"
SELF_ID_OPTIONS = ("Woman", "Man", "Non-binary", "Prefer to self-describe", SELF_ID_DECLINE)
assert SELF_ID_OPTIONS[3] == "Prefer to self-describe"
SELF_ID_EXPLANATION = (
    "Answers are optional, never shown to reviewers or used in any score, and only appear as "
    "group totals in the adverse impact report."
)


# A number question's answers: never below 0 unless the builder says so; a question about
# years (of experience, in a role) takes at most 60. A date question's: today or later (a
# start date), unless the builder allows any date. Dates more than 10 years away are typos.
YEARS_PROMPT = re.compile(r"\b(years?|años?|ans|années?|jahre?n?|anos?)\b", re.IGNORECASE)
MONEY_PROMPT = re.compile(r"salar|pay|wage|compensation|sueldo|salaire|gehalt|\$|€|£", re.I)
MAX_YEARS = 60
MAX_DATE_YEARS_AHEAD = 10
DATE_EARLIEST = ("today", "any")


def answer_limits(kind: str, prompt: str, limits: dict[str, Any] | None) -> dict[str, Any]:
    """The answers a number or date question takes: the builder's, or the defaults.

    Args:
        kind: The question's kind.
        prompt: Its wording (a question about years takes at most 60).
        limits: What the builder set (``Question.limits``), or None.

    Returns:
        {"min": float | None, "max": float | None} for a number, {"earliest": "today" | "any"}
        for a date, {} for the other kinds.
    """
    given = dict(limits or {})
    if kind == QuestionKind.NUMBER:
        years = bool(YEARS_PROMPT.search(prompt or "")) and not MONEY_PROMPT.search(prompt or "")
        return {
            "min": given.get("min", 0.0),
            "max": given["max"] if "max" in given else (float(MAX_YEARS) if years else None),
        }
    if kind == QuestionKind.DATE:
        earliest = given.get("earliest")
        return {"earliest": earliest if earliest in DATE_EARLIEST else "today"}
    return {}


def checked_limits(kind: str, limits: Any) -> dict[str, Any] | None:
    """The builder's limits for a question, checked (None clears them: the defaults apply).

    Args:
        kind: The question's kind.
        limits: {"min": number | "" | None, "max": ...} or {"earliest": "today" | "any"}.

    Returns:
        The limits to store.

    Raises:
        Invalid: Under "limits", saying what to fix.
    """

    if limits is None:
        return None
    if not isinstance(limits, dict):
        raise Invalid({"limits": "Set the smallest and largest answers, or leave them empty."})
    if kind == QuestionKind.NUMBER:
        checked: dict[str, Any] = {}
        for name in ("min", "max"):
            raw = limits.get(name)
            if raw is None or str(raw).strip() == "":
                checked[name] = None
                continue
            try:
                number = float(str(raw).strip().replace(",", ""))
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or abs(number) > 1e9:
                raise Invalid({"limits": "The smallest and largest answers must be numbers."})
            checked[name] = number
        low, high = checked["min"], checked["max"]
        if low is not None and high is not None and low > high:
            raise Invalid({"limits": "The smallest answer must not be above the largest."})
        return checked
    if kind == QuestionKind.DATE:
        if limits.get("earliest") not in DATE_EARLIEST:
            raise Invalid({"limits": "Choose which dates a candidate may give."})
        return {"earliest": limits["earliest"]}
    raise Invalid({"limits": "Only number and date questions have limits."})


# The self-identification choice that opens a box to describe oneself, as it is worded in
# the five languages the candidate pages speak.
SELF_ID_DESCRIBE = "Prefer to self-describe"
_DESCRIBE_WORDS = re.compile(
    r"self-describ|autodescri|me décrire|selbst beschreib|beschreibe mich selbst", re.I
)
MAX_SELF_DESCRIPTION = 100


def describe_option(options: list[str]) -> str:
    """The self-identification choice that lets the candidate describe themselves, or "".

    Args:
        options: The question's choices.

    Returns:
        The choice as it is worded ("Prefer to self-describe"), or "" when there is none.
    """
    return next((option for option in options if _DESCRIBE_WORDS.search(option)), "")


def self_id_options(options: list[str]) -> list[str]:
    """A self-identification question's choices with "Prefer not to say" kept last.

    Args:
        options: The choices as the recruiter wrote them (already cleaned).

    Returns:
        The same choices, with "Prefer not to say" moved (or added) to the end.
    """
    kept = [option for option in options if option.casefold() != SELF_ID_DECLINE.casefold()]
    return [*kept, SELF_ID_DECLINE]


# Stages whose questions the AI may follow up on.
FOLLOWUP_STAGES = (StageType.SMS, StageType.VOICE)
MAX_FOLLOWUPS = 3


def _criterion(name: str, low: str, high: str, weight: float = 1.0) -> dict[str, Any]:
    return {"name": name, "weight": weight, "low": low, "high": high}


# Score out of 100 a stage needs to pass. A form's answers are facts (yes/no, numbers,
# choices), decided by its dealbreakers: its score informs, it does not hold anyone back.
DEFAULT_PASS_THRESHOLDS: dict[StageType, int] = {
    StageType.RESUME: 60,
    StageType.FORM: 0,
    StageType.SMS: 60,
    StageType.VOICE: 60,
    StageType.ASSESSMENT: 60,
}

DEFAULT_RUBRICS: dict[StageType, list[dict[str, Any]]] = {
    StageType.RESUME: [
        _criterion(
            "Relevant experience",
            "No related experience.",
            "Several years doing closely related work.",
        ),
        _criterion(
            "Skills match",
            "Few of the required skills.",
            "Every must-have skill and most nice-to-haves.",
        ),
    ],
    StageType.FORM: [
        _criterion(
            "Fit with the role's basics",
            "Availability or logistics do not fit.",
            "Availability and logistics fit the role well.",
        ),
    ],
    StageType.SMS: [
        _criterion("Clarity", "Hard to follow.", "Clear, concise and specific."),
        _criterion(
            "Relevance",
            "Does not answer the question.",
            "Answers directly with a concrete example.",
        ),
    ],
    StageType.VOICE: [
        _criterion(
            "Problem solving",
            "No structured approach.",
            "Breaks the problem down and explains trade-offs.",
        ),
        _criterion("Communication", "Hard to follow.", "Clear, structured and specific."),
        _criterion(
            "Role knowledge",
            "Little knowledge of the work.",
            "Deep, practical knowledge of the work.",
        ),
    ],
    StageType.ASSESSMENT: [
        _criterion(
            "Prompt clarity",
            "Vague requests the AI cannot act on.",
            "Precise instructions with context and constraints.",
        ),
        _criterion(
            "Guiding the AI",
            "Accepts whatever the AI returns.",
            "Checks, corrects and steers the AI toward the goal.",
        ),
        _criterion(
            "Quality of the deliverable",
            "Incomplete or wrong.",
            "Complete, correct and ready to use.",
        ),
    ],
}

DEFAULT_INTROS: dict[StageType, str] = {
    StageType.RESUME: "Share your resume so we can match your experience to the role.",
    StageType.FORM: "A few quick questions about eligibility and availability.",
    StageType.SMS: "We will text you a few questions. Reply at your own pace.",
    StageType.VOICE: "A conversation with our AI interviewer about how you work.",
    StageType.ASSESSMENT: "Work through a realistic task together with an AI assistant.",
}


def default_config(stage_type: StageType) -> dict[str, Any]:
    """The config a new stage of a type starts with.

    Args:
        stage_type: The stage type.

    Returns:
        The config as a JSON-ready dict.
    """
    return CONFIG_MODELS[StageType(stage_type)]().model_dump()


def validated_config(stage_type: StageType, config: dict[str, Any]) -> dict[str, Any]:
    """Check a stage config against its type's schema.

    Args:
        stage_type: The stage type.
        config: The whole config to store.

    Returns:
        The normalized config.

    Raises:
        ValueError: With one "field: message" line per problem.
    """
    model = CONFIG_MODELS[StageType(stage_type)]
    try:
        return model.model_validate(config).model_dump()
    except ValidationError as error:
        raise ValueError(
            " ".join(config_message(model, item) for item in error.errors())
        ) from error


# How a setting is named in a sentence, and its unit.
CONFIG_LABELS: dict[str, tuple[str, str]] = {
    "time_limit_minutes": ("The time limit", " minutes"),
    "min_years": ("The minimum years of experience", " years"),
    "max_rounds": ("The number of rounds", ""),
    "must_have": ("The must-have skills", ""),
    "nice_to_have": ("The nice-to-have skills", ""),
    "locations": ("The locations", ""),
    "education": ("The education requirement", ""),
    "work_authorization": ("The work authorization requirement", ""),
    "opening": ("The first text", ""),
    "brief": ("The task brief", ""),
    "deliverable": ("The deliverable", ""),
    "persona": ("The assistant's persona", ""),
    "voice": ("The voice", ""),
    "mode": ("The mode", ""),
}


def _bounds(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    info = model.model_fields.get(name)
    low = high = None
    for rule in info.metadata if info else []:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def config_message(model: type[BaseModel], item: dict[str, Any]) -> str:
    """One problem with a stage setting, as a person would say it.

    Args:
        model: The stage type's config model.
        item: One of pydantic's errors.

    Returns:
        A sentence, e.g. "The time limit must be from 5 to 120 minutes."
    """
    name = str(item["loc"][0]) if item.get("loc") else ""
    label, unit = CONFIG_LABELS.get(name, (f"The {name.replace('_', ' ')}" if name else "It", ""))
    kind, ctx = item.get("type", ""), item.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(model, name)
        if low is not None and high is not None:
            return f"{label} must be from {low} to {high}{unit}."
        if low is not None:
            return f"{label} must be {low}{unit} or more."
        return f"{label} must be {high}{unit} or less."
    if kind in ("int_parsing", "int_type", "int_from_float", "float_parsing"):
        return f"{label} must be a whole number{unit and ' of' + unit}."
    if kind == "string_too_long":
        return f"{label} must be at most {ctx.get('max_length')} characters."
    if kind == "too_long":
        return f"{label} can hold at most {ctx.get('max_length')} entries."
    if kind == "literal_error":
        return f"Choose {label[0].lower() + label[1:]} from the list."
    if kind == "value_error":
        return str(ctx.get("error", "")) or f"{label} is not valid."
    if kind == "extra_forbidden":
        return f"{label} is not a setting of this stage."
    return f"{label} is not valid: {item.get('msg', 'check it')}."
