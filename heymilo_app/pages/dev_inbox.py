"""The dev inbox page (/dev/inbox): on only with DEV_INBOX set and no provider configured."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.dev_inbox import DevInboxState as D


def _row(message: rx.Var) -> rx.Component:
    selected = D.open_id == message["id"]
    return rx.box(
        rx.hstack(
            rx.icon(
                rx.cond(message["channel"] == "email", "mail", "message-square"),
                size=16,
                color=rx.color("accent", 10),
            ),
            rx.vstack(
                rx.hstack(
                    rx.text(
                        message["to"],
                        size="2",
                        weight="bold",
                        min_width="0",
                        overflow="hidden",
                        text_overflow="ellipsis",
                        white_space="nowrap",
                        title=message["to"],
                    ),
                    rx.spacer(),
                    rx.text(
                        message["when"],
                        size="1",
                        color_scheme="gray",
                        white_space="nowrap",
                        flex_shrink="0",
                    ),
                    width="100%",
                ),
                rx.text(message["subject"], size="2", trim="both"),
                rx.hstack(
                    rx.badge(message["kind"], size="1", variant="soft"),
                    rx.badge(
                        message["status"],
                        size="1",
                        variant="soft",
                        color_scheme=rx.cond(message["status"] == "failed", "red", "gray"),
                    ),
                    rx.cond(
                        message["opted_out"], rx.badge("opted out", size="1", color_scheme="orange")
                    ),
                    spacing="1",
                ),
                spacing="1",
                width="100%",
                min_width="0",
            ),
            align="start",
            spacing="3",
            width="100%",
        ),
        padding="10px 12px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        background=rx.cond(selected, rx.color("accent", 3), "transparent"),
        cursor="pointer",
        on_click=D.open_message(message["id"]),
        class_name="dev-inbox-row",
    )


def _detail() -> rx.Component:
    return rx.cond(
        D.open_id != "",
        rx.vstack(
            rx.text("To ", rx.text.strong(D.open_to), size="2"),
            rx.cond(D.open_subject, rx.heading(D.open_subject, size="4", as_="h2")),
            rx.badge(D.open_status, variant="soft"),
            rx.cond(D.open_error, rx.callout(D.open_error, color_scheme="red", size="1")),
            rx.box(
                rx.text(D.open_body, white_space="pre-wrap", size="2", id="dev-message-body"),
                padding="14px",
                border_radius="10px",
                background=rx.color("gray", 2),
                border=f"1px solid {rx.color('gray', 5)}",
                width="100%",
            ),
            rx.cond(
                D.open_channel == "sms",
                rx.form(
                    rx.vstack(
                        rx.text(
                            "Reply as the candidate (try STOP or START)", size="2", weight="medium"
                        ),
                        rx.hstack(
                            rx.input(
                                name="body",
                                placeholder="Your reply",
                                flex="1",
                                aria_label="Reply",
                                id="dev-reply",
                            ),
                            rx.button("Send reply", type="submit"),
                            width="100%",
                        ),
                        rx.cond(
                            D.reply_result, rx.text(D.reply_result, size="2", color_scheme="green")
                        ),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=D.reply,
                    reset_on_submit=True,
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
            align="start",
        ),
        rx.text("Pick a message.", color_scheme="gray"),
    )


def dev_inbox_page() -> rx.Component:
    """Every email and text of the organization that stayed in the outbox."""
    return recruiter_shell(
        rx.cond(
            D.notice == "",
            rx.vstack(
                rx.callout(
                    "Demo and development only: no email or text is sent, it stays here. "
                    "These messages hold candidates' own links, so whoever opens one can act "
                    "as that candidate. In production, set SENDGRID_API_KEY and the TWILIO_ "
                    "settings and leave DEV_INBOX off.",
                    icon="triangle-alert",
                    color_scheme="amber",
                    width="100%",
                    id="dev-inbox-banner",
                ),
                rx.cond(
                    D.messages.length() > 0,
                    rx.grid(
                        rx.card(
                            rx.box(
                                rx.foreach(D.messages, _row), max_height="70vh", overflow_y="auto"
                            ),
                            padding="0",
                        ),
                        rx.card(_detail()),
                        columns=rx.breakpoints(initial="1", md="2fr 3fr"),
                        spacing="4",
                        width="100%",
                    ),
                    rx.text(
                        "Nothing yet: invite a candidate and the messages appear here.",
                        color_scheme="gray",
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            rx.callout(D.notice, icon="info", id="dev-inbox-notice"),
        ),
        title="Dev inbox",
        active="dev-inbox",
    )
