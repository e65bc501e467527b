"""Finding the passages that fit a query: by meaning, and by the exact words they share.

Two signals, combined: the cosine of sentence embeddings (``providers/embeddings``; it reads
the five candidate languages into one space, so "Atendí a clientes" fits "customer support"),
and BM25 over the words (``rank-bm25``), which keeps exact terms (a tool's name, a
certification) from being drowned by paraphrase. With embeddings off, words alone rank, and
``Match.meaning`` is 0.

Everything here is deterministic for a given engine: the same query and passages give the
same ranking, ties broken by the passage's position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

from heymilo_app.providers.embeddings import Embedder, get_embedder

# e5's cosines between unrelated and closely related sentences fall roughly in 0.70-0.92;
# this maps that band onto 0..1 so it can be added to a word score.
COSINE_FLOOR = 0.72
COSINE_CEILING = 0.90
# How much the word overlap counts against the meaning (with embeddings on).
WORD_WEIGHT = 0.3

_WORD = re.compile(r"[^\W_][\w+#]*", re.UNICODE)
_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s|$)|$)")


@dataclass(frozen=True)
class Match:
    """How well one passage fits a query.

    Attributes:
        index: The passage's position in the list given.
        score: The combined fit, 0..1.
        meaning: The embedding similarity mapped to 0..1 (0 with embeddings off).
        words: The BM25 score of shared words relative to the best passage's, 0..1.
    """

    index: int
    score: float
    meaning: float
    words: float


def fold(text: str) -> str:
    """Lower case without accents, so "Español" and "espanol" are one word.

    Args:
        text: Any text.

    Returns:
        The folded text.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text, folded (see ``fold``).

    Args:
        text: Any text.

    Returns:
        Its words, in order.
    """
    return _WORD.findall(fold(text))


def sentences(text: str) -> list[str]:
    """The sentences and lines of a text, each a verbatim substring of it (quotable).

    Args:
        text: Any text.

    Returns:
        Non-empty sentences, in order, with list bullets removed.
    """
    found = []
    for line in text.splitlines():
        for match in _SENTENCE.finditer(line):
            sentence = match.group().strip().lstrip("-*•·> ").strip()
            if sentence:
                found.append(sentence)
    return found


def meaning_scale(cosine: np.ndarray | float) -> np.ndarray:
    """Map e5 cosines onto 0..1 (see ``COSINE_FLOOR``).

    Args:
        cosine: One cosine or an array of them.

    Returns:
        The mapped values, clipped to 0..1.
    """
    return np.clip((np.asarray(cosine) - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR), 0, 1)


def _word_scores(queries: Sequence[str], passages: Sequence[str]) -> np.ndarray:
    tokenized = [words(p) for p in passages]
    if not any(tokenized):
        return np.zeros(len(passages))
    # BM25 needs at least one token per document; an empty passage can never match.
    bm25 = BM25Okapi([tokens or ["\x00"] for tokens in tokenized])
    best = np.zeros(len(passages))
    for query in queries:
        raw = np.maximum(np.asarray(bm25.get_scores(words(query)), dtype=float), 0)
        # Relative to a perfect self-match would be ideal; relative to the best passage keeps
        # the scale the same whatever the query's length. A query sharing nothing scores 0.
        top = raw.max()
        if top > 0:
            best = np.maximum(best, raw / top)
    return best


def rank(
    queries: Sequence[str] | str,
    passages: Sequence[str],
    *,
    embedder: Embedder | None = None,
    use_embeddings: bool = True,
) -> list[Match]:
    """Rank passages by how well they fit the best-fitting of several queries.

    Several queries describe one need in different words (a criterion's name and what a 5
    looks like); each passage takes its best fit over them.

    Args:
        queries: One query or several.
        passages: The texts to rank.
        embedder: The engine (default: the process's, ``get_embedder()``).
        use_embeddings: False ranks by words alone.

    Returns:
        A ``Match`` per passage, best first (ties: earlier passage first).
    """
    if isinstance(queries, str):
        queries = [queries]
    queries = [q for q in queries if q.strip()]
    if not passages:
        return []
    word_fit = _word_scores(queries, passages) if queries else np.zeros(len(passages))
    engine = (embedder or get_embedder()) if use_embeddings else None
    if engine is not None and queries:
        similarity = engine.passages(passages) @ engine.queries(queries).T
        meaning = meaning_scale(similarity.max(axis=1))
        combined = (1 - WORD_WEIGHT) * meaning + WORD_WEIGHT * word_fit
    else:
        meaning = np.zeros(len(passages))
        combined = word_fit
    order = sorted(range(len(passages)), key=lambda i: (-round(float(combined[i]), 9), i))
    return [
        Match(
            index=i,
            score=float(combined[i]),
            meaning=float(meaning[i]),
            words=float(word_fit[i]),
        )
        for i in order
    ]
