"""Reading what a candidate wrote: a yes or a no, a number, a hedge, a question of theirs.

Plain rules over the five candidate languages, deterministic and conservative: a reply is a
clear "yes" only when it says so without a hedge ("I think so?" is not clear), a number only
when one number stands in it. Nothing here guesses: what is not clear is ``None``, and the
interviewer asks once more instead of deciding.
"""

from __future__ import annotations

import re

from heymilo_app.services.common.retrieval import sentences, words

YES = {
    "yes", "y", "yeah", "yep", "yup", "sure", "correct", "absolutely", "definitely", "of course",
    "si", "claro", "por supuesto", "oui", "bien sur", "ja", "jawohl", "natuerlich", "naturlich",
    "sim", "claro que sim", "certo",
}  # fmt: skip
NO = {
    "no", "n", "nope", "nah", "not really", "never", "non", "nein", "nao", "de jeito nenhum",
    "pas du tout", "para nada", "keineswegs",
}  # fmt: skip
HEDGES = {
    "think", "maybe", "perhaps", "probably", "possibly", "guess", "not sure", "unsure",
    "depends", "kind of", "sort of", "hopefully", "might", "quizas", "quiza", "tal vez",
    "creo", "depende", "peut-etre", "je crois", "ca depend", "vielleicht", "glaube",
    "kommt darauf an", "talvez", "acho", "nao sei", "no se", "je ne sais pas", "weiss nicht",
}  # fmt: skip
# Words a candidate's own question starts with, in the five languages.
ASKING = {
    "is", "are", "do", "does", "did", "can", "could", "will", "would", "what", "when", "where",
    "who", "why", "how", "which", "should", "may", "es", "hay", "que", "cuando", "donde",
    "como", "cual", "cuanto", "cuanta", "puedo", "se", "est-ce", "quel", "quelle", "quand",
    "ou", "comment", "combien", "pourquoi", "ist", "gibt", "wie", "was", "wann", "wo",
    "welche", "welcher", "kann", "muss", "wird", "e", "qual", "quanto", "quando", "onde",
    "posso", "tem", "ha",
}  # fmt: skip
NUMBER_WORDS = {
    "zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "un": 1, "une": 1, "deux": 2, "trois": 3,
    "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "eins": 1, "ein": 1,
    "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "fuenf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "um": 1, "uma": 1, "duas": 2, "quatro": 4, "sete": 7,
    "oito": 8, "nove": 9, "dez": 10,
}  # fmt: skip
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")


def _phrases(text: str) -> list[str]:
    """The folded words of a text, and its runs of two and three words."""
    tokens = words(text)
    return tokens + [" ".join(tokens[i : i + n]) for n in (2, 3) for i in range(len(tokens))]


def _hedge_words(text: str) -> bool:
    return any(p in HEDGES for p in _phrases(text))


def hedged(text: str) -> bool:
    """Whether a reply hedges ("I think so?", "maybe", "not sure").

    Args:
        text: The reply.

    Returns:
        True when it hedges, or ends in a question mark.
    """
    return text.strip().endswith("?") or _hedge_words(text)


def yes_or_no(text: str) -> str | None:
    """A clear "yes" or "no", or None (a hedge, both, neither).

    Args:
        text: The reply.

    Returns:
        "yes", "no" or None.
    """
    if hedged(text):
        return None
    found = set(_phrases(text))
    said_yes, said_no = bool(found & YES), bool(found & NO)
    if said_yes == said_no:
        return None
    return "yes" if said_yes else "no"


def number(text: str) -> float | None:
    """The one number a reply gives ("3", "about 3 years", "three"), or None.

    Args:
        text: The reply.

    Returns:
        The number, or None when there is none, several, or a hedge.
    """
    if hedged(text):
        return None
    digits = [float(m.group().replace(",", ".")) for m in _NUMBER.finditer(text)]
    spelled = [float(NUMBER_WORDS[w]) for w in words(text) if w in NUMBER_WORDS]
    found = digits or spelled
    if len(set(found)) != 1:
        return None
    return found[0]


def empty(text: str) -> bool:
    """Whether a reply holds no words at all (blank, emoji, punctuation).

    Args:
        text: The reply.

    Returns:
        True when it has no letter or digit.
    """
    return not words(text)


def questions_asked(text: str) -> list[str]:
    """The candidate's own questions in a reply ("Is this remote?"), verbatim.

    Args:
        text: The reply.

    Returns:
        Each sentence that ends in a question mark, unless it only hedges an answer.
    """
    found = []
    for sentence in sentences(text):
        tokens = words(sentence)
        if not tokens or not sentence.rstrip().endswith("?"):
            continue
        # "I think so?" hedges an answer; "Yes?" is an unsure answer, not a question.
        if set(tokens) <= YES | NO or (tokens[0] not in ASKING and _hedge_words(sentence)):
            continue
        found.append(sentence)
    return found


def without(text: str, parts: list[str]) -> str:
    """A reply with some of its sentences taken out (what is left is the answer).

    Args:
        text: The reply.
        parts: Sentences of it to remove.

    Returns:
        The rest, trimmed.
    """
    rest = text
    for part in parts:
        rest = rest.replace(part, " ", 1)
    return " ".join(rest.split())


def words_in(text: str) -> list[str]:
    """The words of a reply (see ``retrieval.words``).

    Args:
        text: The reply.

    Returns:
        Its folded words.
    """
    return words(text)
