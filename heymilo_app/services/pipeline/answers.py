"""A candidate's answers: each checked and normalized for its question's kind, and read back
as people read them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from heymilo_app.models import Question, QuestionKind, utcnow
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.stages.stage_config import MAX_DATE_YEARS_AHEAD, answer_limits

MAX_SHORT_TEXT = 500
MAX_LONG_TEXT = 10_000


def validate_answer(question: Question, value: Any) -> Any:
    """Check and normalize one answer for its question's kind.

    Args:
        question: The question.
        value: What the page sent (text, or a list for multiple choice).

    Returns:
        The stored form: text, "yes"/"no", a number as text, an ISO date, or a list.
        ``None`` means "no answer".

    Raises:
        Invalid: Under the question's id, with what to fix.
    """
    key = str(question.id)
    kind = QuestionKind(question.kind)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        chosen = value if isinstance(value, list) else ([value] if value else [])
        chosen = [str(v) for v in chosen]
        if not set(chosen) <= set(question.options):
            raise Invalid({key: "Choose among the options shown."})
        return [o for o in question.options if o in chosen] or None
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.OPEN):
        if len(text) > MAX_SHORT_TEXT:
            raise Invalid({key: f"Keep it under {MAX_SHORT_TEXT} characters."})
        return text
    if kind == QuestionKind.LONG_TEXT:
        if len(text) > MAX_LONG_TEXT:
            raise Invalid({key: f"Keep it under {MAX_LONG_TEXT:,} characters."})
        return text
    if kind == QuestionKind.YES_NO:
        if text.lower() not in ("yes", "no"):
            raise Invalid({key: "Answer yes or no."})
        return text.lower()
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.SELF_ID):
        if text not in question.options:
            raise Invalid({key: "Choose one of the options shown."})
        return text
    limits = answer_limits(kind, question.prompt, question.limits)
    if kind == QuestionKind.NUMBER:
        return _checked_number(key, text, limits)
    if kind == QuestionKind.DATE:
        return _checked_date(key, text, limits)
    return text


# A number as people write it: digits, thousands separated by commas or spaces, a decimal
# point. Not "1e3", "0x10", "inf" or "½" (float() takes some of them).
_PLAIN_NUMBER = re.compile(r"[+-]?(\d{1,3}([, ]\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+")


def _number_text(number: float) -> str:
    return f"{number:,.10g}"


def _checked_number(key: str, text: str, limits: dict[str, Any]) -> str:
    if not _PLAIN_NUMBER.fullmatch(text):
        raise Invalid({key: "Enter a number, like 3 or 2.5."})
    number = float(re.sub(r"[, ]", "", text))
    low, high = limits.get("min"), limits.get("max")
    if low is not None and high is not None and not low <= number <= high:
        raise Invalid({key: f"Enter a number from {_number_text(low)} to {_number_text(high)}."})
    if low is not None and number < low:
        raise Invalid({key: f"Enter {_number_text(low)} or more."})
    if high is not None and number > high:
        raise Invalid({key: f"Enter {_number_text(high)} or less."})
    if abs(number) > 1e9:
        raise Invalid({key: "Enter a number, like 3 or 2.5."})
    return str(int(number)) if number.is_integer() else f"{number:.10g}"


def _checked_date(key: str, text: str, limits: dict[str, Any]) -> str:
    try:
        given = date.fromisoformat(text)
    except ValueError:
        raise Invalid({key: "Enter a date (year-month-day)."}) from None
    # A day of grace: "today" where the candidate is may be yesterday in UTC.
    today = utcnow().date()
    if limits.get("earliest") == "today" and given < today - timedelta(days=1):
        raise Invalid({key: "Choose today or a later date."})
    if given > today + timedelta(days=round(365.25 * MAX_DATE_YEARS_AHEAD)):
        raise Invalid({key: f"Choose a date within {MAX_DATE_YEARS_AHEAD} years; check the year."})
    return given.isoformat()


def answer_text(value: Any) -> str:
    """A stored answer as people read it (choices joined by commas).

    Args:
        value: The stored answer.

    Returns:
        The text ("" for no answer).
    """
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
