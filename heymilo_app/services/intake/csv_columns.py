"""Which column of a CSV file holds which candidate field, guessed from the headers.

Header names come written loosely ("First Name", "first_name", "E-mail", "Mobile",
"Telefonnummer"): ``guess_mapping`` matches each column to a field (name, email, phone,
source, resume) by its exact name first, then by the words in it, never one column for two
fields and never a column that names someone else (a reference, an emergency contact) or a
company. ``mapping_problem`` says what a mapping the recruiter chose still lacks.
"""

from __future__ import annotations

import re

FIELDS = ("first_name", "last_name", "full_name", "email", "phone", "source", "resume")
FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name",
    "email": "Email",
    "phone": "Phone",
    "source": "Source",
    "resume": "Resume",
}
ALIASES = {
    "first_name": {"firstname", "first", "givenname", "forename", "prenom", "nombre", "vorname"},
    "last_name": {"lastname", "last", "surname", "familyname", "nom", "apellido", "nachname"},
    "full_name": {"name", "fullname", "candidate", "candidatename", "applicant", "applicantname"},
    "email": {"email", "emailaddress", "mail", "correo", "courriel"},
    "phone": {
        "phone",
        "phonenumber",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
        "telephone",
        "tel",
        "telefono",
        "telefon",
        "mobilenumber",
    },
    "source": {
        "source",
        "sourcename",
        "channel",
        "leadsource",
        "candidatesource",
        "applicationsource",
        "origin",
        "quelle",
        "fuente",
    },
    # "Résumé" keys as "rsum" (only a to z are kept).
    "resume": {"resume", "resumetext", "rsum", "rsumtext", "cv", "cvtext", "lebenslauf"},
}
# When no column is named exactly as above: the words a column's name may contain. A column
# goes to the first field whose words it has (in this order), each field to the first such
# column; one whose name says it is someone else's (a reference, an emergency contact) or a
# company's is left for the recruiter to choose.
EMAIL_WORDS = {"email", "emails", "mail", "correo", "courriel"}
EMAIL_PREFIXES = ("email",)  # "E-Mail-Adresse", "Emailadresse"
PHONE_WORDS = {
    "phone",
    "phones",
    "mobile",
    "mobil",
    "cell",
    "cellular",
    "handy",
    "tel",
    "telephone",
    "telefon",
    "telefono",
    "sms",
}
PHONE_PREFIXES = ("telefon", "telephon", "mobilnummer", "mobiltelefon", "handynummer", "cellphone")
FIRST_WORDS = {"first", "given"}
FIRST_NAMES = {"firstname", "givenname", "forename", "forenames", "vorname", "prenom"}
LAST_WORDS = {"last", "family"}
LAST_NAMES = {"lastname", "surname", "surnames", "familyname", "nachname", "apellido", "apellidos"}
NAME_WORDS = {"name", "fullname", "candidatename", "applicantname"}
# Words of a name column that is not the candidate's full name ("Middle name", "Nickname").
OTHER_NAME_PARTS = FIRST_WORDS | LAST_WORDS | {"middle", "nick", "maiden", "preferred", "user"}
SOMEONE_ELSE = {
    "emergency",
    "reference",
    "references",
    "referee",
    "referrer",
    "referral",
    "recruiter",
    "manager",
    "supervisor",
    "guardian",
    "parent",
    "spouse",
    "kin",
    "company",
    "employer",
    "agency",
    "school",
    "job",
    "fax",
}


def _key(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


def _loose_field(header: str) -> str | None:
    """The field a column's name suggests by the words in it, if any."""
    words = set(re.split(r"[^a-z]+", header.lower())) - {""}
    if not words or words & SOMEONE_ELSE:
        return None
    if words & EMAIL_WORDS or any(w.startswith(EMAIL_PREFIXES) for w in words):
        return "email"
    if _key(header).startswith("email"):  # "E-mail", "e mail address"
        return "email"
    if words & PHONE_WORDS or any(w.startswith(PHONE_PREFIXES) for w in words):
        return "phone"
    if words & FIRST_NAMES or (words & FIRST_WORDS and "name" in words):
        return "first_name"
    if words & LAST_NAMES or (words & LAST_WORDS and "name" in words):
        return "last_name"
    if words & NAME_WORDS and not words & OTHER_NAME_PARTS:
        return "full_name"
    return None


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Match the file's columns to candidate fields by their names.

    Exact names first ("First Name", "E-mail", "Mobile"), then, for the fields still missing,
    the words in the names ("Candidate Email", "Cell Phone Number", "Telefonnummer"), never
    one column for two fields and never a column that names someone else ("Emergency contact
    phone", "Reference email").

    Args:
        headers: The header row.

    Returns:
        Field to column index, for the fields found.
    """
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        for name, aliases in ALIASES.items():
            if name not in mapping and key in aliases:
                mapping[name] = index
                break
    used = set(mapping.values())
    for index, header in enumerate(headers):
        if index in used:
            continue
        name = _loose_field(header)
        if name is not None and name not in mapping:
            mapping[name] = index
            used.add(index)
    return mapping


def mapping_problem(mapping: dict[str, int], column_count: int) -> str | None:
    """Say what a mapping lacks, if anything.

    Args:
        mapping: Field to column index.
        column_count: Columns in the file.

    Returns:
        The message, or None when it can be imported.
    """
    if any(not 0 <= index < column_count for index in mapping.values()):
        return "A chosen column does not exist in the file."
    if "email" not in mapping:
        return "Choose the column with the email addresses."
    if "first_name" not in mapping and "full_name" not in mapping:
        return "Choose the column with the first names (or the full names)."
    return None
