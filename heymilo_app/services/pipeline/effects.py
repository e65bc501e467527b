"""Everything a transition sends, in one place: ``after_transition`` runs after every move of
an application (a stage finished, a recruiter's decision, the start, a rescore)."""

from __future__ import annotations

from sqlmodel import Session

from heymilo_app.models import Application, ApplicationStatus, Score, Stage
from heymilo_app.services.pipeline import webhooks
from heymilo_app.services.pipeline.conductors import conductor_for
from heymilo_app.services.pipeline.records import Finished, attempt_of
from heymilo_app.services.scoring import score_alerts
from heymilo_app.services.scoring.scoring import Scorer


def after_transition(
    session: Session,
    application: Application,
    stage: Stage | None = None,
    score: Score | None = None,
    *,
    entered: Stage | None = None,
    moved: bool = True,
    scorer: Scorer | None = None,
) -> None:
    """Run the side effects of a transition, then commit.

    In order: the score alerts a completed application earns, the announcement of the stage
    it entered (its conductor's ``enter``), the stage's result and the final outcome to the
    organization's webhook; then, committed, a stage the application already holds what it
    needs for (a resume that came with it) is finished at once, with its own effects, until
    one waits for the candidate.

    Args:
        session: Database session (committed).
        application: The application that moved.
        stage: The stage it finished, if one (its result goes to the ATS).
        score: That stage's score, if scored.
        entered: The stage it entered, if it moved to one.
        moved: False when only a score changed (a rescore): the application stayed where it
            was, so only the score alerts may be due.
        scorer: The scorer of a stage finished here; the configured one by default.
    """
    while True:
        score_alerts.notify_finished(session=session, application=application)
        if not moved:
            session.commit()
            return
        if entered is not None:
            conductor_for(entered).enter(session, application, entered)
        session.flush()
        if stage is not None:
            webhooks.stage_result(
                session=session, application=application, stage=stage, score=score
            )
        webhooks.outcome(session=session, application=application)
        session.commit()
        finished = _finish_ready(session, application, scorer)
        if finished is None:
            session.commit()
            return
        stage, score, entered = finished.stage, finished.score, finished.entered


def _finish_ready(
    session: Session, application: Application, scorer: Scorer | None
) -> Finished | None:
    """Finish the current stage when the application already holds what it needs."""
    if application.status != ApplicationStatus.IN_PROGRESS or not application.current_stage_id:
        return None
    current = session.get(Stage, application.current_stage_id)
    if current is None:
        return None
    attempt = attempt_of(session, application, current.id)
    conductor = conductor_for(current)
    if attempt is None or not conductor.ready(session, application, current, attempt):
        return None
    return conductor.submit(session, application, current, attempt, scorer=scorer)
