"""What the builder page shows, as plain dataclasses the Reflex states hold.

Pure functions turn the builder service's ``InterviewDraft`` (and the problems of a publish
check) into cards and forms; no database work happens here.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from heymilo_app.models import QuestionKind
from heymilo_app.services.jobs.interview_checks import Problem
from heymilo_app.services.jobs.interviews import InterviewDraft, StageDraft
from heymilo_app.services.stages.kinds import stage_kind
from heymilo_app.services.stages.stage_config import (
    QUESTION_KIND_LABELS,
    SCORED_KINDS,
    answer_limits,
)
from heymilo_app.state.candidate_view import stage_duration


@dataclasses.dataclass
class StageCard:
    """One card of the stage list."""

    id: int = 0
    index: int = 0
    type: str = ""
    label: str = ""
    title: str = ""
    duration: str = ""
    question_count: int = 0
    has_questions: bool = False
    has_dealbreakers: bool = False
    problem_count: int = 0


@dataclasses.dataclass
class CriterionForm:
    """One rubric criterion in the settings panel."""

    index: int = 0
    name: str = ""
    weight: str = "1"
    low: str = ""
    high: str = ""
    error_name: str = ""
    error_weight: str = ""


@dataclasses.dataclass
class QuestionForm:
    """One question in the settings panel, with its dealbreaker rule spelled out."""

    id: int = 0
    index: int = 0
    prompt: str = ""
    kind: str = ""
    kind_label: str = ""
    options_text: str = ""
    options: list[str] = dataclasses.field(default_factory=list)
    required: bool = True
    scored: bool = True
    weight: str = "1"
    followups: str = "0"
    # A number's smallest and largest answers ("" for none), a date's earliest ("today"/"any").
    limit_min: str = ""
    limit_max: str = ""
    earliest: str = "today"
    is_choice: bool = False
    # The stage's voluntary self-identification question: optional, unscored, never a rule.
    is_self_id: bool = False
    # Whether its answers are words the rubric scores (yes/no, numbers, dates and choices are
    # facts its dealbreaker checks).
    scorable: bool = False
    can_dealbreak: bool = False
    has_dealbreaker: bool = False
    rule: str = ""
    rule_value: str = ""
    rule_values: list[str] = dataclasses.field(default_factory=list)
    # What a failed rule does: "disqualify" or "review".
    rule_action: str = "disqualify"
    error_prompt: str = ""
    error_options: str = ""
    error_weight: str = ""
    error_dealbreaker: str = ""
    error_followups: str = ""
    error_kind: str = ""
    error_required: str = ""
    error_scored: str = ""


@dataclasses.dataclass
class StageForm:
    """The selected stage's settings."""

    id: int = 0
    type: str = ""
    label: str = ""
    # How a stage of its kind is conducted ("page", "texts", "spoken", "chat").
    conducted: str = ""
    title: str = ""
    intro_text: str = ""
    pass_threshold: str = "60"
    dealbreakers_enabled: bool = True
    # How many dealbreaker rules the stage holds (its questions', or the resume's).
    dealbreaker_count: int = 0
    takes_questions: bool = False
    followups_allowed: bool = False
    question_kinds: list[str] = dataclasses.field(default_factory=list)
    # Whether the stage already asks its (one) self-identification question.
    has_self_id: bool = False
    # Resume requirements.
    must_have: str = ""
    nice_to_have: str = ""
    min_years: str = ""
    education: str = ""
    locations: str = ""
    work_authorization: str = ""
    resume_dealbreakers: list[str] = dataclasses.field(default_factory=list)
    # What a missed resume dealbreaker does: "disqualify" or "review".
    resume_dealbreaker_action: str = "disqualify"
    # SMS.
    opening: str = ""
    # Voice/Video.
    mode: str = "browser_voice"
    voice: str = ""
    # Assessment.
    brief: str = ""
    deliverable: str = ""
    time_limit_minutes: str = "25"
    persona: str = ""
    # Messages at fields after a publish check.
    errors: dict[str, str] = dataclasses.field(default_factory=dict)


def problems_by_place(problems: list[Problem]) -> dict[tuple[int | None, int | None], dict]:
    """Group problems by (stage id, question id), then by field.

    Args:
        problems: From a publish check.

    Returns:
        Nested mapping of messages.
    """
    grouped: dict[tuple[int | None, int | None], dict] = defaultdict(dict)
    for problem in problems:
        grouped[(problem.stage_id, problem.question_id)].setdefault(problem.field, problem.message)
    return grouped


def stage_cards(draft: InterviewDraft, problems: list[Problem]) -> list[StageCard]:
    """Cards for the stage list, in order.

    Args:
        draft: The builder's view of the interview.
        problems: Problems of the last publish check (may be empty).

    Returns:
        One card per stage.
    """
    counts: dict[int | None, int] = defaultdict(int)
    for problem in problems:
        counts[problem.stage_id] += 1
    return [
        StageCard(
            id=item.stage.id,
            index=index,
            type=str(item.stage.type),
            label=stage_kind(item.stage.type).label,
            title=item.stage.title,
            # As the candidate's welcome page says it (the builder is in English).
            duration=stage_duration(item, "en"),
            question_count=len(item.questions),
            has_questions=bool(stage_kind(item.stage.type).question_kinds),
            has_dealbreakers=item.has_dealbreakers,
            problem_count=counts[item.stage.id],
        )
        for index, item in enumerate(draft.stages)
    ]


def _join(values: list[str]) -> str:
    return ", ".join(values)


def stage_form(item: StageDraft, problems: list[Problem]) -> StageForm:
    """The settings form of one stage.

    Args:
        item: The stage and its questions.
        problems: Problems of the last publish check.

    Returns:
        The form.
    """
    stage = item.stage
    config = stage.config
    errors = problems_by_place(problems).get((stage.id, None), {})
    info = stage_kind(stage.type)
    kinds = info.question_kinds
    return StageForm(
        id=stage.id,
        type=str(stage.type),
        label=info.label,
        conducted=info.conducted,
        title=stage.title,
        intro_text=stage.intro_text,
        pass_threshold=str(stage.pass_threshold),
        dealbreakers_enabled=stage.dealbreakers_enabled,
        dealbreaker_count=item.dealbreaker_count,
        takes_questions=bool(kinds),
        followups_allowed=info.follow_ups,
        question_kinds=[str(kind) for kind in kinds],
        has_self_id=any(q.kind == QuestionKind.SELF_ID for q in item.questions),
        must_have=_join(config.get("must_have", [])),
        nice_to_have=_join(config.get("nice_to_have", [])),
        min_years="" if config.get("min_years") is None else str(config.get("min_years")),
        education=config.get("education", ""),
        locations=_join(config.get("locations", [])),
        work_authorization=config.get("work_authorization", ""),
        resume_dealbreakers=list(config.get("dealbreakers", [])),
        resume_dealbreaker_action="review" if config.get("dealbreaker_review") else "disqualify",
        opening=config.get("opening", ""),
        mode=config.get("mode", "browser_voice"),
        voice=config.get("voice", ""),
        brief=config.get("brief", ""),
        deliverable=config.get("deliverable", ""),
        time_limit_minutes=str(config.get("time_limit_minutes", 25)),
        persona=config.get("persona", ""),
        errors={key: value for key, value in errors.items()},
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def rubric_forms(item: StageDraft, problems: list[Problem]) -> list[CriterionForm]:
    """The rubric of one stage as editable rows.

    Args:
        item: The stage.
        problems: Problems of the last publish check.

    Returns:
        One row per criterion.
    """
    errors = problems_by_place(problems).get((item.stage.id, None), {})
    return [
        CriterionForm(
            index=index,
            name=str(criterion.get("name", "")),
            weight=_number(float(criterion.get("weight", 1) or 0)),
            low=str(criterion.get("low", "")),
            high=str(criterion.get("high", "")),
            error_name=errors.get(f"rubric.{index}.name", ""),
            error_weight=errors.get(f"rubric.{index}.weight", ""),
        )
        for index, criterion in enumerate(item.stage.rubric)
    ]


def question_forms(item: StageDraft, problems: list[Problem]) -> list[QuestionForm]:
    """The questions of one stage as editable rows.

    Args:
        item: The stage and its questions.
        problems: Problems of the last publish check.

    Returns:
        One row per question.
    """
    grouped = problems_by_place(problems)
    forms = []
    for index, question in enumerate(item.questions):
        errors = grouped.get((item.stage.id, question.id), {})
        kind = QuestionKind(question.kind)
        self_id = kind == QuestionKind.SELF_ID
        rule = question.dealbreaker or {}
        value = rule.get("value", "")
        limits = answer_limits(kind, question.prompt, question.limits)
        forms.append(
            QuestionForm(
                id=question.id,
                index=index,
                prompt=question.prompt,
                kind=str(kind),
                kind_label=QUESTION_KIND_LABELS[str(kind)],
                options_text="\n".join(question.options),
                options=list(question.options),
                required=question.required,
                scored=question.scored,
                weight=_number(question.weight),
                followups=str(question.followups),
                limit_min="" if limits.get("min") is None else _number(limits["min"]),
                limit_max="" if limits.get("max") is None else _number(limits["max"]),
                earliest=str(limits.get("earliest", "today")),
                is_choice=kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE),
                is_self_id=self_id,
                # A self-identification question shows these switches only to turn off what
                # an older version left on (the builder never turns them on).
                scorable=kind in SCORED_KINDS or (self_id and question.scored),
                can_dealbreak=kind
                in (
                    QuestionKind.YES_NO,
                    QuestionKind.NUMBER,
                    QuestionKind.SINGLE_CHOICE,
                    QuestionKind.MULTIPLE_CHOICE,
                )
                or (self_id and question.dealbreaker is not None),
                has_dealbreaker=question.dealbreaker is not None,
                rule=str(rule.get("rule", "")),
                rule_value=""
                if value is None
                else _number(value)
                if isinstance(value, int | float) and not isinstance(value, bool)
                else str(value),
                rule_values=[str(v) for v in rule.get("values", [])],
                rule_action="review" if rule.get("action") == "review" else "disqualify",
                error_prompt=errors.get("prompt", ""),
                error_options=errors.get("options", ""),
                error_weight=errors.get("weight", ""),
                error_dealbreaker=errors.get("dealbreaker", ""),
                error_followups=errors.get("followups", ""),
                error_kind=errors.get("kind", ""),
                error_required=errors.get("required", ""),
                error_scored=errors.get("scored", ""),
            )
        )
    return forms
