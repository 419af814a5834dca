"""STAR stories: find the Situation / Task / Action / Result parts however they are labelled."""

from __future__ import annotations

import re

from interview_coach.parse.model import Star

# "S – Situation:", "**Situation:**", "Situation:", "### Situation", "- **Task**:" …
_LABEL = re.compile(
    r"(?:[-*+]\s+|#{1,6}\s+|>\s*)?(?:\*\*|__)?\s?(?:[STAR]\s?[–—\-:.)]\s?)?"
    r"(situation|task|action|actions|result|results)\s?(?:\*\*|__)?\s?[:\-–—]?\s?(?:\*\*|__)?",
    re.IGNORECASE,
)
_PART = {
    "situation": "situation",
    "task": "task",
    "action": "action",
    "actions": "action",
    "result": "result",
    "results": "result",
}


def parse_star(text: str) -> Star | None:
    """The four parts when at least situation, action and result are labelled; otherwise None."""
    lowered = text.lower()
    if "situation" not in lowered or "action" not in lowered or "result" not in lowered:
        return None  # the three labels it needs are not there (most answers): skip the line-by-line read
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.split("\n"):
        # Matched on the stripped start of the line: a long whitespace run cannot make the pattern backtrack.
        head = line.lstrip()[:80]
        match = _LABEL.match(head)
        if match and _looks_like_label(head, match):
            current = _PART[match.group(1).lower()]
            rest = line.lstrip()[match.end() :].strip()
            parts.setdefault(current, [])
            if rest:
                parts[current].append(rest)
        elif current is not None:
            parts[current].append(line)
    if not {"situation", "action", "result"} <= parts.keys():
        return None
    return Star(*(_join(parts.get(name, [])) for name in ("situation", "task", "action", "result")))


def _looks_like_label(line: str, match: re.Match[str]) -> bool:
    """ "Situation: we had…" is a label; "Situational awareness matters" or "Task scheduling is…" is not."""
    head = line[: match.end()]
    return bool(re.search(r"[:\-–—*#]|\*\*", head)) or not line[match.end() :].strip()


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip()
