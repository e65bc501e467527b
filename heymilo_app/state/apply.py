"""The public apply page of a job (/apply/{slug}); no login, no recruiter state."""

from __future__ import annotations

import asyncio

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services.common import i18n
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.intake import job_board
from heymilo_app.services.jobs.interviews import StageDraft
from heymilo_app.services.org import logos
from heymilo_app.services.scoring import resumes
from heymilo_app.state.auth import client_address
from heymilo_app.state.candidate_view import BrandView, StageSummary, brand_view, stage_summaries

RESUME_UPLOAD_ID = "resume-upload"
FIELDS = ("first_name", "last_name", "email", "phone", "resume")
# After a refused submit, bring the first field with a message into view and focus it.
FOCUS_FIRST_INVALID = (
    "setTimeout(() => { const f = document.querySelector("
    "'#apply-form [aria-invalid=\"true\"]'); if (!f) return;"
    " f.scrollIntoView({block: 'center'}); f.focus(); }, 80)"
)


def error_id(field: str) -> str:
    """The id of the message under a field of the apply form.

    Args:
        field: One of ``FIELDS``.

    Returns:
        The element id its control's ``aria-describedby`` names.
    """
    return f"apply-{field}-error"


async def read_resume(files: list[rx.UploadFile]) -> tuple[str, str]:
    """The name and text of an uploaded resume (PDF, DOCX or TXT, up to 10 MB).

    Shared by the apply page and the job page's "Add candidate" dialog.

    Args:
        files: The upload (its first file is read).

    Returns:
        The file's name and its text; ("", "") when nothing was uploaded.

    Raises:
        Invalid: Under "resume", saying what to do, when the file cannot be read.
    """
    if not files:
        return "", ""
    upload = files[0]
    data = await upload.read()
    # Parsing waits for a worker process (resumes.sandbox): in a thread, off the event loop.
    text = await asyncio.to_thread(resumes.extract_text, upload.name or "", data)
    return upload.name or "resume", text


class ApplyState(rx.State):
    """The job on offer and the application form."""

    # Whether the job takes applications, and whether loading finished.
    open_for_applications: bool = False
    loaded: bool = False
    job_title: str = ""
    location: str = ""
    description: str = ""
    brand: BrandView = BrandView()
    summaries: list[StageSummary] = []
    # Name of the uploaded resume file, once its text was read.
    resume_name: str = ""
    # Messages at the fields.
    errors: dict[str, str] = {}
    # Text read from the uploaded resume (kept on the server side).
    _resume_text: str = ""

    # The address the link was emailed to, when this email had applied before ("" otherwise).
    link_sent_to: str = ""

    @rx.event
    async def load_apply(self):
        """Show the job of the URL, or say it takes no applications."""
        self.errors, self.resume_name, self._resume_text = {}, "", ""
        self.link_sent_to = ""
        slug = str(self.slug)

        def read() -> dict | None:
            with session_scope(write=False) as session:
                try:
                    listing = job_board.public_job(session=session, slug=slug)
                except NotFound:
                    return None
                brand = brand_view(
                    listing.organization, listing.branding, logos.logo_url(listing.branding)
                )
                return {
                    "brand": brand,
                    "summaries": stage_summaries(
                        [
                            StageDraft(s, listing.stage_questions.get(s.id, []))
                            for s in listing.stages
                        ],
                        brand.language,
                    ),
                    "job_title": listing.job.title,
                    "location": listing.job.location,
                    "description": listing.job.description,
                }

        # Anyone may load the page: the database is read in a worker thread.
        fields = await asyncio.to_thread(read)
        if fields is None:
            self.open_for_applications, self.loaded = False, True
            return
        for name, value in fields.items():
            setattr(self, name, value)
        self.open_for_applications, self.loaded = True, True

    @rx.event
    async def receive_resume(self, files: list[rx.UploadFile]):
        """Read the text of an uploaded resume.

        Args:
            files: The uploaded file (one).
        """
        self.errors = {key: value for key, value in self.errors.items() if key != "resume"}
        if not files:
            return
        try:
            name, text = await read_resume(files)
        except Invalid as error:
            self.resume_name, self._resume_text = "", ""
            self.errors = {**self.errors, **error.errors}
            return
        self.resume_name, self._resume_text = name, text

    @rx.event
    def refuse_file(self, codes: list[str]):
        """Say why the browser refused a resume file before sending it.

        Args:
            codes: Why ("file-too-large", "file-invalid-type", ...).
        """
        self.resume_name, self._resume_text = "", ""
        self.errors = {**self.errors, "resume": resumes.refused_file(codes)}

    @rx.event
    def clear_error(self, field: str):
        """Take a field's message away once the candidate changes that field.

        Args:
            field: One of ``FIELDS``; anything else changes nothing.
        """
        if field in FIELDS and field in self.errors:
            self.errors = {key: value for key, value in self.errors.items() if key != field}

    @rx.event
    async def submit(self, form_data: dict):
        """Apply, then go straight into the interview.

        Args:
            form_data: first_name, last_name, email, phone, resume_text, sms_consent.
        """
        pasted = str(form_data.get("resume_text", "")).strip()
        values = {
            "slug": str(self.slug),
            "first_name": str(form_data.get("first_name", "")),
            "last_name": str(form_data.get("last_name", "")),
            "email": str(form_data.get("email", "")),
            "phone": str(form_data.get("phone", "")),
            "resume_text": self._resume_text or pasted,
            "sms_consent": form_data.get("sms_consent") in ("on", True, "true"),
            "client_address": client_address(self),
        }

        def run() -> job_board.Applied | Invalid | None:
            with session_scope() as session:
                try:
                    return job_board.apply(session=session, **values)
                except Invalid as error:
                    return error
                except NotFound:
                    return None

        # Anyone may apply: the database work (and the invitation) runs in a worker thread.
        outcome = await asyncio.to_thread(run)
        if isinstance(outcome, Invalid):
            self.errors = outcome.errors
            return rx.call_script(FOCUS_FIRST_INVALID)
        if outcome is None:
            self.open_for_applications = False
            return None
        self.errors = {}
        if outcome.application is None:
            self.link_sent_to = outcome.email
            return rx.call_script(
                "setTimeout(() => document.querySelector('#apply-link-sent-title')?.focus(), 80)"
            )
        return rx.redirect(routes.candidate_link(outcome.application.token))

    @rx.var
    def link_sent_title(self) -> str:
        """The heading shown after a repeated application."""
        return i18n.t(self.brand.language, "link_sent_title")

    @rx.var
    def link_sent_text(self) -> str:
        """Where the link went, after a repeated application."""
        return i18n.t(self.brand.language, "link_sent_text", email=self.link_sent_to)

    @rx.var
    def heading(self) -> str:
        """The page's heading in the organization's language."""
        return i18n.t(
            self.brand.language, "hiring_for", company=self.brand.company, job=self.job_title
        )
