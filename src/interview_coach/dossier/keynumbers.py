"""The figures a document claims, each with its line: every quantity on every line of its sections and answers
(fenced code left out), with what it measures and the line as context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_coach.dossier.facets import plain
from interview_coach.dossier.numbers import Quantity, find_quantities
from interview_coach.dossier.outline import Outline


@dataclass(frozen=True)
class KeyNumber:
    quantity: Quantity
    path: str
    line: int
    context: str  # the line, as plain text

    @property
    def measure(self) -> str:
        return self.quantity.measure

    def as_dict(self) -> dict[str, Any]:
        q = self.quantity
        return {
            "value": q.value,
            "unit": q.unit,
            "raw": q.raw,
            "measure": q.measure,
            "qualifier": q.qualifier,
            "path": self.path,
            "line": self.line,
            "context": self.context,
        }


def key_numbers(outline: Outline) -> list[KeyNumber]:
    seen: set[tuple[int, str]] = set()
    out: list[KeyNumber] = []
    lines = [(n, text) for n, text, _ in outline.lines()]
    covered = {n for n, _ in lines}
    lines += [(n, text) for n, text in outline.number_lines.items() if n not in covered]
    for n, text in sorted(lines):
        context = plain(text)
        for quantity in find_quantities(context):
            if (n, quantity.raw) in seen:
                continue
            seen.add((n, quantity.raw))
            out.append(KeyNumber(quantity, outline.path, n, context))
    return out
