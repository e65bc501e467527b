"""Importing a CSV of candidates into a job: each column's field, inviting or not, progress,
report."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services.common import text
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.intake import csv_columns, csv_file, csv_import
from heymilo_app.services.org import login_sessions
from heymilo_app.settings import get_settings
from heymilo_app.state.job_detail import JobDetailState

CSV_UPLOAD_ID = "csv-upload"
NONE = "none"
# The invitation choice: invite everyone now, or add them without inviting.
INVITE_NOW = "now"
INVITE_LATER = "later"


def _import_dir() -> Path:
    path = Path(get_settings().data_dir) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget(path: str) -> None:
    """Delete an uploaded file that no import will use (replaced, or the dialog closed)."""
    if path:
        Path(path).unlink(missing_ok=True)


def _read_upload(token: str, data: bytes) -> tuple[csv_file.ParsedCsv, str]:
    """Check the uploader, read the CSV and keep it for the import (in a worker thread).

    Files that waited longer than ``csv_file.UPLOAD_MAX_AGE`` for an import (the tab was
    closed) are deleted first.

    Returns:
        The parsed file and where it was kept.

    Raises:
        PermissionDenied: For anyone but a logged-in recruiter (nothing is read or kept).
        Invalid: For a file that is not a CSV of candidates (nothing is kept).
    """
    with session_scope(write=False) as session:
        user = login_sessions.user_for_token(session=session, token=token)
        if user is None:
            raise PermissionDenied("Log in again.")
        require_recruiter(user)
    directory = _import_dir()
    csv_file.prune_uploads(directory)
    parsed = csv_file.read_csv(data)
    path = directory / f"{secrets.token_hex(12)}.csv"
    path.write_bytes(data)
    return parsed, str(path)


def _run_import(
    token: str, job_id: int, path: str, mapping: dict[str, int], invite: bool, progress: dict
) -> csv_import.ImportReport:
    """Run the import as the user of a login token (in a worker thread)."""
    with session_scope() as session:
        user = login_sessions.user_for_token(session=session, token=token)
        if user is None:
            raise PermissionDenied("Log in again.")
        parsed = csv_file.read_csv(Path(path).read_bytes())

        def report(done: int, total: int) -> None:
            progress["done"], progress["total"] = done, total

        return csv_import.import_candidates(
            session=session,
            user=user,
            job_id=job_id,
            parsed=parsed,
            mapping=mapping,
            progress=report,
            invite=invite,
        )


class CsvImportState(JobDetailState):
    """The job page's CSV import dialog."""

    # Whether the dialog is open.
    csv_open: bool = False
    # The file's columns, a sample value of each, and how many rows it has.
    headers: list[str] = []
    samples: list[str] = []
    total_rows: int = 0
    # Per column, the field it fills ("none" when it is not imported).
    column_fields: list[str] = []
    # Invite everyone now ("now") or add them without inviting ("later").
    invite_choice: str = INVITE_NOW
    # Messages about the file or the mapping.
    file_error: str = ""
    # Import progress (0-100) and state.
    importing: bool = False
    progress: int = 0
    done_rows: int = 0
    # The report of the finished import.
    summary: str = ""
    skipped: list[str] = []
    # Where the uploaded file waits for the import (never sent to the browser).
    _path: str = ""

    @rx.var
    def columns(self) -> list[dict[str, str]]:
        """One row per column of the file: its index, name, a sample value and its field."""
        return [
            {
                "index": str(index),
                "header": header or f"Column {index + 1}",
                "sample": self.samples[index] if index < len(self.samples) else "",
                "field": self.column_fields[index] if index < len(self.column_fields) else NONE,
            }
            for index, header in enumerate(self.headers)
        ]

    def _mapping(self) -> dict[str, int]:
        """Field to column index, for the fields a column was chosen for."""
        return {name: index for index, name in enumerate(self.column_fields) if name != NONE}

    @rx.event
    def set_csv_open(self, value: bool):
        """Open or close the dialog (not while importing).

        Args:
            value: Whether it is open.
        """
        if self.importing:
            return
        self.csv_open = value
        if not value:
            _forget(self._path)
            self._path = ""
        if value:
            self.headers, self.samples, self.column_fields = [], [], []
            self.total_rows, self.progress, self.done_rows = 0, 0, 0
            self.file_error, self.summary, self.skipped = "", "", []
            self.invite_choice = INVITE_NOW

    @rx.event
    def refuse_file(self, codes: list[str]):
        """Say why the browser refused a file before sending it.

        Args:
            codes: Why ("file-too-large", "file-invalid-type", ...).
        """
        self.file_error = text.refused_file(codes, largest="20 MB", kinds="a CSV file")

    @rx.event
    async def receive_file(self, files: list[rx.UploadFile]):
        """Read an uploaded CSV: sample each column and guess the field it fills.

        Args:
            files: The uploaded file (one).
        """
        self.file_error, self.summary, self.skipped = "", "", []
        if not files or self.importing:
            return
        if (login := self._login_check()) is not None:
            return login
        data = await files[0].read()
        try:
            parsed, path = await asyncio.to_thread(_read_upload, self.session_token, data)
        except (Invalid, PermissionDenied) as error:
            self.file_error = (
                " ".join(error.errors.values()) if isinstance(error, Invalid) else str(error)
            )
            self.headers, self.samples, self.column_fields = [], [], []
            return None
        _forget(self._path)
        self._path = path
        self.headers = parsed.headers
        self.samples = csv_file.samples(parsed)
        self.total_rows = len(parsed.rows)
        guessed = {index: name for name, index in csv_columns.guess_mapping(parsed.headers).items()}
        self.column_fields = [guessed.get(index, NONE) for index in range(len(parsed.headers))]

    @rx.event
    def set_column_field(self, index: str, value: str):
        """Choose the field a column fills; a field chosen before for another column leaves it.

        Args:
            index: The column's index, as text.
            value: A candidate field, or "none" to leave the column out.
        """
        if self.importing or not index.isdigit() or int(index) >= len(self.column_fields):
            return
        if value != NONE and value not in csv_columns.FIELDS:
            return
        column = int(index)
        self.column_fields = [
            value if at == column else (NONE if name == value else name)
            for at, name in enumerate(self.column_fields)
        ]

    @rx.event
    def set_invite_choice(self, value: str):
        """Invite the imported candidates now, or add them without inviting.

        Args:
            value: "now" or "later".
        """
        if not self.importing and value in (INVITE_NOW, INVITE_LATER):
            self.invite_choice = value

    @rx.event(background=True)
    async def start_import(self):
        """Import every row, showing progress; the report lists the skipped rows."""
        async with self:
            if self.importing or not self._path:
                return
            mapping = self._mapping()
            problem = csv_columns.mapping_problem(mapping, len(self.headers))
            if problem:
                self.file_error = problem
                return
            self.importing, self.progress, self.done_rows = True, 0, 0
            token, job_id, path = self.session_token, self.shown_job_id, self._path
            invite = self.invite_choice == INVITE_NOW
            shared: dict = {"done": 0, "total": self.total_rows}
        task = asyncio.create_task(
            asyncio.to_thread(_run_import, token, job_id, path, mapping, invite, shared)
        )
        while not task.done():
            await asyncio.sleep(0.25)
            async with self:
                self.done_rows = shared["done"]
                self.progress = int(100 * shared["done"] / max(1, shared["total"]))
        try:
            report = task.result()
        except (Invalid, NotFound, PermissionDenied) as error:
            async with self:
                self.importing = False
                self.file_error = (
                    " ".join(error.errors.values()) if isinstance(error, Invalid) else str(error)
                )
            return
        finally:
            Path(path).unlink(missing_ok=True)
        async with self:
            self.importing, self.progress, self.done_rows = False, 100, report.total
            self._path = ""
            self.summary = report.summary()
            self.skipped = [f"Line {line}: {reason}" for line, reason in report.skipped]
        yield JobDetailState.load_job
