"""Small shared pieces: form fields with their messages, badges, empty and not-found states."""

from __future__ import annotations

from typing import Any

import reflex as rx

# Phones (under Reflex's "sm" breakpoint, 30em) get cards instead of wide tables.
NARROW_ONLY = rx.breakpoints(initial="block", sm="none")
WIDE_ONLY = rx.breakpoints(initial="none", sm="block")
WIDE_CELL = rx.breakpoints(initial="none", sm="table-cell")

STATUS_COLORS = {
    "invited": "gray",
    "in_progress": "blue",
    "in_review": "amber",
    "completed": "green",
    "disqualified": "red",
    "withdrawn": "gray",
    "expired": "gray",
}


def field(
    label: str,
    name: str,
    *,
    error: rx.Var | str = "",
    type: str = "text",
    placeholder: str = "",
    hint: str = "",
    autocomplete: str = "",
    required: bool = False,
    multiline: bool = False,
) -> rx.Component:
    """A labelled input with its hint and, when there is one, its error message below it.

    Args:
        label: Visible label (also the accessible name).
        name: Form field name and id.
        error: Message shown under the field.
        type: HTML input type.
        placeholder: Placeholder text.
        hint: Help shown under the field.
        autocomplete: HTML autocomplete value.
        required: Whether the browser requires a value.
        multiline: A text area instead of a one-line input.

    Returns:
        The field.
    """
    input_id = f"field-{name}"
    error_id = f"{input_id}-error"
    control_props = {
        "name": name,
        "id": input_id,
        "placeholder": placeholder,
        "required": required,
        "aria_describedby": error_id,
        "width": "100%",
    }
    if multiline:
        control = rx.text_area(rows="4", **control_props)
    else:
        control = rx.input(type=type, auto_complete=autocomplete or None, size="3", **control_props)
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=input_id),
        control,
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        rx.text(
            error,
            id=error_id,
            size="2",
            color_scheme="red",
            role="alert",
            display=rx.cond(error, "block", "none"),
        ),
        spacing="1",
        width="100%",
    )


def form_error(message: rx.Var | str) -> rx.Component:
    """A message about the whole form, shown only when there is one.

    Args:
        message: The message.

    Returns:
        A red callout.
    """
    return rx.cond(
        message,
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
    )


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    """A colored badge for an application status.

    Args:
        status: Status value.
        label: Human label.

    Returns:
        The badge.
    """
    return rx.badge(
        label,
        color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
        variant="soft",
        size="2",
    )


def empty_state(
    icon: str, title: str, text: str, action: rx.Component | None = None
) -> rx.Component:
    """What a list shows when it has nothing yet: what to do first.

    Args:
        icon: Lucide icon name.
        title: Headline.
        text: What to do.
        action: The first step's button.

    Returns:
        A card.
    """
    return rx.card(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=28, color=rx.color("accent", 10)),
                background=rx.color("accent", 3),
                border_radius="999px",
                width="56px",
                height="56px",
            ),
            rx.heading(title, size="5", as_="h2"),
            rx.text(text, color_scheme="gray", align="center", max_width="440px"),
            action or rx.fragment(),
            align="center",
            spacing="3",
            padding="32px",
        ),
        width="100%",
    )


def not_found(
    title: str = "Not found",
    text: str = "There is nothing here, or you do not have access to it.",
    back_href: str = "",
    back_label: str = "",
) -> rx.Component:
    """A not-found message that reveals nothing about what may exist.

    Args:
        title: Headline.
        text: Explanation.
        back_href: Where the button leads.
        back_label: The button's label.

    Returns:
        A card.
    """
    return rx.card(
        rx.vstack(
            rx.heading(title, size="6", as_="h2", id="not-found"),
            rx.text(text, color_scheme="gray"),
            rx.link(rx.button(back_label, variant="soft"), href=back_href)
            if back_href
            else rx.fragment(),
            spacing="3",
            padding="24px",
            align="start",
        ),
        width="100%",
    )


def notify_switch(checked: rx.Var, on_change: Any, switch_id: str) -> rx.Component:
    """The "Email the not-advancing message" switch of a rejection, label and all.

    Args:
        checked: Var: whether the candidate is emailed.
        on_change: Its setter.
        switch_id: The switch's id.

    Returns:
        The labelled switch.
    """
    return rx.el.label(
        rx.hstack(
            rx.switch(checked=checked, on_change=on_change, id=switch_id),
            rx.text("Email the not-advancing message", size="2"),
            spacing="2",
            align="center",
        )
    )


def confirm_dialog(
    trigger: rx.Component,
    *,
    title: str | rx.Var,
    description: str | rx.Var,
    confirm_label: str | rx.Var,
    on_confirm: Any,
    confirm_id: str | rx.Var,
    keep_label: str = "Cancel",
) -> rx.Component:
    """A button that asks before it does something that cannot be taken back.

    Args:
        trigger: The button that opens the question.
        title: The question ("Discard the draft?").
        description: What will be lost.
        confirm_label: The button that does it ("Discard draft").
        on_confirm: What it does.
        confirm_id: The confirm button's id.
        keep_label: The button that keeps everything.

    Returns:
        The dialog with its trigger.
    """
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description, size="2"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(keep_label, variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        confirm_label,
                        color_scheme="red",
                        background_color=rx.color("red", 11),
                        on_click=on_confirm,
                        id=confirm_id,
                    )
                ),
                gap="3",
                justify="end",
                margin_top="16px",
                wrap="wrap",
            ),
            max_width="440px",
        ),
    )
