"""The Branding and Language tabs of Settings."""

from __future__ import annotations

import reflex as rx

from heymilo_app.models import Organization
from heymilo_app.services.common import i18n, text
from heymilo_app.services.common.errors import Invalid, PermissionDenied
from heymilo_app.services.org import branding, logos
from heymilo_app.state.auth import AuthState, acting

LOGO_UPLOAD_ID = "logo-upload"


def _ratio(color: str) -> str:
    if not branding.HEX_COLOR.match(color or ""):
        return "—"
    return f"{branding.contrast_ratio(color, '#FFFFFF'):.1f}:1"


class BrandingState(AuthState):
    """Logo, colors, welcome message, language and voice."""

    # The stored logo's URL ("" without one).
    logo_url: str = ""
    # The colors and welcome message as edited (saved with the Save button).
    primary_color: str = "#4F46E5"
    accent_color: str = "#0284C7"
    welcome_message: str = ""
    # Messages at the fields after a refused save.
    primary_error: str = ""
    accent_error: str = ""
    welcome_error: str = ""
    logo_error: str = ""
    # Language and voice of the organization.
    language: str = "en"
    voice: str = ""

    def _load(self, session, user) -> None:
        stored = branding.get_branding(session=session, organization_id=user.organization_id)
        organization = session.get(Organization, user.organization_id)
        self.logo_url = logos.logo_url(stored)
        self.primary_color = stored.primary_color
        self.accent_color = stored.accent_color
        self.welcome_message = stored.welcome_message
        self.language = i18n.language_or_default(organization.language)
        self.voice = organization.voice or next(iter(i18n.VOICES[self.language]))

    @rx.var
    def primary_ratio(self) -> str:
        """Contrast of white text on the primary color."""
        return _ratio(self.primary_color)

    @rx.var
    def accent_ratio(self) -> str:
        """Contrast of the accent color against white."""
        return _ratio(self.accent_color)

    @rx.var
    def primary_readable(self) -> bool:
        """Whether white text on the primary color passes WCAG AA."""
        return branding.color_problem(self.primary_color, branding.MIN_TEXT_CONTRAST) is None

    @rx.var
    def accent_readable(self) -> bool:
        """Whether the accent color stands out enough against white."""
        return branding.color_problem(self.accent_color, branding.MIN_GRAPHIC_CONTRAST) is None

    @rx.var
    def voice_choices(self) -> list[dict[str, str]]:
        """Voices that speak the chosen language."""
        voices = i18n.VOICES[i18n.language_or_default(self.language)]
        return [{"value": name, "label": label} for name, label in voices.items()]

    @rx.event
    @acting
    def load_branding(self, session, user):
        """Load the stored branding, language and voice."""
        self.primary_error = self.accent_error = self.welcome_error = self.logo_error = ""
        self._load(session, user)
        return None

    @rx.event
    def set_primary_color(self, value: str):
        """Edit the primary color (checked live, saved with Save).

        Args:
            value: "#RRGGBB".
        """
        if self._is_recruiter_now():
            self.primary_color = str(value or "").strip().upper()[:16]

    @rx.event
    def set_accent_color(self, value: str):
        """Edit the accent color.

        Args:
            value: "#RRGGBB".
        """
        if self._is_recruiter_now():
            self.accent_color = str(value or "").strip().upper()[:16]

    @rx.event
    def set_welcome_message(self, value: str):
        """Edit the welcome message.

        Args:
            value: The text.
        """
        self.welcome_message = value

    @rx.event
    @acting
    def save_branding(self, session, user):
        """Save colors and welcome message, or show what is wrong at each field."""
        self.primary_error = self.accent_error = self.welcome_error = ""
        try:
            branding.update_branding(
                session=session,
                user=user,
                primary_color=self.primary_color,
                accent_color=self.accent_color,
                welcome_message=self.welcome_message,
            )
        except Invalid as error:
            self.primary_error = error.errors.get("primary_color", "")
            self.accent_error = error.errors.get("accent_color", "")
            self.welcome_error = error.errors.get("welcome_message", "")
            return rx.toast.error("Branding not saved: fix the fields marked.")
        self._load(session, user)
        return rx.toast.success("Branding saved.")

    @rx.event
    def refuse_file(self, codes: list[str]):
        """Say why the browser refused a logo before sending it.

        Args:
            codes: Why ("file-too-large", "file-invalid-type", ...).
        """
        self.logo_error = text.refused_file(codes, largest="2 MB", kinds="a PNG, JPEG or SVG image")

    @rx.event
    async def upload_logo(self, files: list[rx.UploadFile]):
        """Check and store an uploaded logo.

        Args:
            files: The uploaded file (one).
        """
        self.logo_error = ""
        if not files:
            return
        upload = files[0]
        data = await upload.read()
        return self._store_logo(upload.name or "", data)

    @acting(redirect=False)
    def _store_logo(self, session, user, filename: str, data: bytes) -> None:
        """Store the logo read from the upload (the file is read before the session opens)."""
        try:
            logos.save_logo(session=session, user=user, filename=filename, data=data)
        except Invalid as error:
            self.logo_error = " ".join(error.errors.values())
            return
        except PermissionDenied as error:
            self.logo_error = str(error)
            return
        # Only the logo changes: colors being edited stay as typed.
        self.logo_url = logos.logo_url(
            branding.get_branding(session=session, organization_id=user.organization_id)
        )

    @rx.event
    @acting
    def remove_logo(self, session, user):
        """Remove the logo."""
        logos.remove_logo(session=session, user=user)
        self.logo_url = ""
        return None

    @rx.event
    def set_language(self, value: str):
        """Choose the candidate language (the voice follows it).

        Args:
            value: A language code.
        """
        if not self._is_recruiter_now():
            return
        self.language = i18n.language_or_default(value)
        self.voice = next(iter(i18n.VOICES[self.language]))

    @rx.event
    def set_voice(self, value: str):
        """Choose the interviewer's voice.

        Args:
            value: A voice of the chosen language.
        """
        self.voice = value

    @rx.event
    @acting
    def save_language(self, session, user):
        """Save language and voice."""
        try:
            branding.update_language(
                session=session, user=user, language=self.language, voice=self.voice
            )
        except Invalid as error:
            return rx.toast.error(" ".join(error.errors.values()))
        self._load(session, user)
        return rx.toast.success("Language and voice saved.")
