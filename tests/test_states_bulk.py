"""The candidate lists' stage chips, selection and bulk actions, through their Reflex handlers."""

from __future__ import annotations

import base64
import io
from typing import Any

import pandas as pd
import pytest
from sqlmodel import Session, select

from heymilo_app.models import Application, ApplicationStatus, OutboundMessage, ScoreAlert
from heymilo_app.services.pipeline import candidate_requests, journey
from heymilo_app.services.scoring import score_alerts
from heymilo_app.state.candidates import CandidatesState
from heymilo_app.state.job_detail import JobCandidatesState, JobDetailState
from heymilo_app.state.score_alert import ScoreAlertState
from tests.support import add_manager, make_org_user
from tests.test_bulk_actions import apply, complete, make_job
from tests.test_states import _login, _redirect_path, _root
from tests.test_states_messaging import _nested


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """A job with four candidates: invited, in progress, completed, withdrawn."""
    recruiter = make_org_user(session)
    manager = add_manager(session, recruiter)
    made = make_job(session, recruiter)
    ann, ben, cy, di = (apply(session, made["job"], n) for n in ("Ann", "Ben", "Cy", "Di"))
    journey.start(session=session, token=ben.token)
    complete(session, made, cy)
    candidate_requests.withdraw(session=session, token=di.token)
    made.update(recruiter=recruiter, manager=manager, apps=[ann, ben, cy, di])
    return made


def _job_root(session: Session, email: str, job_id: int):
    root = _root(
        _login(session, email),
        path=f"/jobs/{job_id}",
        route="/jobs/[job_id]",
        query={"job_id": str(job_id)},
    )
    _nested(root, JobDetailState).load_job()
    return root


def _selection(session: Session, email: str, job_id: int) -> JobCandidatesState:
    return _nested(_job_root(session, email, job_id), JobDetailState, JobCandidatesState)


def _toast(events: list, level: str) -> str:
    """The JavaScript of the toast among a handler's events, checked for its level."""
    scripts = [
        str(value._js_expr)
        for event in events
        if hasattr(event, "args")
        for name, value in event.args
        if str(name._js_expr) == "function"
    ]
    assert len(scripts) == 1 and f'"{level}"' in scripts[0], scripts
    return scripts[0]


def _ids(applications: list[Application]) -> list[str]:
    return [str(a.id) for a in applications]


def test_rows_carry_stage_chips_and_the_shortlist_star(session: Session, world: dict) -> None:
    ann, ben, cy, di = world["apps"]
    cy_row = session.get(Application, cy.id)
    cy_row.shortlisted_at = cy_row.finished_at
    session.commit()
    detail = _nested(_job_root(session, "rec@acme.example.com", world["job"].id), JobDetailState)
    states = {
        row_id: [chip["state"] for chip in chips] for row_id, chips in detail.stage_chips.items()
    }
    assert states == {
        str(ann.id): ["not_reached", "not_reached"],
        str(ben.id): ["passed", "in_progress"],  # the resume came with the application
        str(cy.id): ["passed", "passed"],
        str(di.id): ["not_reached", "not_reached"],
    }
    scores = {s.stage_id: s.total for s in score_alerts.current_scores(session, cy.id)}
    resume, form = world["stages"]
    chips = detail.stage_chips[str(cy.id)]
    assert [chip["score"] for chip in chips] == [
        f"{scores[resume.id]:.0f}",
        f"{scores[form.id]:.0f}",
    ]
    assert chips[0]["text"] == (
        f"Resume: passed, {scores[resume.id]:.0f}/100 (pass mark {resume.pass_threshold})"
    )
    assert {row["id"]: row["shortlisted"] for row in detail.candidates} == {
        str(ann.id): "",
        str(ben.id): "",
        str(cy.id): "yes",
        str(di.id): "",
    }


def test_selecting_rows_one_by_one_and_all(session: Session, world: dict) -> None:
    ann, ben, cy, di = world["apps"]
    state = _selection(session, "rec@acme.example.com", world["job"].id)
    state.toggle_selected(str(ann.id), True)
    state.toggle_selected(str(cy.id), True)
    state.toggle_selected(str(ann.id), True)  # twice is once
    state.toggle_selected("999999", True)  # not a row of the list
    assert state.selected == [str(ann.id), str(cy.id)]
    state.toggle_selected(str(ann.id), False)
    assert state.selected == [str(cy.id)]
    state.select_all(True)
    assert sorted(state.selected) == sorted(_ids([ann, ben, cy, di]))
    state.select_all(False)
    assert state.selected == []
    state.select_all(True)
    state.clear_selection()
    assert state.selected == []


def test_bulk_handlers_change_the_database_and_say_what_happened(
    session: Session, world: dict
) -> None:
    ann, ben, cy, di = world["apps"]
    state = _selection(session, "rec@acme.example.com", world["job"].id)
    for application in (ann, di):
        state.toggle_selected(str(application.id), True)
    events = state.shortlist_selected(True)
    assert state.bulk_message == "Shortlisted 2" and state.selected == []
    assert "Shortlisted 2" in _toast(events, "success")
    session.expire_all()
    assert session.get(Application, di.id).shortlisted_at is not None

    for application in (ann, ben, cy):
        state.toggle_selected(str(application.id), True)
    events = state.remind_selected()
    assert state.bulk_message == "Reminded 2; 1 skipped: the application is completed"
    assert state.bulk_message in _toast(events, "warning")
    reminded = session.exec(
        select(OutboundMessage.application_id).where(
            OutboundMessage.kind == "reminder", OutboundMessage.channel == "email"
        )
    ).all()
    assert sorted(reminded) == sorted([ann.id, ben.id])

    state.select_all(True)
    state.set_reject_open(True)
    assert state.reject_open and state.reject_notify
    assert (state.reject_count, state.reject_skips) == (3, 1)  # Di withdrew
    assert state.reject_selected() is None  # no reason given
    assert state.reject_error == "Say why, for the record." and state.reject_open
    session.expire_all()
    assert session.get(Application, ann.id).status == ApplicationStatus.INVITED
    state.set_reject_note("Hiring paused for this role")
    state.set_reject_notify(False)
    events = state.reject_selected()
    assert state.bulk_message == "Rejected 3; 1 skipped: already withdrawn"
    assert state.reject_open is False and state.selected == []
    assert state.bulk_message in _toast(events, "warning")
    session.expire_all()
    assert [session.get(Application, a.id).status for a in (ann, ben, cy, di)] == [
        ApplicationStatus.DISQUALIFIED,
        ApplicationStatus.DISQUALIFIED,
        ApplicationStatus.DISQUALIFIED,
        ApplicationStatus.WITHDRAWN,
    ]
    assert (
        session.exec(select(OutboundMessage).where(OutboundMessage.kind == "not_advancing")).all()
        == []
    )


def test_export_downloads_the_selection(session: Session, world: dict) -> None:
    ann, _, cy, _ = world["apps"]
    state = _selection(session, "rec@acme.example.com", world["job"].id)
    state.toggle_selected(str(ann.id), True)
    state.toggle_selected(str(cy.id), True)
    download = state.export_selected()
    args = {str(name._js_expr): value._var_value for name, value in download.args}
    assert args["filename"] == "candidates.csv"
    prefix = "data:text/csv;base64,"
    assert args["url"].startswith(prefix)
    frame = pd.read_csv(
        io.BytesIO(base64.b64decode(args["url"][len(prefix) :])), encoding="utf-8-sig"
    )
    assert sorted(frame["Candidate"]) == ["Ann Cruz", "Cy Cruz"]
    assert state.selected == [str(ann.id), str(cy.id)]  # kept for a next action


def test_a_hiring_manager_only_exports(session: Session, world: dict) -> None:
    ann = world["apps"][0]
    state = _selection(session, "hm@acme.example.com", world["job"].id)
    assert state.is_recruiter is False
    state.toggle_selected(str(ann.id), True)
    for handler in (state.remind_selected, lambda: state.shortlist_selected(True)):
        assert "Only recruiters" in _toast([handler()], "error")
    state.set_reject_note("Not for me")
    assert "Only recruiters" in _toast([state.reject_selected()], "error")
    session.expire_all()
    application = session.get(Application, ann.id)
    assert application.shortlisted_at is None and application.status == ApplicationStatus.INVITED
    assert (
        session.exec(select(OutboundMessage).where(OutboundMessage.kind == "reminder")).all() == []
    )
    download = state.export_selected()
    assert dict((str(n._js_expr), v._var_value) for n, v in download.args)["filename"] == (
        "candidates.csv"
    )


def test_the_candidates_page_selects_and_acts_across_jobs(session: Session, world: dict) -> None:
    other = make_job(session, world["recruiter"], "Night Shift Lead")
    eve = apply(session, other["job"], "Eve")
    root = _root(_login(session, "rec@acme.example.com"), path="/candidates", route="/candidates")
    state = _nested(root, CandidatesState)
    state.load_candidates()
    assert set(state.stage_chips) == set(_ids([*world["apps"], eve]))
    state.select_all(True)
    assert len(state.selected) == 5
    events = state.shortlist_selected(True)
    assert state.bulk_message == "Shortlisted 5"
    assert "Shortlisted 5" in _toast(events, "success")
    state.load_candidates()
    assert all(row["shortlisted"] == "yes" for row in state.rows)


def test_the_score_alert_card(session: Session, world: dict) -> None:
    job_id = world["job"].id
    root = _job_root(session, "rec@acme.example.com", job_id)
    state = _nested(root, JobDetailState, ScoreAlertState)
    state.load_alert()
    assert state.alert_current == 0 and state.alert_min == "80"
    state.set_alert_min("")
    assert state.save_alert() is None and "whole number" in state.alert_error
    state.set_alert_min("150")
    assert state.save_alert() is None and "1 to 100" in state.alert_error
    assert session.exec(select(ScoreAlert)).all() == []
    state.set_alert_min("85")
    assert "85/100" in _toast([state.save_alert()], "success")
    assert state.alert_current == 85 and state.alert_error == ""
    assert score_alerts.get_alert(session=session, user=world["recruiter"], job_id=job_id) == 85
    assert "turned off" in _toast([state.clear_alert()], "success")
    assert state.alert_current == 0
    assert session.exec(select(ScoreAlert)).all() == []
    manager = _nested(
        _job_root(session, "hm@acme.example.com", job_id), JobDetailState, ScoreAlertState
    )
    manager.set_alert_min("70")
    assert "Only recruiters" in _toast([manager.save_alert()], "error")
    assert session.exec(select(ScoreAlert)).all() == []


def test_a_stranger_and_another_organization_change_nothing(session: Session, world: dict) -> None:
    ann, ben = world["apps"][:2]
    job_id = world["job"].id
    make_org_user(session, org="Other", email="o@other.example.com")
    stranger_root = _root(
        "", path=f"/jobs/{job_id}", route="/jobs/[job_id]", query={"job_id": str(job_id)}
    )
    stranger = _nested(stranger_root, JobDetailState, JobCandidatesState)
    other = _selection(session, "o@other.example.com", job_id)
    assert other.candidates == [] and other.stage_chips == {}
    other.toggle_selected(str(ann.id), True)  # not a row they see
    assert other.selected == []
    for state in (stranger, other):
        # As if the selection had been forged: the services check the ids themselves.
        state.selected = _ids([ann, ben])
        state.set_reject_note("Forged")
        results = [
            state.shortlist_selected(True),
            state.remind_selected(),
            state.reject_selected(),
            state.export_selected(),
        ]
        if state is stranger:
            assert all(_redirect_path(result).startswith("/login") for result in results)
        else:
            assert all("no longer exist" in _toast([result], "error") for result in results)
    alert = _nested(_job_root(session, "o@other.example.com", job_id), JobDetailState)
    assert alert.not_found
    alert_state = _nested(
        _job_root(session, "o@other.example.com", job_id), JobDetailState, ScoreAlertState
    )
    alert_state.shown_job_id = job_id  # as if forged
    alert_state.set_alert_min("50")
    assert "No such job" in _toast([alert_state.save_alert()], "error")
    session.expire_all()
    assert session.exec(select(ScoreAlert)).all() == []
    for application in (ann, ben):
        row = session.get(Application, application.id)
        assert row.shortlisted_at is None and row.status != ApplicationStatus.DISQUALIFIED
    reminders = select(OutboundMessage).where(OutboundMessage.kind == "reminder")
    assert session.exec(reminders).all() == []
