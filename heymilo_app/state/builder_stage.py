"""Editing the selected stage of the builder: its settings, rubric and questions.

Text fields save when they lose focus; switches and selects save at once. Each handler hands
the change to ``services.interviews`` and the builder reads everything back.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from heymilo_app.models import User
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.jobs import question_edits, stage_edits
from heymilo_app.state.builder import BuilderState

LIST_FIELDS = ("must_have", "nice_to_have", "locations")
NUMBER_FIELDS = ("min_years", "time_limit_minutes")


def _split(text: str) -> list[str]:
    return [part.strip() for part in str(text).replace("\n", ",").split(",") if part.strip()]


def _config_value(field: str, raw: str) -> Any:
    if field in LIST_FIELDS:
        return _split(raw)
    if field in NUMBER_FIELDS:
        raw = str(raw).strip()
        if not raw:
            if field == "min_years":
                return None
            raise Invalid({field: "Enter a number of minutes."})
        try:
            return int(raw)
        except ValueError:
            raise Invalid({field: "Enter a whole number."}) from None
    return raw


def _number(raw: str, field: str) -> float:
    try:
        return float(str(raw).strip())
    except ValueError:
        raise Invalid({field: "Enter a number."}) from None


class StageEditorState(BuilderState):
    """Handlers that change the selected stage."""

    def _stage_change(self, **changes: Any):
        stage_id = self.selected_id

        def action(session: Session, user: User) -> None:
            stage_edits.update_stage(session=session, user=user, stage_id=stage_id, **changes)

        return self._change(action)

    def _question_change(self, question_id: int, **changes: Any):
        def action(session: Session, user: User) -> None:
            question_edits.update_question(
                session=session, user=user, question_id=int(question_id), **changes
            )

        return self._change(action)

    # ------------------------------------------------------------------ stage settings

    @rx.event
    def save_stage_field(self, field: str, value: str):
        """Save the title, intro text or pass threshold.

        Args:
            field: "title", "intro_text" or "pass_threshold".
            value: What was typed.
        """
        if field not in ("title", "intro_text", "pass_threshold"):
            return rx.toast.error("That setting does not exist.")
        before = getattr(self.sel, field)
        if str(value) == before:
            return None
        result = self._stage_change(**{field: value})
        if getattr(self.sel, field) != str(value):
            self.form_rev += 1
        return result

    @rx.event
    def set_dealbreakers_enabled(self, value: bool):
        """Turn this stage's dealbreakers on or off.

        Args:
            value: Whether failed dealbreakers disqualify at this stage.
        """
        return self._stage_change(dealbreakers_enabled=bool(value))

    @rx.event
    def save_config_field(self, field: str, value: str):
        """Save one type-specific setting (lists are comma-separated).

        Args:
            field: A config key of the stage's type.
            value: What was typed or chosen.
        """
        try:
            parsed = _config_value(field, value)
        except Invalid as error:
            self.form_rev += 1
            return rx.toast.error(" ".join(error.errors.values()))
        before = getattr(self.sel, field, None)
        if before == str(value):
            return None
        result = self._stage_change(config={field: parsed})
        if getattr(self.sel, field, None) != str(value):
            self.form_rev += 1
        return result

    @rx.event
    def toggle_resume_dealbreaker(self, requirement: str, checked: bool):
        """Make a resume requirement a dealbreaker, or not.

        Args:
            requirement: must_have, min_years, education, locations or work_authorization.
            checked: Whether it disqualifies.
        """
        chosen = [item for item in self.sel.resume_dealbreakers if item != requirement]
        if checked:
            chosen.append(requirement)
        review = chosen if self.sel.resume_dealbreaker_action == "review" else []
        return self._stage_change(config={"dealbreakers": chosen, "dealbreaker_review": review})

    @rx.event
    def set_resume_dealbreaker_action(self, action: str):
        """Choose what a missed resume dealbreaker does.

        Args:
            action: "disqualify" (at once) or "review" (a recruiter decides).
        """
        review = list(self.sel.resume_dealbreakers) if action == "review" else []
        return self._stage_change(config={"dealbreaker_review": review})

    # ------------------------------------------------------------------ rubric

    def _rubric_payload(self) -> list[dict[str, Any]]:
        return [
            {"name": c.name, "weight": c.weight, "low": c.low, "high": c.high} for c in self.rubric
        ]

    @rx.event
    def save_criterion(self, index: int, field: str, value: str):
        """Save one field of a rubric criterion.

        Args:
            index: The criterion's place.
            field: name, weight, low or high.
            value: What was typed.
        """
        rubric = self._rubric_payload()
        if not 0 <= int(index) < len(rubric) or field not in ("name", "weight", "low", "high"):
            return None
        if field == "weight":
            try:
                value = _number(value, "weight")
            except Invalid as error:
                self.form_rev += 1
                return rx.toast.error(" ".join(error.errors.values()))
        rubric[int(index)][field] = value
        return self._stage_change(rubric=rubric)

    @rx.event
    def add_criterion(self):
        """Add a scoring criterion."""
        rubric = self._rubric_payload()
        rubric.append({"name": "New criterion", "weight": 1, "low": "", "high": ""})
        self.form_rev += 1
        return self._stage_change(rubric=rubric)

    @rx.event
    def remove_criterion(self, index: int):
        """Remove a scoring criterion.

        Args:
            index: The criterion's place.
        """
        rubric = self._rubric_payload()
        if 0 <= int(index) < len(rubric):
            rubric.pop(int(index))
        self.form_rev += 1
        return self._stage_change(rubric=rubric)

    # ------------------------------------------------------------------ questions

    @rx.event
    def add_question(self, kind: str):
        """Add a question of a kind at the end of the stage.

        Args:
            kind: A question kind the stage takes.
        """
        stage_id = self.selected_id

        def action(session: Session, user: User) -> None:
            question_edits.add_question(session=session, user=user, stage_id=stage_id, kind=kind)

        return self._change(action, message="Question added")

    @rx.event
    def save_question_field(self, question_id: int, field: str, value: str):
        """Save the prompt, kind, choices, weight or follow-ups of a question.

        Args:
            question_id: The question.
            field: prompt, kind, options (one per line), weight or followups.
            value: What was typed or chosen.
        """
        changes: dict[str, Any]
        try:
            if field == "options":
                changes = {"options": [line.strip() for line in str(value).splitlines()]}
            elif field == "weight":
                changes = {"weight": _number(value, "weight")}
            elif field in ("prompt", "kind", "followups"):
                changes = {field: value}
            else:
                return rx.toast.error("That setting does not exist.")
        except Invalid as error:
            self.form_rev += 1
            return rx.toast.error(" ".join(error.errors.values()))
        return self._question_change(question_id, **changes)

    @rx.event
    def save_question_limit(self, question_id: int, field: str, value: str):
        """Save a number question's smallest or largest answer, or a date question's earliest.

        Args:
            question_id: The question.
            field: "min", "max" or "earliest".
            value: What was typed ("" for no limit) or chosen ("today" or "any").
        """
        if field not in ("min", "max", "earliest"):
            return rx.toast.error("That setting does not exist.")
        form = next((q for q in self.questions if q.id == int(question_id)), None)
        if form is None:
            return rx.toast.error("This question no longer exists.")
        if field == "earliest":
            limits: dict[str, Any] = {"earliest": str(value)}
        else:
            limits = {"min": form.limit_min, "max": form.limit_max, field: str(value).strip()}
        return self._question_change(question_id, limits=limits)

    @rx.event
    def set_question_flag(self, question_id: int, field: str, value: bool):
        """Switch a question's required or scored flag.

        Args:
            question_id: The question.
            field: "required" or "scored".
            value: The new setting.
        """
        if field not in ("required", "scored"):
            return rx.toast.error("That setting does not exist.")
        return self._question_change(question_id, **{field: bool(value)})

    @rx.event
    def toggle_dealbreaker(self, question_id: int, on: bool):
        """Give a question a dealbreaker (its rule is chosen next) or remove it.

        Args:
            question_id: The question.
            on: Whether the question is a dealbreaker.
        """
        question = next((q for q in self.questions if q.id == int(question_id)), None)
        if question is None:
            return None
        rule = None
        if on:
            rule = {
                "yes_no": {"rule": "equals", "value": "yes"},
                "number": {"rule": "min", "value": None},
            }.get(question.kind, {"rule": "one_of", "values": []})
        return self._question_change(question_id, dealbreaker=rule)

    @rx.event
    def save_rule(self, question_id: int, part: str, value: str):
        """Change the rule of a yes/no or number dealbreaker.

        Args:
            question_id: The question.
            part: "rule" (equals, min, max) or "value".
            value: What was chosen or typed.
        """
        question = next((q for q in self.questions if q.id == int(question_id)), None)
        if question is None or part not in ("rule", "value"):
            return None
        rule: dict[str, Any] = {
            "rule": question.rule,
            "value": question.rule_value or None,
            "action": question.rule_action,
        }
        if question.kind == "number" and rule["value"] is not None:
            rule["value"] = float(rule["value"])
        if part == "rule":
            rule["rule"] = value
        elif question.kind == "number":
            try:
                rule["value"] = _number(value, "value") if str(value).strip() else None
            except Invalid as error:
                self.form_rev += 1
                return rx.toast.error(" ".join(error.errors.values()))
        else:
            rule["value"] = value
        return self._question_change(question_id, dealbreaker=rule)

    @rx.event
    def toggle_rule_value(self, question_id: int, option: str, checked: bool):
        """Add or remove a passing answer of a choice dealbreaker.

        Args:
            question_id: The question.
            option: One of the question's choices.
            checked: Whether that answer passes.
        """
        question = next((q for q in self.questions if q.id == int(question_id)), None)
        if question is None:
            return None
        values = [v for v in question.rule_values if v != option]
        if checked:
            values.append(option)
        return self._question_change(
            question_id,
            dealbreaker={"rule": "one_of", "values": values, "action": question.rule_action},
        )

    @rx.event
    def set_rule_action(self, question_id: int, action: str):
        """Choose what a failed dealbreaker does.

        Args:
            question_id: The question.
            action: "disqualify" (at once) or "review" (a recruiter decides).
        """
        question = next((q for q in self.questions if q.id == int(question_id)), None)
        if (
            question is None
            or not question.has_dealbreaker
            or action not in ("disqualify", "review")
        ):
            return None
        rule: dict[str, Any] = {"rule": question.rule, "action": action}
        if question.is_choice:
            rule["values"] = list(question.rule_values)
        else:
            value = question.rule_value or None
            rule["value"] = float(value) if question.kind == "number" and value else value
        return self._question_change(question_id, dealbreaker=rule)

    @rx.event
    def move_question(self, question_id: int, delta: int):
        """Move a question up or down.

        Args:
            question_id: The question.
            delta: -1 for up, 1 for down.
        """
        index = next((q.index for q in self.questions if q.id == int(question_id)), None)
        if index is None:
            return None

        def action(session: Session, user: User) -> None:
            question_edits.move_question(
                session=session,
                user=user,
                question_id=int(question_id),
                to_index=index + int(delta),
            )

        self.form_rev += 1
        return self._change(action)

    @rx.event
    def delete_question(self, question_id: int):
        """Delete a question (undo brings it back).

        Args:
            question_id: The question.
        """

        def action(session: Session, user: User) -> str:
            question_edits.delete_question(session=session, user=user, question_id=int(question_id))
            return "Question deleted. Undo brings it back."

        self.form_rev += 1
        return self._change(action)
