"""How long each stage takes, as a figure (services.stages.stage_minutes)."""

from __future__ import annotations

from heymilo_app.models import Question, Stage, StageType
from heymilo_app.services.stages.kinds import stage_minutes


def _stage(kind: StageType, config: dict | None = None) -> Stage:
    return Stage(interview_id=1, type=kind, position=0, config=config or {})


def _questions(*kinds: str) -> list[Question]:
    return [Question(stage_id=1, position=i, prompt="?", kind=k) for i, k in enumerate(kinds)]


def test_a_form_counts_picked_and_typed_questions() -> None:
    form = _stage(StageType.FORM)
    # 4 picks at half a minute, a short answer (1), a long one (2), a number (1): 6 minutes.
    picked = _questions("yes_no", "single_choice", "multiple_choice", "self_id")
    typed = _questions("short_text", "long_text", "number")
    assert stage_minutes(form, picked + typed) == ("about", 6)
    # 2.5 minutes round up; a single pick is still a minute.
    assert stage_minutes(form, _questions("yes_no", "short_text", "short_text")) == ("about", 3)
    assert stage_minutes(form, _questions("yes_no")) == ("about", 1)
    assert stage_minutes(form, []) is None


def test_a_voice_stage_is_two_minutes_a_question_and_two_to_settle_in() -> None:
    voice = _stage(StageType.VOICE, {"mode": "phone"})
    assert stage_minutes(voice, _questions("open", "open", "open")) == ("about", 8)
    assert stage_minutes(voice, []) is None


def test_an_assessment_has_its_time_limit_or_the_default() -> None:
    assert stage_minutes(_stage(StageType.ASSESSMENT, {"time_limit_minutes": 45}), []) == (
        "up_to",
        45,
    )
    assert stage_minutes(_stage(StageType.ASSESSMENT), []) == ("up_to", 25)


def test_resume_and_text_stages_have_no_figure() -> None:
    assert stage_minutes(_stage(StageType.RESUME), []) is None
    assert stage_minutes(_stage(StageType.SMS), _questions("open")) is None
