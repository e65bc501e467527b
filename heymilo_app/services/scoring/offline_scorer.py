"""The offline scoring engine: deterministic lexical scoring, no model and no network.

``OfflineScorer`` is honestly lexical: it matches the words of each criterion and of the job's
requirements against the candidate's own words, and quotes the sentence that matched best,
verbatim. The same material always gets the same score. It is the default when no model is
configured (``scoring.get_scorer``).
"""

from __future__ import annotations

import math
import re

from heymilo_app.services.scoring import scoring

OFFLINE_SCORER = "offline-lexical-v1"

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each etc every few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just like look looks many may me might more most much must my no nor not now of off
    on once one only or other others our ours out over own per same she should so some such than
    that the their theirs them then there these they this those through to too under until up
    upon us very via was we well were what when where which while who whom why will with within
    without would you your yours able across including include includes plus
    strong good great ideal ideally candidate candidates role job required requirement
    requirements preferred nice need needs
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")
SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s|$)|$)")


def _stem(word: str) -> str:
    """A deliberately small suffix stripper, so 'solving' and 'solve' meet."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _keywords(text: str) -> set[str]:
    return {
        _stem(word)
        for word in _words(text)
        if len(word) >= 2 and word not in STOPWORDS and not word.isdigit()
    }


def _sentences(text: str) -> list[str]:
    """Sentences and lines of a text, each a verbatim substring of it."""
    found = []
    for line in text.splitlines():
        for match in SENTENCE.finditer(line):
            sentence = match.group().strip().lstrip("-*•·> ").strip()
            if sentence:
                found.append(sentence)
    return found


class OfflineScorer:
    """Deterministic lexical scoring, with no model and no network.

    For each criterion, keywords come from its name and its description of a 5 (counting
    double) and from the job's requirements. The score (1-5) blends how many of them the
    candidate's answers and resume contain, how many the best-matching sentence contains, and
    how substantial the answers are: an empty answer scores 1, a very short one stays low. The
    evidence is that best sentence, copied verbatim; "" when no sentence matches at all. Screening
    facts are not used: this engine scores the candidate's own words only.
    """

    name = OFFLINE_SCORER

    def score(self, *, rubric: list[dict], material: scoring.Material) -> scoring.ScoreResult:
        """Score a stage's material against its rubric.

        Args:
            rubric: ``[{"name", "weight", "low", "high"}]``.
            material: What the candidate gave.

        Returns:
            The score (the same for the same input).
        """
        criteria = scoring.criteria_of(rubric)
        if not criteria:
            return scoring.empty_rubric_result(self.name, rubric)
        sentences = [s for text in material.candidate_texts() for s in _sentences(text)]
        sentence_keywords = [_keywords(s) for s in sentences]
        present = set().union(*sentence_keywords) if sentence_keywords else set()
        total_words = sum(len(_words(text)) for text in material.candidate_texts())
        substance = self._substance(material)
        requirement_keywords = _keywords(material.job_requirements)
        scored = []
        for criterion in criteria:
            own = _keywords(f"{criterion['name']} {criterion['high']}")
            job = requirement_keywords - own
            reachable = max(1, min(6, 2 * len(own) + len(job)))
            relevance = min((2 * len(own & present) + len(job & present)) / reachable, 1.0)
            best_hits, best = 0, ""
            for sentence, keywords in zip(sentences, sentence_keywords, strict=True):
                hits = 2 * len(own & keywords) + len(job & keywords)
                # The first of the best; on a tie the fuller sentence (a line that only
                # names a place matches "United States" but says little).
                if hits > best_hits or (
                    hits and hits == best_hits and len(keywords) > len(_keywords(best))
                ):
                    best_hits, best = hits, sentence
            focus = min(best_hits / 4, 1.0)
            raw = 0.45 * relevance + 0.2 * focus + 0.35 * substance
            value = 1 + math.floor(raw * 4 + 0.5)
            if total_words == 0:
                value = 1
            elif total_words < 8:
                value = min(value, 2)
            scored.append(
                scoring.CriterionScore(
                    name=criterion["name"],
                    weight=criterion["weight"],
                    score=max(1, min(5, value)),
                    evidence=scoring.clip_evidence(best) if best_hits else "",
                )
            )
        return scoring.ScoreResult(
            total=scoring.weighted_total(scored),
            criteria=scored,
            summary=self._summary(scored, material, total_words),
            scorer=self.name,
            rubric_version=scoring.rubric_version(rubric),
        )

    @staticmethod
    def _substance(material: scoring.Material) -> float:
        """0..1: how full the answers (about 30 words each) and the resume (about 120) are."""
        parts = []
        if material.answers:
            parts.append(
                sum(min(len(_words(a)) / 30, 1.0) for _, a in material.answers)
                / len(material.answers)
            )
        if material.resume_text.strip():
            parts.append(min(len(_words(material.resume_text)) / 120, 1.0))
        return sum(parts) / len(parts) if parts else 0.0

    @staticmethod
    def _summary(
        scored: list[scoring.CriterionScore], material: scoring.Material, total_words: int
    ) -> str:
        if total_words == 0:
            return "Nothing was answered, so every criterion scored 1/5."
        parts = [scoring.summary_from_scores(scored)]
        if material.answers:
            answered = sum(1 for _, answer in material.answers if answer.strip())
            parts.append(f"{answered} of {len(material.answers)} questions answered.")
        parts.append(
            "Scored offline by matching the rubric's and the job's keywords in the "
            "candidate's own words."
        )
        return " ".join(parts)
