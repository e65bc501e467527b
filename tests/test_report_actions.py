"""The report's actions as services: notes, ratings, decisions with who and why, rescoring
with its history, and what a hiring manager or another organization may not do."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app import db
from heymilo_app.models import (
    Application,
    ApplicationNote,
    ApplicationRating,
    ApplicationStatus,
    AttemptStatus,
    OutboundMessage,
    QuestionKind,
    Score,
    StageAttempt,
)
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.pipeline import decisions, journey, rescoring, resends, submissions
from heymilo_app.services.review import notes, report, rescores
from heymilo_app.services.scoring import offline_scorer, scoring
from heymilo_app.services.scoring.score_alerts import current_scores, overall_score
from tests.support import add_manager, make_org_user
from tests.test_candidate_report import _through_the_form
from tests.test_pipeline import RESUME, _apply, _fill_form, _question, world  # noqa: F401 - fixture


class ChangedMind:
    """A scorer that agrees with the offline one except on the first criterion, moved by one."""

    name = "test-model-2"

    def score(self, *, rubric: list[dict], material: scoring.Material) -> scoring.ScoreResult:
        """Score as the offline scorer does, then move the first criterion one point."""
        offline = offline_scorer.OfflineScorer().score(rubric=rubric, material=material)
        criteria = list(offline.criteria)
        first = criteria[0]
        criteria[0] = dataclasses.replace(
            first, score=first.score + 1 if first.score < 5 else first.score - 1
        )
        return scoring.ScoreResult(
            total=scoring.weighted_total(criteria),
            criteria=criteria,
            summary=offline.summary,
            scorer=self.name,
            rubric_version=offline.rubric_version,
        )


def _count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_notes_are_trimmed_listed_with_their_authors_and_empty_ones_refused(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    manager = add_manager(session, world["recruiter"])
    recruiter = world["recruiter"]
    notes.add_note(
        session=session,
        user=recruiter,
        application_id=application.id,
        body="  Strong on billing.\n",
    )
    notes.add_note(
        session=session, user=manager, application_id=application.id, body="Let's meet her."
    )
    for bad, message in (("   \n ", "empty"), ("x" * 5001, "5,000")):
        with pytest.raises(Invalid) as refused:
            notes.add_note(session=session, user=recruiter, application_id=application.id, body=bad)
        assert message in refused.value.errors["body"]
    assert _count(session, ApplicationNote) == 2
    listed = notes.list_notes(session=session, user=manager, application_id=application.id)
    assert [(n.author, n.role, n.body) for n in listed] == [
        ("Hank Manager", "Hiring manager", "Let's meet her."),
        ("Rita Recruiter", "Recruiter", "Strong on billing."),
    ]
    found = report.candidate_report(session=session, user=recruiter, application_id=application.id)
    assert [n.body for n in found.notes] == ["Let's meet her.", "Strong on billing."]


def test_each_person_has_one_rating_they_can_change_or_clear(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    recruiter, manager = world["recruiter"], add_manager(session, world["recruiter"])

    def rate(user, value):
        return notes.set_rating(
            session=session, user=user, application_id=application.id, rating=value
        )

    def ratings(user):
        return notes.ratings(session=session, user=user, application_id=application.id)

    assert ratings(recruiter).average is None and ratings(recruiter).items == []
    rate(recruiter, 4)
    rate(manager, "5")
    assert ratings(recruiter).average == 4.5
    assert [(r.name, r.rating) for r in ratings(recruiter).items] == [
        ("Hank Manager", 5),
        ("Rita Recruiter", 4),
    ]
    rate(manager, 2)
    assert _count(session, ApplicationRating) == 2
    assert ratings(manager).mine == 2 and ratings(recruiter).mine == 4
    assert ratings(recruiter).average == 3
    for bad in ("6", "0", "great", 3.5):
        with pytest.raises(Invalid):
            rate(recruiter, bad)
    assert ratings(recruiter).mine == 4
    assert rate(recruiter, "") is None
    assert ratings(recruiter).mine is None and ratings(recruiter).average == 2
    assert [r.name for r in ratings(manager).items] == ["Hank Manager"]


def test_a_hiring_manager_comments_and_rates_but_decides_nothing(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    manager = add_manager(session, world["recruiter"])
    resume = world["stages"][0]
    scores, messages = _count(session, Score), _count(session, OutboundMessage)
    for refused in (
        lambda: decisions.decide(
            session=session, user=manager, application_id=application.id, advance=True, note="Go"
        ),
        lambda: decisions.decide(
            session=session, user=manager, application_id=application.id, advance=False, note="No"
        ),
        lambda: rescoring.rescore_stage(
            session=session, user=manager, application_id=application.id, stage_id=resume.id
        ),
        lambda: resends.resend_as(session=session, user=manager, application_id=application.id),
    ):
        with pytest.raises(PermissionDenied):
            refused()
    session.expire_all()
    assert session.get(Application, application.id).status == ApplicationStatus.IN_PROGRESS
    assert _count(session, Score) == scores and _count(session, OutboundMessage) == messages
    notes.add_note(session=session, user=manager, application_id=application.id, body="Promising")
    notes.set_rating(session=session, user=manager, application_id=application.id, rating=4)
    found = report.candidate_report(session=session, user=manager, application_id=application.id)
    assert found.actions == report.Actions()
    assert not any(stage.rescorable for stage in found.stages)
    assert found.ratings.mine == 4 and [n.body for n in found.notes] == ["Promising"]
    as_recruiter = report.candidate_report(
        session=session, user=world["recruiter"], application_id=application.id
    )
    assert as_recruiter.actions.advance and as_recruiter.actions.reject
    assert as_recruiter.actions.resend and not as_recruiter.actions.resend_extends
    # The resume and the form's story are scored; the text screen is not finished.
    assert [s.rescorable for s in as_recruiter.stages] == [True, True, False]


def test_another_organization_finds_nothing_to_note_or_rate(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    other = make_org_user(session, org="Other", email="o@other.example.com")
    calls = (
        lambda: notes.add_note(
            session=session, user=other, application_id=application.id, body="x"
        ),
        lambda: notes.list_notes(session=session, user=other, application_id=application.id),
        lambda: notes.set_rating(
            session=session, user=other, application_id=application.id, rating=1
        ),
        lambda: notes.ratings(session=session, user=other, application_id=application.id),
    )
    for call in calls:
        with pytest.raises(NotFound):
            call()
    assert _count(session, ApplicationNote) == 0 and _count(session, ApplicationRating) == 0


def test_a_rescored_stage_keeps_its_earlier_score_and_shows_what_changed(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    recruiter, resume = world["recruiter"], world["stages"][0]
    before = report.candidate_report(session=session, user=recruiter, application_id=application.id)
    original = before.stages[0]
    assert original.history == [] and original.scorer == "offline-lexical-v1"
    rescored = rescoring.rescore_stage(
        session=session,
        user=recruiter,
        application_id=application.id,
        stage_id=resume.id,
        scorer=ChangedMind(),
    )
    found = report.candidate_report(session=session, user=recruiter, application_id=application.id)
    stage = found.stages[0]
    assert stage.scorer == "test-model-2" and stage.total == rescored.current.total
    [earlier] = stage.history
    assert (earlier.total, earlier.scorer) == (original.total, "offline-lexical-v1")
    assert earlier.rubric_version == original.rubric_version and earlier.rubric_version
    assert earlier.next_total == stage.total
    [change] = earlier.changes
    first = original.criteria[0]
    assert change.name == first.name and change.before == first.score
    assert change.after == stage.criteria[0].score != first.score
    message = rescores.rescore_message("Resume", rescored)
    assert f"{first.name} {first.score} → {change.after}" in message
    assert f"{original.total:g} → {stage.total:g}" in message
    assert found.overall == overall_score(current_scores(session, application.id))
    assert found.timeline[-1].what.startswith("Rescored by Rita Recruiter: ")
    rescoring.rescore_stage(
        session=session,
        user=recruiter,
        application_id=application.id,
        stage_id=resume.id,
        scorer=offline_scorer.OfflineScorer(),
    )
    stage = report.candidate_report(
        session=session, user=recruiter, application_id=application.id
    ).stages[0]
    assert [h.scorer for h in stage.history] == ["test-model-2", "offline-lexical-v1"]
    assert stage.history[0].changes[0].after == original.criteria[0].score
    assert stage.total == original.total


def test_self_identification_answers_are_never_on_the_report(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    form = world["stages"][1]
    question = _question(
        session,
        form,
        6,
        "How do you describe your gender? (voluntary)",
        QuestionKind.SELF_ID,
        options=["Woman", "Man", "Non-binary", "Prefer not to say"],
        required=False,
    )
    application = _apply(session, world, resume_text=RESUME)
    journey.start(session=session, token=application.token)
    _fill_form(session, world, application.token)
    submissions.save_answer(
        session=session,
        token=application.token,
        stage_id=form.id,
        question_id=question.id,
        value="Woman",
    )
    submissions.submit_form(session=session, token=application.token, stage_id=form.id)
    found = report.candidate_report(
        session=session, user=world["recruiter"], application_id=application.id
    )
    attempt_answers = next(s for s in found.stages if s.stage_id == form.id)
    assert attempt_answers.answers, "the form's other answers are shown"
    assert all(a.prompt != question.prompt for a in attempt_answers.answers)
    assert all("Woman" not in a.answer for s in found.stages for a in s.answers)


def test_the_timeline_names_who_advanced_and_rejected_and_why(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    recruiter = world["recruiter"]
    with pytest.raises(Invalid):
        decisions.decide(
            session=session, user=recruiter, application_id=application.id, advance=True, note=" "
        )
    decisions.decide(
        session=session,
        user=recruiter,
        application_id=application.id,
        advance=True,
        note="Clear billing story; skip the text screen.",
    )
    found = report.candidate_report(session=session, user=recruiter, application_id=application.id)
    advanced = found.timeline[-2:]
    assert [e.what for e in advanced] == [
        "Advanced by Rita Recruiter: Clear billing story; skip the text screen.",
        "Finished the interview",
    ]
    assert advanced[0].stage == "Text screen"
    assert found.application.status == ApplicationStatus.COMPLETED
    assert not found.actions.advance and found.actions.reject and not found.actions.resend
    decisions.decide(
        session=session,
        user=recruiter,
        application_id=application.id,
        advance=False,
        note="The role was filled.",
    )
    found = report.candidate_report(session=session, user=recruiter, application_id=application.id)
    assert found.timeline[-1].what == "Rejected by Rita Recruiter: The role was filled."
    assert found.actions.advance and not found.actions.reject
    assert "Started" in [e.what for e in found.timeline]
    assert any(m.what.startswith("Not advancing") for m in found.messages), [
        m.what for m in found.messages
    ]


class WritesMeanwhile:
    """The offline scorer, slow as a model: while it works, a candidate saves an answer
    through another connection that waits at most a fifth of a second for the database."""

    name = "offline-lexical-v1"

    def __init__(self, db_url: str, application_id: int) -> None:
        self.db_url, self.application_id = db_url, application_id
        self.wrote = 0

    def score(self, *, rubric: list[dict], material: scoring.Material) -> scoring.ScoreResult:
        """Write elsewhere first (this fails if the caller holds the write lock), then score."""
        impatient = {"timeout": 0.2} if self.db_url.startswith("sqlite") else {}
        other = sa.create_engine(self.db_url, connect_args=impatient)
        try:
            with other.begin() as connection:
                connection.execute(
                    sa.text("UPDATE application SET outcome_reason = :reason WHERE id = :id"),
                    {"reason": f"saved meanwhile {self.wrote + 1}", "id": self.application_id},
                )
            self.wrote += 1
        finally:
            other.dispose()
        return offline_scorer.OfflineScorer().score(rubric=rubric, material=material)


def test_scoring_again_holds_no_lock_while_the_scorer_works(
    db_url: str,
    engine: sa.Engine,
    session: Session,
    world: dict,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rescore (or a pending score) waits on the model without holding candidates up."""
    application = _through_the_form(session, world)
    recruiter, resume = world["recruiter"], world["stages"][0]
    meanwhile = WritesMeanwhile(db_url, application.id)
    monkeypatch.setattr(scoring, "get_scorer", lambda: meanwhile)
    # As the app's sessions are: on SQLite they take the write lock when they begin.
    with Session(db.writer(engine), expire_on_commit=False) as app_session:
        recruiter = app_session.get(type(recruiter), recruiter.id)
        rescored = rescoring.rescore_stage(
            session=app_session, user=recruiter, application_id=application.id, stage_id=resume.id
        )
    assert meanwhile.wrote == 1 and rescored.current.scorer == "offline-lexical-v1"
    # A score left pending is scored the same way.
    attempt = session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id, StageAttempt.stage_id == resume.id
        )
    ).one()
    attempt.status = AttemptStatus.SCORE_PENDING
    session.add(attempt)
    session.commit()
    with Session(db.writer(engine), expire_on_commit=False) as app_session:
        assert rescoring.rescore_pending(session=app_session) == 1
    assert meanwhile.wrote == 2
    session.expire_all()
    assert session.get(StageAttempt, attempt.id).status in (
        AttemptStatus.PASSED,
        AttemptStatus.FAILED,
    )
    assert session.get(Application, application.id).outcome_reason == "saved meanwhile 2"
