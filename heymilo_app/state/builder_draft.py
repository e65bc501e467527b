"""Drafting the whole interview from the job description, from the builder."""

from __future__ import annotations

import asyncio

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.providers.llm import get_llm
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.jobs import jobs, versions
from heymilo_app.services.jobs.drafting import drafter
from heymilo_app.services.jobs.drafting.role_templates import TEMPLATES
from heymilo_app.services.org import login_sessions
from heymilo_app.state.auth import acting
from heymilo_app.state.builder import BuilderState, error_text

TEMPLATE_CHOICES = (
    [{"value": "auto", "label": "Guess from the text"}]
    + [{"value": key, "label": template.title} for key, template in TEMPLATES.items()]
    + [{"value": "general", "label": "General role"}]
)


def _draft(token: str, job_id: int, text: str, template: str) -> tuple[str, str]:
    """Run the drafting service as the user of a login token (in a worker thread)."""
    with session_scope() as session:
        user = login_sessions.user_for_token(session=session, token=token)
        if user is None:
            raise PermissionDenied("Log in again.")
        result = drafter.draft_from_description(
            session=session,
            user=user,
            job_id=job_id,
            text=text,
            template_key="" if template == "auto" else template,
            llm=get_llm(),
        )
        return result.engine, result.note


class DraftState(BuilderState):
    """The "Draft from the job description" dialog."""

    # Whether the dialog is open.
    draft_open: bool = False
    # The text to draft from (the job's description and requirements to begin with).
    draft_text: str = ""
    # "auto" or a role template key.
    draft_template: str = "auto"
    # Whether drafting is under way.
    drafting: bool = False
    # Role templates to choose from.
    template_choices: list[dict[str, str]] = TEMPLATE_CHOICES
    # Other jobs of the organization whose interview can be copied here: [{"value", "label"}].
    clone_choices: list[dict[str, str]] = []
    # Whether the copy dialog is open, and the job chosen in it.
    clone_open: bool = False
    clone_source: str = ""

    @rx.event
    @acting
    def open_draft(self, session, user):
        """Open the dialog with the job's own text."""
        job = jobs.get_job(session=session, user=user, job_id=self.current_job_id)
        self.draft_text = "\n\n".join(part for part in (job.description, job.requirements) if part)
        self.draft_template = "auto"
        self.draft_open = True
        return None

    @rx.event
    def set_draft_open(self, value: bool):
        """Open or close the dialog.

        Args:
            value: Whether it is open.
        """
        self.draft_open = value and not self.drafting

    @rx.event
    def set_draft_text(self, value: str):
        """Edit the text to draft from.

        Args:
            value: The job description.
        """
        self.draft_text = value

    @rx.event
    def set_draft_template(self, value: str):
        """Choose a role template.

        Args:
            value: "auto" or a template key.
        """
        self.draft_template = value

    @rx.event(background=True)
    async def generate(self):
        """Draft the interview (a model call may take a while: it runs outside the lock)."""
        async with self:
            if self.drafting:
                return
            self.drafting = True
            token, job_id = self.session_token, self.current_job_id
            text, template = self.draft_text, self.draft_template
        try:
            _engine, note = await asyncio.to_thread(_draft, token, job_id, text, template)
        except (Invalid, NotFound, PermissionDenied) as error:
            async with self:
                self.drafting = False
            yield rx.toast.error(error_text(error))
            return
        async with self:
            self.drafting = False
            self.draft_open = False
            self.checking = False
            self.selected_id = 0
            self._show_drafted()
            self.save_status = "Draft created"
        yield rx.toast.success(note)

    @acting(redirect=False)
    def _show_drafted(self, session, user) -> None:
        """Read the drafted interview back (inside ``async with self``; nothing when logged out)."""
        self._refresh(session, user)

    @rx.event
    @acting
    def open_clone(self, session, user):
        """Open the dialog that copies another job's interview into this draft."""
        summaries = jobs.list_jobs(session=session, user=user, include_archived=True)
        self.clone_choices = [
            {"value": str(s.job.id), "label": s.job.title}
            for s in summaries
            if s.job.id != self.current_job_id
        ]
        self.clone_source = self.clone_choices[0]["value"] if self.clone_choices else ""
        self.clone_open = True
        return None

    @rx.event
    def set_clone_open(self, value: bool):
        """Open or close the copy dialog.

        Args:
            value: Whether it is open.
        """
        self.clone_open = value

    @rx.event
    def set_clone_source(self, value: str):
        """Choose the job to copy from.

        Args:
            value: The job's id.
        """
        self.clone_source = value

    @rx.event
    @acting
    def clone(self, session, user):
        """Replace this draft with a copy of the chosen job's interview."""
        draft = versions.clone_interview(
            session=session,
            user=user,
            source_job_id=self.clone_source,
            target_job_id=self.current_job_id,
        )
        self.clone_open = False
        self.selected_id = 0
        self.checking = False
        self._refresh(session, user, draft)
        self.save_status = "Interview copied"
        return rx.toast.success("Copied. Edit anything before you publish.")
