"""The errors services raise; pages and API endpoints turn them into messages."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every error a service raises on purpose."""


class NotFound(ServiceError):
    """The record does not exist, or belongs to another organization (never say which)."""


class PermissionDenied(ServiceError):
    """The acting user's role may not do this."""


class Invalid(ServiceError):
    """Input failed validation; ``errors`` maps each field to its message.

    Args:
        errors: Field name to human-readable message.
    """

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class RateLimited(ServiceError):
    """Too many attempts; try again later."""
