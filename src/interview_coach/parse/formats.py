"""Which block shape marks this document's questions, from evidence across the whole document.

A shape counts as the document's question format when it repeats with clear questions (ending in "?", or
labelled "Q:"): headings at one level, bold-led paragraphs, list entries, question lines over a blockquote.
Where a shape is the format, weaker candidates of that same shape — imperatives ("Explain beam search"),
comparisons ("Bagging vs boosting") — are read as questions too; elsewhere they stay prose.
The user can name the shape instead (`--questions`, or `coach-questions:` in front matter).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from interview_coach.parse.blocks import Block
from interview_coach.parse.questions import asks, bold_lead, is_strong_question_line, strip_markup

SHAPES = ("heading", "bold", "list", "label", "table", "card", "details")
MIN_REPEATS = 2  # one bold question is a sentence; two in one file are a way of writing

_FRONT_MATTER_KEY = re.compile(r"coach-questions\s*:\s*['\"]?([a-z]+)['\"]?\s*$", re.IGNORECASE)


@dataclass
class Evidence:
    """Strong candidates per shape, and the heading levels whose headings ask questions."""

    counts: Counter[str] = field(default_factory=Counter)
    heading_levels: Counter[int] = field(default_factory=Counter)
    forced: str = ""  # the user's override, when given

    def relaxed(self, shape: str) -> bool:
        if self.forced:
            return shape == self.forced
        return self.counts[shape] >= MIN_REPEATS

    def relaxed_level(self, level: int) -> bool:
        if self.forced:
            return self.forced == "heading"
        return self.heading_levels[level] >= MIN_REPEATS

    def allows(self, shape: str) -> bool:
        """Whether this shape may mark questions at all (everything, unless the user named one)."""
        return not self.forced or shape == self.forced or (self.forced == "label" and shape == "bold")


def gather(blocks: list[Block], forced: str = "") -> Evidence:
    evidence = Evidence(forced=forced)
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            if asks(strip_markup(block.text)) and len(block.text.split()) >= 2:
                evidence.heading_levels[block.level] += 1
                evidence.counts["heading"] += 1
        elif block.kind == "paragraph":
            first = block.text.split("\n", 1)[0]
            lead = bold_lead(first)
            if lead and asks(strip_markup(lead[0])):
                evidence.counts["bold"] += 1
            elif is_strong_question_line(first):
                evidence.counts["label"] += 1
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is not None and nxt.kind == "quote" and "\n" not in block.text and asks(block.text):
                evidence.counts["quote"] += 1
        elif block.kind == "list":
            for entry in block.entries:
                lead_line = entry.lead_text.split("\n", 1)[0]
                if asks(strip_markup(lead_line)) and len(lead_line.split()) >= 3:
                    # answered under the entry, or a bare list of questions
                    evidence.counts["list" if entry.line_end > entry.lead_start else "list_bare"] += 1
    return evidence


def front_matter_override(lines: list[str]) -> str:
    """`coach-questions: bold` in the file's front matter (between `---` lines at the very top)."""
    if not lines or lines[0].strip() != "---":
        return ""
    for line in lines[1:60]:
        if line.strip() in ("---", "..."):
            return ""
        match = _FRONT_MATTER_KEY.match(line.strip())
        if match and match.group(1).lower() in SHAPES:
            return match.group(1).lower()
    return ""


def front_matter_end(lines: list[str]) -> int:
    """Lines of YAML front matter at the top (0 when there is none): metadata, not notes."""
    if not lines or lines[0].strip() != "---":
        return 0
    for n, line in enumerate(lines[1:60], start=1):
        if line.strip() in ("---", "...") and n > 1:
            return n + 1
        if line.strip() and not re.match(r"[\w-]+\s*:|\s+\S|-\s", line):
            return 0
    return 0
