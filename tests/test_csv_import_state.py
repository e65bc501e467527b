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
from heymilo_app.services import csv_import
from heymilo_app.settings import get_settings
from heymilo_app.state.csv_import import CsvImportState
from heymilo_app.state.job_detail import JobDetailState
from tests.test_states import _login, _root, world  # noqa: F401 - the organizations fixture
from tests.test_states_messaging import _nested

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
    hours_ago = time.time() - csv_import.UPLOAD_MAX_AGE.total_seconds() - 60
    os.utime(old, (hours_ago, hours_ago))
    assert csv_import.prune_uploads(imports) == 1
    assert _kept(imports) == [fresh]


def test_the_senders_housekeeping_prunes_old_rate_limit_hits_and_left_uploads(
    session: Session, engine, imports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from sqlmodel import func, select

    from heymilo_app.models import RateLimitHit, utcnow
    from heymilo_app.services import outbox

    session.add(RateLimitHit(bucket="apply-address", key="203.0.113.9"))
    session.add(
        RateLimitHit(bucket="apply-address", key="203.0.113.9", hit_at=utcnow() - timedelta(days=2))
    )
    session.commit()
    imports.mkdir(parents=True)
    left = imports / "left.csv"
    left.write_bytes(CSV)
    hours_ago = time.time() - csv_import.UPLOAD_MAX_AGE.total_seconds() - 60
    os.utime(left, (hours_ago, hours_ago))
    monkeypatch.setattr(outbox, "_housekept_at", None)
    outbox._housekeeping(engine)
    assert session.exec(select(func.count(RateLimitHit.id))).one() == 1
    assert not left.exists()
