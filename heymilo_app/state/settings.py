"""The Settings page: which tab is open, and the API keys tab."""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.common.errors import NotFound, PermissionDenied
from heymilo_app.services.org import api_keys
from heymilo_app.state.auth import AuthState, acting
from heymilo_app.state.formatting import short_date

TABS = ("team", "branding", "knowledge", "language", "templates", "messaging", "api-keys")


class SettingsState(AuthState):
    """The open tab and the organization's API keys."""

    # The open tab (also in the URL as ?tab=).
    tab: str = "team"
    # [{"id", "name", "prefix", "created", "last_used", "revoked"}] of its API keys.
    keys: list[dict[str, str]] = []
    # A key just created, shown once; it is not kept anywhere else.
    new_key: str = ""
    # Message about an API key action.
    key_error: str = ""

    def _load(self, session, user) -> None:
        self.keys = [
            {
                "id": str(key.id),
                "name": key.name or "Unnamed key",
                "prefix": f"{key.prefix}…",
                "created": short_date(key.created_at),
                "last_used": short_date(key.last_used_at) or "Never",
                "revoked": "yes" if key.revoked_at else "",
            }
            for key in api_keys.list_api_keys(session=session, user=user)
        ]

    @rx.event
    def set_tab(self, value: str):
        """Open a tab.

        Args:
            value: One of the tab names.
        """
        self.tab = value if value in TABS else "team"

    @rx.event
    @acting
    def load_settings(self, session, user):
        """Open the tab of the URL and load the API keys."""
        self.set_tab(self.router.url.query_parameters.get("tab", "team"))
        self.new_key = self.key_error = ""
        self._load(session, user)

    @rx.event
    @acting
    def create_key(self, session, user, form_data: dict):
        """Create an API key and show it once.

        Args:
            form_data: "name" of the key.
        """
        self.new_key = self.key_error = ""
        try:
            self.new_key = api_keys.create_api_key_as(
                session=session, user=user, name=str(form_data.get("name", "")).strip()
            )
        except PermissionDenied as error:
            self.key_error = str(error)
        self._load(session, user)

    @rx.event
    @acting
    def revoke_key(self, session, user, key_id: str):
        """Revoke an API key.

        Args:
            key_id: The key's id.
        """
        self.key_error = ""
        try:
            api_keys.revoke_api_key(session=session, user=user, key_id=int(key_id))
        except (PermissionDenied, NotFound, ValueError) as error:
            self.key_error = str(error)
        self._load(session, user)
