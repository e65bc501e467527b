"""The shape of a drafted interview: what either drafting engine produces.

A ``DraftSpec`` names everything the five stages of a new draft need: the resume's requirements
and which of them are dealbreakers, form questions with their rules, the text-message and
spoken questions with how many follow-ups each may ask, the assessment's task, and rubrics. It
is the structured output schema the model is asked to fill, and what the offline generator
builds; ``drafter`` cleans and clamps it before anything is saved.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

FormKind = Literal[
    "short_text", "long_text", "single_choice", "multiple_choice", "yes_no", "number", "date"
]
Dealbreaker = Literal["none", "must_be_yes", "must_be_no", "at_least", "at_most", "one_of"]
ResumeDealbreaker = Literal[
    "must_have", "min_years", "education", "locations", "work_authorization"
]


class FormQuestionSpec(BaseModel):
    """A form question with its optional dealbreaker."""

    prompt: str
    kind: FormKind
    options: list[str]
    required: bool
    dealbreaker: Dealbreaker
    dealbreaker_number: float | None
    dealbreaker_choices: list[str]


class ConversationQuestionSpec(BaseModel):
    """A question the AI asks by text or voice, with how many follow-ups it may ask."""

    prompt: str
    followups: int


class CriterionSpec(BaseModel):
    """A rubric criterion."""

    name: str
    weight: float
    low: str
    high: str


class DraftSpec(BaseModel):
    """A complete interview: what either engine produces."""

    must_have: list[str]
    nice_to_have: list[str]
    min_years: int | None
    education: str
    locations: list[str]
    work_authorization: str
    resume_dealbreakers: list[ResumeDealbreaker]
    form_questions: list[FormQuestionSpec]
    sms_questions: list[ConversationQuestionSpec]
    voice_questions: list[ConversationQuestionSpec]
    assessment_brief: str
    assessment_deliverable: str
    assessment_minutes: int = Field(ge=5, le=120)
    resume_rubric: list[CriterionSpec]
    voice_rubric: list[CriterionSpec]
    assessment_rubric: list[CriterionSpec]
