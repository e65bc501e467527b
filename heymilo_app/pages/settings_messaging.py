"""Settings tabs: Messaging (reminders, deadline, quiet hours) and the results webhook."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.candidates import tone_color
from heymilo_app.components.common import form_error
from heymilo_app.services.messaging.quiet_hours import DAY_NAMES
from heymilo_app.services.messaging.quiet_hours import common_zones as zone_names
from heymilo_app.state.messaging_settings import MessagingSettingsState as M

# A native list: 400 zones, grouped by region, found by typing their first letters.
ZONE_SELECT_STYLE = {
    "width": "100%",
    "height": "32px",
    "padding": "0 8px",
    "border_radius": "6px",
    "border": "1px solid var(--gray-7)",
    "background": "var(--color-surface)",
    "color": "var(--gray-12)",
    "font_size": "14px",
}


def _zone_select() -> rx.Component:
    groups: dict[str, list[str]] = {}
    for name in zone_names():
        groups.setdefault(name.split("/", 1)[0] if "/" in name else "", []).append(name)
    options = []
    for region, names in groups.items():
        items = [rx.el.option(name.replace("_", " "), value=name) for name in names]
        options.append(rx.el.optgroup(*items, label=region) if region else rx.fragment(*items))
    return rx.el.select(
        *options,
        id="timezone",
        value=M.timezone,
        on_change=M.set_timezone,
        disabled=~M.is_recruiter,
        style=ZONE_SELECT_STYLE,
    )


HOURS = [(str(h), f"{h:02d}:00") for h in range(25)]


def _error(name: str) -> rx.Component:
    return rx.cond(
        M.policy_errors.contains(name),
        rx.text(M.policy_errors[name], color_scheme="red", size="1", id=f"{name}-error"),
    )


def _number(label: str, name: str, value: rx.Var, on_change, hint: str, **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=name),
        rx.input(
            id=name,
            value=value,
            on_change=on_change,
            disabled=~M.is_recruiter,
            aria_describedby=f"{name}-hint",
            width="100%",
            **props,
        ),
        rx.text(hint, size="1", color_scheme="gray", id=f"{name}-hint"),
        _error(name),
        spacing="1",
        width="100%",
    )


def _hour_select(label: str, name: str, value: rx.Var, on_change, choices) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(id=name, aria_label=label, width="100%"),
            rx.select.content(*[rx.select.item(text, value=val) for val, text in choices]),
            value=value,
            on_change=on_change,
            disabled=~M.is_recruiter,
        ),
        _error(name),
        spacing="1",
        width="100%",
    )


def _days() -> rx.Component:
    return rx.vstack(
        rx.text("Business days", size="2", weight="medium", id="business-days-label"),
        rx.flex(
            *[
                rx.el.label(
                    rx.checkbox(
                        checked=M.business_days.contains(index),
                        on_change=lambda checked, i=index: M.toggle_day(i, checked),
                        disabled=~M.is_recruiter,
                        id=f"day-{index}",
                    ),
                    rx.text(name[:3], size="2"),
                    style={"display": "flex", "gap": "6px", "align_items": "center"},
                )
                for index, name in enumerate(DAY_NAMES)
            ],
            gap="14px",
            wrap="wrap",
            role="group",
            aria_labelledby="business-days-label",
        ),
        _error("business_days"),
        spacing="2",
        width="100%",
    )


def messaging_tab() -> rx.Component:
    """Reminders, invitation deadline and quiet hours."""
    return rx.card(
        rx.vstack(
            rx.heading("Reminders and deadline", size="4", as_="h2"),
            rx.text(
                "Candidates who have not started, or not finished a stage, get a reminder by "
                "email (and by text when the job texts invitations). Nobody is reminded after "
                "finishing, being disqualified, withdrawing or unsubscribing.",
                size="2",
                color_scheme="gray",
            ),
            rx.grid(
                _number(
                    "Send reminders after (hours)",
                    "reminder_hours",
                    M.reminder_hours,
                    M.set_reminder_hours,
                    "Counted from the invitation or from reaching a stage, e.g. 24, 72.",
                    placeholder="24, 72",
                ),
                _hour_select(
                    "At most, per stage",
                    "max_reminders_per_stage",
                    M.max_reminders,
                    M.set_max_reminders,
                    [("0", "No reminders")]
                    + [(str(n), f"{n} reminder{'s' if n > 1 else ''}") for n in range(1, 6)],
                ),
                _number(
                    "Invitation links stay open for (days)",
                    "invitation_days",
                    M.invitation_days,
                    M.set_invitation_days,
                    "After that the invitation lapses; you can extend it from the job page.",
                    type="number",
                    min=1,
                    max=180,
                ),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="4",
                width="100%",
            ),
            rx.divider(),
            rx.heading("Quiet hours", size="4", as_="h2"),
            rx.text(
                "Texts and calls go out only inside these hours in the candidate's own time "
                "zone (from their phone number when nothing better is known); outside them they "
                "wait for the next allowed moment. Emails are not held.",
                size="2",
                color_scheme="gray",
            ),
            rx.grid(
                _hour_select(
                    "From", "business_hours_start", M.hours_start, M.set_hours_start, HOURS[:24]
                ),
                _hour_select(
                    "Until", "business_hours_end", M.hours_end, M.set_hours_end, HOURS[1:]
                ),
                rx.vstack(
                    rx.el.label(
                        rx.text("Default time zone", size="2", weight="medium"),
                        html_for="timezone",
                    ),
                    _zone_select(),
                    rx.text(
                        rx.cond(
                            M.zone_from_browser,
                            "Your browser's time zone; save to keep it. ",
                            "",
                        ),
                        "For candidates whose phone number does not tell.",
                        size="1",
                        color_scheme="gray",
                    ),
                    _error("timezone"),
                    spacing="1",
                    width="100%",
                ),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="4",
                width="100%",
            ),
            _days(),
            rx.box(
                _number(
                    "Contact email for candidates",
                    "contact_email",
                    M.contact_email,
                    M.set_contact_email,
                    "Named when a candidate texts HELP. Empty: the address emails come from.",
                    type="email",
                    placeholder="jobs@yourcompany.com",
                ),
                max_width="420px",
                width="100%",
            ),
            rx.cond(
                M.is_recruiter,
                rx.button("Save messaging rules", on_click=M.save_policy, id="save-messaging"),
            ),
            rx.divider(),
            rx.heading("When a candidate is disqualified", size="4", as_="h2"),
            rx.text(
                "A failed dealbreaker set to disqualify ends the interview at that stage. "
                "Choose what the candidate then sees (saved at once).",
                size="2",
                color_scheme="gray",
            ),
            rx.radio_group.root(
                rx.vstack(
                    rx.el.label(
                        rx.radio_group.item(value="specific", id="notice-specific"),
                        rx.text(
                            "A respectful note naming the requirement not met, with a button "
                            "to ask a person to review it",
                            size="2",
                        ),
                        style={"display": "flex", "gap": "8px", "align_items": "center"},
                    ),
                    rx.el.label(
                        rx.radio_group.item(value="generic", id="notice-generic"),
                        rx.text("The plain thank-you page", size="2"),
                        style={"display": "flex", "gap": "8px", "align_items": "center"},
                    ),
                    spacing="2",
                ),
                value=M.disqualification_notice,
                on_change=M.set_disqualification_notice,
                disabled=~M.is_recruiter,
                aria_label="What a disqualified candidate sees",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _delivery_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.code(row["event"])),
        rx.table.cell(
            rx.cond(
                row["detail"] != "",
                rx.tooltip(
                    rx.badge(row["label"], color_scheme=tone_color(row["tone"]), variant="soft"),
                    content=row["detail"],
                ),
                rx.badge(row["label"], color_scheme=tone_color(row["tone"]), variant="soft"),
            )
        ),
        rx.table.cell(rx.text(row["when"], size="1")),
        align="center",
        class_name="webhook-delivery",
    )


def webhook_card() -> rx.Component:
    """The results webhook: URL, signing secret, test event, latest deliveries."""
    return rx.card(
        rx.vstack(
            rx.heading("Results webhook", size="4", as_="h2"),
            rx.text(
                "Each stage result and each final outcome (completed, disqualified, withdrawn, "
                "expired) is POSTed to this URL as JSON, retried until your system answers 2xx. "
                "Check the X-OpenInterview-Signature header: v1= and the HMAC-SHA256 of "
                '"{X-OpenInterview-Timestamp}.{body}" with the secret below; '
                "X-OpenInterview-Delivery is the same on every retry of one event.",
                size="2",
                color_scheme="gray",
            ),
            rx.flex(
                rx.input(
                    id="webhook-url",
                    value=M.webhook_url,
                    on_change=M.set_webhook_url,
                    placeholder="https://ats.example.com/hooks/openinterview",
                    aria_label="Webhook URL",
                    disabled=~M.is_recruiter,
                    flex="1",
                    min_width="220px",
                ),
                rx.cond(
                    M.is_recruiter,
                    rx.hstack(
                        rx.button("Save", on_click=M.save_webhook, id="save-webhook"),
                        rx.button(
                            "Send test event",
                            variant="soft",
                            on_click=M.send_test,
                            id="test-webhook",
                        ),
                        spacing="2",
                    ),
                ),
                gap="8px",
                wrap="wrap",
                width="100%",
            ),
            form_error(M.webhook_error),
            rx.cond(
                M.webhook_secret != "",
                rx.flex(
                    rx.text("Signing secret", size="2", weight="medium"),
                    rx.code(
                        rx.cond(M.secret_shown, M.webhook_secret, "whsec_••••••••••••"),
                        id="webhook-secret",
                        style={"word_break": "break-all"},
                    ),
                    rx.button(
                        rx.cond(M.secret_shown, "Hide", "Show"),
                        size="1",
                        variant="ghost",
                        on_click=M.toggle_secret,
                    ),
                    rx.button(
                        "Make a new secret",
                        size="1",
                        variant="soft",
                        color_scheme="orange",
                        on_click=M.rotate_secret,
                    ),
                    gap="8px",
                    align="center",
                    wrap="wrap",
                ),
            ),
            rx.cond(
                M.deliveries.length() > 0,
                rx.vstack(
                    rx.flex(
                        rx.text("Latest deliveries", size="2", weight="medium"),
                        rx.spacer(),
                        rx.button(
                            rx.icon("refresh-cw", size=14),
                            "Refresh",
                            size="1",
                            variant="ghost",
                            on_click=M.refresh_deliveries,
                        ),
                        width="100%",
                        align="center",
                    ),
                    rx.box(
                        rx.table.root(
                            rx.table.body(rx.foreach(M.deliveries, _delivery_row)),
                            variant="ghost",
                            size="1",
                            width="100%",
                        ),
                        overflow_x="auto",
                        width="100%",
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
