"""The Team tab of Settings."""

from __future__ import annotations

import reflex as rx

from heymilo_app.pages.password import change_password_card
from heymilo_app.state.team import TeamState


def _remove_button(member: rx.Var) -> rx.Component:
    """Remove a colleague, after a confirming dialog."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                "Remove",
                size="1",
                variant="soft",
                color_scheme="red",
                aria_label="Remove " + member["name"].to(str),
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Remove ", member["name"], "?"),
            rx.alert_dialog.description(
                member["name"],
                " (",
                member["email"],
                ") is logged out at once and can no longer log in or reset their password. "
                "What they wrote (comments, ratings) stays.",
                size="2",
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Remove",
                        color_scheme="red",
                        on_click=TeamState.remove_member(member["id"]),
                        id="confirm-remove-member",
                    )
                ),
                gap="3",
                margin_top="16px",
                justify="end",
            ),
        ),
    )


def _role_button(member: rx.Var) -> rx.Component:
    """Give a colleague the other role, after a confirming dialog."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                "Make ",
                member["next_role_label"].to(str).lower(),
                size="1",
                variant="soft",
                color_scheme="gray",
                aria_label="Make "
                + member["name"].to(str)
                + " a "
                + member["next_role_label"].to(str).lower(),
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(
                    member["is_me"], "Make yourself a ", "Make " + member["name"].to(str) + " a "
                ),
                member["next_role_label"].to(str).lower(),
                "?",
            ),
            rx.alert_dialog.description(
                rx.cond(
                    member["next_role"] == "recruiter",
                    "Recruiters build interviews, invite candidates and colleagues, and decide.",
                    rx.cond(
                        member["is_me"],
                        "You will read reports, comment and rate, and no longer change anything "
                        "else (another recruiter can make you a recruiter again).",
                        "Hiring managers read reports, comment and rate, and change nothing else.",
                    ),
                ),
                size="2",
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Make ",
                        member["next_role_label"].to(str).lower(),
                        on_click=TeamState.change_member_role(member["id"], member["next_role"]),
                        id="confirm-change-role",
                    )
                ),
                gap="3",
                margin_top="16px",
                justify="end",
            ),
        ),
    )


def _invite_conflict_dialog() -> rx.Component:
    """Ask before changing the role of an open invitation."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Change the invitation's role?"),
            rx.alert_dialog.description(TeamState.conflict_question, size="2"),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(
                        "Keep it",
                        variant="soft",
                        color_scheme="gray",
                        on_click=TeamState.cancel_invite,
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(
                        "Invite as ",
                        TeamState.conflict_role_label,
                        on_click=TeamState.confirm_invite,
                        id="confirm-invite-role",
                    )
                ),
                gap="3",
                margin_top="16px",
                justify="end",
            ),
        ),
        open=TeamState.conflict_email != "",
        on_open_change=TeamState.conflict_dialog_changed,
    )


def _members() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell("Name"),
                # On a phone the email goes under the name: the role stays in view.
                rx.table.column_header_cell("Email", display=["none", "table-cell"]),
                rx.table.column_header_cell("Role"),
                rx.cond(TeamState.is_recruiter, rx.table.column_header_cell("")),
            )
        ),
        rx.table.body(
            rx.foreach(
                TeamState.members,
                lambda m: rx.table.row(
                    rx.table.row_header_cell(
                        rx.text(m["name"]),
                        rx.text(
                            m["email"],
                            size="1",
                            color_scheme="gray",
                            display=["block", "none"],
                            style={"overflow_wrap": "anywhere"},
                        ),
                    ),
                    rx.table.cell(m["email"], display=["none", "table-cell"]),
                    rx.table.cell(
                        rx.cond(
                            m["removed"],
                            rx.badge("Removed", variant="soft", color_scheme="gray"),
                            rx.badge(
                                m["role"],
                                variant="soft",
                                color_scheme=rx.cond(m["role"] == "Recruiter", "indigo", "teal"),
                            ),
                        )
                    ),
                    rx.cond(
                        TeamState.is_recruiter,
                        rx.table.cell(
                            rx.cond(
                                m["removed"],
                                rx.fragment(),
                                rx.hstack(
                                    _role_button(m),
                                    rx.cond(m["removable"], _remove_button(m)),
                                    spacing="2",
                                ),
                            )
                        ),
                    ),
                    align="center",
                ),
            )
        ),
        variant="ghost",
        width="100%",
    )


def _invite_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.flex(
                rx.input(
                    name="email",
                    type="email",
                    placeholder="colleague@company.com",
                    aria_label="Colleague's email",
                    id="invite-email",
                    flex="1",
                    min_width="220px",
                ),
                rx.select.root(
                    rx.select.trigger(aria_label="Role", id="invite-role"),
                    rx.select.content(
                        rx.select.item("Recruiter: edits everything", value="recruiter"),
                        rx.select.item("Hiring manager: reads reports", value="hiring_manager"),
                    ),
                    value=TeamState.invite_role,
                    on_change=TeamState.set_invite_role,
                ),
                rx.button(
                    rx.icon("user-plus", size=16), "Invite", type="submit", id="invite-submit"
                ),
                gap="8px",
                wrap="wrap",
                width="100%",
            ),
            rx.cond(
                TeamState.invite_error,
                rx.text(TeamState.invite_error, size="2", color_scheme="red", role="alert"),
            ),
            rx.cond(
                TeamState.invite_link,
                rx.callout(
                    rx.vstack(
                        rx.text(
                            TeamState.invite_notice,
                            " If the email does not arrive, send this link yourself; it works "
                            "once, for 7 days.",
                            id="invite-notice",
                        ),
                        rx.hstack(
                            rx.code(
                                TeamState.invite_link,
                                id="invite-link",
                                style={"word_break": "break-all"},
                            ),
                            rx.icon_button(
                                rx.icon("copy", size=14),
                                size="1",
                                variant="soft",
                                aria_label="Copy the link",
                                on_click=rx.set_clipboard(TeamState.invite_link),
                            ),
                            align="center",
                        ),
                        spacing="2",
                    ),
                    icon="mail-check",
                    color_scheme="green",
                    width="100%",
                ),
            ),
            _invite_conflict_dialog(),
            spacing="2",
            width="100%",
        ),
        on_submit=TeamState.send_invite,
        reset_on_submit=True,
        width="100%",
    )


def team_tab() -> rx.Component:
    """Members, invitations, the invite form and the user's own password."""
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.heading("Members", size="4", as_="h2"), _members(), spacing="3", width="100%"
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Invite a colleague", size="4", as_="h2"),
                rx.text(
                    "Recruiters build interviews and decide; hiring managers read reports, "
                    "comment and rate, and change nothing else.",
                    size="2",
                    color_scheme="gray",
                ),
                rx.cond(
                    TeamState.is_recruiter,
                    _invite_form(),
                    rx.text("Only recruiters invite colleagues.", size="2", color_scheme="gray"),
                ),
                rx.cond(
                    TeamState.invites.length() > 0,
                    rx.vstack(
                        rx.text("Waiting to join", size="2", weight="medium"),
                        rx.foreach(
                            TeamState.invites,
                            lambda i: rx.hstack(
                                rx.text(i["email"], size="2"),
                                rx.badge(i["role"], variant="soft", color_scheme="gray"),
                                rx.text("until ", i["expires"], size="1", color_scheme="gray"),
                                rx.spacer(),
                                rx.cond(
                                    TeamState.is_recruiter,
                                    rx.button(
                                        "Withdraw",
                                        size="1",
                                        variant="soft",
                                        color_scheme="red",
                                        on_click=TeamState.revoke_invite(i["id"]),
                                    ),
                                ),
                                width="100%",
                                align="center",
                            ),
                        ),
                        spacing="2",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        change_password_card(),
        spacing="4",
        width="100%",
    )
