"""The interview builder's services: drafts, ordering, validation, undo, versions, clones."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    JobStatus,
    Question,
    Stage,
    StageType,
)
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.jobs import (
    interviews,
    jobs,
    publishing,
    question_edits,
    stage_edits,
    versions,
)
from heymilo_app.services.jobs.interview_checks import InterviewInvalid
from heymilo_app.services.stages.kinds import DEFAULT_ORDER
from tests.support import add_manager, make_org_user


@pytest.fixture
def recruiter(session: Session):
    return make_org_user(session)


@pytest.fixture
def job(session: Session, recruiter) -> Job:
    return jobs.create_job(session=session, user=recruiter, title="Support Agent")


def _types(session: Session, recruiter, interview: Interview) -> list[str]:
    view = interviews.describe(session=session, user=recruiter, interview=interview)
    return [str(item.stage.type) for item in view.stages]


def _stage(session: Session, recruiter, interview: Interview, kind: StageType) -> Stage:
    view = interviews.describe(session=session, user=recruiter, interview=interview)
    return next(item.stage for item in view.stages if item.stage.type == kind)


def make_publishable(session: Session, recruiter, interview: Interview) -> None:
    """Fill the default draft so that it passes every check."""
    form = _stage(session, recruiter, interview, StageType.FORM)
    question = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="yes_no"
    )
    question_edits.update_question(
        session=session,
        user=recruiter,
        question_id=question.id,
        dealbreaker={"rule": "equals", "value": "yes"},
    )
    for kind in (StageType.SMS, StageType.VOICE):
        stage = _stage(session, recruiter, interview, kind)
        question_edits.add_question(session=session, user=recruiter, stage_id=stage.id)
    assessment = _stage(session, recruiter, interview, StageType.ASSESSMENT)
    stage_edits.update_stage(
        session=session,
        user=recruiter,
        stage_id=assessment.id,
        config={"brief": "Draft a reply to an angry customer.", "deliverable": "The reply."},
    )


def test_a_new_interview_proposes_the_usual_five_stages(session: Session, recruiter, job) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    assert draft.status == InterviewStatus.DRAFT and draft.version == 1
    assert _types(session, recruiter, draft) == [str(t) for t in DEFAULT_ORDER]
    again = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    assert again.id == draft.id
    view = interviews.describe(session=session, user=recruiter, interview=draft)
    assert all(item.stage.rubric for item in view.stages)
    assert view.published_version is None and view.can_undo is False


def test_stages_are_added_moved_deleted_and_undone(session: Session, recruiter, job) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    extra = stage_edits.add_stage(
        session=session, user=recruiter, interview_id=draft.id, stage_type="form"
    )
    assert _types(session, recruiter, draft)[-1] == "form"
    stage_edits.move_stage(session=session, user=recruiter, stage_id=extra.id, to_index=0)
    assert _types(session, recruiter, draft)[:2] == ["form", "resume"]
    sms = _stage(session, recruiter, draft, StageType.SMS)
    stage_edits.delete_stage(session=session, user=recruiter, stage_id=sms.id)
    assert "sms" not in _types(session, recruiter, draft)
    positions = [
        item.stage.position
        for item in interviews.describe(session=session, user=recruiter, interview=draft).stages
    ]
    assert positions == list(range(5))
    message = interviews.undo_delete(session=session, user=recruiter, interview_id=draft.id)
    assert "restored" in message
    assert _types(session, recruiter, draft) == [
        "form",
        "resume",
        "form",
        "sms",
        "voice",
        "assessment",
    ]
    with pytest.raises(Invalid):
        interviews.undo_delete(session=session, user=recruiter, interview_id=draft.id)
    with pytest.raises(Invalid):
        stage_edits.add_stage(
            session=session, user=recruiter, interview_id=draft.id, stage_type="podcast"
        )


def test_undo_brings_back_the_last_deleted_question(session: Session, recruiter, job) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    form = _stage(session, recruiter, draft, StageType.FORM)
    first = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="short_text", prompt="First?"
    )
    second = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="number", prompt="Second?"
    )
    question_edits.move_question(session=session, user=recruiter, question_id=second.id, to_index=0)
    question_edits.delete_question(session=session, user=recruiter, question_id=second.id)
    view = interviews.describe(session=session, user=recruiter, interview=draft)
    assert [q.prompt for q in next(i for i in view.stages if i.stage.id == form.id).questions] == [
        "First?"
    ]
    assert view.can_undo
    interviews.undo_delete(session=session, user=recruiter, interview_id=draft.id)
    view = interviews.describe(session=session, user=recruiter, interview=draft)
    prompts = [q.prompt for q in next(i for i in view.stages if i.stage.id == form.id).questions]
    assert prompts == ["Second?", "First?"]
    assert first.id


def test_stage_settings_are_checked_and_nothing_half_saved(
    session: Session, recruiter, job
) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    resume = _stage(session, recruiter, draft, StageType.RESUME)
    bad_changes = [
        {"pass_threshold": 101},
        {"pass_threshold": "lots"},
        {"title": ""},
        {"config": {"min_years": -1}},
        {"config": {"min_years": "ten"}},
        {"config": {"dealbreakers": ["shoe_size"]}},
        {"rubric": "not a list"},
        {"rubric": [{"name": "X", "weight": "heavy"}]},
        {"colour": "red"},
        {"title": "New title", "pass_threshold": 500},
    ]
    for changes in bad_changes:
        with pytest.raises(Invalid):
            stage_edits.update_stage(session=session, user=recruiter, stage_id=resume.id, **changes)
        session.rollback()
        session.refresh(resume)
        assert resume.title == "Resume" and resume.pass_threshold == 60
    stage_edits.update_stage(
        session=session,
        user=recruiter,
        stage_id=resume.id,
        config={
            "must_have": ["SQL", " sql ", "Zendesk"],
            "min_years": 2,
            "dealbreakers": ["min_years"],
        },
        pass_threshold=70,
    )
    session.refresh(resume)
    assert resume.config["must_have"] == ["SQL", "Zendesk"]
    assert resume.config["min_years"] == 2 and resume.pass_threshold == 70


def test_question_rules(session: Session, recruiter, job) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    form = _stage(session, recruiter, draft, StageType.FORM)
    sms = _stage(session, recruiter, draft, StageType.SMS)
    resume = _stage(session, recruiter, draft, StageType.RESUME)
    with pytest.raises(Invalid):
        question_edits.add_question(session=session, user=recruiter, stage_id=resume.id)
    with pytest.raises(Invalid):
        question_edits.add_question(session=session, user=recruiter, stage_id=form.id, kind="open")
    question = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="yes_no"
    )
    with pytest.raises(Invalid):  # no AI follow-ups in a form
        question_edits.update_question(
            session=session, user=recruiter, question_id=question.id, followups=1
        )
    question_edits.update_question(
        session=session,
        user=recruiter,
        question_id=question.id,
        dealbreaker={"rule": "equals", "value": "yes"},
    )
    question_edits.update_question(
        session=session, user=recruiter, question_id=question.id, kind="number"
    )
    session.refresh(question)
    assert question.dealbreaker is None  # a rule for another kind does not carry over
    chat = question_edits.add_question(session=session, user=recruiter, stage_id=sms.id)
    assert chat.followups == 1
    question_edits.update_question(
        session=session, user=recruiter, question_id=chat.id, followups=3
    )
    with pytest.raises(Invalid):
        question_edits.update_question(
            session=session, user=recruiter, question_id=chat.id, followups=4
        )


def test_publish_refuses_an_invalid_draft_with_every_problem(
    session: Session, recruiter, job
) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    form = _stage(session, recruiter, draft, StageType.FORM)
    voice = _stage(session, recruiter, draft, StageType.VOICE)
    question = question_edits.add_question(session=session, user=recruiter, stage_id=voice.id)
    stage_edits.update_stage(
        session=session, user=recruiter, stage_id=voice.id, rubric=[{"name": "Depth", "weight": 0}]
    )
    yes_no = question_edits.add_question(
        session=session,
        user=recruiter,
        stage_id=_stage(session, recruiter, draft, StageType.SMS).id,
    )
    question_edits.update_question(
        session=session, user=recruiter, question_id=yes_no.id, dealbreaker={"rule": ""}
    )
    with pytest.raises(InterviewInvalid) as error:
        publishing.publish(session=session, user=recruiter, interview_id=draft.id)
    found = {(p.stage_id, p.question_id, p.field) for p in error.value.problems}
    assert (form.id, None, "questions") in found  # a form with no questions
    assert (voice.id, None, "rubric.0.weight") in found  # a weight that is not positive
    assert (yes_no.stage_id, yes_no.id, "dealbreaker") in found  # a dealbreaker without a rule
    assert any(p.field == "config.brief" for p in error.value.problems)
    session.refresh(draft)
    assert draft.status == InterviewStatus.DRAFT and draft.published_at is None
    assert question.id


def test_choice_dealbreaker_must_use_the_choices(session: Session, recruiter, job) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    make_publishable(session, recruiter, draft)
    form = _stage(session, recruiter, draft, StageType.FORM)
    choice = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="single_choice"
    )
    question_edits.update_question(
        session=session,
        user=recruiter,
        question_id=choice.id,
        options=["Day", "Night"],
        dealbreaker={"rule": "one_of", "values": ["Weekend"]},
    )
    with pytest.raises(InterviewInvalid) as error:
        publishing.publish(session=session, user=recruiter, interview_id=draft.id)
    assert [p.field for p in error.value.problems] == ["dealbreaker"]
    question_edits.update_question(
        session=session,
        user=recruiter,
        question_id=choice.id,
        dealbreaker={"rule": "one_of", "values": ["Day"]},
    )
    assert publishing.publish(session=session, user=recruiter, interview_id=draft.id).status == (
        InterviewStatus.PUBLISHED
    )


def test_editing_a_published_interview_makes_a_new_version(
    session: Session, recruiter, job
) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    make_publishable(session, recruiter, draft)
    v1 = publishing.publish(session=session, user=recruiter, interview_id=draft.id)
    candidate = Candidate(
        organization_id=job.organization_id, first_name="Al", email="al@example.net"
    )
    session.add(candidate)
    session.flush()
    session.add(
        Application(
            organization_id=job.organization_id,
            job_id=job.id,
            interview_id=v1.id,
            candidate_id=candidate.id,
        )
    )
    session.commit()
    v1_questions = session.exec(
        select(Question.prompt).join(Stage).where(Stage.interview_id == v1.id)
    ).all()

    v2 = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    assert (v2.version, v2.status) == (2, InterviewStatus.DRAFT)
    assert _types(session, recruiter, v2) == _types(session, recruiter, v1)
    form_v2 = _stage(session, recruiter, v2, StageType.FORM)
    question_edits.add_question(
        session=session,
        user=recruiter,
        stage_id=form_v2.id,
        kind="short_text",
        prompt="A brand new question?",
    )
    stage_edits.delete_stage(
        session=session, user=recruiter, stage_id=_stage(session, recruiter, v2, StageType.SMS).id
    )
    with pytest.raises(Invalid):  # the live version cannot be edited directly
        stage_edits.add_stage(
            session=session, user=recruiter, interview_id=v1.id, stage_type="form"
        )
    publishing.publish(session=session, user=recruiter, interview_id=v2.id)
    session.refresh(v1)
    assert v1.status == InterviewStatus.RETIRED
    assert jobs.published_interview(session=session, job=job).id == v2.id
    application = session.exec(select(Application)).one()
    assert application.interview_id == v1.id
    assert (
        session.exec(select(Question.prompt).join(Stage).where(Stage.interview_id == v1.id)).all()
        == v1_questions
    )
    assert "sms" in _types(session, recruiter, v1)
    assert "sms" not in _types(session, recruiter, v2)
    # The deleted stage is gone for good once published.
    assert (
        session.exec(
            select(func.count(Stage.id)).where(
                Stage.interview_id == v2.id, Stage.deleted_at.is_not(None)
            )
        ).one()
        == 0
    )


def test_discard_a_draft_goes_back_to_the_live_version(session: Session, recruiter, job) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    with pytest.raises(Invalid):
        publishing.discard_draft(session=session, user=recruiter, interview_id=draft.id)
    make_publishable(session, recruiter, draft)
    publishing.publish(session=session, user=recruiter, interview_id=draft.id)
    v2 = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    publishing.discard_draft(session=session, user=recruiter, interview_id=v2.id)
    assert session.get(Interview, v2.id) is None
    viewing = versions.interview_for_viewing(session=session, user=recruiter, job_id=job.id)
    assert viewing.id == draft.id


def test_clone_an_interview_to_another_job(session: Session, recruiter, job) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    make_publishable(session, recruiter, draft)
    publishing.publish(session=session, user=recruiter, interview_id=draft.id)
    other_job = jobs.create_job(session=session, user=recruiter, title="Night Agent")
    versions.get_or_create_draft(session=session, user=recruiter, job_id=other_job.id)
    copy = versions.clone_interview(
        session=session, user=recruiter, source_job_id=job.id, target_job_id=other_job.id
    )
    assert copy.job_id == other_job.id and copy.status == InterviewStatus.DRAFT
    assert (
        session.exec(select(func.count(Interview.id)).where(Interview.job_id == other_job.id)).one()
        == 1
    )
    source_prompts = session.exec(
        select(Question.prompt)
        .join(Stage)
        .where(Stage.interview_id == draft.id)
        .order_by(Stage.position, Question.position)
    ).all()
    copy_prompts = session.exec(
        select(Question.prompt)
        .join(Stage)
        .where(Stage.interview_id == copy.id)
        .order_by(Stage.position, Question.position)
    ).all()
    assert copy_prompts == source_prompts and copy_prompts
    publishing.publish(session=session, user=recruiter, interview_id=copy.id)
    with pytest.raises(Invalid):
        versions.clone_interview(
            session=session, user=recruiter, source_job_id=job.id, target_job_id=job.id
        )


def test_other_organizations_and_hiring_managers_cannot_edit(
    session: Session, recruiter, job
) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    form = _stage(session, recruiter, draft, StageType.FORM)
    question = question_edits.add_question(
        session=session, user=recruiter, stage_id=form.id, kind="yes_no"
    )
    manager = add_manager(session, recruiter)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    theirs = jobs.create_job(session=session, user=stranger, title="Theirs")
    calls = [
        lambda u: versions.get_or_create_draft(session=session, user=u, job_id=job.id),
        lambda u: stage_edits.add_stage(
            session=session, user=u, interview_id=draft.id, stage_type="form"
        ),
        lambda u: stage_edits.move_stage(session=session, user=u, stage_id=form.id, to_index=0),
        lambda u: stage_edits.delete_stage(session=session, user=u, stage_id=form.id),
        lambda u: stage_edits.update_stage(session=session, user=u, stage_id=form.id, title="X"),
        lambda u: question_edits.add_question(session=session, user=u, stage_id=form.id),
        lambda u: question_edits.update_question(
            session=session, user=u, question_id=question.id, prompt="X"
        ),
        lambda u: question_edits.move_question(
            session=session, user=u, question_id=question.id, to_index=0
        ),
        lambda u: question_edits.delete_question(session=session, user=u, question_id=question.id),
        lambda u: interviews.undo_delete(session=session, user=u, interview_id=draft.id),
        lambda u: publishing.publish(session=session, user=u, interview_id=draft.id),
        lambda u: publishing.discard_draft(session=session, user=u, interview_id=draft.id),
        lambda u: versions.clone_interview(
            session=session, user=u, source_job_id=job.id, target_job_id=theirs.id
        ),
        lambda u: jobs.update_job(session=session, user=u, job_id=job.id, title="X"),
        lambda u: jobs.set_archived(session=session, user=u, job_id=job.id, archived=True),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call(manager)
        with pytest.raises((NotFound, PermissionDenied)):
            call(stranger)
        session.rollback()
    session.refresh(form)
    session.refresh(question)
    session.refresh(job)
    assert (form.title, form.deleted_at, question.prompt, job.title, job.status) == (
        "Form",
        None,
        "Are you legally authorized to work in this country?",
        "Support Agent",
        JobStatus.OPEN,
    )
    # The hiring manager reads the interview without creating anything.
    assert (
        versions.interview_for_viewing(session=session, user=manager, job_id=job.id).id == draft.id
    )
    with pytest.raises(NotFound):
        versions.interview_for_viewing(session=session, user=stranger, job_id=job.id)


def test_edit_and_archive_a_job(session: Session, recruiter, job) -> None:
    jobs.update_job(
        session=session,
        user=recruiter,
        job_id=job.id,
        title="Senior Agent",
        location="Lisbon",
        requirements="3+ years",
        sms_invitations=True,
    )
    session.refresh(job)
    assert (job.title, job.location, job.sms_invitations) == ("Senior Agent", "Lisbon", True)
    with pytest.raises(Invalid):
        jobs.update_job(session=session, user=recruiter, job_id=job.id, title=" ", location="Porto")
    session.refresh(job)
    assert job.location == "Lisbon"
    jobs.set_archived(session=session, user=recruiter, job_id=job.id, archived=True)
    assert jobs.list_jobs(session=session, user=recruiter) == []
    assert [
        s.job.id for s in jobs.list_jobs(session=session, user=recruiter, include_archived=True)
    ] == [job.id]
    jobs.set_archived(session=session, user=recruiter, job_id=job.id, archived=False)
    assert len(jobs.list_jobs(session=session, user=recruiter)) == 1


def test_sms_opening_with_an_unknown_placeholder_is_refused(
    session: Session, recruiter, job
) -> None:
    draft = versions.get_or_create_draft(session=session, user=recruiter, job_id=job.id)
    make_publishable(session, recruiter, draft)
    sms = _stage(session, recruiter, draft, StageType.SMS)
    stage_edits.update_stage(
        session=session,
        user=recruiter,
        stage_id=sms.id,
        config={"opening": "Hi {first_name}, this is {company_name}."},
    )
    with pytest.raises(InterviewInvalid) as error:
        publishing.publish(session=session, user=recruiter, interview_id=draft.id)
    [problem] = error.value.problems
    assert problem.field == "config.opening" and "{first_name}" in problem.message
