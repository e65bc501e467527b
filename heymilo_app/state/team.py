"""The Team tab of Settings: members, open invitations, inviting, re-roling and removing."""

from __future__ import annotations

import reflex as rx

from heymilo_app.models import Role
from heymilo_app.services.common.errors import Invalid, PermissionDenied
from heymilo_app.services.org import team, team_invites
from heymilo_app.state.auth import REFUSALS, AuthState, acting
from heymilo_app.state.formatting import short_date

ROLE_LABELS = {role.value: name for role, name in team.ROLE_NAMES.items()}
# The other role, offered by a member's role button.
OTHER_ROLE = {"recruiter": "hiring_manager", "hiring_manager": "recruiter"}
ONLY_RECRUITERS = "Only recruiters manage the team."


class TeamState(AuthState):
    """The organization's people."""

    # [{"id", "name", "email", "role", "removed", "removable", "is_me", "next_role",
    # "next_role_label"}] of the organization's users ("removed", "removable" and "is_me"
    # are "yes" or ""; "next_role" is the role the member's role button offers).
    members: list[dict[str, str]] = []
    # [{"id", "email", "role", "expires"}] of open invitations.
    invites: list[dict[str, str]] = []
    # Role chosen in the invite form.
    invite_role: str = "recruiter"
    # The invitation link just created, shown once.
    invite_link: str = ""
    # What happened to the invitation just sent ("Invitation emailed to ...").
    invite_notice: str = ""
    # Message under the invite form's email field.
    invite_error: str = ""
    # An address already invited with another role, waiting for the recruiter's answer.
    conflict_email: str = ""
    # The role asked for that address.
    conflict_role: str = ""
    # That role as people read it ("Recruiter").
    conflict_role_label: str = ""
    # The question of the confirming dialog ("x@y is already invited as ...?").
    conflict_question: str = ""

    def _load(self, session, user) -> None:
        self.members = [
            {
                "id": str(m.id),
                "name": m.full_name,
                "email": m.email,
                "role": ROLE_LABELS[m.role],
                "removed": "" if m.is_active else "yes",
                "removable": "yes" if m.is_active and m.id != user.id else "",
                "is_me": "yes" if m.id == user.id else "",
                "next_role": OTHER_ROLE[m.role],
                "next_role_label": ROLE_LABELS[OTHER_ROLE[m.role]],
            }
            for m in team.list_team(session=session, user=user)
        ]
        self.invites = [
            {
                "id": str(i.id),
                "email": i.email,
                "role": ROLE_LABELS.get(i.role, i.role),
                "expires": short_date(i.expires_at),
            }
            for i in team_invites.open_invites(session=session, user=user)
        ]

    def _clear_conflict(self) -> None:
        self.conflict_email = self.conflict_role = self.conflict_role_label = ""
        self.conflict_question = ""

    @rx.event
    @acting
    def load_team(self, session, user):
        """Load members and open invitations."""
        self.invite_link = self.invite_notice = self.invite_error = ""
        self._clear_conflict()
        self._load(session, user)
        return None

    @rx.event
    def set_invite_role(self, role: str):
        """Choose the role of the next invitation.

        Args:
            role: "recruiter" or "hiring_manager".
        """
        if not self._is_recruiter_now():
            return
        self.invite_role = role if role in ROLE_LABELS else "recruiter"

    @acting
    def _invite(self, session, user, email: str, role: str, change_role: bool):
        """Send an invitation as the acting recruiter; what the form shows afterwards."""
        self.invite_link = self.invite_notice = self.invite_error = ""
        self._clear_conflict()
        if user.role != Role.RECRUITER:
            self.invite_error = ONLY_RECRUITERS
            return None
        try:
            sent = team_invites.invite_colleague(
                session=session, user=user, email=email, role=role, change_role=change_role
            )
        except team_invites.RoleConflict as conflict:
            self.conflict_email, self.conflict_role = conflict.email, role
            self.conflict_role_label = team.role_name(role)
            self.conflict_question = (
                f"{conflict.email} is already invited as "
                f"{team.role_name(conflict.current_role)}. Invite as "
                f"{team.role_name(role)} instead?"
            )
        except Invalid as error:
            self.invite_error = " ".join(error.errors.values())
        except PermissionDenied as error:
            self.invite_error = str(error)
        else:
            self.invite_link = sent.link
            role_label = team.role_name(sent.role)
            if sent.resent:
                self.invite_notice = (
                    f"{sent.email} was already invited as {role_label}: the invitation "
                    "was emailed again with a new link (the earlier link no longer works)."
                )
            elif sent.role_changed:
                self.invite_notice = (
                    f"{sent.email} is now invited as {role_label}: a new invitation was "
                    "emailed (the earlier link no longer works)."
                )
            else:
                self.invite_notice = f"Invitation emailed to {sent.email}."
        self._load(session, user)
        return None

    @rx.event
    def send_invite(self, form_data: dict):
        """Email an invitation link to a colleague (asking first before changing the role of
        an open invitation).

        Args:
            form_data: "email" of the colleague.
        """
        return self._invite(str(form_data.get("email", "")), self.invite_role, False)

    @rx.event
    def confirm_invite(self):
        """Invite the address of the confirming dialog with the role asked for instead."""
        email, role = self.conflict_email, self.conflict_role
        if not email:
            return None
        return self._invite(email, role, True)

    @rx.event
    def cancel_invite(self):
        """Keep the open invitation as it is (the confirming dialog's Cancel)."""
        if not self._is_recruiter_now():
            return None
        self._clear_conflict()
        return None

    @rx.event
    def conflict_dialog_changed(self, is_open: bool):
        """The confirming dialog closed by itself (Escape): keep the open invitation.

        Args:
            is_open: Whether the dialog is open now.
        """
        if not is_open:
            return self.cancel_invite()
        return None

    @rx.event
    @acting(refusals=(*REFUSALS, ValueError))
    def revoke_invite(self, session, user, invite_id: str):
        """Withdraw an invitation.

        Args:
            invite_id: The invitation.
        """
        if user.role != Role.RECRUITER:
            return rx.toast.error(ONLY_RECRUITERS)
        team_invites.revoke(session=session, user=user, invite_id=int(invite_id))
        self._load(session, user)
        return None

    @rx.event
    @acting
    def change_member_role(self, session, user, member_id: str, role: str):
        """Make a colleague a recruiter or a hiring manager (after a confirming dialog).

        Args:
            member_id: The colleague's user id.
            role: "recruiter" or "hiring_manager".
        """
        if user.role != Role.RECRUITER:
            return rx.toast.error(ONLY_RECRUITERS)
        try:
            member = team.change_role(session=session, user=user, member_id=member_id, role=role)
        except Invalid as error:
            return rx.toast.error(" ".join(error.errors.values()))
        # The acting user may have made themselves a hiring manager.
        user = self._acting_user(session)
        self._load(session, user)
        name, label = member.full_name, ROLE_LABELS[member.role]
        return rx.toast.success(f"{name} is now a {label.lower()}.")

    @rx.event
    @acting
    def remove_member(self, session, user, member_id: str):
        """Remove a colleague: they are logged out everywhere and cannot log in again.

        Args:
            member_id: The colleague's user id.
        """
        if user.role != Role.RECRUITER:
            return rx.toast.error(ONLY_RECRUITERS)
        try:
            removed = team.remove_member(session=session, user=user, member_id=member_id)
        except Invalid as error:
            return rx.toast.error(" ".join(error.errors.values()))
        self._load(session, user)
        return rx.toast.success(f"{removed.full_name} was removed and logged out.")
