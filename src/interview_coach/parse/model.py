"""What the parser returns: plain data, no database, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("technical", "coding", "system_design", "behavioral", "project", "ask_interviewer", "hr")


@dataclass(frozen=True)
class Star:
    situation: str
    task: str
    action: str
    result: str

    def as_dict(self) -> dict[str, str]:
        return {"situation": self.situation, "task": self.task, "action": self.action, "result": self.result}


@dataclass
class ParsedItem:
    question: str
    answer: str  # markdown, "" when the notes give none
    line_start: int  # 1-based line of the question
    line_end: int  # last line of the item (answer included)
    heading_path: list[str]
    answer_lines: tuple[int, int] | None = None
    kind: str = "technical"
    topic: str = "ml-fundamentals"
    star: Star | None = None
    note: str = ""  # text kept beside the question that is not an answer (e.g. why to ask it)
    section_hint: str = ""  # the label or heading that framed the question
    shape: str = ""  # the block shape that marked the question: heading, bold, list, label, table, card, details…


@dataclass
class ParsedNote:
    """Non-question content later features use: pitches, checklists, demo flows, STAR stories, key numbers."""

    note_type: str
    title: str
    body: str
    line_start: int
    line_end: int
    heading_path: list[str]
    data: dict[str, object] = field(default_factory=dict)


@dataclass
class ParsedDocument:
    title: str
    items: list[ParsedItem]
    notes: list[ParsedNote]
    line_count: int
    formats: list[str] = field(default_factory=list)  # the question shapes found, most items first
    warnings: list[str] = field(default_factory=list)  # one line each ("line 12: …"), shown with the import
