"""A reference answer → the key points a grader looks for, and its key terms.

Markdown-aware: list entries and numbered steps are points, table rows are points, prose is split into sentences,
a fenced "Ideal Answer" block is read as prose. Key terms are what an interviewer listens for: bold and code spans,
acronyms, hyphenated and technical words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_coach.parse.lines import BULLET, FENCE, TABLE_RULE, table_cells

_HEADING = re.compile(r"^\s*#{1,6}\s+")
_LABEL = re.compile(r"^\s*(?:\*\*|__)?[A-Z][\w /-]{0,30}:(?:\*\*|__)?\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"“])")
_MARKUP = re.compile(r"(\*\*|__|`|\*|_(?=\w)|(?<=\w)_)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_STRONG_SPAN = re.compile(r"(?:\*\*|__)(.+?)(?:\*\*|__)")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")
_HYPHENATED = re.compile(r"\b[a-zA-Z]+(?:-[a-zA-Z0-9]+)+\b")
MIN_POINT_WORDS = 3


@dataclass(frozen=True)
class KeyPoint:
    text: str  # plain text, markup removed
    source: str  # bullet | row | sentence


def plain(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    return " ".join(_MARKUP.sub("", text).split())


def key_points(reference: str) -> list[KeyPoint]:
    points: list[KeyPoint] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            points.extend(KeyPoint(s, "sentence") for s in split_sentences(" ".join(prose)))
            prose.clear()

    for line in reference.splitlines():
        stripped = line.strip()
        if not stripped or FENCE.match(line) or TABLE_RULE.match(line) or _HEADING.match(line):
            flush()
            continue
        if _LABEL.match(line):  # "**Ideal Answer:**", "Short version:"
            flush()
            continue
        if stripped.startswith("|"):
            flush()
            cells = [plain(cell) for cell in table_cells(stripped)]
            if cells:
                points.append(KeyPoint(" — ".join(cells), "row"))
            continue
        bullet = BULLET.match(line)
        if not bullet and line[:1] in (" ", "\t") and points and points[-1].source == "bullet" and not prose:
            points[-1] = KeyPoint(f"{points[-1].text} {plain(stripped)}", "bullet")  # a bullet's wrapped line
            continue
        if bullet:
            flush()
            points.extend(KeyPoint(s, "bullet") for s in split_sentences(plain(line[bullet.end() :])))
            continue
        prose.append(plain(stripped.lstrip("> ")))
    flush()
    return _merge_short(points)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _merge_short(points: list[KeyPoint]) -> list[KeyPoint]:
    """A two-word fragment ("Yes.") is not a point of its own: it joins its neighbour."""
    merged: list[KeyPoint] = []
    for point in points:
        if merged and len(point.text.split()) < MIN_POINT_WORDS and merged[-1].source == point.source:
            merged[-1] = KeyPoint(f"{merged[-1].text} {point.text}", point.source)
        else:
            merged.append(point)
    if len(merged) > 1 and len(merged[0].text.split()) < MIN_POINT_WORDS:
        merged[1] = KeyPoint(f"{merged[0].text} {merged[1].text}", merged[1].source)
        merged.pop(0)
    return merged


def key_terms(reference: str, question: str = "") -> list[str]:
    """Terms a grader listens for, in order of appearance: emphasised spans, acronyms, hyphenated words."""
    found: list[str] = []
    for pattern in (_STRONG_SPAN, _CODE_SPAN):
        found += [m.group(1).strip() for m in pattern.finditer(reference)]
    text = plain(reference)
    found += [m.group(0) for m in _ACRONYM.finditer(text)]
    found += [m.group(0) for m in _HYPHENATED.finditer(text)]
    asked = question.lower()
    terms: list[str] = []
    for term in found:
        clean = term.strip(" .,:;")
        if 1 < len(clean) <= 40 and clean.lower() not in asked and clean.lower() not in (t.lower() for t in terms):
            terms.append(clean)
    return terms[:12]
