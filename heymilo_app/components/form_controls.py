"""Inputs that save themselves (a value is sent when the field loses focus or changes), and
file drop zones that refuse a file in the browser before sending it."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx


def autosave_field(
    label: str | rx.Var,
    value: rx.Var,
    on_save: Callable,
    *,
    key: rx.Var | str,
    field_id: str | rx.Var,
    error: rx.Var | str = "",
    hint: str = "",
    multiline: bool = False,
    rows: str = "3",
    type: str = "text",
    disabled: rx.Var | bool = False,
    placeholder: str = "",
    width: str = "100%",
) -> rx.Component:
    """A labelled input that saves on blur, with its error message under it.

    Args:
        label: Visible label.
        value: The stored value (shown when the field is mounted).
        on_save: Called with the typed value when the field loses focus.
        key: Changes when the stored value must be shown again.
        field_id: Element id (labels and tests use it).
        error: Message shown under the field.
        hint: Help text.
        multiline: A text area instead of a one-line input.
        rows: Rows of the text area.
        type: HTML input type.
        disabled: Read-only view.
        placeholder: Placeholder text.
        width: CSS width.

    Returns:
        The field.
    """
    props = {
        "default_value": value,
        "on_blur": on_save,
        "key": key,
        "id": field_id,
        "disabled": disabled,
        "placeholder": placeholder,
        "width": "100%",
    }
    control = rx.text_area(rows=rows, **props) if multiline else rx.input(type=type, **props)
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=field_id),
        control,
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        rx.cond(error, rx.text(error, size="1", color_scheme="red", role="alert")),
        spacing="1",
        width=width,
    )


def labelled_select(
    label: str,
    items: list[tuple[str, str]],
    value: rx.Var,
    on_change: Callable,
    *,
    field_id: str | rx.Var,
    disabled: rx.Var | bool = False,
) -> rx.Component:
    """A labelled select of (value, label) items that saves when changed.

    Args:
        label: Visible label.
        items: (value, label) pairs.
        value: Current value.
        on_change: Called with the chosen value.
        field_id: Element id of the trigger.
        disabled: Read-only view.

    Returns:
        The field.
    """
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(id=field_id, aria_label=label, width="100%"),
            rx.select.content(*[rx.select.item(text, value=val) for val, text in items]),
            value=value,
            on_change=on_change,
            disabled=disabled,
        ),
        spacing="1",
        width="100%",
    )


def file_zone(
    *children: rx.Component,
    upload_id: str,
    accept: dict[str, list[str]],
    max_bytes: int,
    on_drop: Callable | rx.EventSpec,
    on_refused: Callable,
    **props,
) -> rx.Component:
    """A drop zone for one file, refused in the browser when too large or of another kind.

    A refused file is never sent: the handler gets react-dropzone's reason codes only (left
    to Reflex, the refused file itself goes up the websocket, and one larger than the socket
    takes drops the connection without a word).

    Args:
        *children: What the zone shows.
        upload_id: The upload's id.
        accept: MIME types and their extensions.
        max_bytes: The largest file accepted.
        on_drop: What an accepted file triggers (its upload).
        on_refused: Handler taking the list of reason codes ("file-too-large", ...).
        **props: Style and other props of the zone.

    Returns:
        The zone.
    """
    return rx.upload(
        *children,
        id=upload_id,
        accept=accept,
        max_files=1,
        multiple=False,
        max_size=max_bytes,
        on_drop=on_drop,
        on_drop_rejected=lambda rejected: on_refused(
            rx.Var(f"{rejected}.flatMap((r) => (r.errors || []).map((e) => e.code))").to(list[str])
        ),
        **props,
    )
