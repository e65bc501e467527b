"""The resume as screening reads it: lines, section headings, phrase matches and quotes.

``Resume`` keeps the text with its line boundaries and the kind of each section heading
(work, education, other), finds a recruiter's phrase on word boundaries with simple variants
(``phrase_pattern``), looks for patterns only around the keywords every match contains, and
quotes a verbatim line, sentence or window of at most ``MAX_EVIDENCE`` characters. The resume is
data: it is only searched with fixed, linear-time patterns, never interpreted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, count, islice
from operator import add

MAX_EVIDENCE = 240
# Matches of one pattern looked at: a bound for pathological text.
MAX_MATCHES = 300
DASHES = r"\-‐‑‒–—"  # for character classes
SEPARATORS = rf"[\s{DASHES}_/]"
_BULLET = " \t•·▪◦‣*>-–—"


class Resume:
    """The resume text with its line boundaries and headings, for quoting and section lookups.

    Line breaks are normalized to "\\n"; a quote never spans lines, so it stays a verbatim
    substring of the text as given.
    """

    def __init__(self, text: str):
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lowered = self.text.lower()
        # Lower-casing keeps positions (it does for nearly every text; not for "İ").
        self._aligned = len(self.lowered) == len(self.text)
        self.has_text = bool(re.search(r"\w", self.text))
        # Where each line starts.
        lengths = map(len, self.text.split("\n"))
        self.starts = [0, *map(add, accumulate(lengths), count(1))][:-1]
        # (position, kind) of each section heading, in order.
        self.headings = sorted(
            (match.start(), _heading_kind(match.group(1)))
            for match in self.near(_HEADING, _HEADING_KEYWORDS, reach=80)
        )
        self._heading_starts = [position for position, _ in self.headings]

    def line_index(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def line_bounds(self, position: int) -> tuple[int, int]:
        index = self.line_index(position)
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return start, end

    def section(self, position: int) -> str:
        """The kind of the section a position falls in: "education", "work", "other" or ""."""
        index = bisect.bisect_right(self._heading_starts, position) - 1
        return self.headings[index][1] if index >= 0 else ""

    def phrase_matches(self, phrase: str) -> Iterator[re.Match[str]]:
        """Matches of a phrase pattern, in order, tried only where its first word starts."""
        compiled = phrase_pattern(phrase)
        if compiled is None:
            return
        pattern, key = compiled
        if not self._aligned:
            yield from islice(pattern.finditer(self.text), MAX_MATCHES * 10)
            return
        position = self.lowered.find(key)
        tried = 0
        while position != -1 and tried < MAX_MATCHES * 10:
            tried += 1
            if match := pattern.match(self.text, position):
                yield match
                position = self.lowered.find(key, match.end())
            else:
                position = self.lowered.find(key, position + 1)

    def near(
        self, pattern: re.Pattern[str], keywords: tuple[str, ...], reach: int = 120
    ) -> Iterator[re.Match[str]]:
        """Matches of a pattern, looked for only around the keywords every match contains.

        Scanning a long text with a case-insensitive pattern costs milliseconds; finding a
        keyword costs microseconds. Each window reaches ``reach`` characters either side of a
        keyword, more than any match of the patterns this is used with.
        """
        if not self._aligned:
            yield from islice(pattern.finditer(self.text), MAX_MATCHES)
            return
        spots: list[int] = []
        for keyword in keywords:
            position, found = self.lowered.find(keyword), 0
            while position != -1 and found < MAX_MATCHES * 4:
                spots.append(position)
                position, found = self.lowered.find(keyword, position + 1), found + 1
        windows: list[list[int]] = []
        for spot in sorted(spots):
            start, end = max(0, spot - reach), min(len(self.text), spot + reach)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        seen: set[tuple[int, int]] = set()
        for start, end in windows:
            for match in pattern.finditer(self.text, start, end):
                if match.span() not in seen and len(seen) < MAX_MATCHES:
                    seen.add(match.span())
                    yield match

    def quote(self, start: int, end: int) -> str:
        """The line holding text[start:end], or its sentence, or a window: verbatim, <= 240."""
        line_start, line_end = self.line_bounds(start)
        if line_end - line_start <= MAX_EVIDENCE + 40:
            stripped = self.text[line_start:line_end].strip().lstrip(_BULLET).strip()
            if len(stripped) <= MAX_EVIDENCE:
                return stripped
        # The sentence around the match, looked for near it only (lines can be huge).
        near_start = max(line_start, start - MAX_EVIDENCE)
        left = near_start
        for boundary in _SENTENCE_GAP.finditer(self.text, near_start, start):
            left = boundary.end()
        right_match = _SENTENCE_END.search(self.text, end, min(line_end, end + MAX_EVIDENCE))
        if (left > near_start or near_start == line_start) and (
            right_match or line_end <= end + MAX_EVIDENCE
        ):
            right = right_match.end() if right_match else line_end
            sentence = self.text[left:right].strip()
            if len(sentence) <= MAX_EVIDENCE:
                return sentence
        # A window of whole words around the match.
        room = MAX_EVIDENCE - min(end - start, MAX_EVIDENCE)
        left = max(line_start, start - room // 2)
        right = min(line_end, left + MAX_EVIDENCE)
        left = max(line_start, right - MAX_EVIDENCE)
        window = self.text[left:right]
        if left > line_start and " " in window[: start - left]:
            window = window[window.index(" ") + 1 :]
        if right < line_end and " " in window[end - right :]:
            window = window[: window.rindex(" ")]
        return window.strip()


_SENTENCE_GAP = re.compile(r"(?<=[.!?;])\s+")
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)")
# A line that is only a section heading ("EXPERIENCE", "Education & Training:").
_HEADING = re.compile(
    r"^[ \t•·*#=_>-]*("
    r"(?:(?:professional|work|relevant|employment|career|academic|educational|technical|core|"
    r"key|additional|other|selected|volunteer|leadership|formal)[ \t]+)*"
    r"(?:education|academics?|background|history|experience|employment|certifications?|"
    r"certificates?|licen[cs]es|training|courses|coursework|qualifications|credentials|"
    r"projects|skills|summary|profile|objective|languages|interests|awards|honou?rs|"
    r"publications|references|achievements|contact|about[ \t]+me|volunteering)"
    r"(?:[ \t]+(?:and|&)[ \t]+[a-z]+){0,2}"
    r")[ \t:#=_-]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING_KEYWORDS = (
    "educat",
    "academ",
    "background",
    "histor",
    "experience",
    "employment",
    "certif",
    "licen",
    "training",
    "course",
    "qualif",
    "credential",
    "project",
    "skill",
    "summary",
    "profile",
    "objective",
    "language",
    "interest",
    "award",
    "hono",
    "publication",
    "reference",
    "achievement",
    "contact",
    "about",
    "volunteer",
)
_EDUCATION_HEADING = re.compile(r"educat|academ|certif|licen[cs]|training|course|credential|qualif")
_WORK_HEADING = re.compile(r"experience|employment|work|career|project|volunteer")


def _heading_kind(label: str) -> str:
    label = label.lower()
    if _WORK_HEADING.search(label):
        return "work"
    if _EDUCATION_HEADING.search(label):
        return "education"
    return "other"


@lru_cache(maxsize=1024)
def phrase_pattern(phrase: str) -> tuple[re.Pattern[str], str] | None:
    """A phrase on word boundaries, any case, hyphen/space/none between words, plural last word.

    Very short words ("Go", "R", "C") are matched in the case the recruiter wrote them, so the
    English word "go" does not count as the language.

    Args:
        phrase: A skill or place as the recruiter wrote it.

    Returns:
        The pattern, and a lower-case piece of text every match contains (a cheap pre-check).
    """
    words = [word for word in re.split(rf"{SEPARATORS}+", phrase.strip()) if word]
    if not words:
        return None
    # "PowerBI" also matches "Power BI", "HubSpot" also "Hub Spot".
    pieces = [re.split(r"(?<=[a-z])(?=[A-Z])", word) for word in words]
    parts = [f"{SEPARATORS}*".join(re.escape(piece) for piece in word) for word in pieces]
    last = words[-1]
    plural = True
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        parts[-1] = parts[-1][:-1] + "(?:s|es)?"
    elif re.search(r"[A-Za-z]$", last) and len(last) > 2:
        if re.search(r"[^aeiou]y$", last, re.IGNORECASE):
            parts[-1] = parts[-1][:-1] + "(?:y|ies)"
        else:
            parts[-1] += "(?:s|es)?"
    else:
        plural = False
    key = pieces[0][0]
    if plural and len(pieces) == 1 and len(pieces[0]) == 1:
        key = key[:-1]
    body = f"{SEPARATORS}*".join(parts)
    flags = 0 if len(words) == 1 and len(words[0]) <= 2 else re.IGNORECASE
    return re.compile(rf"(?<![\w+#]){body}(?![\w+#])", flags), key.lower()
