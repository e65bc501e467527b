"""The candidate's landing page behind ``/i/{token}``; it never loads recruiter state."""

from __future__ import annotations

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services import applications, branding, i18n
from heymilo_app.services.errors import NotFound
from heymilo_app.services.interviews import StageDraft
from heymilo_app.state.candidate_view import (
    TEXT_KEYS,
    BrandView,
    StageSummary,
    brand_view,
    stage_summaries,
)


class CandidateLinkState(rx.State):
    """What the candidate's link shows."""

    # "", "unknown", "expired", "withdrawn" or "finished".
    problem: str = ""
    # Whether loading finished.
    loaded: bool = False
    # The hiring organization's look, the stages ahead and the translated texts.
    brand: BrandView = BrandView()
    summaries: list[StageSummary] = []
    tx: dict[str, str] = {}

    @rx.event
    def load_link(self):
        """Resolve the token of the URL."""
        self.loaded = False
        token = str(self.token)
        with session_scope() as session:
            try:
                view = applications.view_for_token(session=session, token=token)
            except applications.LinkUnavailable as error:
                self._show_problem(error.reason)
                return
            except NotFound:
                self._show_problem("unknown")
                return
            self.brand = brand_view(
                view.organization, view.branding, branding.logo_url(view.branding)
            )
        language = self.brand.language
        self.problem = ""
        self.tx = {
            **i18n.texts(language, *TEXT_KEYS),
            "welcome_heading_text": i18n.t(
                language, "welcome_heading", first_name=view.candidate.first_name
            ),
            "hiring_for_text": i18n.t(
                language, "hiring_for", company=view.organization.name, job=view.job.title
            ),
        }
        self.summaries = stage_summaries([StageDraft(stage=s) for s in view.stages], language)
        self.loaded = True

    def _show_problem(self, reason: str) -> None:
        # The organization is unknown for a bad link: English, the default catalog.
        self.problem = reason
        self.brand = BrandView()
        self.tx = {
            "problem_title": i18n.t(None, f"link_{reason}_title"),
            "problem_text": i18n.t(None, f"link_{reason}_text"),
        }
        self.loaded = True
