"""The candidate's own pages as data: their texts, the form as left, their requests.

Pure helpers for ``state/candidate_link.py`` (no Reflex): they turn the engine's journey into
what the page shows.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from heymilo_app.models import Accommodation, Question, QuestionKind
from heymilo_app.services.common import i18n
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.pipeline import accommodations, records
from heymilo_app.services.pipeline.answers import validate_answer
from heymilo_app.services.stages.kinds import by_phone, stage_kind
from heymilo_app.state.candidate_view import TEXT_KEYS

# Texts of the candidate's own pages (the journey), filled with the company, job, step...
JOURNEY_KEYS = (
    *TEXT_KEYS,
    "step_of",
    "resume_choose",
    "resume_choose_button",
    "resume_reading",
    "resume_send",
    "form_autosave",
    "form_fix",
    "self_describe",
    "thanks_title",
    "thanks_text",
    "review_title",
    "review_text",
    "review_sent",
    "disqualified_title",
    "disqualified_text",
    "disqualified_review_text",
    "disqualified_reviewed",
    "request_review",
    "review_message",
    "send_request",
    "cancel",
    "adjust_toggle",
    "adjust_intro",
    "adjust_kind",
    "adjust_more_time",
    "adjust_text_instead_of_voice",
    "adjust_other",
    "adjust_details",
    "adjust_details_hint",
    "adjust_sent",
    "adjust_yours",
    "withdraw_link",
    "withdraw_title",
    "withdraw_text",
    "withdraw_confirm",
    "withdraw_keep",
    "page_moved",
    "link_expired_title",
    "link_expired_text",
    "link_withdrawn_title",
    "link_withdrawn_text",
)

# After the page changes, focus its heading so screen readers announce the new page.
FOCUS_HEADING = "setTimeout(() => document.querySelector('main h1')?.focus(), 80)"
# After a refused submit, bring the first question with a message into view and focus it.
FOCUS_FIRST_ERROR = (
    "setTimeout(() => { const e = document.querySelector('main [id^=\"answer-error-\"]');"
    " if (!e) return; const c = document.getElementById(e.id.replace('answer-error-',"
    " 'answer-')); const t = c && (c.matches('input,textarea') ? c :"
    " c.querySelector('[role=radio]')) || e; t.scrollIntoView({block: 'center'});"
    " t.focus?.(); }, 80)"
)


@dataclasses.dataclass
class AccommodationView:
    """A candidate's request for an adjustment, as they see it."""

    kind: str = ""
    details: str = ""
    # "requested", "granted" or "declined", and its translation.
    status: str = ""
    status_label: str = ""


def journey_texts(view: records.Journey) -> dict[str, str]:
    """Every text of the candidate's pages, in the organization's language, filled in.

    Args:
        view: The candidate's journey.

    Returns:
        Key to text; ``waiting_text`` says what happens at a stage done by text or phone.
    """
    language = i18n.language_or_default(view.organization.language)
    current = view.current
    values = {
        "first_name": view.candidate.first_name,
        "company": view.organization.name,
        "job": view.job.title,
        "number": view.position,
        "total": len(view.stages),
        "title": (current.title or i18n.t(language, f"stage_{current.type}")) if current else "",
    }
    texts = {key: i18n.t(language, key, **values) for key in JOURNEY_KEYS}
    texts["welcome_heading_text"] = texts["welcome_heading"]
    texts["hiring_for_text"] = i18n.t(language, "hiring_for", **values)
    texts["waiting_text"] = i18n.t(language, _waiting_key(view), **values)
    return texts


def _waiting_key(view: records.Journey) -> str:
    """Which text says what the candidate waits for: our texts, our call, or later.

    Args:
        view: The candidate's journey.

    Returns:
        The catalog key of the waiting text.
    """
    stage = view.current
    if stage is not None and (
        stage_kind(stage.type).conducted == "texts"
        or accommodations.spoken_by_text(stage, view.accommodations)
    ):
        return "waiting_sms" if view.text_to else "waiting_sms_no_phone"
    if stage is not None and by_phone(stage):
        return "waiting_phone"
    return "waiting_later"


def form_fields(
    questions: list[Question], answers: dict[str, Any]
) -> tuple[dict[str, str], dict[str, list[str]], dict[str, str]]:
    """The form as the candidate left it: answers, drafts that did not fit, their messages.

    Args:
        questions: The stage's questions.
        answers: The attempt's answers (question id as text; drafts under "draft:{id}").

    Returns:
        Text answers, multiple-choice picks and messages, each by question id as text.
    """
    values: dict[str, str] = {}
    picks: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for question in questions:
        key, draft = str(question.id), f"draft:{question.id}"
        given = answers.get(draft, answers.get(key))
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            picks[key] = [str(v) for v in given] if isinstance(given, list) else []
            values[key] = ""
        else:
            values[key] = "" if given is None else str(given)
            picks[key] = []
        if question.kind == QuestionKind.SELF_ID:
            values[f"described:{question.id}"] = str(answers.get(f"described:{question.id}", ""))
        if draft in answers:
            try:
                validate_answer(question, answers[draft])
            except Invalid as error:
                errors[key] = error.errors.get(key, "")
    return values, picks, errors


def accommodation_views(requests: list[Accommodation], language: str) -> list[AccommodationView]:
    """The candidate's adjustment requests, newest first.

    Args:
        requests: The application's requests.
        language: The organization's language.

    Returns:
        One view per request.
    """
    return [
        AccommodationView(
            kind=i18n.t(language, f"adjust_{request.kind}"),
            details=request.details,
            status=request.status,
            status_label=i18n.t(language, f"adjust_{request.status}"),
        )
        for request in reversed(requests)
    ]
