"""The voluntary self-identification question: built, checked, answered, and never scored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Candidate,
    Interview,
    Job,
    Question,
    QuestionKind,
    Score,
    Stage,
    StageAttempt,
    StageType,
)
from heymilo_app.services.common import i18n
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs import (
    interviews,
    jobs,
    publishing,
    question_edits,
    stage_edits,
    versions,
)
from heymilo_app.services.jobs.interview_checks import InterviewInvalid, problems_of
from heymilo_app.services.pipeline import answers, journey, submissions
from heymilo_app.services.scoring import offline_scorer, scoring
from heymilo_app.services.stages import dealbreakers
from heymilo_app.services.stages.stage_config import (
    SELF_ID_DECLINE,
    SELF_ID_OPTIONS,
    SELF_ID_PROMPT,
)
from heymilo_app.state.builder_view import question_forms, stage_form
from tests.support import make_org_user
from tests.test_interview_builder import make_publishable

RESUME = (
    "Sam Rivera - Austin, Texas, United States\n"
    "Customer support agent, Brightdesk, 2018 - 2024: answered tickets in Zendesk every day."
)


@pytest.fixture
def recruiter(session: Session):
    return make_org_user(session)


@pytest.fixture
def draft(session: Session, recruiter) -> Interview:
    job = jobs.create_job(session=session, user=recruiter, title="Support Agent")
    return versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)


def _stage(session: Session, recruiter, draft: Interview, kind: StageType) -> Stage:
    view = interviews.describe(session=session, user=recruiter, interview=draft)
    return next(item.stage for item in view.stages if item.stage.type == kind)


def _add_self_id(session: Session, recruiter, draft: Interview) -> Question:
    form = _stage(session, recruiter, draft, StageType.FORM)
    return question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind=QuestionKind.SELF_ID.value
    )


# ---------------------------------------------------------------- the builder


def test_a_form_gets_one_optional_unscored_self_id_question_with_sensible_choices(
    session: Session, recruiter, draft: Interview
) -> None:
    question = _add_self_id(session, recruiter, draft)
    assert question.kind == QuestionKind.SELF_ID
    assert question.prompt == SELF_ID_PROMPT == "How do you describe your gender?"
    assert question.options == [
        "Woman",
        "Man",
        "Non-binary",
        "Prefer to self-describe",
        "Prefer not to say",
    ]
    assert (question.required, question.scored, question.dealbreaker) == (False, False, None)
    # The builder's row hides Required, Scored and the dealbreaker, and shows the choices.
    item = next(
        item
        for item in interviews.describe(session=session, user=recruiter, interview=draft).stages
        if item.stage.type == StageType.FORM
    )
    [row] = question_forms(item, [])
    assert (row.is_self_id, row.scorable, row.can_dealbreak) == (True, False, False)
    assert row.kind_label == "Self-identification (voluntary)"
    assert stage_form(item, []).has_self_id


def test_recruiters_edit_the_choices_and_prefer_not_to_say_stays_last(
    session: Session, recruiter, draft: Interview
) -> None:
    question = _add_self_id(session, recruiter, draft)
    updated = question_edits.update_question(
        session=session,
        user=recruiter,
        question_id=question.id,
        prompt="How do you describe your ethnicity?",
        options=["Prefer not to say", "Asian", "Black", "Hispanic or Latino", "White", "Asian"],
    )
    assert updated.prompt == "How do you describe your ethnicity?"
    assert updated.options == ["Asian", "Black", "Hispanic or Latino", "White", SELF_ID_DECLINE]
    updated = question_edits.update_question(
        session=session, user=recruiter, question_id=question.id, options=["A", "B"]
    )
    assert updated.options == ["A", "B", SELF_ID_DECLINE]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"required": True}, "required", "always optional"),
        ({"scored": True}, "scored", "never scored"),
        ({"dealbreaker": {"rule": "one_of", "values": ["Man"]}}, "dealbreaker", "never be a"),
    ],
)
def test_a_self_id_question_is_never_required_scored_or_a_dealbreaker(
    session: Session, recruiter, draft: Interview, changes: dict[str, Any], field: str, words: str
) -> None:
    question = _add_self_id(session, recruiter, draft)
    with pytest.raises(Invalid) as refused:
        question_edits.update_question(
            session=session, user=recruiter, question_id=question.id, **changes
        )
    assert words in refused.value.errors[field]
    session.expire_all()
    stored = session.get(Question, question.id)
    assert (stored.required, stored.scored, stored.dealbreaker) == (False, False, None)


def test_one_self_id_question_per_stage_and_only_on_a_form(
    session: Session, recruiter, draft: Interview
) -> None:
    _add_self_id(session, recruiter, draft)
    with pytest.raises(Invalid) as second:
        _add_self_id(session, recruiter, draft)
    assert "one self-identification question" in second.value.errors["kind"]
    form = _stage(session, recruiter, draft, StageType.FORM)
    other = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="date"
    )
    with pytest.raises(Invalid):
        question_edits.update_question(
            session=session, user=recruiter, question_id=other.id, kind="self_id"
        )
    sms = _stage(session, recruiter, draft, StageType.SMS)
    with pytest.raises(Invalid) as elsewhere:
        question_edits.add_question(
            session=session, user=recruiter, stage_id=sms.id, kind="self_id"
        )
    assert elsewhere.value.errors["kind"] == (
        "Only a form stage can ask a self-identification question."
    )
    assert [q.kind for q in session.exec(select(Question).where(Question.stage_id == sms.id))] == []


def test_turning_a_question_into_self_id_makes_it_optional_and_unscored(
    session: Session, recruiter, draft: Interview
) -> None:
    form = _stage(session, recruiter, draft, StageType.FORM)
    question = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="yes_no"
    )
    question_edits.update_question(
        session=session,
        user=recruiter,
        question_id=question.id,
        dealbreaker={"rule": "equals", "value": "yes"},
    )
    changed = question_edits.update_question(
        session=session, user=recruiter, question_id=question.id, kind="self_id"
    )
    assert (changed.required, changed.scored, changed.dealbreaker) == (False, False, None)
    assert changed.prompt == SELF_ID_PROMPT  # the yes/no example prompt was replaced
    assert changed.options == list(SELF_ID_OPTIONS)


def test_publishing_refuses_a_required_scored_or_dealbreaking_self_id_and_a_second_one(
    session: Session, recruiter, draft: Interview
) -> None:
    make_publishable(session, recruiter, draft)
    first = _add_self_id(session, recruiter, draft)
    # As an older version or a hand-edited row could hold it (the builder refuses all this).
    first.required = True
    first.scored = True
    first.dealbreaker = {"rule": "one_of", "values": ["Man"]}
    first.options = ["Woman", "Man"]
    second = Question(
        stage_id=first.stage_id,
        position=9,
        prompt="How do you describe your ethnicity?",
        kind=QuestionKind.SELF_ID,
        options=["Asian", "White", SELF_ID_DECLINE],
        required=False,
        scored=False,
    )
    session.add(second)
    session.commit()
    # The builder shows the switches that turn those off (and only to turn them off).
    item = next(
        item
        for item in interviews.describe(session=session, user=recruiter, interview=draft).stages
        if item.stage.type == StageType.FORM
    )
    row = next(row for row in question_forms(item, []) if row.id == first.id)
    assert (row.required, row.scorable, row.can_dealbreak) == (True, True, True)
    with pytest.raises(InterviewInvalid) as refused:
        publishing.publish(session=session, user=recruiter, interview_id=draft.id)
    found = {(p.question_id, p.field): p.message for p in refused.value.problems}
    assert found[(first.id, "required")].startswith("A self-identification question must stay")
    assert found[(first.id, "scored")].startswith("A self-identification question is never scored")
    assert "never be a dealbreaker" in found[(first.id, "dealbreaker")]
    assert found[(first.id, "options")] == f"Keep “{SELF_ID_DECLINE}” as the last choice."
    assert "one self-identification question" in found[(second.id, "kind")]
    session.expire_all()
    assert session.get(Interview, draft.id).status == "draft"
    # Fixed, it publishes.
    session.delete(session.get(Question, second.id))
    session.commit()
    question_edits.update_question(
        session=session,
        user=recruiter,
        question_id=first.id,
        required=False,
        scored=False,
        dealbreaker=None,
        options=["Woman", "Man"],
    )
    assert problems_of(session=session, interview=draft) == []


# ---------------------------------------------------------------- the candidate


@pytest.fixture
def live(session: Session, recruiter, draft: Interview) -> dict[str, Any]:
    """A published interview whose form asks a scored story and the self-ID question."""
    make_publishable(session, recruiter, draft)
    resume = _stage(session, recruiter, draft, StageType.RESUME)
    stage_edits.update_stage(session=session, user=recruiter, stage_id=resume.id, pass_threshold=0)
    form = _stage(session, recruiter, draft, StageType.FORM)
    story = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="long_text"
    )
    question_edits.update_question(
        session=session,
        user=recruiter,
        question_id=story.id,
        prompt="Tell us about a customer you helped.",
    )
    self_id = _add_self_id(session, recruiter, draft)
    publishing.publish(session=session, user=recruiter, interview_id=draft.id)
    job = session.get(Job, draft.job_id)
    candidate = Candidate(
        organization_id=job.organization_id, first_name="Sam", email="sam.r@example.org"
    )
    session.add(candidate)
    session.flush()
    stages = session.exec(
        select(Stage).where(Stage.interview_id == draft.id).order_by(Stage.position)
    ).all()
    application = Application(
        organization_id=job.organization_id,
        job_id=job.id,
        interview_id=draft.id,
        candidate_id=candidate.id,
        current_stage_id=stages[0].id,
        source=ApplicationSource.MANUAL,
    )
    session.add(application)
    session.commit()
    journey.start(session=session, token=application.token)
    submissions.submit_resume(
        session=session, token=application.token, stage_id=stages[0].id, text=RESUME
    )
    authorized = next(
        q
        for q in session.exec(select(Question).where(Question.stage_id == form.id))
        if q.kind == QuestionKind.YES_NO
    )
    return {
        "token": application.token,
        "application": application,
        "form": form,
        "self_id": self_id,
        "story": story,
        "authorized": authorized,
    }


def _answer(session: Session, live: dict[str, Any], question: Question, value: Any) -> Any:
    return submissions.save_answer(
        session=session,
        token=live["token"],
        stage_id=live["form"].id,
        question_id=question.id,
        value=value,
    )


def test_a_candidate_can_skip_the_self_id_question_and_submit(
    session: Session, live: dict[str, Any]
) -> None:
    _answer(session, live, live["authorized"], "yes")
    _answer(session, live, live["story"], "I refunded a double charge and wrote a clear note.")
    outcome = submissions.submit_form(
        session=session, token=live["token"], stage_id=live["form"].id
    )
    assert outcome.attempt_status == "passed"
    assert outcome.status == ApplicationStatus.IN_PROGRESS  # on to the next stage


def test_the_answer_is_stored_but_never_reaches_the_scorer_nor_a_dealbreaker(
    session: Session, live: dict[str, Any]
) -> None:
    seen: list[scoring.Material] = []

    class Recording(offline_scorer.OfflineScorer):
        def score(self, *, rubric: list[dict], material: scoring.Material) -> Any:
            seen.append(material)
            return super().score(rubric=rubric, material=material)

    _answer(session, live, live["authorized"], "yes")
    _answer(session, live, live["story"], "I refunded a double charge and wrote a clear note.")
    assert _answer(session, live, live["self_id"], "Non-binary") == "Non-binary"
    # Even a rule slipped onto the question (the builder refuses one) is ignored.
    live["self_id"].dealbreaker = {"rule": "one_of", "values": ["Woman"]}
    session.commit()
    outcome = submissions.submit_form(
        session=session, token=live["token"], stage_id=live["form"].id, scorer=Recording()
    )
    assert outcome.failures == [] and outcome.attempt_status == "passed"
    attempt = session.exec(
        select(StageAttempt).where(StageAttempt.stage_id == live["form"].id)
    ).one()
    assert attempt.answers[str(live["self_id"].id)] == "Non-binary"
    [material] = seen
    assert [prompt for prompt, _ in material.answers] == ["Tell us about a customer you helped."]
    assert "Non-binary" not in repr(material)
    score = session.exec(select(Score).where(Score.stage_id == live["form"].id)).one()
    assert "Non-binary" not in repr(score.criteria) + score.summary
    # The question's rule alone, checked directly, never fails anyone either.
    assert dealbreakers.question_failure(live["self_id"], "Man") is None


def test_validate_answer_refuses_a_choice_that_was_not_offered(
    session: Session, live: dict[str, Any]
) -> None:
    with pytest.raises(Invalid) as refused:
        _answer(session, live, live["self_id"], "Prefer to explain myself elsewhere")
    assert refused.value.errors == {str(live["self_id"].id): "Choose one of the options shown."}
    assert answers.validate_answer(live["self_id"], "") is None  # skipping is fine
    assert answers.validate_answer(live["self_id"], "Prefer not to say") == "Prefer not to say"


def test_the_voluntary_note_is_translated_in_every_language() -> None:
    notes = {i18n.t(language, "voluntary_note") for language in i18n.LANGUAGES}
    assert len(notes) == len(i18n.LANGUAGES)
    assert i18n.t("en", "voluntary") == "Voluntary"
    assert i18n.t("en", "voluntary_note").startswith("Answering is optional.")
