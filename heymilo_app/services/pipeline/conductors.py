"""Each stage type's conductor (``conductor.Conductor``): the one table the pipeline asks
what a stage does in an application's life."""

from __future__ import annotations

from heymilo_app.models import Stage, StageType
from heymilo_app.services.pipeline.conductor import Conductor
from heymilo_app.services.pipeline.conversations import (
    AssessmentConductor,
    SmsConductor,
    VoiceConductor,
)
from heymilo_app.services.pipeline.form import FormConductor
from heymilo_app.services.pipeline.resume import ResumeConductor

CONDUCTORS: dict[StageType, Conductor] = {
    StageType.RESUME: ResumeConductor(),
    StageType.FORM: FormConductor(),
    StageType.SMS: SmsConductor(),
    StageType.VOICE: VoiceConductor(),
    StageType.ASSESSMENT: AssessmentConductor(),
}


def conductor_for(stage: Stage) -> Conductor:
    """The conductor of a stage's kind.

    Args:
        stage: The stage.

    Returns:
        Its conductor.
    """
    return CONDUCTORS[StageType(stage.type)]
