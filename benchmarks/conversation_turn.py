"""Interviewer turn figures: the offline engine's decision time, and what the app adds to a model.

1. Offline: plays N conversations of a four-question text interview (thin answers followed up,
   a hedged dealbreaker clarified, a knowledge-base question, an answer given early) through
   the offline interviewer, timing every decision. The embedding engine is warmed first (its
   load is once per process) and runs with EMBEDDING_THREADS threads.
2. Model: the same turns through the model interviewer and the real openai SDK against a local
   OpenAI-protocol server that answers each request after a fixed 300 ms; prints the app's
   overhead (the turn's time minus 300 ms).

Usage: .venv/bin/python benchmarks/conversation_turn.py [N]
(targets: offline p95 under 20 ms; the app adds under 50 ms at p95 to a 300 ms model)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heymilo_app.models import Speaker, TurnKind
from heymilo_app.providers.embeddings import get_embedder
from heymilo_app.providers.llm import OpenAICompatibleLLM
from heymilo_app.services.conversation.interviewer import Asked, Context, Said
from heymilo_app.services.conversation.knowledge import Entry
from heymilo_app.services.conversation.llm_interviewer import ModelInterviewer
from heymilo_app.services.conversation.offline_interviewer import (
    OfflineInterviewer,
)
from heymilo_app.services.stages import rubrics
from tests.fakes.openai_server import FakeOpenAI

QUESTIONS = (
    Asked(1, "Tell me about a time you calmed down an upset customer.", follow_ups=2),
    Asked(2, "Are you available to work weekends?", "yes_no", dealbreaker=True),
    Asked(3, "Which ticketing tools have you used, and for what?", follow_ups=1),
    Asked(4, "How many years of support experience do you have?", "number"),
)
KNOWLEDGE = (
    Entry(1, "Is the job remote?", "The role is hybrid: three days a week in the Austin office."),
    Entry(2, "What is the salary?", "The pay range is $52,000-$60,000 a year."),
    Entry(3, "What are the hours?", "Shifts are 8am-5pm or 11am-8pm, Monday to Friday."),
)


def script(n: int) -> list[str]:
    """The candidate's texts of conversation ``n`` (varied so no cache holds every answer)."""
    return [
        f"Is this remote? A customer {n} was angry.",
        f"Order {n} was lost before a wedding; I found it with the courier and sent it express.",
        "She left a five star review and ordered again the next month, which we all celebrated.",
        "I think so?",
        "Yes",
        f"Zendesk for {n % 7 + 2} years, Jira for escalations. Freshdesk at my first job.",
        f"{n % 9 + 1}",
    ]


def play(interviewer, n: int) -> list[float]:
    """One conversation; the seconds of each decision."""
    turns: list[Said] = []
    times = []
    for text in ["", *script(n)]:
        context = Context(
            language="en",
            company="Acme",
            job_title="Support Specialist",
            questions=QUESTIONS,
            criteria=rubrics.SMS,
            turns=tuple(turns),
            new_text=text,
            knowledge=KNOWLEDGE,
        )
        started = time.perf_counter()
        decision = interviewer.decide(context)
        times.append(time.perf_counter() - started)
        if text:
            turns.append(Said(Speaker.CANDIDATE, TurnKind.ANSWER, text, covers=decision.covers))
        for reply in decision.replies:
            turns.append(Said(Speaker.INTERVIEWER, reply.kind, reply.text, reply.question_id))
        if decision.ends:
            break
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    engine = get_embedder()
    started = time.perf_counter()
    if engine is not None:
        engine.queries(["warm up"])
    print(
        f"embedding engine: {engine.name if engine else 'off'}, loaded in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    offline = [t for n in range(count) for t in play(OfflineInterviewer(), n)]
    print(
        f"offline: {len(offline)} turns, p50 {percentile(offline, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(offline, 0.95) * 1000:.1f} ms, max {max(offline) * 1000:.1f} ms "
        "(target p95 < 20 ms)"
    )
    server = FakeOpenAI()
    try:
        model_times = []
        llm = OpenAICompatibleLLM(api_key="sk-bench", model="bench", base_url=server.base_url)
        interviewer = ModelInterviewer(llm, timeout=5)
        for n in range(max(3, count // 4)):
            for _ in range(10):
                server.reply_json(
                    {
                        "covers": [],
                        "replies": [{"kind": "question", "question_id": 1, "text": "?"}],
                    },
                    delay=0.3,
                )
            model_times.extend(play(interviewer, n)[:6])
        overhead = [t - 0.3 for t in model_times]
        print(
            f"model (300 ms server): {len(overhead)} turns, app overhead p50 "
            f"{statistics.median(overhead) * 1000:.1f} ms, p95 "
            f"{percentile(overhead, 0.95) * 1000:.1f} ms (target p95 < 50 ms)"
        )
    finally:
        server.close()


if __name__ == "__main__":
    main()
