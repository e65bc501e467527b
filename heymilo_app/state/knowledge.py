"""The Knowledge base tab of Settings: FAQ entries, CSV import and export."""

from __future__ import annotations

import reflex as rx

from heymilo_app.services.common import text
from heymilo_app.services.common.errors import Invalid, PermissionDenied
from heymilo_app.services.org import knowledge
from heymilo_app.state.auth import REFUSALS, AuthState, acting

KB_UPLOAD_ID = "kb-upload"


class KnowledgeState(AuthState):
    """The organization's FAQ entries."""

    # [{"id", "question", "answer", "tags"}].
    items: list[dict[str, str]] = []
    # Id of the entry being edited ("" for a new one) and its fields.
    editing_id: str = ""
    question: str = ""
    answer: str = ""
    tags: str = ""
    # Messages at the entry form's fields.
    question_error: str = ""
    answer_error: str = ""
    # Whether the entry dialog is open.
    dialog_open: bool = False
    # What the last CSV import did.
    import_summary: str = ""
    import_skipped: list[str] = []

    def _load(self, session, user) -> None:
        self.items = [
            {"id": str(i.id), "question": i.question, "answer": i.answer, "tags": i.tags}
            for i in knowledge.list_items(session=session, user=user)
        ]

    @rx.event
    @acting
    def load_knowledge(self, session, user):
        """Load the entries."""
        self.import_summary = ""
        self.import_skipped = []
        self._load(session, user)
        return None

    @rx.event
    def open_entry(self, item_id: str):
        """Open the entry dialog for a new entry ("") or an existing one.

        Args:
            item_id: The entry's id, or "".
        """
        item = next((i for i in self.items if i["id"] == item_id), None)
        self.editing_id = item["id"] if item else ""
        self.question = item["question"] if item else ""
        self.answer = item["answer"] if item else ""
        self.tags = item["tags"] if item else ""
        self.question_error = self.answer_error = ""
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        """Open or close the entry dialog.

        Args:
            value: Whether it is open.
        """
        self.dialog_open = value

    @rx.event
    @acting
    def save_entry(self, session, user, form_data: dict):
        """Save the entry of the dialog.

        Args:
            form_data: question, answer, tags.
        """
        self.question_error = self.answer_error = ""
        try:
            knowledge.save_item(
                session=session,
                user=user,
                question=str(form_data.get("question", "")),
                answer=str(form_data.get("answer", "")),
                tags=str(form_data.get("tags", "")),
                item_id=int(self.editing_id) if self.editing_id else None,
            )
        except Invalid as error:
            self.question_error = error.errors.get("question", "")
            self.answer_error = error.errors.get("answer", "")
            return None
        self._load(session, user)
        self.dialog_open = False
        return rx.toast.success("Entry saved.")

    @rx.event
    @acting(refusals=(*REFUSALS, ValueError))
    def delete_entry(self, session, user, item_id: str):
        """Delete an entry.

        Args:
            item_id: The entry.
        """
        knowledge.delete_item(session=session, user=user, item_id=int(item_id))
        self._load(session, user)
        return None

    @rx.event
    def refuse_file(self, codes: list[str]):
        """Say why the browser refused a file before sending it.

        Args:
            codes: Why ("file-too-large", "file-invalid-type", ...).
        """
        self.import_skipped = []
        self.import_summary = text.refused_file(codes, largest="2 MB", kinds="a CSV file")

    @rx.event
    async def import_csv(self, files: list[rx.UploadFile]):
        """Import entries from an uploaded CSV file.

        Args:
            files: The uploaded file (one).
        """
        self.import_summary = ""
        self.import_skipped = []
        if not files:
            return
        data = await files[0].read()
        return self._import(data)

    @acting(redirect=False)
    def _import(self, session, user, data: bytes) -> None:
        """Import the file read from the upload (read before the session opens)."""
        try:
            report = knowledge.import_csv(session=session, user=user, data=data)
        except Invalid as error:
            self.import_summary = " ".join(error.errors.values())
            return
        except PermissionDenied as error:
            self.import_summary = str(error)
            return
        self._load(session, user)
        self.import_summary = (
            f"Imported {report.added} new, updated {report.updated}, skipped {len(report.skipped)}."
        )
        self.import_skipped = [f"Row {line}: {reason}" for line, reason in report.skipped]

    @rx.event
    @acting
    def export_csv(self, session, user):
        """Download every entry as CSV."""
        data = knowledge.export_csv(session=session, user=user)
        return rx.download(data=data, filename="knowledge-base.csv")
