"""The offline drafting engine: a complete interview from a posting, with no model.

Deterministic: the same posting always gives the same interview. From what ``posting_reader``
found and the role template it chose, it asks the posting's work authorization, knockouts and
years as form questions with dealbreakers, then the template's own form questions; it words
text-message and spoken questions from the posting's duties and tools before the template's;
and it takes the template's task and rubrics, or each stage kind's default rubric.
"""

from __future__ import annotations

from heymilo_app.models import StageType
from heymilo_app.services.jobs.drafting.posting_reader import Findings
from heymilo_app.services.jobs.drafting.spec import (
    ConversationQuestionSpec,
    CriterionSpec,
    DraftSpec,
    FormQuestionSpec,
)
from heymilo_app.services.stages.kinds import stage_kind

OFFLINE_ENGINE = "offline template generator v1"


def _criteria(rows: tuple[tuple[str, str, str], ...]) -> list[CriterionSpec]:
    """Rubric criteria from a template's rows, each of weight 1.

    Args:
        rows: (name, what a 1 looks like, what a 5 looks like) per criterion.

    Returns:
        The criteria.
    """
    return [CriterionSpec(name=name, weight=1.0, low=low, high=high) for name, low, high in rows]


def _default_criteria(stage_type: StageType) -> list[CriterionSpec]:
    """The rubric a new stage of a kind starts with, as criteria of a spec.

    Args:
        stage_type: The stage type.

    Returns:
        The criteria.
    """
    return [CriterionSpec(**criterion) for criterion in stage_kind(stage_type).default_rubric()]


def _from_posting(
    findings: Findings, template_questions: tuple[str, ...], count: int, *, spoken: bool
) -> list[str]:
    """Questions worded from the posting's own duties and tools, then the role's own.

    Args:
        findings: What the posting says.
        template_questions: The role template's questions, to fill up with.
        count: How many to ask.
        spoken: A spoken interview (room for the situation, the action and the result); a
            text message asks shorter.

    Returns:
        The questions, the posting's first.
    """
    questions: list[str] = []
    for duty in findings.duties[: max(0, count - 2)]:
        duty = duty[0].lower() + duty[1:] if duty[1:2].islower() else duty
        ask = f"This role will {duty}. Tell me about a time you did something like that"
        questions.append(
            ask + ": what was the situation, what did you do, and how did it turn out?"
            if spoken
            else ask + "."
        )
    tools = [skill for skill in findings.must_have if skill.lower() not in GENERIC_SKILLS][:3]
    if tools and len(questions) < count:
        listed = ", ".join(tools[:-1]) + (" and " if len(tools) > 1 else "") + tools[-1]
        questions.append(
            f"The role uses {listed}. Which have you used the most, and what did you do with it?"
        )
    for question in template_questions:
        if len(questions) >= count:
            break
        questions.append(question)
    return questions


# Skills that are areas, not tools: a question "which have you used" does not fit them.
GENERIC_SKILLS = {"customer support", "communication", "sales", "leadership", "teamwork"}


def offline_spec(findings: Findings) -> DraftSpec:
    """Build a complete interview from what was found and the role template.

    Args:
        findings: From ``read_job_description``.

    Returns:
        The spec.
    """
    template = findings.template
    form: list[FormQuestionSpec] = []
    if findings.work_authorization:
        country = findings.work_authorization.removeprefix("Authorized to work in ")
        form.append(
            FormQuestionSpec(
                prompt=f"Are you legally authorized to work in {country}?",
                kind="yes_no",
                options=[],
                required=True,
                dealbreaker="must_be_yes",
                dealbreaker_number=None,
                dealbreaker_choices=[],
            )
        )
    form.extend(findings.knockouts)
    if findings.min_years:
        subject = findings.years_subject
        form.append(
            FormQuestionSpec(
                prompt=f"How many years of {subject} experience do you have?"
                if subject
                else "How many years of relevant experience do you have?",
                kind="number",
                options=[],
                required=True,
                dealbreaker="at_least",
                dealbreaker_number=float(findings.min_years),
                dealbreaker_choices=[],
            )
        )
    asked = {q.prompt.lower() for q in form}
    implied = " ".join(asked)
    for prompt, kind, options in template.form_questions:
        is_license = kind == "yes_no" and ("license" in prompt.lower() or "lift" in prompt.lower())
        if prompt.lower() in asked or (is_license and ("licen" in implied or "lift" in implied)):
            continue  # the posting's own wording of it is asked already
        form.append(
            FormQuestionSpec(
                prompt=prompt,
                kind=kind,
                options=list(options),
                required=kind != "date",
                dealbreaker="must_be_yes" if is_license else "none",
                dealbreaker_number=None,
                dealbreaker_choices=[],
            )
        )
    resume_dealbreakers: list[str] = []
    if findings.min_years:
        resume_dealbreakers.append("min_years")
    if findings.work_authorization:
        resume_dealbreakers.append("work_authorization")
    return DraftSpec(
        must_have=findings.must_have,
        nice_to_have=findings.nice_to_have,
        min_years=findings.min_years,
        education=findings.education,
        locations=findings.locations,
        work_authorization=findings.work_authorization,
        resume_dealbreakers=resume_dealbreakers,
        form_questions=form,
        sms_questions=[
            ConversationQuestionSpec(prompt=q, followups=1)
            for q in _from_posting(findings, template.sms_questions, 3, spoken=False)
        ],
        voice_questions=[
            ConversationQuestionSpec(prompt=q, followups=2)
            for q in _from_posting(findings, template.voice_questions, 4, spoken=True)
        ],
        assessment_brief=template.assessment_brief,
        assessment_deliverable=template.assessment_deliverable,
        assessment_minutes=25,
        resume_rubric=_default_criteria(StageType.RESUME),
        voice_rubric=_criteria(template.voice_rubric) or _default_criteria(StageType.VOICE),
        assessment_rubric=_default_criteria(StageType.ASSESSMENT),
    )
