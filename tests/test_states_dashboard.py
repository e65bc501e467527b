"""The dashboard's handlers: filters change the data; the table pages and sorts; exports."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlmodel import Session

from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    AttemptStatus,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    Score,
    Stage,
    StageAttempt,
    StageType,
    User,
    utcnow,
)
from heymilo_app.state.dashboard import DashboardState
from tests.support import add_manager, make_org_user
from tests.test_states import _login, _redirect_path, _root, _state

DAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _job(session: Session, user: User, title: str, stages: list[tuple[StageType, str]]) -> dict:
    job = Job(
        organization_id=user.organization_id, title=title, slug=title.lower().replace(" ", "-")
    )
    session.add(job)
    session.flush()
    interview = Interview(job_id=job.id, status=InterviewStatus.PUBLISHED, published_at=utcnow())
    session.add(interview)
    session.flush()
    made = []
    for position, (kind, stage_title) in enumerate(stages):
        stage = Stage(
            interview_id=interview.id,
            type=kind,
            position=position,
            title=stage_title,
            pass_threshold=60,
            rubric=[{"name": "Experience", "weight": 1, "low": "", "high": ""}],
        )
        session.add(stage)
        made.append(stage)
    session.flush()
    return {"job": job, "interview": interview, "stages": made}


def _apply(
    session: Session,
    user: User,
    built: dict,
    index: int,
    *,
    status: ApplicationStatus = ApplicationStatus.INVITED,
    source: ApplicationSource = ApplicationSource.MANUAL,
    total: float | None = None,
) -> Application:
    candidate = Candidate(
        organization_id=user.organization_id,
        first_name=f"Cand{index:02d}",
        last_name=built["job"].title.split()[0],
        email=f"cand{index:02d}.{built['job'].id}@example.net",
    )
    session.add(candidate)
    session.flush()
    created = DAY + timedelta(days=index % 3)
    application = Application(
        organization_id=user.organization_id,
        job_id=built["job"].id,
        interview_id=built["interview"].id,
        candidate_id=candidate.id,
        status=status,
        source=source,
        created_at=created,
        invited_at=created,
    )
    session.add(application)
    session.flush()
    if total is not None:
        stage = built["stages"][0]
        application.started_at = created + timedelta(minutes=1)
        attempt = StageAttempt(
            application_id=application.id,
            stage_id=stage.id,
            status=AttemptStatus.PASSED if total >= 60 else AttemptStatus.FAILED,
            started_at=created + timedelta(minutes=1),
            finished_at=created + timedelta(minutes=11),
        )
        session.add(attempt)
        session.flush()
        session.add(
            Score(
                application_id=application.id,
                stage_id=stage.id,
                attempt_id=attempt.id,
                total=total,
                criteria=[{"name": "Experience", "weight": 1, "score": 3, "evidence": "x"}],
                passed=total >= 60,
            )
        )
    return application


@pytest.fixture
def dash(session: Session) -> dict:
    """Support Lead: 30 applications, the first 12 with a resume score (40, 45, ..., 95), 10
    of them completed, every other one from the ATS. Night Nurse: 3, none scored. Another
    organization: 1."""
    owner = make_org_user(session)
    add_manager(session, owner)
    support = _job(
        session, owner, "Support Lead", [(StageType.RESUME, ""), (StageType.VOICE, "Call")]
    )
    nurse = _job(session, owner, "Night Nurse", [(StageType.FORM, "Form")])
    for index in range(30):
        _apply(
            session,
            owner,
            support,
            index,
            status=ApplicationStatus.COMPLETED if index < 10 else ApplicationStatus.INVITED,
            source=ApplicationSource.ATS if index % 2 else ApplicationSource.MANUAL,
            total=40 + 5 * index if index < 12 else None,
        )
    for index in range(3):
        _apply(session, owner, nurse, 100 + index)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    foreign = _job(session, stranger, "Foreign Role", [(StageType.RESUME, "")])
    _apply(session, stranger, foreign, 500, total=99)
    session.commit()
    return {"support": support["job"], "nurse": nurse["job"], "foreign": foreign["job"]}


def _dashboard(session: Session, email: str, query: str = "") -> DashboardState:
    path = "/dashboard" + (f"?{query}" if query else "")
    state = _state(_root(_login(session, email), path=path, route="/dashboard"), DashboardState)
    state.load_dashboard()
    return state


def _names(state: DashboardState) -> list[str]:
    return [row["name"] for row in state.rows]


def test_the_hiring_manager_sees_the_organizations_numbers_and_charts(
    session: Session, dash: dict
) -> None:
    state = _dashboard(session, "hm@acme.example.com")
    assert state.loaded and state.has_any and state.filter_error == ""
    assert state.total_applications == 33
    assert state.funnel_fig.data[0].x[0] == 33  # everyone invited
    assert state.completion_rate == f"{10 / 33 * 100:.0f}%"
    assert state.has_rates and state.has_completions
    # Median of the 12 resume scores 40..95 is 67.5, shown rounded.
    assert state.median_overall == "68"
    assert state.has_scores and list(state.scores_fig.data[0].y) == [0, 0, 0, 0, 2, 2, 2, 2, 2, 2]
    # Highest overall first; 25 on the first page.
    assert len(state.rows) == 25 and state.range_label == "1-25 of 33" and state.has_next
    assert [row["overall"] for row in state.rows[:3]] == ["95", "90", "85"]
    assert state.rows[0]["url"] == f"/candidates/{state.rows[0]['id']}"
    assert "Resume" in [column["label"] for column in state.stage_columns]
    assert "Foreign" not in " ".join(row["job"] for row in state.rows)


def test_filters_change_every_number_and_bad_ones_change_nothing(
    session: Session, dash: dict
) -> None:
    state = _dashboard(session, "hm@acme.example.com")
    state.set_job(str(dash["nurse"].id))
    assert state.total_applications == 3 and state.total_rows == 3
    # Nobody finished this job's interview: no completion charts of zeros, a sentence instead.
    assert state.has_rates and not state.has_completions
    assert not state.has_scores and state.median_overall == "—"
    assert [o["label"] for o in state.stage_options] == ["Form"]

    state.set_job(str(dash["support"].id))
    assert state.total_applications == 30 and state.has_criteria
    assert [c["label"] for c in state.stage_columns] == ["Resume", "Call"]
    state.set_status("completed")
    assert state.total_applications == 10 and state.total_rows == 10
    state.set_source("ats")
    assert state.total_rows == 5 and {row["source"] for row in state.rows} == {"ATS"}
    state.set_source("any")
    state.set_date("from", "2026-01-06")
    state.set_date("to", "2026-01-06")
    # Days cycle 5, 6, 7: of the 10 completed, indexes 1, 4, 7 applied on the 6th.
    assert state.total_rows == 3

    state.set_date("to", "2026-01-01")
    assert state.filter_error == "The start date is after the end date."
    state.set_date("from", "next tuesday")
    assert "YYYY-MM-DD" in state.filter_error
    assert state.date_from == "2026-01-06" and state.total_rows == 3

    state.reset_filters()
    assert state.total_applications == 33 and state.job_id == "" and state.stage_options == []


def test_another_organizations_job_is_refused(session: Session, dash: dict) -> None:
    state = _dashboard(session, "hm@acme.example.com")
    state.set_job(str(dash["foreign"].id))
    assert state.filter_error and state.job_id == ""
    assert state.total_applications == 33


def test_filters_are_read_from_the_url_and_written_back(session: Session, dash: dict) -> None:
    query = f"job={dash['support'].id}&status=completed&from=bad&source=nonsense"
    state = _dashboard(session, "rec@acme.example.com", query)
    assert state.job_id == str(dash["support"].id) and state.status == "completed"
    assert state.date_from == "" and state.source == ""
    assert state.total_applications == 10
    assert state._query_url() == f"/dashboard?job={dash['support'].id}&status=completed"


def test_the_table_pages_sorts_and_searches(session: Session, dash: dict) -> None:
    state = _dashboard(session, "rec@acme.example.com")
    state.turn_page(1)
    assert state.page == 2 and len(state.rows) == 8 and state.range_label == "26-33 of 33"
    assert not state.has_next
    state.turn_page(1)
    assert state.page == 2
    state.turn_page(-1)
    assert state.page == 1 and len(state.rows) == 25

    state.sort_by("name")
    assert state.sort == "name" and not state.descending
    assert _names(state)[:2] == ["Cand00 Support", "Cand01 Support"]
    state.sort_by("name")
    assert state.descending and _names(state)[0] == "Cand29 Support"
    state.sort_by("not-a-column")
    assert state.sort == "name"

    state.search_candidates({"search": "cand03"})
    assert _names(state) == ["Cand03 Support"] and state.range_label == "1-1 of 1"
    # The search narrows the table, not the charts.
    assert state.total_applications == 33


def _downloaded(event) -> tuple[str, bytes]:
    args = {str(name._js_expr): value for name, value in event.args}
    url = str(args["url"]._var_value)
    header, _, data = url.partition(",")
    assert header.endswith(";base64")
    return str(args["filename"]._var_value), base64.b64decode(data)


def test_exports_hold_every_filtered_row(session: Session, dash: dict) -> None:
    state = _dashboard(session, "hm@acme.example.com")
    state.set_job(str(dash["support"].id))
    state.search_candidates({"search": "cand0"})
    assert state.total_rows == 10
    filename, data = _downloaded(state.download_csv())
    assert filename == f"candidates-{utcnow().date().isoformat()}.csv"
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(frame) == state.total_rows
    assert {"Candidate", "Email", "Overall", "Resume score", "Report URL"} <= set(frame.columns)
    assert frame["Overall"].iloc[0] == 85  # Cand09's 40 + 45
    filename, data = _downloaded(state.download_excel())
    assert filename.endswith(".xlsx")
    assert len(pd.read_excel(io.BytesIO(data))) == 10


def test_a_new_organization_sees_what_to_do_first(session: Session, dash: dict) -> None:
    make_org_user(session, org="Fresh", email="new@fresh.example.com")
    state = _dashboard(session, "new@fresh.example.com")
    assert state.loaded and not state.has_any and state.total_applications == 0
    assert state.rows == [] and state.range_label == "0 of 0"


def test_a_stranger_is_sent_to_login(session: Session, dash: dict) -> None:
    state = _state(_root("", path="/dashboard", route="/dashboard"), DashboardState)
    assert _redirect_path(state.download_csv()).startswith("/login")
    assert _redirect_path(state.set_status("completed")).startswith("/login")
    assert state.rows == []
