"""Small text helpers shared by services: slugs, normalized emails and phone numbers."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from heymilo_app.settings import get_settings


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


def _to_e164(phone: str, region: str | None) -> str:
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        raise ValueError(
            "Enter a phone number with its country code, e.g. +1 415 555 0101."
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("This phone number is not valid.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(phone: str, region: str | None = None) -> str:
    """Read a phone number as typed into E.164.

    Args:
        phone: As typed ("+1 415 555 0101", "(415) 555-0101", "").
        region: Region for numbers without a country code (default: the setting's).

    Returns:
        E.164, or "" when nothing was typed.

    Raises:
        ValueError: With a message when the number is not valid.
    """
    phone = (phone or "").strip()
    if not phone:
        return ""
    return _to_e164(phone, region or get_settings().default_phone_region)


def e164(phone: str) -> str:
    """A stored number (with its country code) in E.164, or "" when missing or not valid.

    Args:
        phone: As stored.

    Returns:
        E.164 number or "".
    """
    phone = (phone or "").strip()
    if not phone:
        return ""
    try:
        return _to_e164(phone, None)
    except ValueError:
        return ""


# Spreadsheet programs run a cell starting with one of these as a formula (";" too, in
# locales where it separates arguments; "|" for DDE in old Excel).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", ";", "|")


def spreadsheet_safe(value: object) -> object:
    """A text cell for a CSV export that no spreadsheet runs as a formula.

    A cell starting with a formula character gets a leading apostrophe (shown as text by
    Excel, LibreOffice and Google Sheets), unless it is a plain phone number or signed number
    (``+1 415 555 0100``, ``-3``), which no spreadsheet runs; other values are unchanged.

    Args:
        value: The cell.

    Returns:
        The cell to write.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


# A phone number or a signed number: a spreadsheet reads it as a value, never runs it, and an
# apostrophe in front would break its re-import into an ATS.
_PLAIN_NUMBER = re.compile(r"[+-][0-9][0-9 ().-]*")


def from_spreadsheet_safe(value: str) -> str:
    """Undo ``spreadsheet_safe`` for a cell read back from our own export.

    Args:
        value: The cell as read.

    Returns:
        The text without the apostrophe a formula character was given.
    """
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def no_double_period(text: str, values: Iterable[object]) -> str:
    """Drop the sentence's period after a filled-in value that already ends with one.

    "at {company_name}." with "Acme Support Co." reads "at Acme Support Co.", not "Co..".

    Args:
        text: The filled-in text.
        values: The values that were filled in.

    Returns:
        The text.
    """
    for value in values:
        if isinstance(value, str) and value.endswith(".") and not value.endswith(".."):
            text = text.replace(value + ".", value)
    return text


def refused_file(codes: Iterable[str], *, largest: str, kinds: str) -> str:
    """What to tell someone whose file the browser refused before sending it.

    Args:
        codes: react-dropzone's reasons ("file-too-large", "file-invalid-type",
            "too-many-files", ...), as the page sent them.
        largest: The size limit as a person reads it ("10 MB").
        kinds: The accepted kinds ("a PDF, DOCX or TXT file").

    Returns:
        One or two sentences saying what was wrong and what to do.
    """
    reasons = {str(code) for code in codes}
    if "file-too-large" in reasons:
        return f"This file is larger than {largest}. Choose a smaller one."
    if "too-many-files" in reasons:
        return f"Choose one file: {kinds}."
    if "file-too-small" in reasons:
        return f"This file is empty. Choose {kinds}."
    return f"This kind of file cannot be used. Choose {kinds}."
