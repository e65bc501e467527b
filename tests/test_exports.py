"""CSV and Excel exports of the candidate table: what goes in comes back out, and is safe."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pandas as pd
import pytest
from sqlmodel import Session

from heymilo_app.models import (
    Application,
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
)
from heymilo_app.services.analytics import exports
from heymilo_app.services.analytics.scope import Filters
from heymilo_app.settings import get_settings
from tests.support import make_org_user

CREATED = datetime(2026, 11, 3, 15, 30, tzinfo=UTC)
# (first name, last name, email, phone, resume total, voice total)
PEOPLE = [
    ("Zoë", "Ångström-Nguyễn", "zoe@mail.example.com", "+15551230001", 80.0, 70.0),
    ('=HYPERLINK("http://evil.example")', "Jones", "evil@mail.example.com", "", 50.0, None),
    ("李", "小龙", "@lee@mail.example.com", "", None, None),
]


@pytest.fixture
def exported(session: Session) -> tuple[User, Job, list[int]]:
    """A job (Resume, Phone interview) with three applicants: unicode, a formula, no scores."""
    user = make_org_user(session)
    job = Job(organization_id=user.organization_id, title="-Night shift lead", slug="night")
    session.add(job)
    session.flush()
    interview = Interview(job_id=job.id, status=InterviewStatus.PUBLISHED, published_at=CREATED)
    session.add(interview)
    session.flush()
    rubric = [{"name": "Fit", "weight": 1}]
    resume = Stage(interview_id=interview.id, type=StageType.RESUME, position=0, rubric=rubric)
    voice = Stage(
        interview_id=interview.id,
        type=StageType.VOICE,
        position=1,
        title="Phone interview",
        rubric=rubric,
    )
    session.add_all([resume, voice])
    session.flush()
    ids = []
    for first, last, email, phone, *totals in PEOPLE:
        candidate = Candidate(
            organization_id=user.organization_id,
            first_name=first,
            last_name=last,
            email=email,
            phone=phone,
        )
        session.add(candidate)
        session.flush()
        application = Application(
            organization_id=user.organization_id,
            job_id=job.id,
            interview_id=interview.id,
            candidate_id=candidate.id,
            status="in_review",
            source="ats",
            created_at=CREATED,
        )
        session.add(application)
        session.flush()
        ids.append(application.id)
        for stage, total in zip((resume, voice), totals, strict=True):
            if total is None:
                continue
            session.add(
                StageAttempt(
                    application_id=application.id,
                    stage_id=stage.id,
                    status=AttemptStatus.PASSED,
                    started_at=CREATED,
                    finished_at=CREATED,
                )
            )
            session.add(
                Score(
                    application_id=application.id,
                    stage_id=stage.id,
                    total=total,
                    criteria=[{"name": "Fit", "weight": 1, "score": 3, "evidence": ""}],
                )
            )
    session.commit()
    return user, job, ids


def _frame(session: Session, exported) -> pd.DataFrame:
    user, job, _ids = exported
    return exports.export_frame(session=session, user=user, filters=Filters(job_id=job.id))


def test_export_frame_has_every_filtered_row_with_stage_scores(session: Session, exported) -> None:
    frame = _frame(session, exported)
    assert list(frame.columns) == [
        "Candidate",
        "Email",
        "Phone",
        "Job",
        "Status",
        "Source",
        "Applied",
        "Overall",
        "Resume score",
        "Phone interview score",
        "Report URL",
    ]
    assert frame["Candidate"].tolist()[0] == "Zoë Ångström-Nguyễn"
    assert frame["Overall"].tolist()[:2] == [75.0, 50.0]
    assert pd.isna(frame["Overall"].tolist()[2])
    assert frame["Status"].unique().tolist() == ["In review"]
    assert frame["Source"].unique().tolist() == ["ATS"]
    assert frame["Applied"].unique().tolist() == ["2026-11-03"]
    base = get_settings().public_base_url.rstrip("/")
    assert frame["Report URL"].tolist()[0] == f"{base}/candidates/{exported[2][0]}"
    selection = exports.export_frame(
        session=session, user=exported[0], filters=Filters(application_ids=(exported[2][2],))
    )
    assert selection["Email"].tolist() == ["@lee@mail.example.com"]


def _cells(frame: pd.DataFrame) -> list[list[str]]:
    """Every cell as text, blanks as ""."""
    return [["" if pd.isna(value) else str(value) for value in row] for row in frame.values]


def _expected(frame: pd.DataFrame) -> pd.DataFrame:
    """What a spreadsheet should show: the frame, formula-like text behind an apostrophe, and
    phone numbers as typed (a spreadsheet never runs "+15551230001"; an apostrophe would break
    its re-import into an ATS)."""
    expected = frame.copy()
    for column in ("Candidate", "Email", "Phone", "Job"):
        expected[column] = [
            f"'{value}"
            if value and value[0] in "=+-@" and not re.fullmatch(r"[+-][0-9][0-9 ().-]*", value)
            else value
            for value in expected[column]
        ]
    return expected


def test_csv_round_trips_with_formulas_neutralized(session: Session, exported) -> None:
    frame = _frame(session, exported)
    data = exports.to_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"Phone": str})
    expected = _expected(frame)
    assert list(back.columns) == list(frame.columns)
    assert _cells(back) == _cells(expected)
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@lee@" in text
    assert ",+15551230001," in text and "'+15551230001" not in text
    assert "'-Night shift lead" in text
    assert "Zoë Ångström-Nguyễn" in text and "李 小龙" in text


def test_excel_round_trips_with_formulas_as_text(session: Session, exported) -> None:
    frame = _frame(session, exported)
    data = exports.to_excel(frame)
    assert data[:2] == b"PK"
    back = pd.read_excel(io.BytesIO(data), sheet_name="Candidates", dtype={"Phone": str})
    expected = _expected(frame)
    assert list(back.columns) == list(frame.columns)
    assert _cells(back) == _cells(expected)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data))["Candidates"]
    # No cell is a formula: openpyxl would mark it with data_type "f".
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A3"].value == '\'=HYPERLINK("http://evil.example") Jones'


def test_an_empty_export_still_has_its_headers(session: Session, exported) -> None:
    user, job, _ids = exported
    frame = exports.export_frame(
        session=session, user=user, filters=Filters(job_id=job.id, status="completed")
    )
    assert frame.empty
    back = pd.read_csv(io.BytesIO(exports.to_csv(frame)), encoding="utf-8-sig")
    assert list(back.columns) == list(frame.columns)
    assert pd.read_excel(io.BytesIO(exports.to_excel(frame))).columns.tolist() == list(
        frame.columns
    )
