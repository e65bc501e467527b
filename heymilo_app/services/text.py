"""Small text helpers shared by services: slugs and normalized emails."""

from __future__ import annotations

import re
import secrets
import unicodedata

from email_validator import EmailNotValidError, validate_email


def slugify(text: str, *, max_length: int = 60) -> str:
    """Turn a name into a URL-safe slug (ASCII letters, digits and dashes).

    Args:
        text: Any text.
        max_length: Longest slug returned.

    Returns:
        The slug, or "item" when nothing usable is left.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or "item"


def random_suffix(length: int = 6) -> str:
    """Return a short random lower-case suffix for unique slugs.

    Args:
        length: Number of characters.

    Returns:
        Random letters and digits.
    """
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def normalize_email(email: str) -> str:
    """Validate an email address and return it normalized to lower case.

    Args:
        email: What the user typed.

    Returns:
        The normalized address.

    Raises:
        ValueError: With a human-readable message when the address is not valid.
    """
    email = (email or "").strip()
    if not email:
        raise ValueError("Enter an email address.")
    try:
        result = validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(f"Enter a valid email address ({error}).") from error
    return result.normalized.lower()
