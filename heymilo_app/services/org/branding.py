"""An organization's branding: colors with a contrast check, welcome message, language.

The primary color carries white text (buttons), so it must reach WCAG AA contrast for normal
text against white; the accent color marks non-text elements and must reach the contrast for
graphics. The welcome message shows on the candidate's welcome page; the language is the one
candidates are addressed in, with the interviewer's voice. Logos are ``logos``.
"""

from __future__ import annotations

import re

from sqlmodel import Session, select

from heymilo_app.models import Branding, Organization, User
from heymilo_app.services.common.access import require_recruiter
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.common.i18n import LANGUAGES, VOICES

# Text on the primary color (buttons) must be readable: WCAG AA for normal text.
MIN_TEXT_CONTRAST = 4.5
# The accent color marks non-text elements: WCAG AA for graphics.
MIN_GRAPHIC_CONTRAST = 3.0
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


# ---------------------------------------------------------------- colors


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of a #RRGGBB color.

    Args:
        color: Hex color.

    Returns:
        0 (black) to 1 (white).
    """
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colors.

    Args:
        first: Hex color.
        second: Hex color.

    Returns:
        1 to 21.
    """
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def color_problem(color: str, minimum: float) -> str | None:
    """Say why a color cannot carry white text or marks, if it cannot.

    Args:
        color: What was entered.
        minimum: The contrast needed against white.

    Returns:
        The message, or None when the color is fine.
    """
    if not HEX_COLOR.match(color or ""):
        return "Enter a color as #RRGGBB, for example #4F46E5."
    ratio = contrast_ratio(color, "#FFFFFF")
    if ratio < minimum:
        return (
            f"White on this color has a contrast of {ratio:.1f}:1; at least {minimum:g}:1 is "
            "needed to be readable. Choose a darker shade."
        )
    return None


# ---------------------------------------------------------------- reading and saving


def get_branding(*, session: Session, organization_id: int) -> Branding:
    """The organization's branding (created with defaults when missing).

    Args:
        session: Database session.
        organization_id: The organization.

    Returns:
        Its branding.
    """
    branding = session.exec(
        select(Branding).where(Branding.organization_id == organization_id)
    ).first()
    if branding is None:
        branding = Branding(organization_id=organization_id)
        session.add(branding)
        session.commit()
    return branding


def update_branding(
    *,
    session: Session,
    user: User,
    primary_color: str,
    accent_color: str,
    welcome_message: str,
) -> Branding:
    """Change colors and welcome message; all are checked before anything is saved.

    Args:
        session: Database session.
        user: The acting recruiter.
        primary_color: Buttons and highlights (white text on it).
        accent_color: Secondary marks.
        welcome_message: Shown on the candidate's welcome page.

    Returns:
        The branding.

    Raises:
        Invalid: With a message per field.
    """
    require_recruiter(user)
    errors: dict[str, str] = {}
    primary_color = (primary_color or "").strip().upper()
    accent_color = (accent_color or "").strip().upper()
    if message := color_problem(primary_color, MIN_TEXT_CONTRAST):
        errors["primary_color"] = message
    if message := color_problem(accent_color, MIN_GRAPHIC_CONTRAST):
        errors["accent_color"] = message
    welcome_message = (welcome_message or "").strip()
    if len(welcome_message) > 2000:
        errors["welcome_message"] = "Keep the welcome message under 2,000 characters."
    if errors:
        raise Invalid(errors)
    branding = get_branding(session=session, organization_id=user.organization_id)
    branding.primary_color = primary_color
    branding.accent_color = accent_color
    branding.welcome_message = welcome_message
    session.commit()
    return branding


def update_language(*, session: Session, user: User, language: str, voice: str) -> Organization:
    """Set the language candidates are addressed in and the interviewer's voice.

    Args:
        session: Database session.
        user: The acting recruiter.
        language: A supported language code.
        voice: A voice of that language, or "" for its default.

    Returns:
        The organization.

    Raises:
        Invalid: For an unsupported language or a voice of another language.
    """
    require_recruiter(user)
    if language not in LANGUAGES:
        raise Invalid({"language": "Choose one of the supported languages."})
    if voice and voice not in VOICES[language]:
        raise Invalid({"voice": "Choose a voice that speaks this language."})
    organization = session.get(Organization, user.organization_id)
    organization.language = language
    organization.voice = voice or next(iter(VOICES[language]))
    session.commit()
    return organization
