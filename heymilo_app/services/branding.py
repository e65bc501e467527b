"""An organization's branding: logo, colors with a contrast check, welcome message."""

from __future__ import annotations

from heymilo_app.models import Branding


def logo_url(branding: Branding) -> str:
    """Where the organization's logo is served, or "" when it has none.

    Args:
        branding: The organization's branding.

    Returns:
        A URL path.
    """
    if not branding.logo_path:
        return ""
    return f"/api/logos/{branding.organization_id}/{branding.logo_path}"
