"""A block that takes part in HTML5 drag and drop (Reflex has no drag events on elements)."""

from __future__ import annotations

import reflex as rx
from reflex.event import key_event, no_args_event_spec
from reflex_components_core.el.elements.typography import Div


class DragDiv(Div):
    """A div with the drag-and-drop events the browser fires."""

    on_drag_start: rx.EventHandler[no_args_event_spec]
    on_drag_end: rx.EventHandler[no_args_event_spec]
    on_drag_over: rx.EventHandler[no_args_event_spec]
    on_drop: rx.EventHandler[no_args_event_spec]
    on_key_down: rx.EventHandler[key_event]


drag_div = DragDiv.create
