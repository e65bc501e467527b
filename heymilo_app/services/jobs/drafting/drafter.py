"""Drafting a job's interview: choosing the engine, cleaning its spec, replacing the draft.

``draft_from_description`` takes the pasted description (or the job's own text), asks the model
when one is configured and no role template was chosen, and falls back to the offline
generator when there is no model or it gives nothing usable. ``apply_spec`` then checks, trims
and clamps the spec (lists deduplicated, numbers bounded, dealbreaker rules only where they fit
the question) and replaces the job's draft with the five stages, each starting from its kind's
title, intro, pass mark and config; every part stays editable before publishing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from heymilo_app.models import Interview, Job, Question, Stage, StageType, User
from heymilo_app.providers.llm import LLM, LLMError
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs import versions
from heymilo_app.services.jobs.drafting.model_drafter import model_spec
from heymilo_app.services.jobs.drafting.offline_drafter import OFFLINE_ENGINE, offline_spec
from heymilo_app.services.jobs.drafting.posting_reader import read_job_description
from heymilo_app.services.jobs.drafting.role_templates import GENERAL, TEMPLATES
from heymilo_app.services.jobs.drafting.spec import (
    ConversationQuestionSpec,
    CriterionSpec,
    DraftSpec,
    FormQuestionSpec,
)
from heymilo_app.services.jobs.jobs import get_job
from heymilo_app.services.stages.kinds import DEFAULT_ORDER, stage_kind
from heymilo_app.services.stages.stage_config import default_config

logger = logging.getLogger(__name__)

MAX_TEXT = 20000


def _clean_list(values: list[str], limit: int = 12) -> list[str]:
    """Texts with their spaces collapsed, trimmed, without repeats (ignoring case).

    Args:
        values: The texts.
        limit: How many to keep.

    Returns:
        The cleaned texts, first ones first.
    """
    cleaned: list[str] = []
    for value in values:
        value = " ".join(str(value).split())[:120]
        if value and value.lower() not in (c.lower() for c in cleaned):
            cleaned.append(value)
    return cleaned[:limit]


def _dealbreaker_rule(question: FormQuestionSpec, options: list[str]) -> dict | None:
    """The dealbreaker rule a spec's form question asks for, when it fits the question.

    Args:
        question: The question's spec.
        options: Its cleaned choices.

    Returns:
        The rule as a question stores it, or None (no rule, or one that does not fit).
    """
    if question.dealbreaker == "must_be_yes" and question.kind == "yes_no":
        return {"rule": "equals", "value": "yes"}
    if question.dealbreaker == "must_be_no" and question.kind == "yes_no":
        return {"rule": "equals", "value": "no"}
    if (
        question.dealbreaker in ("at_least", "at_most")
        and question.kind == "number"
        and (question.dealbreaker_number is not None)
    ):
        value = max(0.0, min(float(question.dealbreaker_number), 1_000_000.0))
        return {
            "rule": "min" if question.dealbreaker == "at_least" else "max",
            "value": int(value) if value.is_integer() else value,
        }
    if question.dealbreaker == "one_of" and question.kind in ("single_choice", "multiple_choice"):
        values = [v for v in _clean_list(question.dealbreaker_choices, 30) if v in options]
        return {"rule": "one_of", "values": values} if values else None
    return None


def _rubric(criteria: list[CriterionSpec], stage_type: StageType) -> list[dict]:
    """A spec's rubric, trimmed and clamped; the kind's default rubric when it has none.

    Args:
        criteria: The spec's criteria for the stage.
        stage_type: The stage's type.

    Returns:
        The rubric as a stage stores it.
    """
    cleaned = [
        {
            "name": " ".join(c.name.split())[:120],
            "weight": min(max(float(c.weight), 0.1), 10.0),
            "low": c.low.strip()[:500],
            "high": c.high.strip()[:500],
        }
        for c in criteria[:8]
        if c.name.strip()
    ]
    return cleaned or stage_kind(stage_type).default_rubric()


def _form_questions(specs: list[FormQuestionSpec]) -> list[dict[str, Any]]:
    """A spec's form questions as a stage stores them (at most 10, cleaned).

    A choice question left with fewer than two choices is dropped; the others keep the
    position they had among the questions with a prompt.

    Args:
        specs: The spec's form questions.

    Returns:
        The fields of each question, without its stage.
    """
    rows: list[dict[str, Any]] = []
    for index, question in enumerate(q for q in specs[:10] if q.prompt.strip()):
        options = _clean_list(question.options, 30)
        if question.kind in ("single_choice", "multiple_choice") and len(options) < 2:
            continue
        rows.append(
            {
                "position": index,
                "prompt": question.prompt.strip()[:1000],
                "kind": question.kind,
                "options": options,
                "required": question.required,
                "scored": question.kind not in ("yes_no", "date"),
                "dealbreaker": _dealbreaker_rule(question, options),
            }
        )
    return rows


def _conversation_questions(specs: list[ConversationQuestionSpec]) -> list[dict[str, Any]]:
    """A spec's text-message or spoken questions as a stage stores them (at most 8).

    Args:
        specs: The spec's questions for the stage.

    Returns:
        The fields of each open question, without its stage.
    """
    return [
        {
            "position": index,
            "prompt": question.prompt.strip()[:1000],
            "kind": "open",
            "followups": max(0, min(int(question.followups), 3)),
        }
        for index, question in enumerate(q for q in specs[:8] if q.prompt.strip())
    ]


@dataclass
class DraftResult:
    """What drafting did: the new draft and which engine made it."""

    interview: Interview
    engine: str
    note: str


def apply_spec(*, session: Session, user: User, job: Job, spec: DraftSpec) -> Interview:
    """Replace the job's draft with the five stages of a spec (cleaned and clamped).

    Args:
        session: Database session.
        user: The acting recruiter.
        job: The job.
        spec: What to build.

    Returns:
        The draft.
    """
    draft = versions.get_or_create_draft(session=session, user=user, job_id=job.id)
    old = session.exec(select(Stage).where(Stage.interview_id == draft.id)).all()
    for stage in old:
        for question in session.exec(select(Question).where(Question.stage_id == stage.id)):
            session.delete(question)
    session.flush()
    for stage in old:
        session.delete(stage)
    session.flush()
    resume_config = {
        "must_have": _clean_list(spec.must_have),
        "nice_to_have": _clean_list(spec.nice_to_have),
        "min_years": None if spec.min_years is None else max(0, min(int(spec.min_years), 50)),
        "education": spec.education.strip()[:200],
        "locations": _clean_list(spec.locations, 6),
        "work_authorization": spec.work_authorization.strip()[:200],
    }
    resume_config["dealbreakers"] = [
        name
        for name in dict.fromkeys(spec.resume_dealbreakers)
        if resume_config.get(name) not in (None, "", [])
    ]
    configs = {
        StageType.RESUME: resume_config,
        StageType.ASSESSMENT: {
            "brief": spec.assessment_brief.strip()[:5000],
            "deliverable": spec.assessment_deliverable.strip()[:1000],
            "time_limit_minutes": max(5, min(int(spec.assessment_minutes), 120)),
        },
    }
    rubrics = {
        StageType.RESUME: spec.resume_rubric,
        StageType.VOICE: spec.voice_rubric,
        StageType.ASSESSMENT: spec.assessment_rubric,
    }
    questions = {
        StageType.FORM: _form_questions(spec.form_questions),
        StageType.SMS: _conversation_questions(spec.sms_questions),
        StageType.VOICE: _conversation_questions(spec.voice_questions),
    }
    for position, stage_type in enumerate(DEFAULT_ORDER):
        kind = stage_kind(stage_type)
        stage = Stage(
            interview_id=draft.id,
            type=stage_type,
            position=position,
            title=kind.label,
            intro_text=kind.intro,
            config={**default_config(stage_type), **configs.get(stage_type, {})},
            rubric=_rubric(rubrics.get(stage_type, []), stage_type),
            pass_threshold=kind.pass_mark,
        )
        session.add(stage)
        session.flush()
        for fields in questions.get(stage_type, []):
            session.add(Question(stage_id=stage.id, **fields))
    session.commit()
    return draft


def draft_from_description(
    *,
    session: Session,
    user: User,
    job_id: int | str,
    text: str,
    template_key: str = "",
    llm: LLM | None = None,
) -> DraftResult:
    """Replace a job's draft with a complete interview drafted from its description.

    Args:
        session: Database session.
        user: The acting recruiter.
        job_id: The job.
        text: The pasted job description (the job's own text when empty).
        template_key: A role template to start from instead of guessing one.
        llm: The model to use; None for the offline generator.

    Returns:
        The draft, the engine that made it, and a note for the recruiter.

    Raises:
        Invalid: When there is nothing to draft from or the template is unknown.
    """
    require_recruiter(user)
    job = get_job(session=session, user=user, job_id=job_id)
    if template_key and template_key not in TEMPLATES and template_key != "general":
        raise Invalid({"template": "Unknown role template."})
    text = (text or "").strip() or "\n".join(
        part for part in (job.title, job.description, job.requirements) if part
    )
    text = f"{job.title}\n{text}" if job.title not in text else text
    if len(text) > MAX_TEXT:
        raise Invalid({"text": "Paste at most 20,000 characters."})
    findings = read_job_description(text, template_key)
    note = ""
    if llm is not None and not template_key:
        try:
            spec = model_spec(llm, text)
        except LLMError as error:
            logger.warning("model draft failed, using the offline generator: %s", error)
            note = (
                f"The model could not draft this ({error}); the offline generator built "
                "it instead. Review every stage before publishing."
            )
        else:
            interview = apply_spec(session=session, user=user, job=job, spec=spec)
            return DraftResult(
                interview, llm.name, f"Drafted by {llm.name}. Review every stage before publishing."
            )
    interview = apply_spec(session=session, user=user, job=job, spec=offline_spec(findings))
    label = findings.template.title if findings.template is not GENERAL else "a general role"
    return DraftResult(
        interview,
        OFFLINE_ENGINE,
        note
        or f"Drafted offline from the text and the template for {label}. Review every "
        "stage before publishing.",
    )
