"""Stage 2: repaired notes text → practice items and structured notes. Pure: text in, data out."""

from __future__ import annotations

import re
from collections import Counter

from interview_coach.parse.blocks import parse_blocks
from interview_coach.parse.cards import read_cards
from interview_coach.parse.classify import classify
from interview_coach.parse.extract import extract_items, heading_title
from interview_coach.parse.formats import SHAPES, front_matter_end, front_matter_override, gather
from interview_coach.parse.model import ParsedDocument, ParsedItem, ParsedNote, Star
from interview_coach.parse.notes import extract_notes
from interview_coach.parse.star import parse_star

__all__ = ["PARSE_FORMAT", "SHAPES", "ParsedDocument", "ParsedItem", "ParsedNote", "Star", "parse_document"]

# Bump when the same text parses into different items or notes, so `coach import` re-reads unchanged files once.
PARSE_FORMAT = 3  # 3: question formats inferred per document (cards, admonitions, bold, lists, quotes…)


_LINE_BREAK = re.compile(r"\r\n?")


def parse_document(text: str, questions: str | None = None) -> ParsedDocument:
    """Items and notes of one notes file. `questions` names the shape that marks its questions (one of
    formats.SHAPES) when the user knows better than the inference; `coach-questions:` in front matter does too."""
    text = _LINE_BREAK.sub("\n", text)  # a lone \r ends a line, as markdown (and most editors) read it
    lines = text.split("\n")
    forced = questions or front_matter_override(lines)
    if forced and forced not in SHAPES:
        raise ValueError(f"unknown question format {forced!r}: use one of {', '.join(SHAPES)}")
    top = front_matter_end(lines)  # YAML front matter is metadata: blanked, so line numbers stay
    blocks = parse_blocks("\n" * top + "\n".join(lines[top:]) if top else text)
    cards = read_cards(lines, text) if not forced or forced == "card" else []
    evidence = gather(blocks, forced, len(cards))
    items, claimed = extract_items(blocks, lines, cards, evidence)
    for item in items:
        # "#### Q: S – Situation:" puts the first STAR label in the question itself.
        item.star = parse_star(item.answer) or parse_star(f"{item.question}\n{item.answer}") if item.answer else None
        classify(item)
    notes = extract_notes(blocks, lines, claimed)
    title = next((heading_title(b.text) for b in blocks if b.kind == "heading"), "")
    formats = [shape for shape, _ in Counter(item.shape or "other" for item in items).most_common()]
    return ParsedDocument(title, items, notes, len(lines), formats)
