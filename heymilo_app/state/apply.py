"""The public apply page of a job (/apply/{slug}); no login, no recruiter state."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services import branding, i18n, job_board, resumes
from heymilo_app.services.errors import Invalid, NotFound
from heymilo_app.services.interviews import StageDraft
from heymilo_app.state.candidate_view import BrandView, StageSummary, brand_view, stage_summaries

RESUME_UPLOAD_ID = "resume-upload"
FIELDS = ("first_name", "last_name", "email", "phone", "resume")


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
    text = resumes.extract_text(upload.name or "", await upload.read())
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

    @rx.event
    def load_apply(self):
        """Show the job of the URL, or say it takes no applications."""
        self.errors, self.resume_name, self._resume_text = {}, "", ""
        with session_scope() as session:
            try:
                listing = job_board.public_job(session=session, slug=str(self.slug))
            except NotFound:
                self.open_for_applications, self.loaded = False, True
                return
            self.brand = brand_view(
                listing.organization, listing.branding, branding.logo_url(listing.branding)
            )
            self.summaries = stage_summaries(
                [StageDraft(s, listing.stage_questions.get(s.id, [])) for s in listing.stages],
                self.brand.language,
            )
            self.job_title = listing.job.title
            self.location = listing.job.location
            self.description = listing.job.description
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
    def submit(self, form_data: dict):
        """Apply, then go straight into the interview.

        Args:
            form_data: first_name, last_name, email, phone, resume_text, sms_consent.
        """
        pasted = str(form_data.get("resume_text", "")).strip()
        with session_scope() as session:
            try:
                application = job_board.apply(
                    session=session,
                    slug=str(self.slug),
                    first_name=str(form_data.get("first_name", "")),
                    last_name=str(form_data.get("last_name", "")),
                    email=str(form_data.get("email", "")),
                    phone=str(form_data.get("phone", "")),
                    resume_text=self._resume_text or pasted,
                    sms_consent=form_data.get("sms_consent") in ("on", True, "true"),
                )
            except Invalid as error:
                self.errors = error.errors
                return None
            except NotFound:
                self.open_for_applications = False
                return None
            token = application.token
        self.errors = {}
        return rx.redirect(routes.candidate_link(token))

    @rx.var
    def heading(self) -> str:
        """The page's heading in the organization's language."""
        return i18n.t(
            self.brand.language, "hiring_for", company=self.brand.company, job=self.job_title
        )
