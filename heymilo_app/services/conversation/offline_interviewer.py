"""The offline interviewer: a deterministic engine that decides each turn from the plan.

No model and no network, the default. It reads the candidate's new words against the question
they answer (``reading``): a clear yes/no or number is kept for the dealbreakers, a hedge gets
one clarifying question, and silence or ambiguity never decides anything. It answers the
candidate's own questions from the knowledge base only (``knowledge``), passing the rest to the
recruiter. It follows an open answer up when the answer is thin, or when it does not touch the
rubric criterion that the question is most about, within the question's follow-up budget. It
notices an answer to a later question given early and does not ask it again. Every sentence it
says comes from the catalogs (``phrases``) with the recruiter's own question inserted.
"""

from __future__ import annotations

from heymilo_app.models import TurnKind
from heymilo_app.services.common import retrieval
from heymilo_app.services.conversation import knowledge, phrases, reading
from heymilo_app.services.conversation.interviewer import (
    Asked,
    Context,
    Decision,
    Plan,
    QuestionState,
    Reply,
)

# An open answer with fewer words than this is thin: it gets a "tell me more" follow-up.
THIN_WORDS = 15
# A criterion is followed up only when the question is about it (its meaning fit, 0..1, to
# the question at least ABOUT_FIT) and the answer clearly does not touch it (below
# CRITERION_FIT). Criteria that judge the answer itself ("Clarity") are left to the scorer.
ABOUT_FIT = 0.6
CRITERION_FIT = 0.25
# The meaning fit a sentence needs to count as the answer to a later question.
EARLY_ANSWER_FIT = 0.8


class OfflineInterviewer:
    """See the module docstring."""

    name = "offline"

    def decide(self, context: Context) -> Decision:
        """Decide the next turn (see ``Interviewer.decide``).

        Args:
            context: The conversation so far and the candidate's new words.

        Returns:
            The decision.
        """
        plan = Plan.read(context.questions, context.turns)
        language = context.language
        position = len(context.turns)
        replies: list[Reply] = []
        if context.recap and context.turns:
            replies.append(
                Reply(
                    TurnKind.RECAP,
                    phrases.say(
                        language,
                        "recap",
                        done=plan.done(),
                        total=len(plan.states),
                        job=context.job_title,
                    ),
                )
            )
        if not context.turns:
            first = plan.next_question()
            if first is None:
                return Decision(replies=(), ends=True)
            text = f"{context.opening}\n\n{first.prompt}" if context.opening else first.prompt
            return Decision(replies=(Reply(TurnKind.QUESTION, text, first.id),))
        pending = plan.states.get(plan.pending) if plan.pending is not None else None
        text = context.new_text.strip()
        if reading.empty(text):
            if pending is None:
                return Decision(replies=tuple(replies))
            replies.append(
                Reply(
                    TurnKind.CLARIFICATION,
                    phrases.say(language, "clarify_empty", question=pending.question.prompt),
                    pending.question.id,
                )
            )
            return Decision(replies=tuple(replies))

        asked = reading.questions_asked(text)
        deferred: list[str] = []
        for question in asked:
            found = knowledge.find(question, context.knowledge)
            if found is None:
                deferred.append(question)
            else:
                replies.append(
                    Reply(
                        TurnKind.KNOWLEDGE,
                        phrases.say(language, "knowledge", answer=found.entry.answer),
                        knowledge_item_id=found.entry.id,
                    )
                )
        if deferred:
            replies.append(Reply(TurnKind.DEFERRAL, phrases.say(language, "deferral")))
        answer = reading.without(text, asked)

        covers: list[int] = []
        values: dict[int, str] = {}
        if pending is None:
            return Decision(replies=tuple(replies), deferred=tuple(deferred))
        if not reading.words_in(answer):
            # Only questions of their own: answer them, then ask ours again.
            replies.append(
                Reply(
                    TurnKind.QUESTION,
                    phrases.say(language, "back_to_question", question=pending.question.prompt),
                    pending.question.id,
                )
            )
            return Decision(replies=tuple(replies), deferred=tuple(deferred))

        follow_up = _read_answer(context, plan, pending, answer, covers, values, position)
        if follow_up is not None:
            replies.append(follow_up)
            return Decision(
                replies=tuple(replies),
                covers=tuple(covers),
                values=values,
                deferred=tuple(deferred),
            )
        following = plan.next_question(after=set(covers))
        if following is None:
            replies.append(
                Reply(TurnKind.CLOSING, phrases.say(language, "closing", company=context.company))
            )
            return Decision(
                replies=tuple(replies),
                covers=tuple(covers),
                values=values,
                deferred=tuple(deferred),
                ends=True,
            )
        replies.append(
            Reply(
                TurnKind.QUESTION,
                f"{phrases.ack(language, position)} {following.prompt}",
                following.id,
            )
        )
        return Decision(
            replies=tuple(replies), covers=tuple(covers), values=values, deferred=tuple(deferred)
        )


def _read_answer(
    context: Context,
    plan: Plan,
    pending: QuestionState,
    answer: str,
    covers: list[int],
    values: dict[int, str],
    position: int,
) -> Reply | None:
    """Read an answer to the pending question; the follow-up or clarification it needs, if any.

    Fills ``covers`` with the questions answered and ``values`` with clear yes/no and number
    answers.
    """
    question = pending.question
    language = context.language
    if question.kind in ("yes_no", "number"):
        value = reading.yes_or_no(answer) if question.kind == "yes_no" else reading.number(answer)
        if value is None and pending.clarifications < 1:
            key = "clarify_yes_no" if question.kind == "yes_no" else "clarify_number"
            return Reply(
                TurnKind.CLARIFICATION,
                phrases.say(language, key, question=question.prompt),
                question.id,
            )
        covers.append(question.id)
        if value is not None:
            values[question.id] = value if isinstance(value, str) else f"{value:g}"
        return None
    covers.append(question.id)
    covers.extend(_answered_early(plan, question, answer))
    if pending.follow_ups >= question.follow_ups:
        return None
    everything = " ".join([*pending.answers, answer])
    if len(reading.words_in(everything)) < THIN_WORDS:
        return Reply(
            TurnKind.FOLLOW_UP,
            phrases.say(language, "follow_up_more", hint=phrases.say(language, "hint_example")),
            question.id,
        )
    criterion = _missing_criterion(context, question, everything)
    if criterion is None:
        return None
    return Reply(
        TurnKind.FOLLOW_UP,
        f"{phrases.ack(language, position)} "
        + phrases.say(language, "follow_up_criterion", criterion=criterion.lower()),
        question.id,
    )


def _answered_early(plan: Plan, question: Asked, answer: str) -> list[int]:
    """Later open questions that the answer's other sentences already answer."""
    parts = retrieval.sentences(answer)
    if len(parts) < 2:
        return []
    later = [
        state.question
        for state in plan.states.values()
        if not state.answered and state.question.id != question.id and state.question.kind == "open"
    ]
    found = []
    for other in later:
        fits = retrieval.rank(other.prompt, parts)
        own = {m.index: m.meaning for m in retrieval.rank(question.prompt, parts)}
        best = fits[0]
        if best.meaning >= EARLY_ANSWER_FIT and best.meaning > own[best.index]:
            found.append(other.id)
    return found


def _missing_criterion(context: Context, question: Asked, answer: str) -> str | None:
    """The criterion the question is most about, when the answer does not touch it."""
    named = [c for c in context.criteria if str(c.get("name", "")).strip()]
    if not named:
        return None
    described = [
        " ".join(str(c.get(key, "")) for key in ("name", "description", "high")) for c in named
    ]
    about = retrieval.rank(question.prompt, described)[0]
    if about.meaning < ABOUT_FIT:
        return None
    fit = retrieval.rank(described[about.index], retrieval.sentences(answer) or [answer])[0]
    if fit.meaning >= CRITERION_FIT:
        return None
    return str(named[about.index]["name"]).strip()
