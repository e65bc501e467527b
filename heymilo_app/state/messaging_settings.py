"""Settings › Messaging: reminders, deadline, quiet hours, and the results webhook."""

from __future__ import annotations

import reflex as rx

from heymilo_app.models import Organization
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.messaging import message_log, messaging_policy
from heymilo_app.services.messaging.quiet_hours import common_zones as zone_names
from heymilo_app.services.pipeline import webhooks
from heymilo_app.state.auth import AuthState, acting


class MessagingSettingsState(AuthState):
    """The organization's messaging rules as the form shows them."""

    # Delays in hours, as typed ("24, 72").
    reminder_hours: str = ""
    max_reminders: str = ""
    invitation_days: str = ""
    hours_start: str = ""
    hours_end: str = ""
    # Business days, 0 = Monday.
    business_days: list[int] = []
    timezone: str = ""
    # Set when the zone shown is the browser's, not yet saved (the organization had none).
    zone_from_browser: bool = False
    contact_email: str = ""
    # What a disqualified candidate sees: "specific" or "generic".
    disqualification_notice: str = "specific"
    # Messages at the policy form's fields.
    policy_errors: dict[str, str] = {}
    # The webhook receiver and its signing secret.
    webhook_url: str = ""
    webhook_secret: str = ""
    secret_shown: bool = False
    webhook_error: str = ""
    # Latest webhook deliveries: [{"event", "when", "label", "tone", "detail"}].
    deliveries: list[dict[str, str]] = []

    def _load(self, session, user) -> None:
        organization = session.get(Organization, user.organization_id)
        self.reminder_hours = ", ".join(str(h) for h in organization.reminder_hours or [])
        self.max_reminders = str(organization.max_reminders_per_stage)
        self.invitation_days = str(messaging_policy.invitation_days(organization))
        self.hours_start = str(organization.business_hours_start)
        self.hours_end = str(organization.business_hours_end)
        self.business_days = list(organization.business_days or [])
        self.timezone = organization.timezone
        self.zone_from_browser = False
        self.contact_email = organization.contact_email
        self.disqualification_notice = organization.disqualification_notice
        self.webhook_url = organization.webhook_url
        # Only recruiters may read the secret; it signs what the ATS trusts.
        self.webhook_secret = organization.webhook_secret if user.role == "recruiter" else ""
        self._load_deliveries(session, user)

    def _load_deliveries(self, session, user) -> None:
        self.deliveries = []
        for row in webhooks.recent(session=session, user=user):
            state = message_log.delivery(row)
            self.deliveries.append(
                {
                    "event": row.kind,
                    "when": (row.sent_at or row.created_at).strftime("%b %d, %H:%M UTC"),
                    "label": state.label,
                    "tone": state.tone,
                    "detail": state.detail,
                }
            )

    @rx.event
    @acting
    def load_messaging(self, session, user):
        """Load the organization's rules and webhook."""
        self.policy_errors = {}
        self.webhook_error = ""
        self.secret_shown = False
        self._load(session, user)
        # An organization still on the default zone is offered the browser's.
        return rx.call_script(
            "Intl.DateTimeFormat().resolvedOptions().timeZone",
            callback=MessagingSettingsState.offer_zone,
        )

    @rx.event
    def offer_zone(self, zone: str):
        """Show the browser's time zone for an organization still on UTC (saved with the form).

        Args:
            zone: The browser's IANA zone.
        """
        zone = str(zone or "")
        if self.timezone == "UTC" and zone != "UTC" and zone in zone_names():
            self.timezone = zone
            self.zone_from_browser = True

    @rx.event
    def set_contact_email(self, value: str):
        """Type the address candidates may write to."""
        self.contact_email = value

    @rx.event
    def set_reminder_hours(self, value: str):
        """Type the reminder delays."""
        self.reminder_hours = value

    @rx.event
    def set_max_reminders(self, value: str):
        """Pick how many reminders per stage."""
        self.max_reminders = value

    @rx.event
    def set_invitation_days(self, value: str):
        """Type how long links stay valid."""
        self.invitation_days = value

    @rx.event
    def set_hours_start(self, value: str):
        """Pick when business hours start."""
        self.hours_start = value

    @rx.event
    def set_hours_end(self, value: str):
        """Pick when business hours end."""
        self.hours_end = value

    @rx.event
    def set_timezone(self, value: str):
        """Pick the default time zone."""
        self.timezone = value
        self.zone_from_browser = False

    @rx.event
    def toggle_day(self, day: int, checked: bool):
        """Tick or untick a business day.

        Args:
            day: 0 = Monday.
            checked: Whether it is a business day.
        """
        days = set(self.business_days)
        if checked:
            days.add(int(day))
        else:
            days.discard(int(day))
        self.business_days = sorted(days)

    @rx.event
    @acting
    def save_policy(self, session, user):
        """Save reminders, deadline and quiet hours (all or nothing)."""
        self.policy_errors = {}
        try:
            messaging_policy.update(
                session=session,
                user=user,
                policy=messaging_policy.Policy(
                    reminder_hours=self.reminder_hours,
                    max_reminders_per_stage=self.max_reminders,
                    invitation_days=self.invitation_days,
                    business_hours_start=self.hours_start,
                    business_hours_end=self.hours_end,
                    business_days=self.business_days,
                    timezone=self.timezone.strip(),
                    contact_email=self.contact_email,
                ),
            )
        except Invalid as error:
            self.policy_errors = error.errors
            return rx.toast.error("Nothing was saved: fix the fields marked below.")
        self._load(session, user)
        return rx.toast.success("Messaging rules saved.")

    @rx.event
    @acting
    def set_disqualification_notice(self, session, user, value: str):
        """Choose what a disqualified candidate sees, and save it.

        Args:
            value: "specific" or "generic".
        """
        organization = messaging_policy.set_disqualification_notice(
            session=session, user=user, notice=value
        )
        self.disqualification_notice = organization.disqualification_notice
        return rx.toast.success("Saved.")

    @rx.event
    def set_webhook_url(self, value: str):
        """Type the receiver URL."""
        self.webhook_url = value

    @rx.event
    def toggle_secret(self):
        """Show or hide the signing secret."""
        self.secret_shown = not self.secret_shown

    @rx.event
    @acting
    def save_webhook(self, session, user):
        """Save the receiver URL ("" turns events off); the first URL creates a secret."""
        self.webhook_error = ""
        try:
            webhooks.configure(session=session, user=user, url=self.webhook_url)
        except Invalid as error:
            self.webhook_error = error.errors.get("webhook_url", "Check the URL.")
            return None
        self._load(session, user)
        return rx.toast.success(
            "Webhook saved: results will be posted there."
            if self.webhook_url
            else "Webhook removed: no more results are posted."
        )

    @rx.event
    @acting
    def rotate_secret(self, session, user):
        """Replace the signing secret."""
        webhooks.rotate_secret(session=session, user=user)
        self._load(session, user)
        self.secret_shown = True
        return rx.toast.success("New secret made: update your receiver with it.")

    @rx.event
    @acting
    def send_test(self, session, user):
        """Queue a ping event to the receiver."""
        self.webhook_error = ""
        try:
            webhooks.send_test(session=session, user=user)
        except Invalid as error:
            self.webhook_error = error.errors.get("webhook_url", "Save a webhook URL first.")
            return None
        self._load_deliveries(session, user)
        return rx.toast.success("Test event queued; it goes out within seconds.")

    @rx.event
    @acting
    def refresh_deliveries(self, session, user):
        """Reload the latest webhook deliveries."""
        self._load_deliveries(session, user)
        return None
