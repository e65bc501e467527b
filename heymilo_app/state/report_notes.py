"""Notes and ratings on a candidate report: everyone who reads it writes notes and rates.

A mixin of ``CandidateReportState``, which loads the report (``_load``), runs an action and
reloads (``_act``) and names the application (``application_id``); ``services/review/notes.py``
checks who may do what.
"""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.review import notes
from heymilo_app.services.review import report as report_service
from heymilo_app.state.auth import acting
from heymilo_app.state.formatting import error_text
from heymilo_app.state.report_views import moment_text


class ReportNotes(rx.State, mixin=True):
    """The notes and ratings of the report shown, and the note being written."""

    # [{"author", "role", "body", "when"}], newest first.
    notes: list[dict[str, str]] = []
    # [{"name", "role", "rating"}] and their average ("" when nobody rated).
    ratings: list[dict[str, str]] = []
    rating_average: str = ""
    # The reader's own rating, 0 when none.
    my_rating: int = 0
    # The note being written, and the message when it was refused.
    note_draft: str = ""
    note_error: str = ""

    def _load_notes(self, report: report_service.Report) -> None:
        """Copy a report's notes and ratings into the vars."""
        self.notes = [
            {
                "author": n.author,
                "role": n.role,
                "body": n.body,
                "when": moment_text(n.created_at),
            }
            for n in report.notes
        ]
        self.ratings = [
            {"name": r.name, "role": r.role, "rating": str(r.rating)} for r in report.ratings.items
        ]
        average = report.ratings.average
        self.rating_average = "" if average is None else f"{average:g}"
        self.my_rating = report.ratings.mine or 0

    @rx.event
    def set_note_draft(self, value: str):
        """Type a note.

        Args:
            value: The text so far.
        """
        self.note_draft = value[: notes.MAX_NOTE + 100]
        self.note_error = ""

    @rx.event
    @acting
    def add_note(self, session, user):
        """Add the note typed to the application (recruiters and hiring managers)."""
        try:
            notes.add_note(
                session=session,
                user=user,
                application_id=int(self.application_id or 0),
                body=self.note_draft,
            )
        except Invalid as error:
            self.note_error = error_text(error)
            return None
        self._load(session, user)
        self.note_draft = ""
        return None

    @rx.event
    def set_rating(self, value: str):
        """Set, change or clear the reader's own 1-5 rating.

        Args:
            value: "1" to "5", or "" to clear it.
        """

        def rate(session, user):
            notes.set_rating(
                session=session,
                user=user,
                application_id=int(self.application_id or 0),
                rating=value,
            )

        return self._act(rate)
