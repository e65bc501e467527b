"""The form stage of a candidate's link: each answer kept as it is given, then the submit.

The answers, picks and messages are vars of ``CandidateLinkState`` (its journey fills them);
this substate holds the handlers, which set those vars through it. Every answer goes to the
pipeline engine, which checks and stores it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.pipeline import records, submissions
from heymilo_app.services.stages.kinds import PICKED_KINDS
from heymilo_app.state.candidate_link import CandidateLinkState, act
from heymilo_app.state.journey_view import FOCUS_FIRST_ERROR, FOCUS_HEADING

# Questions answered by picking (saved on change); the others are typed (kept as they are
# typed, then saved and checked on blur).
CHOICE_KINDS = PICKED_KINDS


class CandidateFormState(CandidateLinkState):
    """The form stage's answers as they are given, and its submit."""

    @rx.event
    async def save_answer(self, question_id: str, value: Any):
        """Record one answer as it is given (on blur, or on change for choices).

        Args:
            question_id: The question's id.
            value: What the candidate gave (a list for multiple choice).
        """
        key = str(question_id)
        if isinstance(value, list):
            self.picks = {**self.picks, key: [str(v) for v in value]}
        else:
            # Saved even when it reads as before: the field may have been left as a pause
            # stored it, a draft the engine has not judged yet.
            value = "" if value is None else str(value)
            self.answers = {**self.answers, key: value}
        await self._save(key, value)

    @rx.event
    async def keep_typing(self, question_id: str, value: Any):
        """Keep a typed answer while it is being typed (the page sends it after a pause).

        It is stored as the candidate left it, so a reload or a lost connection loses nothing,
        but not judged yet: a half-typed number or date gets its message when the field is
        left (``save_answer``), not while the candidate is still typing.

        Args:
            question_id: The question's id.
            value: The text in the field now.
        """
        key = str(question_id)
        if self.screen != "stage" or key not in {str(q.id) for q in self.stage.questions}:
            return
        # Refused: the stage was submitted meanwhile (a pause ends after the submit), nothing
        # to keep or tell. Invalid: kept as a draft, its message comes when the field is left.
        text = "" if value is None else str(value)
        if not isinstance(await self._store(key, text), records.Refused):
            # What the field shows is what the page holds: a reload draws it from here.
            self.answers = {**self.answers, key: text}

    @rx.event
    async def describe_self(self, question_id: str, value: Any):
        """Keep the words of a candidate who chose to describe themselves (on blur).

        Args:
            question_id: The self-identification question's id.
            value: What they wrote.
        """
        key = str(question_id)
        if self.screen != "stage" or key not in {str(q.id) for q in self.stage.questions}:
            return
        text = "" if value is None else str(value)
        self.answers = {**self.answers, f"described:{key}": text}
        await self._save(key, text, saver=submissions.save_self_description)

    @rx.event
    async def toggle_choice(self, question_id: str, option: str, checked: bool):
        """Tick or untick one option of a multiple-choice question, and save the picks.

        Args:
            question_id: The question's id.
            option: The option.
            checked: Whether it is now ticked.
        """
        key = str(question_id)
        picked = [o for o in self.picks.get(key, []) if o != option]
        if checked:
            picked.append(option)
        self.picks = {**self.picks, key: picked}
        await self._save(key, picked)

    async def _store(
        self, key: str, value: Any, saver: Callable[..., Any] = submissions.save_answer
    ) -> records.Refused | Invalid | None:
        """Hand one answer to the engine, in a worker thread; what it refused, if anything.

        Args:
            key: The question's id.
            value: The answer.
            saver: The engine's call (``save_answer``, or ``save_self_description`` for the
                words of a candidate who describes themselves).
        """
        token, stage_id = str(self.token), self.stage.id

        def run() -> records.Refused | Invalid | None:
            with session_scope() as session:
                try:
                    saver(
                        session=session,
                        token=token,
                        stage_id=stage_id,
                        question_id=int(key),
                        value=value,
                    )
                except records.Refused as error:
                    session.rollback()
                    return error
                except Invalid as error:
                    return error
            return None

        return await asyncio.to_thread(run)

    async def _save(
        self, key: str, value: Any, saver: Callable[..., Any] = submissions.save_answer
    ) -> bool:
        errors = {k: v for k, v in self.errors.items() if k not in (key, "form")}
        problem = await self._store(key, value, saver)
        if isinstance(problem, records.Refused):
            await self.out_of_date(problem)
            return False
        if isinstance(problem, Invalid):
            self.errors = {**errors, key: problem.errors.get(key, str(problem))}
            return False
        self.errors = errors
        return True

    @rx.event
    async def submit_form(self, form_data: dict):
        """Submit the form stage (typed answers not yet saved are saved first).

        Args:
            form_data: The form's text fields by question id.
        """
        if self.busy or self.screen != "stage" or self.stage.type != "form":
            return
        self.busy = True
        yield
        stage_id = self.stage.id
        typed = {str(q.id) for q in self.stage.questions if q.kind not in CHOICE_KINDS}
        try:
            for key in typed & set(form_data):
                # What the field shows is what is scored, whatever a pause stored before.
                text = "" if form_data[key] is None else str(form_data[key])
                self.answers = {**self.answers, key: text}
                await self._save(key, text)
                if self.stage.id != stage_id:
                    return
            unsaved = {k: v for k, v in self.errors.items() if k != "form"}
            token = str(self.token)
            outcome = await act(
                token,
                lambda session: submissions.submit_form(
                    session=session, token=token, stage_id=stage_id
                ),
            )
            if outcome.invalid is not None:
                self.errors = {**outcome.invalid.errors, **unsaved, "form": self.tx["form_fix"]}
                yield rx.call_script(FOCUS_FIRST_ERROR)
                return
            self.show(outcome)
            if outcome.refused is None:
                yield rx.call_script(FOCUS_HEADING)
        finally:
            self.busy = False
