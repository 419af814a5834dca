"""Stage 2: repaired notes text → practice items and structured notes. Pure: text in, data out."""

from __future__ import annotations

from interview_coach.parse.blocks import parse_blocks
from interview_coach.parse.cards import read_cards
from interview_coach.parse.classify import classify
from interview_coach.parse.extract import extract_items, heading_title
from interview_coach.parse.model import ParsedDocument, ParsedItem, ParsedNote, Star
from interview_coach.parse.notes import extract_notes
from interview_coach.parse.star import parse_star

__all__ = ["PARSE_FORMAT", "ParsedDocument", "ParsedItem", "ParsedNote", "Star", "parse_document"]

# Bump when the same text parses into different items or notes, so `coach import` re-reads unchanged files once.
PARSE_FORMAT = 2  # 2: sections keep each line's file line


def parse_document(text: str) -> ParsedDocument:
    lines = text.split("\n")
    blocks = parse_blocks(text)
    items, claimed = extract_items(blocks, lines, read_cards(lines))
    for item in items:
        # "#### Q: S – Situation:" puts the first STAR label in the question itself.
        item.star = parse_star(item.answer) or parse_star(f"{item.question}\n{item.answer}") if item.answer else None
        classify(item)
    notes = extract_notes(blocks, lines, claimed)
    title = next((heading_title(b.text) for b in blocks if b.kind == "heading"), "")
    return ParsedDocument(title, items, notes, len(lines))
