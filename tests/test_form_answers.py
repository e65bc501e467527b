"""Form answers that make sense: numbers and dates within their question's limits, and a box
for a candidate who chooses to describe themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    Question,
    QuestionKind,
    StageAttempt,
    StageType,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs import interviews, jobs, question_edits, versions
from heymilo_app.services.pipeline import answers
from heymilo_app.services.stages.kinds import stage_kind
from heymilo_app.services.stages.stage_config import SELF_ID_OPTIONS, SELF_ID_PROMPT
from heymilo_app.state.builder_view import question_forms
from tests.support import make_org_user
from tests.test_pipeline import world  # noqa: F401 - the job fixture
from tests.test_states_candidate import _at_the_form, _form, _key, _page, _run


def _number(prompt: str, limits: dict | None = None) -> Question:
    return Question(id=7, stage_id=1, prompt=prompt, kind=QuestionKind.NUMBER, limits=limits)


def _date(limits: dict | None = None) -> Question:
    return Question(id=8, stage_id=1, prompt="When could you start?", kind="date", limits=limits)


def _message(question: Question, value: str) -> str:
    with pytest.raises(Invalid) as refused:
        answers.validate_answer(question, value)
    return refused.value.errors[str(question.id)]


def test_a_years_question_takes_0_to_60_and_numbers_as_people_write_them() -> None:
    years = _number("How many years of customer support experience do you have?")
    assert _message(years, "-3") == "Enter a number from 0 to 60."
    assert _message(years, "200") == "Enter a number from 0 to 60."
    for written in ("1e3", "0x10", "inf", "nan", "3 years", "½"):
        assert _message(years, written) == "Enter a number, like 3 or 2.5."
    assert answers.validate_answer(years, "4") == "4"
    assert answers.validate_answer(years, "2.5") == "2.5"
    assert answers.validate_answer(years, "60") == "60"


def test_other_numbers_are_never_negative_and_keep_every_digit() -> None:
    salary = _number("What is your expected base salary (per year)?")
    assert answers.validate_answer(salary, "1,250,000") == "1250000"  # not 1.25e+06
    assert answers.validate_answer(salary, "85 000") == "85000"
    assert _message(salary, "-5") == "Enter 0 or more."


def test_the_builders_limits_are_what_a_number_takes() -> None:
    hours = _number("Hours a week you can work?", {"min": 10, "max": 40})
    assert _message(hours, "8") == "Enter a number from 10 to 40."
    assert answers.validate_answer(hours, "40") == "40"
    open_top = _number("Years in this trade?", {"min": 1, "max": None})
    assert answers.validate_answer(open_top, "75") == "75"
    assert _message(open_top, "0") == "Enter 1 or more."


def test_a_start_date_in_the_past_is_refused_unless_the_builder_allows_any_date() -> None:
    today = utcnow().date()
    start = _date()
    assert _message(start, (today - timedelta(days=30)).isoformat()) == (
        "Choose today or a later date."
    )
    assert answers.validate_answer(start, today.isoformat()) == today.isoformat()
    assert _message(start, "2206-01-15") == "Choose a date within 10 years; check the year."
    past = (today - timedelta(days=900)).isoformat()
    assert answers.validate_answer(_date({"earliest": "any"}), past) == past


def test_the_builder_sets_limits_and_shows_them(session: Session) -> None:
    recruiter = make_org_user(session)
    job = jobs.create_job(session=session, user=recruiter, title="Support Agent")
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    view = interviews.describe(session=session, user=recruiter, interview=draft)
    form = next(item for item in view.stages if item.stage.type == "form")
    question = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.stage.id, kind="number"
    )
    shown = question_forms(interviews.StageDraft(form.stage, [question]), [])[
        0
    ]  # the defaults, spelled out
    assert (shown.limit_min, shown.limit_max) == ("0", "60")

    for limits, message in (
        ({"min": "9", "max": "3"}, "The smallest answer must not be above the largest."),
        ({"min": "few", "max": "3"}, "The smallest and largest answers must be numbers."),
    ):
        with pytest.raises(Invalid) as refused:
            question_edits.update_question(
                session=session, user=recruiter, question_id=question.id, limits=limits
            )
        assert refused.value.errors == {"limits": message}
    question_edits.update_question(
        session=session, user=recruiter, question_id=question.id, limits={"min": "1", "max": ""}
    )
    session.refresh(question)
    assert question.limits == {"min": 1.0, "max": None}
    assert answers.validate_answer(question, "75") == "75"
    # A question that becomes a date forgets a number's limits.
    question_edits.update_question(
        session=session, user=recruiter, question_id=question.id, kind="date"
    )
    session.refresh(question)
    assert question.limits is None
    with pytest.raises(Invalid):
        question_edits.update_question(
            session=session,
            user=recruiter,
            question_id=question.id,
            limits={"earliest": "yesterday"},
        )


def test_the_date_picker_starts_where_the_engine_does(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    _token, link = _at_the_form(session, world)
    start = next(q for q in link.stage.questions if q.kind == "date")
    assert start.earliest_date == (utcnow().date() - timedelta(days=1)).isoformat()
    _run(_form(link).save_answer(_key(world, "start"), "2020-01-01"))
    assert link.errors[_key(world, "start")] == "Choose today or a later date."


def test_a_candidate_who_self_describes_gets_a_box_and_their_words_are_kept(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    form_stage = world["stages"][1]
    self_id = Question(
        stage_id=form_stage.id,
        position=9,
        prompt=SELF_ID_PROMPT,
        kind=QuestionKind.SELF_ID,
        options=list(SELF_ID_OPTIONS),
        required=False,
        scored=False,
    )
    session.add(self_id)
    session.commit()
    token, link = _at_the_form(session, world)
    shown = next(q for q in link.stage.questions if q.kind == "self_id")
    assert shown.describe_option == "Prefer to self-describe"
    key = str(self_id.id)
    form = _form(link)
    _run(form.describe_self(key, "Genderfluid"))  # the choice is not picked yet
    assert link.errors[key] == "Choose \u201cPrefer to self-describe\u201d first."
    _run(form.save_answer(key, "Prefer to self-describe"))
    _run(form.describe_self(key, "  Genderfluid  "))
    assert key not in link.errors
    reloaded, _, _ = _page(token)
    assert reloaded.answers[key] == "Prefer to self-describe"
    assert reloaded.answers[f"described:{key}"] == "Genderfluid"
    _run(form.describe_self(key, "x" * 101))
    assert link.errors[key] == "Keep it under 100 characters."
    # Another choice: the words go with it.
    _run(form.save_answer(key, "Woman"))
    application = session.exec(select(Application).where(Application.token == token)).one()
    attempt = session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id,
            StageAttempt.stage_id == form_stage.id,
        )
    ).one()
    session.refresh(attempt)
    assert attempt.answers[key] == "Woman" and f"described:{key}" not in attempt.answers


def test_built_in_texts_speak_the_organizations_language_and_answers_stay_the_same(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    form_stage = world["stages"][1]
    form_stage.intro_text = stage_kind(StageType.FORM).intro
    world["organization"].language = "es"
    self_id = Question(
        stage_id=form_stage.id,
        position=9,
        prompt=SELF_ID_PROMPT,
        kind=QuestionKind.SELF_ID,
        options=list(SELF_ID_OPTIONS),
        required=False,
        scored=False,
    )
    session.add(self_id)
    session.commit()
    token, link = _at_the_form(session, world)
    assert link.stage.intro == "Algunas preguntas rápidas sobre requisitos y disponibilidad."
    shown = next(q for q in link.stage.questions if q.kind == "self_id")
    assert shown.prompt == "¿Cómo describe su género?"
    assert shown.labels == [
        "Mujer",
        "Hombre",
        "No binario",
        "Prefiero autodescribirme",
        "Prefiero no decirlo",
    ]
    assert shown.options == list(SELF_ID_OPTIONS)  # what is sent and stored stays the same
    # The recruiter's own words are shown as written.
    assert next(q for q in link.stage.questions if q.kind == "number").prompt == "Years in support?"
    _run(_form(link).save_answer(str(self_id.id), "Woman"))
    assert str(self_id.id) not in link.errors
    assert _page(token)[0].answers[str(self_id.id)] == "Woman"
