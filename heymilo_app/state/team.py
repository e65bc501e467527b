"""The Team tab of Settings: members, open invitations, inviting and removing a colleague."""

from __future__ import annotations

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services import accounts, team
from heymilo_app.services.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.state.auth import AuthState
from heymilo_app.state.formatting import short_date

ROLE_LABELS = {"recruiter": "Recruiter", "hiring_manager": "Hiring manager"}


class TeamState(AuthState):
    """The organization's people."""

    # [{"id", "name", "email", "role", "removed", "removable"}] of the organization's users
    # ("removed" and "removable" are "yes" or "").
    members: list[dict[str, str]] = []
    # [{"id", "email", "role", "expires"}] of open invitations.
    invites: list[dict[str, str]] = []
    # Role chosen in the invite form.
    invite_role: str = "recruiter"
    # The invitation link just created, shown once.
    invite_link: str = ""
    # Message under the invite form's email field.
    invite_error: str = ""

    def _load(self, session, user) -> None:
        self.members = [
            {
                "id": str(m.id),
                "name": m.full_name,
                "email": m.email,
                "role": ROLE_LABELS[m.role],
                "removed": "" if m.is_active else "yes",
                "removable": "yes" if m.is_active and m.id != user.id else "",
            }
            for m in accounts.list_team(session=session, user=user)
        ]
        self.invites = [
            {
                "id": str(i.id),
                "email": i.email,
                "role": ROLE_LABELS.get(i.role, i.role),
                "expires": short_date(i.expires_at),
            }
            for i in team.open_invites(session=session, user=user)
        ]

    @rx.event
    def load_team(self):
        """Load members and open invitations."""
        self.invite_link = self.invite_error = ""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            self._load(session, user)
        return None

    @rx.event
    def set_invite_role(self, role: str):
        """Choose the role of the next invitation.

        Args:
            role: "recruiter" or "hiring_manager".
        """
        self.invite_role = role if role in ROLE_LABELS else "recruiter"

    @rx.event
    def send_invite(self, form_data: dict):
        """Create an invitation link for a colleague.

        Args:
            form_data: "email" of the colleague.
        """
        self.invite_link = self.invite_error = ""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                self.invite_link = team.invite(
                    session=session,
                    user=user,
                    email=str(form_data.get("email", "")),
                    role=self.invite_role,
                )
            except Invalid as error:
                self.invite_error = " ".join(error.errors.values())
            except PermissionDenied as error:
                self.invite_error = str(error)
            self._load(session, user)
        return None

    @rx.event
    def revoke_invite(self, invite_id: str):
        """Withdraw an invitation.

        Args:
            invite_id: The invitation.
        """
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                team.revoke(session=session, user=user, invite_id=int(invite_id))
            except (NotFound, PermissionDenied, ValueError) as error:
                return rx.toast.error(str(error))
            self._load(session, user)
        return None

    @rx.event
    def remove_member(self, member_id: str):
        """Remove a colleague: they are logged out everywhere and cannot log in again.

        Args:
            member_id: The colleague's user id.
        """
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                removed = team.remove_member(session=session, user=user, member_id=member_id)
            except Invalid as error:
                return rx.toast.error(" ".join(error.errors.values()))
            except (NotFound, PermissionDenied) as error:
                return rx.toast.error(str(error))
            self._load(session, user)
        return rx.toast.success(f"{removed.full_name} was removed and logged out.")
