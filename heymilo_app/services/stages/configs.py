"""What each kind of stage may be configured with: one pydantic model per kind.

Configs are stored as JSON on ``Stage.config``; these models are the schema at the door: an
update that does not fit is refused with a message per field and changes nothing. The
registry of kinds (``kinds.py``) names each kind's model; the labels here are how the
builder names a config's choices.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
    """Trimmed entries, each at most 120 characters, without blanks or repeats (any case).

    Args:
        values: The entries as given.

    Returns:
        The cleaned entries, in their order.
    """
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
