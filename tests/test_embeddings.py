"""The offline embedding engine: meaning across languages, cached, and switched off by a setting."""

from __future__ import annotations

import numpy as np

from heymilo_app.providers import embeddings
from heymilo_app.services.common import retrieval
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


def test_ranking_finds_a_paraphrase_in_another_language_and_keeps_exact_terms() -> None:
    passages = [
        "Authorized to work in the US.",
        "Atendí a clientes por teléfono y correo durante cuatro años.",
        "Certified in ITIL 4 Foundation.",
        "I enjoy hiking and cooking.",
    ]
    by_meaning = retrieval.rank(["Experience helping customers with their problems"], passages)
    assert by_meaning[0].index == 1
    assert by_meaning[0].meaning > by_meaning[-1].meaning
    by_term = retrieval.rank("ITIL certification", passages)
    assert by_term[0].index == 2 and by_term[0].words == 1.0
    words_only = retrieval.rank("ITIL certification", passages, use_embeddings=False)
    assert words_only[0].index == 2 and all(m.meaning == 0 for m in words_only)
    assert words_only[-1].score == 0


def test_folding_makes_accented_and_plain_words_one() -> None:
    assert retrieval.words("Español, FRANÇAIS y Portugués") == [
        "espanol",
        "francais",
        "y",
        "portugues",
    ]
    assert retrieval.sentences("- Led a team. Shipped it!\n• Second line") == [
        "Led a team.",
        "Shipped it!",
        "Second line",
    ]
    assert retrieval.rank("anything", []) == []
