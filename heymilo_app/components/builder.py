"""Pieces of the interview builder: stage cards, the settings panel, questions, rubric."""

from __future__ import annotations

import reflex as rx

from heymilo_app.components.common import confirm_dialog
from heymilo_app.components.form_controls import autosave_field, labelled_select
from heymilo_app.components.sortable import drag_div
from heymilo_app.services.common.i18n import VOICES
from heymilo_app.services.stages.configs import RESUME_DEALBREAKER_LABELS, VOICE_MODE_LABELS
from heymilo_app.services.stages.kinds import STAGE_KINDS
from heymilo_app.services.stages.stage_config import (
    QUESTION_KIND_LABELS,
    SELF_ID_DECLINE,
    SELF_ID_EXPLANATION,
)
from heymilo_app.state.builder import BuilderState
from heymilo_app.state.builder_stage import StageEditorState
from heymilo_app.state.builder_view import CriterionForm, QuestionForm, StageCard

S = StageEditorState
# The question kinds a recruiter picks among, in the order the builder offers them: those of
# the stage kinds that hold more than one kind of question (the form's).
CHOSEN_KINDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        str(question_kind)
        for info in STAGE_KINDS.values()
        if len(info.question_kinds) > 1
        for question_kind in info.question_kinds
    )
)


def _key(suffix: str) -> rx.Var:
    return BuilderState.form_key + f"-{suffix}"


def stage_icon(stage_type: rx.Var, size: int = 16) -> rx.Component:
    """The icon of a stage type.

    Args:
        stage_type: Stage type value.
        size: Icon size in pixels.

    Returns:
        The icon.
    """
    return rx.match(
        stage_type,
        *[(kind.value, rx.icon(info.icon, size=size)) for kind, info in STAGE_KINDS.items()],
        rx.icon("circle", size=size),
    )


# ---------------------------------------------------------------------- stage list


def _move_button(icon: str, label: str, card: StageCard, delta: int) -> rx.Component:
    direction = "up" if delta < 0 else "down"
    return rx.icon_button(
        rx.icon(icon, size=14),
        size="1",
        variant="ghost",
        color_scheme="gray",
        aria_label=label + ": " + card.title,
        id=f"move-{direction}-" + card.index.to_string(),
        disabled=(card.index == 0)
        if delta < 0
        else (card.index == BuilderState.stages.length() - 1),
        on_click=BuilderState.move_stage(card.id, delta, "button").stop_propagation,
    )


# Read by screen readers, not shown.
VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white_space": "nowrap",
}
# Said to keyboard and screen reader users on every stage card.
MOVE_HINT_ID = "stage-move-hint"


def stage_card(card: StageCard) -> rx.Component:
    """One stage in the ordered list: draggable, selectable, movable by keyboard.

    Args:
        card: The stage's card data.

    Returns:
        The card.
    """
    selected = BuilderState.selected_id == card.id
    return drag_div(
        rx.box(
            rx.hstack(
                rx.cond(
                    BuilderState.is_draft,
                    # Dragging needs a mouse: phones move stages with the buttons.
                    rx.box(
                        rx.icon("grip-vertical", size=16, color=rx.color("gray", 9)),
                        cursor="grab",
                        display=["none", "none", "block"],
                        aria_hidden="true",
                    ),
                ),
                rx.center(
                    stage_icon(card.type, 18),
                    background=rx.color("accent", 3),
                    color=rx.color("accent", 11),
                    border_radius="8px",
                    width="36px",
                    height="36px",
                    flex_shrink="0",
                ),
                rx.vstack(
                    rx.text(
                        card.index + 1,
                        ". ",
                        card.label,
                        size="1",
                        color_scheme="gray",
                        weight="medium",
                    ),
                    rx.text(card.title, weight="bold", size="3", trim="both"),
                    rx.hstack(
                        rx.hstack(
                            rx.icon("clock", size=12),
                            rx.text(card.duration, size="1"),
                            spacing="1",
                            align="center",
                        ),
                        rx.cond(
                            card.has_questions,
                            rx.text(
                                card.question_count,
                                " question",
                                rx.cond(card.question_count == 1, "", "s"),
                                size="1",
                            ),
                        ),
                        color=rx.color("gray", 11),
                        spacing="3",
                        align="center",
                    ),
                    rx.hstack(
                        rx.cond(
                            card.has_dealbreakers,
                            rx.badge(
                                rx.icon("shield-alert", size=12),
                                "Dealbreakers",
                                color_scheme="orange",
                                variant="soft",
                                size="1",
                            ),
                        ),
                        rx.cond(
                            card.problem_count > 0,
                            rx.badge(
                                card.problem_count,
                                " to fix",
                                color_scheme="red",
                                variant="solid",
                                size="1",
                            ),
                        ),
                        spacing="1",
                    ),
                    spacing="1",
                    align="start",
                    min_width="0",
                    flex="1",
                ),
                rx.cond(
                    BuilderState.is_draft,
                    rx.vstack(
                        _move_button("chevron-up", "Move up", card, -1),
                        _move_button("chevron-down", "Move down", card, 1),
                        spacing="1",
                    ),
                ),
                align="center",
                spacing="3",
                width="100%",
            ),
            padding="12px",
            border_radius="10px",
            border=rx.cond(
                selected, f"2px solid {rx.color('accent', 9)}", f"1px solid {rx.color('gray', 6)}"
            ),
            background=rx.cond(selected, rx.color("accent", 2), rx.color("gray", 1)),
            box_shadow=rx.cond(selected, "0 2px 10px rgba(62, 99, 221, 0.15)", "none"),
            _hover={"border_color": rx.color("accent", 8)},
            cursor="pointer",
            on_click=BuilderState.select_stage(card.id),
        ),
        draggable=BuilderState.is_draft,
        on_drag_start=BuilderState.drag_start(card.id),
        on_drag_over=rx.prevent_default,
        on_drop=BuilderState.drop_on(card.index).prevent_default,
        id="stage-card-" + card.index.to_string(),
        data_stage_type=card.type,
        role="listitem",
        tab_index=0,
        aria_label=card.label + ": " + card.title,
        aria_describedby=rx.cond(BuilderState.is_draft, MOVE_HINT_ID, ""),
        aria_current=rx.cond(selected, "true", "false"),
        on_key_down=lambda key: BuilderState.card_key(card.id, key),
        width="100%",
    )


def add_stage_menu() -> rx.Component:
    """The menu that adds a stage of any of the five types."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("plus", size=16), "Add stage", variant="soft", width="100%", id="add-stage"
            ),
        ),
        rx.menu.content(
            *[
                rx.menu.item(
                    rx.hstack(
                        rx.icon(info.icon, size=14),
                        rx.text(info.label),
                        rx.text(info.duration, size="1", color_scheme="gray"),
                        spacing="2",
                        align="center",
                    ),
                    on_click=BuilderState.add_stage(kind.value),
                    id=f"add-stage-{kind.value}",
                )
                for kind, info in STAGE_KINDS.items()
            ]
        ),
    )


def stage_list() -> rx.Component:
    """The ordered stage cards with the add-stage menu."""
    return rx.vstack(
        rx.hstack(
            rx.heading("Stages", size="4", as_="h2"),
            rx.spacer(),
            rx.cond(
                BuilderState.is_draft,
                rx.fragment(
                    rx.text(
                        "Drag, or focus a card and press \u2191 \u2193, to reorder",
                        size="1",
                        color_scheme="gray",
                        display=["none", "none", "block"],
                    ),
                    rx.text(
                        "Use the arrows to reorder",
                        size="1",
                        color_scheme="gray",
                        display=["block", "block", "none"],
                    ),
                ),
            ),
            width="100%",
            align="center",
        ),
        rx.el.span(
            "Enter opens the stage. The up and down arrow keys move it.",
            id=MOVE_HINT_ID,
            hidden=True,
        ),
        rx.el.div(
            BuilderState.moved_note,
            aria_live="polite",
            role="status",
            style=VISUALLY_HIDDEN,
        ),
        rx.el.div(
            rx.vstack(rx.foreach(BuilderState.stages, stage_card), spacing="2", width="100%"),
            role="list",
            aria_label="Interview stages in order",
            style={"width": "100%"},
        ),
        rx.cond(BuilderState.is_draft, add_stage_menu()),
        spacing="3",
        width="100%",
    )


# ---------------------------------------------------------------------- settings sections


def _section(title: str, *children: rx.Component, description: str | rx.Var = "") -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="3", as_="h3"),
        rx.text(description, size="2", color_scheme="gray")
        if isinstance(description, rx.Var) or description
        else rx.fragment(),
        *children,
        spacing="3",
        width="100%",
        padding_top="8px",
    )


def _config_field(
    label: str,
    field: str,
    *,
    multiline: bool = False,
    rows: str = "3",
    hint: str = "",
    type: str = "text",
    placeholder: str = "",
) -> rx.Component:
    return autosave_field(
        label,
        getattr(BuilderState.sel, field),
        lambda value: S.save_config_field(field, value),
        key=_key(field),
        field_id=f"config-{field}",
        error=BuilderState.sel.errors.get(f"config.{field}", ""),
        multiline=multiline,
        rows=rows,
        hint=hint,
        type=type,
        placeholder=placeholder,
        disabled=~BuilderState.is_draft,
    )


def basics_section() -> rx.Component:
    """Title and the intro candidates read."""
    return _section(
        "Basics",
        autosave_field(
            "Stage title",
            BuilderState.sel.title,
            lambda value: S.save_stage_field("title", value),
            key=_key("title"),
            field_id="stage-title",
            error=BuilderState.sel.errors.get("title", ""),
            disabled=~BuilderState.is_draft,
        ),
        autosave_field(
            "Intro shown to candidates",
            BuilderState.sel.intro_text,
            lambda value: S.save_stage_field("intro_text", value),
            key=_key("intro"),
            field_id="stage-intro",
            multiline=True,
            disabled=~BuilderState.is_draft,
        ),
    )


def resume_section() -> rx.Component:
    """Requirements a resume is screened against, and which of them disqualify."""
    return _section(
        "Requirements",
        rx.grid(
            _config_field(
                "Must-have skills",
                "must_have",
                hint="Separate with commas.",
                placeholder="e.g. Zendesk, SQL",
            ),
            _config_field("Nice-to-have skills", "nice_to_have", hint="Separate with commas."),
            _config_field("Minimum years of experience", "min_years", type="number"),
            _config_field("Education", "education", placeholder="e.g. Bachelor's degree"),
            _config_field(
                "Locations",
                "locations",
                hint="Separate with commas.",
                placeholder="e.g. Remote (US), Austin",
            ),
            _config_field(
                "Work authorization",
                "work_authorization",
                placeholder="e.g. Authorized to work in the US",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        rx.text(
            "Dealbreakers: a resume that clearly misses a ticked requirement is stopped "
            "(a resume that says nothing about it is not).",
            size="2",
            weight="medium",
        ),
        rx.flex(
            *[
                rx.checkbox(
                    label,
                    checked=BuilderState.sel.resume_dealbreakers.contains(name),
                    on_change=lambda checked, name=name: S.toggle_resume_dealbreaker(name, checked),
                    disabled=~BuilderState.is_draft,
                    id=f"resume-dealbreaker-{name}",
                )
                for name, label in RESUME_DEALBREAKER_LABELS.items()
            ],
            wrap="wrap",
            gap="16px",
        ),
        rx.hstack(
            rx.text("A missed dealbreaker", size="2"),
            rx.select.root(
                rx.select.trigger(aria_label="What a missed dealbreaker does", id="resume-action"),
                rx.select.content(
                    rx.select.item("Disqualifies at once", value="disqualify"),
                    rx.select.item("Goes to a recruiter's review", value="review"),
                ),
                value=BuilderState.sel.resume_dealbreaker_action,
                on_change=S.set_resume_dealbreaker_action,
                disabled=~BuilderState.is_draft,
            ),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        description="The resume is screened at once against these.",
    )


def sms_section() -> rx.Component:
    """The opening text message."""
    return _section(
        "Opening message",
        _config_field(
            "First text the candidate receives",
            "opening",
            multiline=True,
            hint="Placeholders: {candidate_first_name}, {job_title}, {company_name}.",
        ),
    )


# The AI interviewer's voices, as Settings lists them; "default" is the organization's.
VOICE_CHOICES = [("default", "Organization default (Settings › Language & voice)")] + [
    (name, f"{label} · {language.upper()}")
    for language, voices in VOICES.items()
    for name, label in voices.items()
]


def voice_section() -> rx.Component:
    """How the conversation happens."""
    return _section(
        "Conversation",
        rx.grid(
            labelled_select(
                "Mode",
                list(VOICE_MODE_LABELS.items()),
                BuilderState.sel.mode,
                lambda value: S.save_config_field("mode", value),
                field_id="config-mode",
                disabled=~BuilderState.is_draft,
            ),
            labelled_select(
                "Voice",
                VOICE_CHOICES,
                rx.cond(BuilderState.sel.voice == "", "default", BuilderState.sel.voice),
                lambda value: S.save_config_field("voice", rx.cond(value == "default", "", value)),
                field_id="config-voice",
                disabled=~BuilderState.is_draft,
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
    )


def assessment_section() -> rx.Component:
    """The task, the deliverable, the time limit and the assistant's persona."""
    return _section(
        "Task",
        _config_field(
            "Task brief",
            "brief",
            multiline=True,
            placeholder="What the candidate works on with the AI assistant",
        ),
        _config_field("Expected deliverable", "deliverable", multiline=True, rows="2"),
        rx.grid(
            _config_field("Time limit (minutes)", "time_limit_minutes", type="number"),
            _config_field("Assistant's persona", "persona"),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
    )


# ---------------------------------------------------------------------- questions


def _rule_editor(question: QuestionForm) -> rx.Component:
    disabled = ~BuilderState.is_draft
    return rx.match(
        question.kind,
        (
            "yes_no",
            rx.select.root(
                rx.select.trigger(
                    aria_label="Required answer", id="rule-" + question.id.to_string()
                ),
                rx.select.content(
                    rx.select.item("Must answer Yes", value="yes"),
                    rx.select.item("Must answer No", value="no"),
                ),
                value=question.rule_value,
                on_change=lambda value: S.save_rule(question.id, "value", value),
                disabled=disabled,
            ),
        ),
        (
            "number",
            rx.hstack(
                rx.select.root(
                    rx.select.trigger(aria_label="Comparison"),
                    rx.select.content(
                        rx.select.item("At least", value="min"),
                        rx.select.item("At most", value="max"),
                    ),
                    value=question.rule,
                    on_change=lambda value: S.save_rule(question.id, "rule", value),
                    disabled=disabled,
                ),
                rx.input(
                    type="number",
                    default_value=question.rule_value,
                    key=_key("rule-value-") + question.id.to_string(),
                    on_blur=lambda value: S.save_rule(question.id, "value", value),
                    aria_label="Value",
                    width="100px",
                    disabled=disabled,
                    id="rule-value-" + question.id.to_string(),
                ),
                align="center",
            ),
        ),
        rx.vstack(
            rx.text("Passing answers:", size="1", color_scheme="gray"),
            rx.flex(
                rx.foreach(
                    question.options,
                    lambda option: rx.checkbox(
                        option,
                        checked=question.rule_values.contains(option),
                        on_change=lambda checked: S.toggle_rule_value(question.id, option, checked),
                        disabled=disabled,
                    ),
                ),
                wrap="wrap",
                gap="12px",
            ),
            spacing="1",
        ),
    )


def _limits_row(question: QuestionForm, disabled: rx.Var) -> rx.Component:
    """The answers a number or date question takes (the candidate is told when one does not)."""
    qid = question.id.to_string()

    def bound(name: str, label: str, value: rx.Var) -> rx.Component:
        return rx.input(
            type="text",
            input_mode="decimal",
            default_value=value,
            key=_key(f"limit-{name}-") + qid,
            aria_label=label,
            placeholder="none",
            width="80px",
            disabled=disabled,
            id=f"limit-{name}-" + qid,
            on_blur=lambda v: S.save_question_limit(question.id, name, v),
        )

    return rx.match(
        question.kind,
        (
            "number",
            rx.hstack(
                rx.text("Answers from", size="2"),
                bound("min", "Smallest answer", question.limit_min),
                rx.text("to", size="2"),
                bound("max", "Largest answer", question.limit_max),
                align="center",
                spacing="2",
            ),
        ),
        (
            "date",
            rx.hstack(
                rx.text("Dates", size="2"),
                rx.select.root(
                    rx.select.trigger(aria_label="Dates allowed", id="limit-earliest-" + qid),
                    rx.select.content(
                        rx.select.item("Today or later", value="today"),
                        rx.select.item("Any date", value="any"),
                    ),
                    value=question.earliest,
                    size="1",
                    disabled=disabled,
                    on_change=lambda v: S.save_question_limit(question.id, "earliest", v),
                ),
                align="center",
                spacing="2",
            ),
        ),
        rx.fragment(),
    )


def _self_id_note(question: QuestionForm) -> rx.Component:
    """What a self-identification question is for, and what it never does."""
    qid = question.id.to_string()
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.icon("shield-check", size=14, aria_hidden="true"),
                rx.text(
                    "Voluntary: never required, scored or a dealbreaker", size="2", weight="medium"
                ),
                align="center",
                spacing="2",
                color=rx.color("grass", 11),
            ),
            rx.text(SELF_ID_EXPLANATION, size="2"),
            rx.text(
                f"“{SELF_ID_DECLINE}” is always offered, as the last choice.",
                size="1",
                color_scheme="gray",
            ),
            *[
                rx.cond(message, rx.text(message, size="1", color_scheme="red", role="alert"))
                for message in (
                    question.error_kind,
                    question.error_required,
                    question.error_scored,
                )
            ],
            spacing="1",
        ),
        padding="10px",
        border_radius="8px",
        background=rx.color("grass", 2),
        border=f"1px solid {rx.color('grass', 5)}",
        width="100%",
        id="self-id-note-" + qid,
    )


def _question_row(question: QuestionForm) -> rx.Component:
    disabled = ~BuilderState.is_draft
    qid = question.id.to_string()
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.badge("Q", question.index + 1, variant="surface"),
                rx.cond(
                    BuilderState.sel.question_kinds.length() > 1,
                    rx.select.root(
                        rx.select.trigger(aria_label="Answer type", id="kind-" + qid),
                        rx.select.content(
                            *[
                                rx.select.item(
                                    QUESTION_KIND_LABELS[kind],
                                    value=kind,
                                    # One self-identification question per stage.
                                    disabled=BuilderState.sel.has_self_id & ~question.is_self_id
                                    if kind == "self_id"
                                    else False,
                                )
                                for kind in CHOSEN_KINDS
                            ]
                        ),
                        value=question.kind,
                        on_change=lambda value: S.save_question_field(question.id, "kind", value),
                        disabled=disabled,
                        size="1",
                    ),
                    rx.badge(question.kind_label, variant="soft", color_scheme="gray"),
                ),
                rx.spacer(),
                rx.cond(
                    BuilderState.is_draft,
                    rx.hstack(
                        rx.icon_button(
                            rx.icon("chevron-up", size=14),
                            size="1",
                            variant="ghost",
                            color_scheme="gray",
                            aria_label="Move question up",
                            on_click=S.move_question(question.id, -1),
                        ),
                        rx.icon_button(
                            rx.icon("chevron-down", size=14),
                            size="1",
                            variant="ghost",
                            color_scheme="gray",
                            aria_label="Move question down",
                            on_click=S.move_question(question.id, 1),
                        ),
                        rx.icon_button(
                            rx.icon("trash-2", size=14),
                            size="1",
                            variant="ghost",
                            color_scheme="red",
                            aria_label="Delete question",
                            on_click=S.delete_question(question.id),
                        ),
                        spacing="2",
                    ),
                ),
                width="100%",
                align="center",
            ),
            autosave_field(
                "Question",
                question.prompt,
                lambda value: S.save_question_field(question.id, "prompt", value),
                key=_key("prompt-") + qid,
                field_id="prompt-" + qid,
                error=question.error_prompt,
                multiline=True,
                rows="2",
                disabled=disabled,
            ),
            rx.cond(
                question.is_choice | question.is_self_id,
                autosave_field(
                    "Choices, one per line",
                    question.options_text,
                    lambda value: S.save_question_field(question.id, "options", value),
                    key=_key("options-") + qid,
                    field_id="options-" + qid,
                    error=question.error_options,
                    multiline=True,
                    rows="5",
                    disabled=disabled,
                ),
            ),
            rx.cond(question.is_self_id, _self_id_note(question)),
            rx.flex(
                rx.cond(
                    # Questions answered on a page may be optional; a conversation asks them all.
                    (BuilderState.sel.conducted == "page")
                    & (~question.is_self_id | question.required),
                    rx.el.label(
                        rx.hstack(
                            rx.switch(
                                checked=question.required,
                                disabled=disabled,
                                on_change=lambda v: S.set_question_flag(question.id, "required", v),
                            ),
                            rx.text("Required", size="2"),
                            align="center",
                            spacing="2",
                        ),
                    ),
                ),
                rx.cond(
                    question.scorable,
                    rx.el.label(
                        rx.hstack(
                            rx.switch(
                                checked=question.scored,
                                disabled=disabled,
                                on_change=lambda v: S.set_question_flag(question.id, "scored", v),
                            ),
                            rx.text(rx.cond(question.scored, "Scored", "Not scored"), size="2"),
                            align="center",
                            spacing="2",
                        ),
                    ),
                ),
                rx.cond(
                    question.scored & question.scorable,
                    rx.hstack(
                        rx.text("Weight", size="2"),
                        rx.input(
                            type="number",
                            default_value=question.weight,
                            width="80px",
                            key=_key("weight-") + qid,
                            aria_label="Weight",
                            min="0",
                            step="0.5",
                            disabled=disabled,
                            on_blur=lambda v: S.save_question_field(question.id, "weight", v),
                        ),
                        align="center",
                        spacing="2",
                    ),
                ),
                _limits_row(question, disabled),
                rx.cond(
                    BuilderState.sel.followups_allowed,
                    rx.hstack(
                        rx.text("AI follow-ups", size="2"),
                        rx.select(
                            ["0", "1", "2", "3"],
                            value=question.followups,
                            size="1",
                            disabled=disabled,
                            aria_label="AI follow-ups",
                            on_change=lambda v: S.save_question_field(question.id, "followups", v),
                        ),
                        align="center",
                        spacing="2",
                    ),
                ),
                rx.cond(
                    question.can_dealbreak,
                    rx.el.label(
                        rx.hstack(
                            rx.switch(
                                checked=question.has_dealbreaker,
                                disabled=disabled,
                                color_scheme="orange",
                                id="dealbreaker-" + qid,
                                on_change=lambda v: S.toggle_dealbreaker(question.id, v),
                            ),
                            rx.text("Dealbreaker", size="2"),
                            align="center",
                            spacing="2",
                        ),
                    ),
                ),
                wrap="wrap",
                gap="20px",
                align="center",
            ),
            rx.cond(
                question.has_dealbreaker,
                rx.box(
                    rx.vstack(
                        rx.hstack(
                            rx.icon("shield-alert", size=14),
                            rx.text(
                                "The answer must meet this rule",
                                size="2",
                                weight="medium",
                            ),
                            align="center",
                            spacing="2",
                            color=rx.color("orange", 11),
                        ),
                        _rule_editor(question),
                        rx.hstack(
                            rx.text("When it fails", size="2"),
                            rx.select.root(
                                rx.select.trigger(
                                    aria_label="When the rule fails",
                                    id="rule-action-" + qid,
                                ),
                                rx.select.content(
                                    rx.select.item("Disqualify at once", value="disqualify"),
                                    rx.select.item("Send to a recruiter's review", value="review"),
                                ),
                                value=question.rule_action,
                                on_change=lambda v: S.set_rule_action(question.id, v),
                                disabled=disabled,
                            ),
                            align="center",
                            spacing="2",
                            wrap="wrap",
                        ),
                        rx.cond(
                            question.error_dealbreaker,
                            rx.text(
                                question.error_dealbreaker,
                                size="1",
                                color_scheme="red",
                                role="alert",
                            ),
                        ),
                        spacing="2",
                    ),
                    padding="10px",
                    border_radius="8px",
                    background=rx.color("orange", 2),
                    border=f"1px solid {rx.color('orange', 5)}",
                    width="100%",
                ),
            ),
            rx.cond(
                question.error_weight,
                rx.text(question.error_weight, size="1", color_scheme="red", role="alert"),
            ),
            spacing="3",
            width="100%",
        ),
        padding="14px",
        border_radius="10px",
        border=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        width="100%",
        id="question-" + qid,
    )


def questions_section() -> rx.Component:
    """The stage's questions with an add menu."""
    add = rx.cond(
        BuilderState.sel.question_kinds.length() > 1,
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("plus", size=16), "Add question", variant="soft", id="add-question"
                )
            ),
            rx.menu.content(
                *[
                    rx.menu.item(
                        QUESTION_KIND_LABELS[kind],
                        on_click=S.add_question(kind),
                        id=f"add-question-{kind}",
                        # One self-identification question per stage.
                        disabled=BuilderState.sel.has_self_id if kind == "self_id" else False,
                    )
                    for kind in CHOSEN_KINDS
                ]
            ),
        ),
        rx.button(
            rx.icon("plus", size=16),
            "Add question",
            variant="soft",
            on_click=S.add_question("open"),
            id="add-question",
        ),
    )
    return _section(
        "Questions",
        rx.cond(
            BuilderState.sel.errors.get("questions", ""),
            rx.callout(
                BuilderState.sel.errors.get("questions", ""),
                color_scheme="red",
                icon="triangle-alert",
                size="1",
                role="alert",
                width="100%",
            ),
        ),
        rx.vstack(rx.foreach(BuilderState.questions, _question_row), spacing="3", width="100%"),
        rx.cond(BuilderState.is_draft, add),
        description=rx.cond(
            ~BuilderState.sel.followups_allowed,
            "No AI follow-ups in a form: candidates answer each question once.",
            "The AI asks each question and may follow up up to the number set.",
        ),
    )


# ---------------------------------------------------------------------- scoring


def _criterion_row(criterion: CriterionForm) -> rx.Component:
    disabled = ~BuilderState.is_draft
    index = criterion.index.to_string()
    return rx.box(
        rx.grid(
            autosave_field(
                "Criterion",
                criterion.name,
                lambda v: S.save_criterion(criterion.index, "name", v),
                key=_key("crit-name-") + index,
                field_id="criterion-name-" + index,
                error=criterion.error_name,
                disabled=disabled,
            ),
            autosave_field(
                "Weight",
                criterion.weight,
                lambda v: S.save_criterion(criterion.index, "weight", v),
                key=_key("crit-weight-") + index,
                field_id="criterion-weight-" + index,
                error=criterion.error_weight,
                type="number",
                disabled=disabled,
            ),
            columns="1fr 110px",
            spacing="3",
            width="100%",
        ),
        rx.grid(
            autosave_field(
                "What a 1 looks like",
                criterion.low,
                lambda v: S.save_criterion(criterion.index, "low", v),
                key=_key("crit-low-") + index,
                field_id="criterion-low-" + index,
                disabled=disabled,
            ),
            autosave_field(
                "What a 5 looks like",
                criterion.high,
                lambda v: S.save_criterion(criterion.index, "high", v),
                key=_key("crit-high-") + index,
                field_id="criterion-high-" + index,
                disabled=disabled,
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
            margin_top="8px",
        ),
        rx.cond(
            BuilderState.is_draft,
            rx.button(
                rx.icon("x", size=12),
                "Remove",
                size="1",
                variant="ghost",
                color_scheme="red",
                margin_top="6px",
                on_click=S.remove_criterion(criterion.index),
            ),
        ),
        padding="12px",
        border_radius="10px",
        border=f"1px solid {rx.color('gray', 5)}",
        width="100%",
    )


def _stage_dealbreakers() -> rx.Component:
    """Whether this stage applies its dealbreakers: shown only where it has some, or where
    they were turned off; turning them all off asks first (one click away from a question's
    own switch, it once did it by mistake)."""
    count = BuilderState.sel.dealbreaker_count
    rules = count.to_string() + rx.cond(count == 1, " dealbreaker", " dealbreakers")
    return rx.cond(
        (count > 0) | ~BuilderState.sel.dealbreakers_enabled,
        rx.vstack(
            rx.text("This stage's dealbreakers", size="2", weight="medium"),
            rx.cond(
                BuilderState.sel.dealbreakers_enabled,
                rx.vstack(
                    rx.text(
                        rules,
                        " applied: a failed one disqualifies or goes to review, as its rule says.",
                        size="2",
                        id="dealbreakers-state",
                    ),
                    rx.cond(
                        BuilderState.is_draft,
                        confirm_dialog(
                            rx.button(
                                "Ignore them all",
                                variant="ghost",
                                color_scheme="gray",
                                size="1",
                                id="dealbreakers-off",
                            ),
                            title="Ignore every dealbreaker of this stage?",
                            description="Its "
                            + rules
                            + " stay written but stop deciding: nobody is disqualified or sent "
                            "to review by them. To turn off one rule, use its own switch.",
                            confirm_label="Ignore them all",
                            keep_label="Keep applying them",
                            on_confirm=S.set_dealbreakers_enabled(False),
                            confirm_id="dealbreakers-off-confirm",
                        ),
                    ),
                    spacing="1",
                    align="start",
                ),
                rx.vstack(
                    rx.text(
                        "Ignored: no rule of this stage disqualifies or sends to review.",
                        size="2",
                        color_scheme="amber",
                        id="dealbreakers-state",
                    ),
                    rx.cond(
                        BuilderState.is_draft,
                        rx.button(
                            "Apply them again",
                            variant="soft",
                            size="1",
                            on_click=S.set_dealbreakers_enabled(True),
                            id="dealbreakers-on",
                        ),
                    ),
                    spacing="1",
                    align="start",
                ),
            ),
            spacing="2",
        ),
    )


def scoring_section() -> rx.Component:
    """Pass threshold, dealbreakers switch and the rubric."""
    return _section(
        "Scoring",
        rx.grid(
            autosave_field(
                "Pass threshold (0–100)",
                BuilderState.sel.pass_threshold,
                lambda value: S.save_stage_field("pass_threshold", value),
                key=_key("threshold"),
                field_id="stage-threshold",
                type="number",
                error=BuilderState.sel.errors.get("pass_threshold", ""),
                disabled=~BuilderState.is_draft,
            ),
            _stage_dealbreakers(),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        rx.text(
            rx.cond(
                BuilderState.sel.conducted == "chat",
                "Rubric: how well the candidate prompts and guides the AI",
                "Rubric: each criterion is scored 1–5 and weighted into a score out of 100",
            ),
            size="2",
            weight="medium",
        ),
        rx.cond(
            BuilderState.sel.errors.get("rubric", ""),
            rx.text(
                BuilderState.sel.errors.get("rubric", ""),
                size="1",
                color_scheme="red",
                role="alert",
            ),
        ),
        rx.vstack(rx.foreach(BuilderState.rubric, _criterion_row), spacing="2", width="100%"),
        rx.cond(
            BuilderState.is_draft,
            rx.button(
                rx.icon("plus", size=14),
                "Add criterion",
                variant="soft",
                size="2",
                on_click=S.add_criterion,
                id="add-criterion",
            ),
        ),
    )
