"""The CSV import dialog's upload: only a logged-in recruiter's file is read and kept, and kept
files do not pile up."""

from __future__ import annotations

import asyncio
import io
import os
import time
from pathlib import Path

import pytest
import reflex as rx
from sqlmodel import Session

import heymilo_app.heymilo_app  # noqa: F401 - registers the pages and their route vars
from heymilo_app.services.common.errors import NotFound, PermissionDenied
from heymilo_app.services.intake import csv_file
from heymilo_app.settings import get_settings
from heymilo_app.state.csv_import import CsvImportState
from heymilo_app.state.job_detail import JobDetailState
from tests.support import make_org_user
from tests.test_states import _login, _root, world  # noqa: F401 - the organizations fixture
from tests.test_states_messaging import _nested, demo_world  # noqa: F401 - a published job

CSV = b"first_name,last_name,email\nDana,Cruz,dana@example.net\n"


@pytest.fixture
def imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(get_settings(), "data_dir", str(tmp_path))
    return tmp_path / "imports"


def _kept(imports: Path) -> list[Path]:
    return sorted(imports.glob("*.csv")) if imports.exists() else []


def _dialog(token: str, job_id: int) -> CsvImportState:
    root = _root(
        token, path=f"/jobs/{job_id}", route="/jobs/[job_id]", query={"job_id": str(job_id)}
    )
    state = _nested(root, JobDetailState, CsvImportState)
    state.set_csv_open(True)
    return state


def _upload(state: CsvImportState, data: bytes = CSV):
    file = rx.UploadFile(file=io.BytesIO(data), path=Path("people.csv"))
    return asyncio.run(state.receive_file([file]))


def test_a_stranger_or_a_hiring_manager_gets_nothing_read_or_kept(
    session: Session,
    world: dict,  # noqa: F811
    imports: Path,
) -> None:
    stranger = _dialog("", world["job"].id)
    assert _upload(stranger) is not None  # sent to the login page
    assert stranger.headers == [] and stranger._path == "" and _kept(imports) == []
    manager = _dialog(_login(session, world["manager"].email), world["job"].id)
    _upload(manager)
    assert manager.file_error == "Only recruiters can change this."
    assert manager.headers == [] and manager._path == "" and _kept(imports) == []


def test_a_recruiters_file_is_kept_until_replaced_or_the_dialog_closes(
    session: Session,
    world: dict,  # noqa: F811
    imports: Path,
) -> None:
    state = _dialog(_login(session, world["owner"].email), world["job"].id)
    _upload(state)
    assert state.headers == ["first_name", "last_name", "email"] and state.total_rows == 1
    [first] = _kept(imports)
    assert state._path == str(first)
    _upload(state, CSV + b"Ivy,Lee,ivy@example.net\n")
    [second] = _kept(imports)
    assert second != first and state.total_rows == 2
    state.set_csv_open(False)
    assert _kept(imports) == [] and state._path == ""


def test_files_left_by_closed_tabs_are_deleted_after_an_hour(imports: Path) -> None:
    imports.mkdir(parents=True)
    old, fresh = imports / "old.csv", imports / "fresh.csv"
    old.write_bytes(CSV)
    fresh.write_bytes(CSV)
    hours_ago = time.time() - csv_file.UPLOAD_MAX_AGE.total_seconds() - 60
    os.utime(old, (hours_ago, hours_ago))
    assert csv_file.prune_uploads(imports) == 1
    assert _kept(imports) == [fresh]


def test_the_senders_housekeeping_prunes_old_rate_limit_hits_and_left_uploads(
    session: Session, engine, imports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from sqlmodel import func, select

    from heymilo_app import worker
    from heymilo_app.models import RateLimitHit, utcnow

    session.add(RateLimitHit(bucket="apply-address", key="203.0.113.9"))
    session.add(
        RateLimitHit(bucket="apply-address", key="203.0.113.9", hit_at=utcnow() - timedelta(days=2))
    )
    session.commit()
    imports.mkdir(parents=True)
    left = imports / "left.csv"
    left.write_bytes(CSV)
    hours_ago = time.time() - csv_file.UPLOAD_MAX_AGE.total_seconds() - 60
    os.utime(left, (hours_ago, hours_ago))
    monkeypatch.setattr(worker, "_housekept_at", None)
    worker.housekeeping(engine)
    assert session.exec(select(func.count(RateLimitHit.id))).one() == 1
    assert not left.exists()


SIX = (
    b"Candidate,Email,Phone,Lead source,Resume,Notes\n"
    b"Rosa Diaz,rosa@example.net,,LinkedIn,Support lead for five years,VIP\n"
    b"Omar Haddad,omar@example.net,,referral,,\n"
)


def test_each_column_is_one_row_with_a_sample_and_its_guessed_field(
    session: Session,
    world: dict,  # noqa: F811
    imports: Path,
) -> None:
    state = _dialog(_login(session, world["owner"].email), world["job"].id)
    _upload(state, SIX)
    assert [(c["header"], c["sample"], c["field"]) for c in state.columns] == [
        ("Candidate", "Rosa Diaz", "full_name"),
        ("Email", "rosa@example.net", "email"),
        ("Phone", "", "phone"),
        ("Lead source", "LinkedIn", "source"),
        ("Resume", "Support lead for five years", "resume"),
        ("Notes", "VIP", "none"),
    ]
    # A field goes to one column: choosing it for another takes it from the first.
    state.set_column_field("5", "resume")
    assert [c["field"] for c in state.columns][4:] == ["none", "resume"]
    state.set_column_field("2", "none")
    assert state._mapping() == {"full_name": 0, "email": 1, "source": 3, "resume": 5}
    # A value no select offers, or a column the file lacks, changes nothing.
    for index, value in (("1", "password"), ("9", "email"), ("-1", "email")):
        state.set_column_field(index, value)
    assert state._mapping() == {"full_name": 0, "email": 1, "source": 3, "resume": 5}


def test_the_invitation_choice_defaults_to_now_and_takes_only_its_two_values(
    session: Session,
    world: dict,  # noqa: F811
    imports: Path,
) -> None:
    state = _dialog(_login(session, world["owner"].email), world["job"].id)
    assert state.invite_choice == "now"
    state.set_invite_choice("later")
    assert state.invite_choice == "later"
    state.set_invite_choice("sometimes")
    assert state.invite_choice == "later"
    state.set_csv_open(False)
    state.set_csv_open(True)
    assert state.invite_choice == "now"  # each import starts from the default


def test_the_dialogs_import_adds_without_inviting_as_the_recruiter(
    session: Session,
    demo_world: dict,  # noqa: F811
    imports: Path,
) -> None:
    from sqlmodel import func, select

    from heymilo_app import demo
    from heymilo_app.models import Application, Candidate, OutboundMessage
    from heymilo_app.services.org import authentication
    from heymilo_app.state.csv_import import _run_import

    job = demo_world["job"]
    token = authentication.log_in(
        session=session, email=demo.RECRUITER_EMAIL, password=demo.RECRUITER_PASSWORD
    ).token
    state = _dialog(token, job.id)
    _upload(state, SIX)
    mapping = state._mapping()
    before = session.exec(select(func.count(OutboundMessage.id))).one()
    progress: dict = {}
    report = _run_import(token, job.id, state._path, mapping, False, progress)
    assert report.summary() == "Added 2 candidates; no invitations sent."
    assert progress == {"done": 2, "total": 2}
    session.expire_all()
    assert session.exec(select(func.count(OutboundMessage.id))).one() == before
    names = session.exec(
        select(Application.source_name)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Candidate.email.in_(["rosa@example.net", "omar@example.net"]))
        .order_by(Candidate.email)
    ).all()
    assert names == ["referral", "LinkedIn"]
    # A forged login, or another organization's, imports nothing into this job.
    with pytest.raises(PermissionDenied):
        _run_import("forged-" + "x" * 30, job.id, state._path, mapping, False, {})
    other = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        _run_import(_login(session, other.email), job.id, state._path, mapping, False, {})
