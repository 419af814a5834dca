"""The shape of each imported document, rebuilt from what the bank stores: the sections of notes no question owns
(title, heading path, body with the file line of each body line) and the items (question, answer, heading path,
lines). Everything in dossier/ reads these outlines, never the files (they may have moved since the import)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interview_coach.bank.schema import Document, Item, Note

_FENCE = re.compile(r"^\s*(```|~~~)")
# A bold label opening a line ("**Key numbers**", "**Elevator pitch (60 s):** I built…") heads a sub-section, as
# a heading would; STAR and Q/A labels do not (they are parts of a story or an item).
_LABEL = re.compile(r"^\s*(?:\*\*|__)([^*_\n]{2,60}?)(?::\s*)?(?:\*\*|__)\s*:?\s*(.*)$")
_NOT_HEADINGS = re.compile(
    r"^\s*(?:[STAR]\s*[–—:.)-]\s*)?(?:situation|task|actions?|results?|q|a|question|answer|note|example)\b", re.I
)


@dataclass
class Part:
    """One section of notes or one item, with the file line of each of its lines."""

    kind: str  # "section" | "item"
    title: str  # the section heading, or the item's question
    path: list[str]  # enclosing headings, outermost first (for an item: what the item records)
    line_start: int
    line_end: int
    lines: list[tuple[int, str]]  # (file line, text), heading / question line first; fenced code left out
    item_id: str | None = None
    item_kind: str = ""
    answer: str = ""
    star: dict[str, str] | None = None

    @property
    def body_lines(self) -> list[tuple[int, str]]:
        """Its lines after the heading or question line (a section before any heading has none)."""
        titled = bool(self.title) and bool(self.lines) and self.lines[0][1] == self.title
        return self.lines[1:] if titled else self.lines

    @property
    def body(self) -> str:
        return "\n".join(text for _, text in self.body_lines)

    @property
    def titles(self) -> list[str]:
        """Its own heading path: the enclosing headings and, for a section, its own heading."""
        return [*self.path, self.title] if self.kind == "section" else list(self.path)


@dataclass
class Outline:
    document_id: int
    path: str
    title: str
    parts: list[Part] = field(default_factory=list)  # in file order
    star_notes: list[dict[str, Any]] = field(default_factory=list)  # STAR stories the parser found outside Q&A
    number_lines: dict[int, str] = field(default_factory=dict)  # lines the parser saw figures on

    def lines(self) -> list[tuple[int, str, Part]]:
        return [(n, text, part) for part in self.parts for n, text in part.lines]


def load_outlines(session: Session, document_id: int | None = None) -> list[Outline]:
    """Every document's outline, in path order; or only the outline of the document `document_id`."""
    outlines: dict[int, Outline] = {}
    documents, notes = select(Document).order_by(Document.path), select(Note)
    items = select(Item).where(Item.retired.is_(False))
    if document_id is not None:
        documents = documents.where(Document.id == document_id)
        notes, items = notes.where(Note.document_id == document_id), items.where(Item.document_id == document_id)
    for doc in session.scalars(documents):
        outlines[doc.id] = Outline(doc.id, doc.path, doc.title)
    for note in session.scalars(notes.order_by(Note.document_id, Note.line_start)):
        outline = outlines.get(note.document_id)
        if outline is None:
            continue
        if note.note_type == "section":
            outline.parts += split_labels(_section_part(note))
        elif note.note_type == "star_story":
            outline.star_notes.append({"line_start": note.line_start, "line_end": note.line_end, **(note.data or {})})
        elif note.note_type == "key_number":
            outline.number_lines.setdefault(note.line_start, note.body)
    for item in session.scalars(items.order_by(Item.document_id, Item.ordinal)):
        if item.document_id in outlines:
            outlines[item.document_id].parts.append(_item_part(item))
    for outline in outlines.values():
        outline.parts.sort(key=lambda p: (p.line_start, p.kind != "item"))
    return list(outlines.values())


def _section_part(note: Note) -> Part:
    body = note.body.split("\n")
    numbers = list((note.data or {}).get("line_numbers") or [])
    if len(numbers) != len(body):  # an older bank: count lines from the section's first body line
        first = note.line_start + 1 if note.title else note.line_start
        numbers = list(range(first, first + len(body)))
    lines: list[tuple[int, str]] = []
    if note.title:
        lines.append((note.line_start, note.title))
    numbered, last = [], note.line_start
    for n, text in zip(numbers, body, strict=True):
        last = n or last  # a blank line put between blocks keeps its place, with the line before it
        numbered.append((last, text))
    lines += _unfenced(numbered)
    return Part("section", note.title, list(note.heading_path or []), note.line_start, note.line_end, lines)


def _item_part(item: Item) -> Part:
    answer = item.answer.split("\n") if item.answer else []
    start = item.answer_line_start or item.line_start
    if answer and _FENCE.match(answer[0]):
        start -= 1  # the answer kept its opening fence, which the recorded answer lines leave out
    end = item.answer_line_end or item.line_end
    numbered = [(min(start + k, end), text) for k, text in enumerate(answer)]
    lines = [(item.line_start, item.question), *_unfenced(numbered)]
    return Part(
        "item",
        item.question,
        list(item.heading_path or []),
        item.line_start,
        item.line_end,
        lines,
        item_id=item.id,
        item_kind=item.kind,
        answer=item.answer,
        star=item.star or None,
    )


def _unfenced(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines outside fenced code blocks with a language (code and diagrams are not claims or checklists);
    a fence without a language (often a quoted answer) is kept, without its markers."""
    out: list[tuple[int, str]] = []
    in_code = False
    for n, text in lines:
        fence = _FENCE.match(text)
        if fence:
            in_code = not in_code and bool(text.strip()[3:].strip())
            continue
        if not in_code:
            out.append((n, text))
    return out


def split_labels(part: Part) -> list[Part]:
    """A section cut at its bold-label lines into sub-sections titled by the labels (below the section's heading)."""
    cuts = [i for i, (_, text) in enumerate(part.lines) if i and _heads(text)]
    if not cuts:
        return [part]
    head = Part(part.kind, part.title, part.path, part.line_start, part.lines[cuts[0] - 1][0], part.lines[: cuts[0]])
    parts = [head] if any(t.strip() for _, t in head.lines[1:]) or head.title else []
    for k, i in enumerate(cuts):
        j = cuts[k + 1] if k + 1 < len(cuts) else len(part.lines)
        match = _LABEL.match(part.lines[i][1])
        assert match is not None
        n = part.lines[i][0]
        lines = [(n, match.group(1).strip())] + ([(n, match.group(2))] if match.group(2).strip() else [])
        lines += part.lines[i + 1 : j]
        path = [*part.path, part.title] if part.title else list(part.path)
        parts.append(Part("section", match.group(1).strip(), path, n, lines[-1][0], lines))
    return parts


def _heads(text: str) -> bool:
    match = _LABEL.match(text)
    return match is not None and not _NOT_HEADINGS.match(match.group(1))
