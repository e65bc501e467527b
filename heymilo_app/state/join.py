"""Accepting a team invitation: /join/{token}."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.org import login_sessions, password_hashing, team_invites
from heymilo_app.state.auth import hand_over

ROLE_LABELS = {"recruiter": "recruiter", "hiring_manager": "hiring manager"}


class JoinState(rx.State):
    """The invitation of the URL and the form that accepts it."""

    # Whether the link is valid, and what it invites to.
    valid: bool = False
    loaded: bool = False
    organization_name: str = ""
    email: str = ""
    role: str = ""
    # Messages at the form's fields.
    full_name_error: str = ""
    password_error: str = ""
    # A message for the whole form (the email already has an account).
    form_error: str = ""

    @rx.event
    def load_join(self):
        """Resolve the invitation link."""
        self.full_name_error = self.password_error = self.form_error = ""
        with session_scope() as session:
            try:
                invitation, organization = team_invites.find_invite(
                    session=session, token=self.token
                )
            except NotFound:
                self.valid, self.loaded = False, True
                return
            self.valid = True
            self.organization_name = organization.name
            self.email = invitation.email
            self.role = ROLE_LABELS.get(invitation.role, invitation.role)
        self.loaded = True

    @rx.event
    async def accept(self, form_data: dict):
        """Create the account and log in.

        Args:
            form_data: full_name and password.
        """
        self.full_name_error = self.password_error = self.form_error = ""
        token = str(self.token)
        full_name = str(form_data.get("full_name", ""))
        password = str(form_data.get("password", ""))

        def run() -> str | Invalid | NotFound:
            with session_scope() as session:
                try:
                    result = team_invites.accept(
                        session=session, token=token, full_name=full_name, password=password
                    )
                except (Invalid, NotFound) as error:
                    return error
                return login_sessions.to_ticket(session=session, token=result.token)

        # argon2 runs in the bounded hashing pool, off the event loop.
        result = await password_hashing.off_the_loop(run)
        if isinstance(result, Invalid):
            self.full_name_error = result.errors.get("full_name", "")
            self.password_error = result.errors.get("password", "")
            self.form_error = result.errors.get("form", "")
            return None
        if isinstance(result, NotFound):
            self.valid = False
            return None
        return hand_over(result, routes.JOBS)
