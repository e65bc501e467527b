"""Answering a candidate's own question from the organization's knowledge base, or not at all.

The interviewer never makes up company facts: it answers only with an entry the recruiter
wrote, quoting the entry's answer and naming which entry it used, and only when the entry's
own question means what the candidate asked (``CUT_OFF``: the cosine of the two questions'
embeddings; measured on a small knowledge base, comparing questions with questions separates
right from wrong entries far better than comparing a question with answers). Below it, the
question is passed to the recruiter: a deferral costs a day, a made-up fact costs trust.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from heymilo_app.providers.embeddings import get_embedder
from heymilo_app.services.common import retrieval

# The cosine between the candidate's question and an entry's question needed to answer.
CUT_OFF = 0.88
# With embeddings off, the share of the question's content words the entry must hold.
WORDS_CUT_OFF = 0.6
_FILLER = {
    "is", "are", "the", "a", "an", "this", "that", "it", "do", "does", "what", "how", "i",
    "you", "we", "there", "of", "to", "for", "in", "on", "be", "can", "will", "my", "your",
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """A knowledge-base entry, as the interviewer may use it."""

    id: int
    question: str
    answer: str


@dataclass(frozen=True)
class Found:
    """The entry that answers a question, and how well it fits."""

    entry: Entry
    fit: float


def _content_words(text: str) -> set[str]:
    return {w for w in retrieval.words(text) if w not in _FILLER and len(w) > 1}


def find(question: str, entries: Sequence[Entry], *, use_embeddings: bool = True) -> Found | None:
    """The entry that answers a candidate's question, or None (pass it to the recruiter).

    Args:
        question: What the candidate asked.
        entries: The organization's entries.
        use_embeddings: False matches by words alone (stricter).

    Returns:
        The best entry when it fits well enough, else None.
    """
    if not entries or not retrieval.words(question):
        return None
    engine = get_embedder() if use_embeddings else None
    if engine is not None:
        similarity = engine.queries([e.question for e in entries]) @ engine.queries([question])[0]
        best = int(np.argmax(similarity))
        fit = float(similarity[best])
        return Found(entries[best], fit) if fit >= CUT_OFF else None
    asked = _content_words(question)
    if not asked:
        return None
    shares = [len(asked & _content_words(f"{e.question} {e.answer}")) / len(asked) for e in entries]
    best = int(np.argmax(shares))
    return Found(entries[best], shares[best]) if shares[best] >= WORDS_CUT_OFF else None
