"""The Message templates tab of Settings: wording, placeholders, live preview."""

from __future__ import annotations

import reflex as rx

from heymilo_app.models import Organization
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.messaging import templates
from heymilo_app.state.auth import AuthState, acting

PLACEHOLDER_ROWS = [
    {"name": "{" + name + "}", "about": about}
    for name, (about, _) in templates.PLACEHOLDERS.items()
]


class TemplatesState(AuthState):
    """The organization's message templates."""

    # [{"kind", "label", "channel", "custom"}] of every template.
    kinds: list[dict[str, str]] = []
    # The template being edited.
    kind: str = "invitation_email"
    label: str = ""
    description: str = ""
    channel: str = "email"
    subject: str = ""
    body: str = ""
    is_default: bool = True
    # Messages at the fields after a refused save.
    subject_error: str = ""
    body_error: str = ""
    # Placeholder values for the live preview.
    _samples: dict[str, str] = {}
    # Placeholders with what they are.
    placeholders: list[dict[str, str]] = PLACEHOLDER_ROWS
    # Bumped to remount the editors with stored text.
    editor_rev: int = 0

    def _load(self, session, user, kind: str | None = None) -> None:
        all_templates = templates.list_templates(session=session, user=user)
        self.kinds = [
            {
                "kind": t.kind.kind,
                "label": t.kind.label,
                "channel": t.kind.channel,
                "custom": "" if t.is_default else "yes",
            }
            for t in all_templates
        ]
        chosen = next(t for t in all_templates if t.kind.kind == (kind or self.kind))
        self.kind, self.label = chosen.kind.kind, chosen.kind.label
        self.description, self.channel = chosen.kind.description, chosen.kind.channel
        self.subject, self.body, self.is_default = chosen.subject, chosen.body, chosen.is_default
        self._samples = templates.sample_values(
            session.get(Organization, user.organization_id), user.full_name
        )
        self.editor_rev += 1

    def _preview(self, text: str) -> str:
        if templates.placeholder_problems(text):
            return ""
        return templates.render(text, self._samples)

    @rx.var
    def preview_subject(self) -> str:
        """The subject filled with sample data ("" while a placeholder is wrong)."""
        return self._preview(self.subject)

    @rx.var
    def preview_body(self) -> str:
        """The message filled with sample data ("" while a placeholder is wrong)."""
        return self._preview(self.body)

    @rx.var
    def live_problems(self) -> str:
        """Placeholder problems of the text as typed."""
        return " ".join(
            templates.placeholder_problems(self.subject) + templates.placeholder_problems(self.body)
        )

    @rx.var
    def sms_segments(self) -> int:
        """How many 160-character SMS segments the sample message takes."""
        length = len(self.preview_body)
        return max(1, -(-length // templates.SMS_SEGMENT)) if length else 0

    @rx.event
    @acting
    def load_templates(self, session, user):
        """Load every template."""
        self._load(session, user)
        return None

    @rx.event
    @acting
    def choose(self, session, user, kind: str):
        """Edit another template.

        Args:
            kind: One of the template kinds.
        """
        if kind not in templates.KINDS:
            return None
        self.subject_error = self.body_error = ""
        self._load(session, user, kind)
        return None

    @rx.event
    def set_subject(self, value: str):
        """Edit the subject (the preview follows); recruiters only.

        Args:
            value: The text (cut at the longest a subject may be, plus one to say so).
        """
        if self._is_recruiter_now():
            self.subject = str(value or "")[: templates.MAX_SUBJECT + 1]

    @rx.event
    def set_body(self, value: str):
        """Edit the message (the preview follows); recruiters only.

        Args:
            value: The text (cut at the longest a message may be, plus one to say so).
        """
        if self._is_recruiter_now():
            self.body = str(value or "")[: templates.MAX_BODY + 1]

    @rx.event
    @acting
    def save(self, session, user):
        """Save the wording, or show what is wrong."""
        self.subject_error = self.body_error = ""
        try:
            templates.save_template(
                session=session, user=user, kind=self.kind, subject=self.subject, body=self.body
            )
        except Invalid as error:
            self.subject_error = error.errors.get("subject", "")
            self.body_error = error.errors.get("body", "")
            return rx.toast.error("Not saved: fix the placeholders marked.")
        self._load(session, user)
        return rx.toast.success(f"{self.label} saved.")

    @rx.event
    @acting
    def reset_wording(self, session, user):
        """Go back to the default wording."""
        self.subject_error = self.body_error = ""
        try:
            templates.reset_template(session=session, user=user, kind=self.kind)
        except Invalid as error:
            return rx.toast.error(str(error))
        self._load(session, user)
        return rx.toast.success("Back to the default wording.")
