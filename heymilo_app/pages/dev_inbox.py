"""The dev inbox page (/dev/inbox): on only with DEV_INBOX set and no provider configured."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.shell import recruiter_shell
from heymilo_app.state.dev_inbox import DevInboxState as D


def _span_row(*children: rx.Component, **props) -> rx.Component:
    """A flex row drawn as a span: a button may hold only phrasing content."""
    return rx.hstack(*children, custom_attrs={"as": "span"}, **props)


def _span_column(*children: rx.Component, **props) -> rx.Component:
    return rx.vstack(*children, custom_attrs={"as": "span"}, **props)


def _row(message: rx.Var) -> rx.Component:
    selected = D.open_id == message["id"]
    return rx.el.button(
        _span_row(
            rx.icon(
                rx.cond(message["channel"] == "email", "mail", "message-square"),
                size=16,
                color=rx.color("accent", 10),
                aria_hidden="true",
                flex_shrink="0",
            ),
            _span_column(
                _span_row(
                    rx.text(
                        message["to"],
                        as_="span",
                        size="2",
                        weight="bold",
                        min_width="0",
                        overflow="hidden",
                        text_overflow="ellipsis",
                        white_space="nowrap",
                        title=message["to"],
                    ),
                    rx.text(
                        message["when"],
                        as_="span",
                        size="1",
                        color_scheme="gray",
                        white_space="nowrap",
                        flex_shrink="0",
                    ),
                    justify="between",
                    width="100%",
                ),
                rx.text(message["subject"], as_="span", size="2", trim="both"),
                _span_row(
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
        type="button",
        # A real button: Tab reaches it, Enter and Space open the message.
        on_click=D.open_message(message["id"]),
        aria_pressed=rx.cond(selected, "true", "false"),
        class_name="dev-inbox-row",
        style={
            "display": "block",
            "width": "100%",
            "text_align": "left",
            "font": "inherit",
            "color": "inherit",
            "padding": "10px 12px",
            "border": "none",
            "border_bottom": f"1px solid {rx.color('gray', 4)}",
            "background": rx.cond(selected, rx.color("accent", 3), "transparent"),
            "cursor": "pointer",
            "_hover": {"background": rx.color("accent", 2)},
            "_focus_visible": {
                "outline": f"2px solid {rx.color('accent', 8)}",
                "outline_offset": "-2px",
                "position": "relative",
            },
        },
    )


def _body_part(part: rx.Var) -> rx.Component:
    """Text, or a web address as a link; either way drawn as text, never as HTML."""
    return rx.cond(
        part["href"] != "",
        rx.link(part["text"], href=part["href"], word_break="break-all"),
        rx.text.span(part["text"]),
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
                rx.text(
                    rx.foreach(D.open_parts, _body_part),
                    white_space="pre-wrap",
                    size="2",
                    id="dev-message-body",
                ),
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
