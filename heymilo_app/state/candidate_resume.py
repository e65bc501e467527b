"""The resume stage of a candidate's link: upload a file or paste the text.

The uploaded file's bytes are read in the handler, turned into text and dropped: the file is
never written anywhere (the upload folder is public).
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.pipeline import records, submissions
from heymilo_app.services.scoring import resumes
from heymilo_app.state.apply import read_resume
from heymilo_app.state.candidate_link import CandidateLinkState, act
from heymilo_app.state.journey_view import FOCUS_HEADING

RESUME_UPLOAD_ID = "resume-upload"


class CandidateResumeState(rx.State):
    """The resume the candidate gives."""

    # What to do about a file or text that could not be used, and which: "file" or "text".
    error: str = ""
    error_at: str = ""
    # Whether a resume is being read and screened (the controls are disabled meanwhile).
    busy: bool = False

    @rx.event
    async def submit_text(self, form_data: dict):
        """Submit a pasted resume.

        Args:
            form_data: ``resume_text``.
        """
        text = str(form_data.get("resume_text", ""))
        link = await self.get_state(CandidateLinkState)
        link.resume_text = text  # what the box shows, kept when it is refused
        if self.busy:
            return
        self.busy = True
        yield
        try:
            if await self._submit(text, "text"):
                yield rx.call_script(FOCUS_HEADING)
        finally:
            self.busy = False

    @rx.event
    async def keep_text(self, value: Any):
        """Keep the resume being pasted or typed (the page sends it after a pause).

        Stored as it is, not judged: a reload, a lost connection or a closed tab loses
        nothing, and the text is checked when it is sent.

        Args:
            value: The text in the box now.
        """
        link = await self.get_state(CandidateLinkState)
        if link.screen != "stage" or link.stage.type != "resume" or self.busy:
            return
        text = "" if value is None else str(value)
        token, stage_id = str(self.token), link.stage.id

        def run() -> bool:
            with session_scope() as session:
                try:
                    submissions.save_resume_draft(
                        session=session, token=token, stage_id=stage_id, text=text
                    )
                except records.Refused:
                    # Sent meanwhile (a pause that ends after the submit): nothing to keep.
                    session.rollback()
                    return False
            return True

        if await asyncio.to_thread(run):
            link.resume_text = text

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Read an uploaded resume file and submit its text.

        Args:
            files: The uploaded file (one).
        """
        if not files or self.busy:
            return
        self.busy = True
        self.error = ""
        yield
        try:
            try:
                _name, text = await read_resume(files)
            except Invalid as error:
                self.error = error.errors.get("resume", str(error))
                self.error_at = "file"
                return
            if await self._submit(text, "file"):
                yield rx.call_script(FOCUS_HEADING)
        finally:
            self.busy = False

    @rx.event
    def reject_file(self, codes: list[str]):
        """Say why the browser refused a file (too large, or not a PDF, DOCX or TXT).

        Args:
            codes: Why it was refused ("file-too-large", "file-invalid-type", ...).
        """
        self.error = resumes.refused_file(codes) + " " + resumes.PASTE_INSTEAD
        self.error_at = "file"

    async def _submit(self, text: str, source: str) -> bool:
        """Submit the resume's text; True when the page moved on."""
        link = await self.get_state(CandidateLinkState)
        if link.screen != "stage" or link.stage.type != "resume":
            return False
        token, stage_id = str(self.token), link.stage.id
        outcome = await act(
            token,
            lambda session: submissions.submit_resume(
                session=session, token=token, stage_id=stage_id, text=text
            ),
        )
        if outcome.invalid is not None:
            self.error = outcome.invalid.errors.get("resume", str(outcome.invalid))
            self.error_at = source
            return False
        if outcome.refused is None:
            self.error, self.error_at = "", ""
            link.notice = ""
        link.show(outcome)
        return True
