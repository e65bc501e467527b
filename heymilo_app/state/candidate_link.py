"""The candidate's landing page behind ``/i/{token}``; it never loads recruiter state."""

from __future__ import annotations

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services import applications
from heymilo_app.services.errors import NotFound
from heymilo_app.services.stages import stage_kind

UNAVAILABLE = {
    "unknown": (
        "This interview link is not valid",
        "Check that you opened the whole link from your invitation, or ask the recruiter "
        "for a new one.",
    ),
    "expired": (
        "This interview link has expired",
        "Ask the recruiter to extend your invitation; your answers so far are kept.",
    ),
    "withdrawn": (
        "This application was withdrawn",
        "If that is a mistake, contact the recruiter who invited you.",
    ),
    "finished": (
        "This interview is finished",
        "Thank you for your time. The hiring team will be in touch.",
    ),
}


class CandidateLinkState(rx.State):
    """What the candidate's link shows."""

    # "", "unknown", "expired", "withdrawn" or "finished".
    problem: str = ""
    # Whether loading finished.
    loaded: bool = False
    organization_name: str = ""
    job_title: str = ""
    first_name: str = ""
    welcome_message: str = ""
    primary_color: str = "#4F46E5"
    # Stages ahead: label, title, duration, description.
    stages: list[dict[str, str]] = []

    @rx.var
    def problem_title(self) -> str:
        """Heading of the page when the link cannot be used."""
        return UNAVAILABLE.get(self.problem, ("", ""))[0]

    @rx.var
    def problem_text(self) -> str:
        """What the candidate can do about it."""
        return UNAVAILABLE.get(self.problem, ("", ""))[1]

    @rx.event
    def load_link(self):
        """Resolve the token of the URL."""
        self.loaded = False
        token = str(self.token)
        with session_scope() as session:
            try:
                view = applications.view_for_token(session=session, token=token)
            except applications.LinkUnavailable as error:
                self.problem = error.reason
                self.loaded = True
                return
            except NotFound:
                self.problem = "unknown"
                self.loaded = True
                return
        self.problem = ""
        self.organization_name = view.organization.name
        self.job_title = view.job.title
        self.first_name = view.candidate.first_name
        self.welcome_message = view.branding.welcome_message
        self.primary_color = view.branding.primary_color
        self.stages = [
            {
                "label": stage_kind(stage.type).label,
                "title": stage.title or stage_kind(stage.type).label,
                "duration": stage_kind(stage.type).duration,
                "description": stage_kind(stage.type).description,
            }
            for stage in view.stages
        ]
        self.loaded = True
