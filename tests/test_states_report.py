"""The report page's state: recruiter actions, notes and ratings, and what each role sees."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationNote,
    ApplicationRating,
    ApplicationStatus,
    OutboundMessage,
    Score,
)
from heymilo_app.services.scoring import scoring
from tests.support import add_manager, make_org_user
from tests.test_candidate_report import _state, _through_the_form
from tests.test_pipeline import world  # noqa: F401 - fixture
from tests.test_report_actions import ChangedMind

RECRUITER, MANAGER = "rec@acme.example.com", "hm@acme.example.com"


def _status(session: Session, application_id: int) -> ApplicationStatus:
    session.expire_all()
    return session.get(Application, application_id).status


def _count(session: Session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _not_advancing(session: Session) -> int:
    return _count(session, OutboundMessage, OutboundMessage.kind == "not_advancing")


def test_a_recruiter_advances_only_with_a_reason(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    state = _state(session, RECRUITER, application.id)
    assert state.can_advance and state.can_reject and state.can_resend and state.can_decide
    state.open_decision(True)
    assert state.decision_open and state.decision_advance
    state.confirm_decision()
    assert state.decision_open and state.decision_error == "Say why, for the record."
    assert _status(session, application.id) == ApplicationStatus.IN_PROGRESS
    state.set_decision_note("Clear billing story.")
    assert state.decision_error == ""
    state.confirm_decision()
    assert not state.decision_open and state.decision_note == ""
    assert _status(session, application.id) == ApplicationStatus.COMPLETED
    assert state.status_label == "Completed" and not state.can_advance and state.can_reject
    assert "Advanced by Rita Recruiter: Clear billing story." in [t["what"] for t in state.timeline]


def test_a_recruiter_rejects_with_or_without_the_email(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    state = _state(session, RECRUITER, application.id)
    state.open_decision(False)
    assert state.decision_notify, "the email is on by default"
    state.set_decision_notify(False)
    state.confirm_decision()
    assert state.decision_error and _status(session, application.id) == "in_progress"
    state.set_decision_note("Needs weekend availability.")
    state.confirm_decision()
    assert _status(session, application.id) == ApplicationStatus.DISQUALIFIED
    assert _not_advancing(session) == 0
    assert state.timeline[-1]["what"] == "Rejected by Rita Recruiter: Needs weekend availability."
    assert state.can_advance and not state.can_reject
    state.open_decision(True)
    state.set_decision_note("Weekend shifts are optional after all.")
    state.confirm_decision()
    assert _status(session, application.id) == ApplicationStatus.COMPLETED
    state.open_decision(False)
    assert state.decision_notify and state.decision_note == ""
    state.set_decision_note("Another candidate accepted.")
    state.confirm_decision()
    assert _status(session, application.id) == ApplicationStatus.DISQUALIFIED
    assert _not_advancing(session) == 1


def test_notes_and_ratings_from_the_page(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    state = _state(session, RECRUITER, application.id)
    state.set_note_draft("   ")
    state.add_note()
    assert state.note_error == "Write something first: the note is empty." and state.notes == []
    state.set_note_draft("  Call her back on Monday. ")
    assert state.note_error == ""
    state.add_note()
    assert state.note_draft == ""
    assert [(n["author"], n["role"], n["body"]) for n in state.notes] == [
        ("Rita Recruiter", "Recruiter", "Call her back on Monday.")
    ]
    state.set_rating("4")
    assert state.my_rating == 4 and state.rating_average == "4"
    state.set_rating("9")
    assert state.my_rating == 4
    state.set_rating("")
    assert state.my_rating == 0 and state.rating_average == "" and state.ratings == []


def test_rescore_and_resend_from_the_page(
    session: Session,
    world: dict,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    application = _through_the_form(session, world)
    state = _state(session, RECRUITER, application.id)
    resume = state.stages[0]
    assert resume.rescorable and resume.history == []
    assert resume.scorer.startswith("Scored by offline-lexical-v1 (rubric ")
    monkeypatch.setattr(scoring, "get_scorer", lambda: ChangedMind())
    state.rescore(resume.stage_id)
    rescored = state.stages[0]
    assert rescored.scorer.startswith("Scored by test-model-2 (rubric ")
    [earlier] = rescored.history
    assert earlier.text.startswith(f"Earlier: {resume.total} by offline-lexical-v1 (rubric ")
    first = resume.criteria[0]
    assert earlier.changes == f"Then {first.name} {first.score} → {rescored.criteria[0].score}"
    assert state.timeline[-1]["what"].startswith("Rescored by Rita Recruiter")
    invitations = OutboundMessage.kind == "invitation"
    before = _count(session, OutboundMessage, invitations)
    state.resend_invitation()
    assert _count(session, OutboundMessage, invitations) > before
    assert any(m["what"].startswith("Invitation") for m in state.messages)


def test_a_hiring_manager_sees_no_action_and_changes_nothing_but_notes_and_ratings(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    add_manager(session, world["recruiter"])
    state = _state(session, MANAGER, application.id)
    assert not state.is_recruiter and not state.can_decide
    assert not (state.can_advance or state.can_reject or state.can_resend)
    assert not any(stage.rescorable for stage in state.stages)
    scores, messages = _count(session, Score), _count(session, OutboundMessage)
    for advance in (True, False):
        state.open_decision(advance)
        state.set_decision_note("Hand-made event")
        state.confirm_decision()
    state.rescore(state.stages[0].stage_id)
    state.resend_invitation()
    assert _status(session, application.id) == ApplicationStatus.IN_PROGRESS
    assert _count(session, Score) == scores and _count(session, OutboundMessage) == messages
    state.set_note_draft("Happy to meet her.")
    state.add_note()
    state.set_rating("5")
    assert [n["role"] for n in state.notes] == ["Hiring manager"]
    assert state.my_rating == 5 and state.ratings[0]["name"] == "Hank Manager"
    recruiter = _state(session, RECRUITER, application.id)
    assert recruiter.rating_average == "5" and recruiter.my_rating == 0
    assert recruiter.notes[0]["body"] == "Happy to meet her."


def test_another_organization_sees_and_changes_nothing(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _through_the_form(session, world)
    make_org_user(session, org="Other", email="o@other.example.com")
    state = _state(session, "o@other.example.com", application.id)
    assert state.not_found and state.notes == [] and not state.can_decide
    scores, messages = _count(session, Score), _count(session, OutboundMessage)
    state.open_decision(False)
    state.set_decision_note("Injected")
    state.confirm_decision()
    state.rescore(world["stages"][0].id)
    state.resend_invitation()
    state.set_note_draft("Injected")
    state.add_note()
    state.set_rating("1")
    assert _status(session, application.id) == ApplicationStatus.IN_PROGRESS
    assert _count(session, Score) == scores and _count(session, OutboundMessage) == messages
    assert _count(session, ApplicationNote) == 0 and _count(session, ApplicationRating) == 0
    assert state.not_found and state.name == "" and state.notes == []
