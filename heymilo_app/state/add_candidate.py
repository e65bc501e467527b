"""The job page's "Add candidate" dialog: a person by hand, with an optional resume.

The resume is a file (read as the apply page reads it, ``state.apply.read_resume``) or pasted
text; it is kept with the application, so the candidate is not asked for it again.
"""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.intake import intake
from heymilo_app.services.scoring import resumes
from heymilo_app.state.apply import read_resume
from heymilo_app.state.auth import acting
from heymilo_app.state.job_detail import JobDetailState

ADD_RESUME_UPLOAD_ID = "add-candidate-resume"


class AddCandidateState(JobDetailState):
    """The job page's "Add candidate" dialog."""

    # Whether the dialog is open.
    add_open: bool = False
    # Messages at the dialog's fields.
    add_errors: dict[str, str] = {}
    # Name of the attached resume file, once its text was read.
    resume_name: str = ""
    # Text read from the attached resume (never sent to the browser).
    _resume_text: str = ""
    # Why the last file could not be read; the candidate is not added while it stands.
    _resume_unreadable: str = ""

    def _forget_resume(self) -> None:
        self.resume_name, self._resume_text, self._resume_unreadable = "", "", ""
        self.add_errors = {k: v for k, v in self.add_errors.items() if k != "resume"}

    @rx.event
    def set_add_open(self, value: bool):
        """Open or close the dialog; either way it starts empty.

        Args:
            value: Whether it is open.
        """
        self.add_open = value
        self.add_errors = {}
        self._forget_resume()

    @rx.event
    async def receive_resume(self, files: list[rx.UploadFile]):
        """Read the text of a resume file (PDF, DOCX or TXT, up to 10 MB).

        Args:
            files: The uploaded file (one).
        """
        if not files:
            return
        self._forget_resume()
        try:
            self.resume_name, self._resume_text = await read_resume(files)
        except Invalid as error:
            self._resume_unreadable = error.errors.get("resume", str(error))
            self.add_errors = {**self.add_errors, "resume": self._resume_unreadable}

    @rx.event
    def refuse_file(self, codes: list[str]):
        """Say why the browser refused a resume file before sending it.

        Args:
            codes: Why ("file-too-large", "file-invalid-type", ...).
        """
        self._forget_resume()
        self.add_errors = {**self.add_errors, "resume": resumes.refused_file(codes)}

    @rx.event
    def clear_resume(self):
        """Take the attached (or unreadable) resume file off."""
        self._forget_resume()

    @rx.event
    @acting
    def add_candidate(self, session, user, form_data: dict):
        """Add the candidate, with the resume if one was given, and send the invitation.

        Args:
            form_data: first_name, last_name, email, phone, resume_text (pasted, optional).
        """
        pasted = str(form_data.get("resume_text", "")).strip()
        if self._resume_unreadable and not pasted:
            self.add_errors = {"resume": self._resume_unreadable}
            return None
        self.add_errors = {}
        try:
            intake.add_candidate(
                session=session,
                user=user,
                job_id=self.shown_job_id,
                first_name=str(form_data.get("first_name", "")),
                last_name=str(form_data.get("last_name", "")),
                email=str(form_data.get("email", "")),
                phone=str(form_data.get("phone", "")),
                resume_text=self._resume_text or pasted,
            )
        except Invalid as error:
            self.add_errors = error.errors
            return None
        self.add_open = False
        self._forget_resume()
        return [
            JobDetailState.load_job,
            rx.toast.success("Candidate added; the invitation is on its way."),
        ]
