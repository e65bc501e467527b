"""A stage's config and questions at the door: new configs, checked configs, answer rules.

A new stage's config is its kind's config model with its defaults; an update is checked
against that model (``configs.py``) and refused with a sentence per problem
(``config_messages.py``), changing nothing. The rules of a question's answers live here too:
which kinds a rubric scores, the limits of number and date answers, how many follow-ups the
AI may ask, and the voluntary self-identification question.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import ValidationError

from heymilo_app.models import QuestionKind, StageType
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.stages.config_messages import config_message
from heymilo_app.services.stages.kinds import stage_kind

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


# The most follow-ups the AI asks after one question.
MAX_FOLLOWUPS = 3


def default_config(stage_type: StageType) -> dict[str, Any]:
    """The config a new stage of a type starts with.

    Args:
        stage_type: The stage type.

    Returns:
        The config as a JSON-ready dict.
    """
    return stage_kind(stage_type).config_model().model_dump()


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
    model = stage_kind(stage_type).config_model
    try:
        return model.model_validate(config).model_dump()
    except ValidationError as error:
        raise ValueError(
            " ".join(config_message(model, item) for item in error.errors())
        ) from error
