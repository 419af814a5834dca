"""Markdown line shapes, shared by the stages that read answer and note text line by line (grading's key points,
search's one-line passages)."""

from __future__ import annotations

import re

TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")  # | --- | :---: |
FENCE = re.compile(r"^\s*(```|~~~)")
BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")  # "- ", "* ", "1. ", "2) ", "- [x] "


def table_cells(row: str) -> list[str]:
    """The non-empty cells of a table row ("| a | b |" → ["a", "b"])."""
    return [cell.strip() for cell in row.strip().strip("|").split("|") if cell.strip()]
