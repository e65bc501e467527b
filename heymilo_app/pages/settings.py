"""The Settings page: team, branding, knowledge base, language, templates, API keys."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.common import form_error
from heymilo_app.components.shell import recruiter_shell
from heymilo_app.pages.settings_branding import branding_tab, language_tab
from heymilo_app.pages.settings_content import knowledge_tab, templates_tab
from heymilo_app.pages.settings_messaging import messaging_tab, webhook_card
from heymilo_app.pages.settings_team import team_tab
from heymilo_app.state.settings import SettingsState


def _key_row(key: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(key["name"]),
        rx.table.cell(rx.code(key["prefix"])),
        rx.table.cell(key["created"]),
        rx.table.cell(key["last_used"]),
        rx.table.cell(
            rx.cond(
                key["revoked"],
                rx.badge("Revoked", color_scheme="gray"),
                rx.cond(
                    SettingsState.is_recruiter,
                    rx.button(
                        "Revoke",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=SettingsState.revoke_key(key["id"]),
                    ),
                    rx.badge("Active", color_scheme="green"),
                ),
            )
        ),
        align="center",
    )


def _api_keys() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("API keys", size="4", as_="h2"),
            rx.text(
                "A key lets another system, such as your applicant tracking system, call "
                "this app's API for your organization (Authorization: Bearer <key>).",
                size="2",
                color_scheme="gray",
            ),
            form_error(SettingsState.key_error),
            rx.cond(
                SettingsState.new_key,
                rx.callout(
                    rx.vstack(
                        rx.text("Copy this key now; it is not shown again."),
                        rx.code(
                            SettingsState.new_key,
                            id="new-api-key",
                            style={"word_break": "break-all"},
                        ),
                        spacing="2",
                    ),
                    icon="key-round",
                    color_scheme="green",
                    width="100%",
                ),
            ),
            rx.cond(
                SettingsState.is_recruiter,
                rx.form(
                    rx.hstack(
                        rx.input(
                            name="name",
                            placeholder="Label, e.g. Greenhouse",
                            aria_label="Key label",
                            max_length=200,
                            flex="1",
                        ),
                        rx.button(rx.icon("plus", size=16), "Create key", type="submit"),
                        width="100%",
                    ),
                    on_submit=SettingsState.create_key,
                    reset_on_submit=True,
                    width="100%",
                ),
            ),
            rx.cond(
                SettingsState.keys.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(h)
                                    for h in ("Label", "Key", "Created", "Last used", "")
                                ]
                            )
                        ),
                        rx.table.body(rx.foreach(SettingsState.keys, _key_row)),
                        variant="ghost",
                        width="100%",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
                rx.text("No API keys yet.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def settings_page() -> rx.Component:
    """Organization settings in tabs."""
    # Short labels (each tab's own headings say the rest), in a list that wraps on a phone.
    tabs = [
        ("team", "Team", "users", team_tab()),
        ("branding", "Branding", "palette", branding_tab()),
        ("knowledge", "Knowledge base", "book-open", knowledge_tab()),
        ("language", "Language & voice", "languages", language_tab()),
        ("templates", "Templates", "mail", templates_tab()),
        ("messaging", "Reminders", "bell", messaging_tab()),
        (
            "api-keys",
            "API & webhooks",
            "key-round",
            rx.vstack(_api_keys(), webhook_card(), spacing="4"),
        ),
    ]
    return recruiter_shell(
        rx.tabs.root(
            rx.tabs.list(
                *[
                    rx.tabs.trigger(
                        rx.hstack(
                            rx.icon(icon, size=14, aria_hidden="true"),
                            rx.text(label, as_="span"),
                            spacing="2",
                            align="center",
                        ),
                        value=value,
                        id=f"tab-{value}",
                        flex_shrink="0",
                    )
                    for value, label, icon, _ in tabs
                ],
                id="settings-tabs",
                # Radix lays the triggers in one row that scrolls with no scrollbar: wrap
                # them into as many rows as the width needs instead.
                flex_wrap="wrap",
                overflow_x="visible",
                white_space="normal",
                width="100%",
            ),
            *[
                rx.tabs.content(content, value=value, padding_top="16px")
                for value, _, _, content in tabs
            ],
            value=SettingsState.tab,
            on_change=SettingsState.set_tab,
            width="100%",
        ),
        title="Settings",
        active="settings",
    )
