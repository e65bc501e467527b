"""The Candidates page's list: search, filters, sort and pages in the database, the score
column, the organization's scope, and a recruiter's rejection read apart from a failed rule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Candidate,
    utcnow,
)
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.pipeline import (
    applications,
    decisions,
    journey,
    rejections,
    stage_statuses,
    submissions,
)
from heymilo_app.services.pipeline.applications import ListQuery, candidate_page
from heymilo_app.state.candidate_report import CandidateReportState
from heymilo_app.state.candidates import CandidatesState
from heymilo_app.state.formatting import application_rows
from tests.support import add_manager, make_org_user
from tests.test_bulk_actions import make_job
from tests.test_pipeline import _apply, _fill_form, world  # noqa: F401 - a fixture
from tests.test_states import _login, _redirect_path, _root
from tests.test_states_messaging import _nested

COUNT = 120
STATUSES = (ApplicationStatus.INVITED, ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED)


def _score(i: int) -> float | None:
    return None if i % 5 == 0 else float(i) + 0.4


@pytest.fixture
def crowd(session: Session) -> dict[str, Any]:
    """Acme with two jobs and 120 applications (80 for Support Lead, 40 for Data Analyst),
    one a minute; another organization with one application of its own."""
    recruiter = make_org_user(session)
    manager = add_manager(session, recruiter)
    support = make_job(session, recruiter, "Support Lead")
    data = make_job(session, recruiter, "Data Analyst")
    start = utcnow() - timedelta(days=1)
    for i in range(COUNT):
        made = data if i % 3 == 0 else support
        candidate = Candidate(
            organization_id=recruiter.organization_id,
            first_name=f"Cand{i:03d}",
            last_name="Smith" if i % 2 else "Jones",
            email=f"c{i:03d}@example.net",
            phone=f"+1555010{i:04d}",
        )
        session.add(candidate)
        session.flush()
        session.add(
            Application(
                organization_id=recruiter.organization_id,
                job_id=made["job"].id,
                interview_id=made["stages"][0].interview_id,
                candidate_id=candidate.id,
                status=STATUSES[i % 3 if i % 3 else (i // 3) % 3],
                current_stage_id=made["stages"][i % 2].id,
                source=ApplicationSource.MANUAL,
                created_at=start + timedelta(minutes=i),
                overall_score=_score(i),
            )
        )
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    theirs = make_job(session, stranger, "Support Desk")
    candidate = Candidate(
        organization_id=stranger.organization_id,
        first_name="Cand001",
        last_name="Smith",
        email="c001@example.net",
        phone="+15550100001",
    )
    session.add(candidate)
    session.flush()
    session.add(
        Application(
            organization_id=stranger.organization_id,
            job_id=theirs["job"].id,
            interview_id=theirs["stages"][0].interview_id,
            candidate_id=candidate.id,
            overall_score=99.0,
        )
    )
    session.commit()
    return {
        "recruiter": recruiter,
        "manager": manager,
        "stranger": stranger,
        "support": support,
        "data": data,
        "theirs": theirs,
    }


def _numbers(page: applications.ApplicationPage) -> list[int]:
    """The rows' candidate numbers (Cand042 is 42), in the page's order."""
    return [int(row.candidate_name[4:7]) for row in page.rows]


def _page(session: Session, user, **asked) -> applications.ApplicationPage:
    return candidate_page(session=session, user=user, query=ListQuery(**asked))


def test_pages_of_fifty_newest_first(session: Session, crowd: dict) -> None:
    user = crowd["recruiter"]
    first = _page(session, user)
    assert first.total == COUNT and first.pages == 3 and len(first.rows) == 50
    assert _numbers(first) == list(range(119, 69, -1))
    assert (first.first, first.last) == (1, 50)
    second = _page(session, user, page=2)
    assert _numbers(second) == list(range(69, 19, -1))
    assert (second.first, second.last) == (51, 100)
    third = _page(session, user, page=3)
    assert _numbers(third) == list(range(19, -1, -1)) and (third.first, third.last) == (101, 120)
    # Past the end (the list shrank since): the last page.
    assert _page(session, user, page=9).page == 3
    assert _page(session, user, page=0).page == 1


def test_sorts(session: Session, crowd: dict) -> None:
    user = crowd["recruiter"]
    assert _numbers(_page(session, user, sort="oldest"))[:3] == [0, 1, 2]
    scored = sorted((i for i in range(COUNT) if _score(i) is not None), reverse=True)
    by_score = [
        n for page in (1, 2, 3) for n in _numbers(_page(session, user, sort="score", page=page))
    ]
    # Best first, with the score the ranked table reads; nothing scored last (newest first).
    assert by_score[: len(scored)] == scored
    assert by_score[len(scored) :] == sorted((i for i in range(COUNT) if i % 5 == 0), reverse=True)
    row = _page(session, user, sort="score").rows[0]
    assert row.overall == pytest.approx(119.4)
    names = [
        r.candidate_name
        for page in (1, 2, 3)
        for r in _page(session, user, sort="name", page=page).rows
    ]
    assert names == sorted(names, key=str.lower) and len(names) == COUNT
    with pytest.raises(Invalid):
        _page(session, user, sort="status")


def test_search_by_name_email_or_phone(session: Session, crowd: dict) -> None:
    user = crowd["recruiter"]
    by_name = _page(session, user, search="  cAND01 ")
    assert sorted(_numbers(by_name)) == list(range(10, 20)) and by_name.total == 10
    assert _page(session, user, search="cand010 jones").total == 1
    assert _numbers(_page(session, user, search="C005@EXAMPLE.NET")) == [5]
    assert _numbers(_page(session, user, search="555 010 0042")) == [42]
    assert sorted(_numbers(_page(session, user, search="(555) 010-004"))) == list(range(40, 50))
    # LIKE's wildcards are plain characters here.
    assert _page(session, user, search="%").total == 0
    assert _page(session, user, search="_").total == 0


def test_filters_by_job_status_and_stage_now(session: Session, crowd: dict) -> None:
    user = crowd["recruiter"]
    support, data = crowd["support"], crowd["data"]
    only_data = _page(session, user, job_id=data["job"].id)
    assert only_data.total == 40 and {r.job_title for r in only_data.rows} == {"Data Analyst"}
    completed = _page(session, user, status="completed")
    assert completed.total == sum(
        1 for i in range(COUNT) if STATUSES[i % 3 if i % 3 else (i // 3) % 3] == "completed"
    )
    assert {r.status for r in completed.rows} == {"completed"}
    # Across jobs the stage filter is a stage type; the odd numbers are at the form stage.
    assert _page(session, user, stage="form").total == 60
    options = applications.stage_filter_options(
        session=session, user=user, job_id=support["job"].id
    )
    assert [label for _, label in options] == ["Resume", "Eligibility"]
    form = _page(session, user, job_id=support["job"].id, stage=options[1][0], per_page=200)
    expected = [i for i in range(COUNT) if i % 3 and i % 2]
    assert sorted(_numbers(form)) == expected and form.total == len(expected)
    # Everything at once: job, stage, search, and sorted by name, paged.
    both = _page(
        session, user, job_id=support["job"].id, stage=options[1][0], search="smith", sort="name"
    )
    assert both.total == len(expected) and _numbers(both) == expected[:50]
    with pytest.raises(Invalid):
        _page(session, user, status="hired")
    with pytest.raises(Invalid):
        _page(session, user, job_id=support["job"].id, stage=str(data["stages"][1].id))


def test_the_database_pages_the_list(session: Session, crowd: dict, engine: sa.Engine) -> None:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        page = _page(session, crowd["recruiter"], search="smith", page=2)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert page.total == 60 and len(page.rows) == 10
    rows_query = [s for s in seen if "LIMIT" in s.upper()]
    assert rows_query and "OFFSET" in rows_query[-1].upper()


def test_an_organization_sees_only_its_own(session: Session, crowd: dict) -> None:
    recruiter, manager, stranger = crowd["recruiter"], crowd["manager"], crowd["stranger"]
    mine = _page(session, recruiter, search="cand001")
    assert mine.total == 1 and mine.rows[0].overall == pytest.approx(1.4)
    # A hiring manager sees the organization's list, as before.
    assert _page(session, manager).total == COUNT
    theirs = _page(session, stranger, sort="score")
    assert theirs.total == 1 and theirs.rows[0].overall == 99.0
    assert _page(session, stranger, search="smith").total == 1
    with pytest.raises(NotFound):
        _page(session, stranger, job_id=crowd["support"]["job"].id)
    with pytest.raises(NotFound):
        applications.stage_filter_options(
            session=session, user=stranger, job_id=crowd["support"]["job"].id
        )


def test_a_recruiters_rejection_reads_rejected_and_a_failed_rule_disqualified(
    session: Session,
    world: dict,  # noqa: F811 - the fixture
) -> None:
    recruiter = world["recruiter"]
    failed = _apply(session, world, email="fails@example.net", phone="")
    token = failed.token
    view = journey.start(session=session, token=token)
    submissions.submit_resume(
        session=session,
        token=token,
        stage_id=view.current.id,
        text="Six years of customer support in Zendesk.",
    )
    _fill_form(session, world, token, authorized="no")
    outcome = submissions.submit_form(session=session, token=token, stage_id=world["stages"][1].id)
    assert outcome.status == "disqualified"
    rejected = _apply(session, world, email="rejected@example.net", phone="")
    decisions.decide(
        session=session,
        user=recruiter,
        application_id=rejected.id,
        advance=False,
        note="Role filled",
        notify=False,
    )
    open_one = _apply(session, world, email="open@example.net", phone="")

    page = _page(session, recruiter)
    by_id = {row.application_id: row for row in page.rows}
    assert by_id[failed.id].status == by_id[rejected.id].status == "disqualified"
    assert (by_id[failed.id].rejected, by_id[rejected.id].rejected) == (False, True)
    labels = {int(r["id"]): r["status_label"] for r in application_rows(session, page.rows)}
    assert labels == {failed.id: "Disqualified", rejected.id: "Rejected", open_one.id: "Invited"}
    assert [r.application_id for r in _page(session, recruiter, status="rejected").rows] == [
        rejected.id
    ]
    assert [r.application_id for r in _page(session, recruiter, status="disqualified").rows] == [
        failed.id
    ]
    chips = stage_statuses.stage_statuses(session=session, application_ids=[rejected.id])
    assert [c.state for c in chips[rejected.id]] == ["rejected", "not_reached", "not_reached"]

    # Rejected, let back in, then disqualified by a rule: the rule's outcome is what shows.
    comeback = _apply(session, world, email="comeback@example.net", phone="")
    for advance in (False, True):
        decisions.decide(
            session=session,
            user=recruiter,
            application_id=comeback.id,
            advance=advance,
            note="Changed my mind",
            notify=False,
        )
    assert rejections.rejected_ids(session=session, application_ids=[comeback.id]) == set()
    journey.start(session=session, token=comeback.token)
    _fill_form(session, world, comeback.token, authorized="no")
    submissions.submit_form(session=session, token=comeback.token, stage_id=world["stages"][1].id)
    session.refresh(comeback)
    assert comeback.status == "disqualified"
    assert rejections.rejected_ids(
        session=session, application_ids=[failed.id, rejected.id, open_one.id, comeback.id]
    ) == {rejected.id}

    # The candidate's report says the same.
    root = _root(
        _login(session, recruiter.email),
        path=f"/candidates/{rejected.id}",
        route="/candidates/[application_id]",
        query={"application_id": str(rejected.id)},
    )
    report = _nested(root, CandidateReportState)
    report.load_report()
    assert report.status_label == "Rejected"


def _candidates(session: Session, email: str = "") -> CandidatesState:
    token = _login(session, email) if email else ""
    return _nested(_root(token, path="/candidates", route="/candidates"), CandidatesState)


def test_the_page_state_pages_and_filters(session: Session, crowd: dict) -> None:
    state = _candidates(session, "rec@acme.example.com")
    state.load_candidates()
    assert len(state.rows) == 50 and state.range_label == "Showing 1–50 of 120"
    assert state.rows[0]["name"] == "Cand119 Smith" and state.rows[0]["score"] == "119"
    assert {o["label"] for o in state.job_options} == {"Support Lead", "Data Analyst"}
    state.next_page()
    assert state.range_label == "Showing 51–100 of 120"
    state.set_search("jones")
    assert state.page == 1 and state.range_label == "Showing 1–50 of 60"
    state.set_job_filter(str(crowd["data"]["job"].id))
    assert [o["label"] for o in state.stage_options] == ["Resume", "Eligibility"]
    assert state.range_label == "Showing 1–20 of 20"
    state.set_sort("score")
    assert state.rows[0]["name"] == "Cand114 Jones"
    state.set_status_filter("withdrawn")
    assert state.rows == [] and state.range_label == "No candidates match"
    state.clear_filters()
    assert state.total == COUNT


def test_a_stranger_or_another_organization_gets_nothing(session: Session, crowd: dict) -> None:
    anonymous = _candidates(session)
    assert _redirect_path(anonymous.load_candidates()).startswith("/login")
    assert anonymous.rows == [] and anonymous.total == 0 and anonymous.job_options == []
    anonymous.set_search("cand")
    assert anonymous.rows == []

    other = _candidates(session, "o@other.example.com")
    other.load_candidates()
    assert [row["email"] for row in other.rows] == ["c001@example.net"]
    assert [o["label"] for o in other.job_options] == ["Support Desk"]
    # Another organization's job id, as if forged: refused, and nothing of Acme shows.
    other.set_job_filter(str(crowd["support"]["job"].id))
    assert other.list_error == "No such job." and other.rows == [] and other.total == 0


def test_the_dashboard_filter_tells_a_rejection_from_a_failed_rule(
    session: Session,
    world: dict,  # noqa: F811 - the fixture
) -> None:
    from heymilo_app.services.analytics import exports, scope

    recruiter = world["recruiter"]
    failed = _apply(session, world, email="fails@example.net", phone="")
    journey.start(session=session, token=failed.token)
    submissions.submit_resume(
        session=session,
        token=failed.token,
        stage_id=world["stages"][0].id,
        text="Six years of customer support in Zendesk.",
    )
    _fill_form(session, world, failed.token, authorized="no")
    submissions.submit_form(session=session, token=failed.token, stage_id=world["stages"][1].id)
    rejected = _apply(session, world, email="rejected@example.net", phone="")
    decisions.decide(
        session=session,
        user=recruiter,
        application_id=rejected.id,
        advance=False,
        note="Role filled",
        notify=False,
    )

    def emails(status: str) -> list[str]:
        frame = exports.export_frame(
            session=session, user=recruiter, filters=scope.Filters(status=status)
        )
        return sorted(frame["Email"])

    assert emails("rejected") == ["rejected@example.net"]
    assert emails("disqualified") == ["fails@example.net"]
    with pytest.raises(Invalid):
        emails("hacked")
