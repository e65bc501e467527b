"""The offline embedding engine: meaning across languages, cached, and switched off by a setting."""

from __future__ import annotations

import numpy as np

from heymilo_app.providers import embeddings
from heymilo_app.settings import get_settings


def test_a_sentence_in_another_language_lands_nearest_the_meaning_it_shares() -> None:
    engine = embeddings.get_embedder()
    assert engine is not None
    query = engine.queries(["How many years did you help customers with their problems?"])[0]
    passages = engine.passages(
        [
            "Durante cinco años atendí a clientes por teléfono y resolví sus incidencias.",
            "Ich wandere gern in den Bergen.",
            "J'aime la cuisine italienne.",
        ]
    )
    similarity = passages @ query
    assert int(np.argmax(similarity)) == 0
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)


def test_the_same_text_gives_the_same_vector_from_the_cache() -> None:
    engine = embeddings.get_embedder()
    assert engine is not None
    first = engine.passages(["Resolved 40 tickets a day in Zendesk."])
    again = engine.passages(
        ["Resolved 40 tickets a day in Zendesk.", "Resolved 40 tickets a day in Zendesk."]
    )
    assert again.shape == (2, first.shape[1])
    assert np.array_equal(first[0], again[0]) and np.array_equal(again[0], again[1])
    assert engine.passages([]).shape[0] == 0


def test_the_setting_turns_the_engine_off(monkeypatch) -> None:
    monkeypatch.setenv("EMBEDDINGS", "false")
    get_settings.cache_clear()
    try:
        assert embeddings.get_embedder() is None
    finally:
        monkeypatch.delenv("EMBEDDINGS")
        get_settings.cache_clear()
