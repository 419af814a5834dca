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
from interview_coach.parse.questions import asks, bold_lead, is_labelled, reads_as_exam_prompt, strip_markup

SHAPES = ("heading", "bold", "list", "label", "table", "card", "details")
MIN_REPEATS = 2  # one bold question is a sentence; two in one file are a way of writing
# Prompts without a "?" ("Explain beam search", "Reverse a linked list [Easy]") with an answer under each are
# weaker evidence one by one: three of one shape make it the document's way of writing questions.
MIN_PROMPTS = 3

_FRONT_MATTER_KEY = re.compile(r"coach-questions\s*:\s*['\"]?([a-z]+)['\"]?\s*$", re.IGNORECASE)


@dataclass
class Evidence:
    """Strong candidates per shape, and the heading levels whose headings ask questions."""

    counts: Counter[str] = field(default_factory=Counter)
    heading_levels: Counter[int] = field(default_factory=Counter)
    prompt_levels: Counter[int] = field(default_factory=Counter)  # answered prompt headings per level
    forced: str = ""  # the user's override, when given
    entry_level: int = 0  # a Q&A document whose entries are topic headings ("### Cross Validation") at this level
    leaves: set[int] = field(default_factory=set)  # indexes of headings with a body and no sub-headings

    def relaxed(self, shape: str) -> bool:
        if self.forced:
            return shape == self.forced
        return self.counts[shape] >= MIN_REPEATS or self._prompts_mark(shape)

    def relaxed_level(self, level: int) -> bool:
        if self.forced:
            return self.forced == "heading"
        # headings ask questions in this file, and at this level (mixed syntaxes put them at different levels)
        asked = self.counts["heading"] >= MIN_REPEATS and self.heading_levels[level] >= 1
        return asked or (self.prompt_levels[level] >= MIN_PROMPTS and self._prompts_mark("heading"))

    def _prompts_mark(self, shape: str) -> bool:
        """Prompts of this shape are the questions when they repeat and nothing in the document marks questions
        more plainly: "## 1. Build a translation system" over a "**Question**: …" line is a section, the label
        asks; "### Explain boosting" over a list of "…?" entries is a topic."""
        if self.counts[shape + "_prompt"] < MIN_PROMPTS:
            return False
        return sum(self.counts[plain] for plain in (*SHAPES, "quote", "list_bare")) < MIN_REPEATS

    def allows(self, shape: str) -> bool:
        """Whether this shape may mark questions at all (everything, unless the user named one)."""
        return not self.forced or shape == self.forced or (self.forced == "label" and shape == "bold")


_QA_TITLE = re.compile(
    r"\b(?:q\s?&\s?a|questions?\s+(?:and\s+|&\s+)?answers?|faq|frequently asked questions)\b", re.IGNORECASE
)


def gather(blocks: list[Block], forced: str = "", cards: int = 0) -> Evidence:
    evidence = Evidence(forced=forced)
    evidence.counts["card"] = cards
    _count_shapes(blocks, evidence)
    evidence.leaves = _leaf_headings(blocks)
    evidence.entry_level = _entry_level(blocks, evidence)
    return evidence


def _leaf_headings(blocks: list[Block]) -> set[int]:
    leaves = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        nxt = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind == "heading"), len(blocks))
        body = any(b.kind != "hr" for b in blocks[i + 1 : nxt])
        if body and (nxt == len(blocks) or blocks[nxt].level <= block.level):
            leaves.add(i)
    return leaves


def _entry_level(blocks: list[Block], evidence: Evidence) -> int:
    """A document titled as questions and answers ("Data Science Question Answer") whose questions are not
    marked any other way: its entries are the headings of the level that most often holds a body of its own."""
    title = next((b.text for b in blocks if b.kind == "heading"), "")
    if not _QA_TITLE.search(strip_markup(title)):
        return 0
    per_level = Counter(blocks[i].level for i in evidence.leaves if blocks[i].text != title)
    if not per_level:
        return 0
    level, count = per_level.most_common(1)[0]
    strong = sum(evidence.counts.values())
    return level if count >= 3 and count >= 3 * strong else 0


def _count_shapes(blocks: list[Block], evidence: Evidence) -> None:
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            if "?" in block.text and asks(strip_markup(block.text)) and len(block.text.split()) >= 2:
                evidence.heading_levels[block.level] += 1
                evidence.counts["heading"] += 1
                if i + 1 < len(blocks) and blocks[i + 1].kind == "quote":
                    evidence.counts["quote"] += 1  # answered in a blockquote
            elif _answered(blocks, i) and reads_as_exam_prompt(strip_markup(block.text)):
                evidence.prompt_levels[block.level] += 1
                evidence.counts["heading_prompt"] += 1
        elif block.kind == "paragraph":
            first = block.text[:600].split("\n", 1)[0]
            head = first[:1]  # cheap tests first: most paragraphs are prose
            lead = bold_lead(first) if head in "*_" else None
            if lead and "?" in lead[0] and asks(strip_markup(lead[0])):
                evidence.counts["bold"] += 1
            elif head in "*_QqIi" and is_labelled(first):
                evidence.counts["label"] += 1
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is not None and nxt.kind == "quote" and "\n" not in block.text and asks(block.text):
                evidence.counts["quote"] += 1
        elif block.kind == "html" and "<summary" in block.text.lower():
            evidence.counts["details"] += 1
        elif block.kind == "table" and len(block.rows) > 1:
            evidence.counts["table"] += len(block.rows) - 1
        elif block.kind == "list":
            for entry in block.entries:
                lead_line = entry.lead_text.split("\n", 1)[0]
                if "?" in lead_line and asks(strip_markup(lead_line)) and len(lead_line.split()) >= 3:
                    # answered under the entry, or a bare list of questions
                    evidence.counts["list" if entry.line_end > entry.lead_start else "list_bare"] += 1
                elif entry.line_end > entry.lead_start and "?" not in lead_line and reads_as_exam_prompt(lead_line):
                    evidence.counts["list_prompt"] += 1


def _answered(blocks: list[Block], i: int) -> bool:
    """The heading has content of its own before the next heading (a sub-heading does not count)."""
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    return nxt is not None and nxt.kind not in ("heading", "hr")


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
