"""What an interviewer is given and what it decides: one interface, two engines.

The engine (``engine.py``) builds a ``Context`` from the stored turns and asks an interviewer
for a ``Decision``: which questions the candidate's new words answered, what they said to the
yes/no and number questions (when it is clear), and the turns to say next. The offline
interviewer (``offline_interviewer.py``, the default) decides by rules from the plan; the model
interviewer (``llm_interviewer.py``, with ``OPENAI_API_KEY``) asks the model and falls back to
the offline one on any failure. Both are plain functions of the context: nothing here touches
the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from heymilo_app.models import Speaker, TurnKind
from heymilo_app.services.conversation.knowledge import Entry


@dataclass(frozen=True)
class Asked:
    """A question of the stage, as the interviewer sees it."""

    id: int
    prompt: str
    # "open", "yes_no" or "number" (``QuestionKind`` values).
    kind: str = "open"
    # How many follow-ups it may have (0-3).
    follow_ups: int = 0
    # Its answer is checked by a dealbreaker rule: only a clear answer counts.
    dealbreaker: bool = False


@dataclass(frozen=True)
class Said:
    """A turn already in the conversation."""

    speaker: str
    kind: str
    text: str
    question_id: int | None = None
    covers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Context:
    """Everything an interviewer may use to decide the next turn."""

    language: str
    company: str
    job_title: str
    questions: tuple[Asked, ...]
    # The stage's rubric criteria (name, description, anchors), as stored.
    criteria: tuple[dict[str, Any], ...] = ()
    turns: tuple[Said, ...] = ()
    # The candidate's new words (a burst of texts read together); "" when none.
    new_text: str = ""
    knowledge: tuple[Entry, ...] = ()
    # The stage's opening message, filled in, said before the first question.
    opening: str = ""
    # A long gap since the last turn: start with a one-line recap.
    recap: bool = False


@dataclass(frozen=True)
class Reply:
    """One interviewer turn to store and say."""

    kind: str
    text: str
    question_id: int | None = None
    knowledge_item_id: int | None = None


@dataclass(frozen=True)
class Decision:
    """What the interviewer made of the candidate's words, and what it says next."""

    replies: tuple[Reply, ...]
    # The questions the new words answered.
    covers: tuple[int, ...] = ()
    # Clear answers to yes/no and number questions, by question id ("yes", "no", "3").
    values: dict[int, str] = field(default_factory=dict)
    # The candidate's questions the knowledge base could not answer (for the recruiter).
    deferred: tuple[str, ...] = ()
    # Every question is answered: the stage is over after these replies.
    ends: bool = False
    # Which engine decided ("offline", the model's name, or "offline (fallback)").
    engine: str = "offline"


class Interviewer(Protocol):
    """An engine that decides the next turn."""

    name: str

    def decide(self, context: Context) -> Decision:
        """Decide the next turn.

        Args:
            context: The conversation so far and the candidate's new words.

        Returns:
            The decision.
        """
        ...


@dataclass
class QuestionState:
    """Where one question stands in the conversation."""

    question: Asked
    asked: bool = False
    answered: bool = False
    follow_ups: int = 0
    clarifications: int = 0
    answers: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """Which questions are asked, answered and followed up, read from the turns."""

    states: dict[int, QuestionState]
    # The question the interviewer's last question-bearing turn waits on, if any.
    pending: int | None = None

    @classmethod
    def read(cls, questions: tuple[Asked, ...], turns: tuple[Said, ...]) -> Plan:
        """The plan the turns so far make.

        Args:
            questions: The stage's questions, in order.
            turns: The turns so far.

        Returns:
            The plan.
        """
        states = {q.id: QuestionState(q) for q in questions}
        pending = None
        for turn in turns:
            if turn.speaker == Speaker.INTERVIEWER and turn.question_id in states:
                state = states[turn.question_id]
                if turn.kind in (TurnKind.QUESTION, TurnKind.FOLLOW_UP, TurnKind.CLARIFICATION):
                    state.asked = True
                    pending = turn.question_id
                state.follow_ups += turn.kind == TurnKind.FOLLOW_UP
                state.clarifications += turn.kind == TurnKind.CLARIFICATION
            elif turn.speaker == Speaker.CANDIDATE:
                for question_id in turn.covers:
                    if question_id in states:
                        states[question_id].answered = True
                        states[question_id].answers.append(turn.text)
        return cls(states=states, pending=pending)

    def next_question(self, *, after: set[int] = frozenset()) -> Asked | None:
        """The first question not answered yet (nor in ``after``, answered just now).

        Args:
            after: Question ids answered by the words being read.

        Returns:
            The question, or None when all are answered.
        """
        for state in self.states.values():
            if not state.answered and state.question.id not in after:
                return state.question
        return None

    def done(self) -> int:
        """How many questions are answered."""
        return sum(state.answered for state in self.states.values())
