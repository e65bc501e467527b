"""The SMS opt-out list: numbers that asked for no more texts, by organization.

A STOP is kept by number (``SmsOptOut``, one row per organization that knows the number), not
only on the candidate records that exist now, so a candidate added later with that number (by
hand, CSV, the ATS or the job board) gets no text either. Invitations consult it when they
queue a text and the sender again right before one leaves (``services/pipeline/send_rules.py``).
START deletes the number's rows. Each candidate's own ``sms_opt_out`` flag is still set and
cleared as before (the job board's "no texts" sets it too).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from heymilo_app.models import Candidate, SmsOptOut


def opt_out(
    *,
    session: Session,
    phone: str,
    source: str,
    organization_ids: Iterable[int] | None = None,
) -> int:
    """Put a number on organizations' opt-out lists (the caller commits).

    Args:
        session: Database session.
        phone: The number (E.164).
        source: What opted it out ("STOP", "QUIT", "twilio 21610", ...).
        organization_ids: Whose lists; default: every organization with a candidate with
            this number.

    Returns:
        How many rows were added (a number already listed is left as it is).
    """
    phone = phone.strip()
    if not phone:
        return 0
    if organization_ids is None:
        organization_ids = session.exec(
            select(Candidate.organization_id).where(Candidate.phone == phone).distinct()
        ).all()
    wanted = set(organization_ids)
    listed = set(
        session.exec(
            select(SmsOptOut.organization_id).where(
                SmsOptOut.phone == phone, SmsOptOut.organization_id.in_(wanted)
            )
        ).all()
    )
    added = 0
    for organization_id in sorted(wanted - listed):
        try:
            with session.begin_nested():
                session.add(
                    SmsOptOut(organization_id=organization_id, phone=phone, source=source[:32])
                )
            added += 1
        except IntegrityError:
            pass  # Another request listed it in the meantime.
    return added


def stop_texts(
    *,
    session: Session,
    phone: str,
    source: str,
    candidates: Iterable[Candidate] | None = None,
    organization_ids: Iterable[int] = (),
) -> bool:
    """Stop every text to a number (a STOP, or Twilio's error 21610); the caller commits.

    Each candidate record with the number is opted out of texts, and the number goes on the
    opt-out list of their organizations (and of ``organization_ids``).

    Args:
        session: Database session.
        phone: The number (E.164).
        source: What stopped it ("STOP", "QUIT", "twilio 21610", ...).
        candidates: The candidate records with the number, when the caller has them; else
            they are read.
        organization_ids: Other organizations whose list it goes on.

    Returns:
        Whether anything changed: a record not opted out yet, or a listing added.
    """
    if candidates is None:
        candidates = session.exec(select(Candidate).where(Candidate.phone == phone)).all()
    candidates = list(candidates)
    changed = False
    for candidate in candidates:
        changed = changed or not candidate.sms_opt_out
        candidate.sms_opt_out = True
    listed = opt_out(
        session=session,
        phone=phone,
        source=source,
        organization_ids={*organization_ids, *(c.organization_id for c in candidates)},
    )
    return changed or bool(listed)


def opt_in(*, session: Session, phone: str, organization_id: int | None = None) -> None:
    """Take a number off the opt-out lists (START, UNSTOP); the caller commits.

    Args:
        session: Database session.
        phone: The number (E.164).
        organization_id: Only this organization's list (the dev inbox); None: every list
            (a START really texted to our number).
    """
    if phone.strip():
        statement = delete(SmsOptOut).where(SmsOptOut.phone == phone.strip())
        if organization_id is not None:
            statement = statement.where(SmsOptOut.organization_id == organization_id)
        session.exec(statement)


def is_opted_out(*, session: Session, organization_id: int, phone: str) -> bool:
    """Whether a number asked an organization for no more texts.

    Args:
        session: Database session.
        organization_id: The organization.
        phone: The number (E.164).

    Returns:
        True when it is on the organization's list.
    """
    return (
        session.exec(
            select(SmsOptOut.id).where(
                SmsOptOut.organization_id == organization_id, SmsOptOut.phone == phone
            )
        ).first()
        is not None
    )


def opted_out_numbers(*, session: Session, organization_id: int) -> frozenset[str]:
    """Every number on an organization's opt-out list.

    Args:
        session: Database session.
        organization_id: The organization.

    Returns:
        E.164 numbers.
    """
    return frozenset(
        session.exec(
            select(SmsOptOut.phone).where(SmsOptOut.organization_id == organization_id)
        ).all()
    )


def opted_out_pairs(*, session: Session, phones: Iterable[str]) -> set[tuple[int, str]]:
    """Which of some numbers are listed, and by whom.

    Args:
        session: Database session.
        phones: E.164 numbers.

    Returns:
        (organization id, number) of each listing.
    """
    phones = {p for p in phones if p}
    if not phones:
        return set()
    return {
        (organization_id, phone)
        for organization_id, phone in session.exec(
            select(SmsOptOut.organization_id, SmsOptOut.phone).where(SmsOptOut.phone.in_(phones))
        ).all()
    }
