"""A stage config's problems as a person would say them.

Pydantic reports a config that does not fit as error records; ``config_message`` turns each
into one sentence with the setting's name and unit ("The time limit must be from 5 to 120
minutes."), which the builder shows at the field.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

# How a setting is named in a sentence, and its unit.
CONFIG_LABELS: dict[str, tuple[str, str]] = {
    "time_limit_minutes": ("The time limit", " minutes"),
    "min_years": ("The minimum years of experience", " years"),
    "max_rounds": ("The number of rounds", ""),
    "must_have": ("The must-have skills", ""),
    "nice_to_have": ("The nice-to-have skills", ""),
    "locations": ("The locations", ""),
    "education": ("The education requirement", ""),
    "work_authorization": ("The work authorization requirement", ""),
    "opening": ("The first text", ""),
    "brief": ("The task brief", ""),
    "deliverable": ("The deliverable", ""),
    "persona": ("The assistant's persona", ""),
    "voice": ("The voice", ""),
    "mode": ("The mode", ""),
}


def _bounds(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    """The smallest and largest values a numeric setting takes.

    Args:
        model: The config model.
        name: The setting.

    Returns:
        (low, high), each None when unbounded.
    """
    info = model.model_fields.get(name)
    low = high = None
    for rule in info.metadata if info else []:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def config_message(model: type[BaseModel], item: dict[str, Any]) -> str:
    """One problem with a stage setting, as a person would say it.

    Args:
        model: The stage type's config model.
        item: One of pydantic's errors.

    Returns:
        A sentence, e.g. "The time limit must be from 5 to 120 minutes."
    """
    name = str(item["loc"][0]) if item.get("loc") else ""
    label, unit = CONFIG_LABELS.get(name, (f"The {name.replace('_', ' ')}" if name else "It", ""))
    kind, ctx = item.get("type", ""), item.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(model, name)
        if low is not None and high is not None:
            return f"{label} must be from {low} to {high}{unit}."
        if low is not None:
            return f"{label} must be {low}{unit} or more."
        return f"{label} must be {high}{unit} or less."
    if kind in ("int_parsing", "int_type", "int_from_float", "float_parsing"):
        return f"{label} must be a whole number{unit and ' of' + unit}."
    if kind == "string_too_long":
        return f"{label} must be at most {ctx.get('max_length')} characters."
    if kind == "too_long":
        return f"{label} can hold at most {ctx.get('max_length')} entries."
    if kind == "literal_error":
        return f"Choose {label[0].lower() + label[1:]} from the list."
    if kind == "value_error":
        return str(ctx.get("error", "")) or f"{label} is not valid."
    if kind == "extra_forbidden":
        return f"{label} is not a setting of this stage."
    return f"{label} is not valid: {item.get('msg', 'check it')}."
