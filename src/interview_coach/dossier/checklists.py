"""Checklists in the notes: task lists ("- [ ] Run all three projects"), lists under a heading or label that calls
them one ("Checklist", "Before the interview", "Topics to know:", "You've now covered:"), to-do lists of
imperatives under their own heading, and headings whose sub-headings are ticked off ("Coverage ✅")."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from interview_coach.dossier.facets import facet_of, plain
from interview_coach.dossier.outline import Outline, Part
from interview_coach.dossier.tree import build_tree

_ENTRY = re.compile(r"^(\s*)(?:[-*+]|\d+[.)]|(?=[☐□☑☒])|(?=\[[ xX]\]\s))\s*(.*)$")
_TASK = re.compile(r"^(?:\[([ xX])\]|([☐□☑☒]))\s*")
_CHECKED = re.compile(r"[✅✔☑]")
CHECKLIST_WORDS = re.compile(
    r"check-?list|\bto-?do\b|\bplan\b|before (?:the|your|any|each|an?) (?:interview|call|meeting|onsite)"
    r"|topics to (?:know|cover|review|study)|must[- ]know|\bcovered\b|\bhighlights\s*:?\s*$|\bready\b|readiness"
    r"|make sure|don['’]?t forget|remember to|things to (?:do|prepare|review|bring)|\bprep(?:aration)? list",
    re.IGNORECASE,
)
_IMPERATIVES = set(
    "review practice practise prepare rehearse run set setup implement use discuss study understand build deploy "
    "add create write check test read research learn explain know make update memorize memorise bring ask show "
    "demo print clean push polish record draft list think revisit refresh brush go do have be get install verify "
    "ensure confirm schedule plan follow send summarize summarise highlight mention quantify avoid keep focus try "
    "compare measure monitor log optimize optimise profile validate train retrain evaluate integrate document "
    "automate containerize dockerize configure prepare collect identify define outline tailor".split()
)


@dataclass
class ChecklistEntry:
    text: str
    line: int
    key: str  # stable across re-imports while the file, the list's title and the text stay the same
    ticked_in_notes: bool = False  # "- [x]" in the notes


@dataclass
class Checklist:
    title: str
    path: str
    line: int
    entries: list[ChecklistEntry] = field(default_factory=list)
    how: str = ""  # task list | named | imperatives | ticked headings

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "path": self.path,
            "line": self.line,
            "how": self.how,
            "items": [vars(e) for e in self.entries],
        }


def entry_key(path: str, title: str, text: str) -> str:
    norm = " ".join(re.findall(r"\w+", f"{title}\0{text}".lower()))
    return hashlib.sha1(f"{path}\0{norm}".encode()).hexdigest()[:16]


def find_checklists(outline: Outline) -> list[Checklist]:
    found: list[Checklist] = []
    for part in outline.parts:
        found += _part_checklists(outline.path, part)
    lists = {c.line for c in found}
    for checklist in _ticked_headings(outline):  # unless its sub-headings hold checklists of their own
        if sum(e.line in lists for e in checklist.entries) * 2 < len(checklist.entries):
            found.append(checklist)
    found.sort(key=lambda c: c.line)
    return _dedupe(found)


def _part_checklists(path: str, part: Part) -> list[Checklist]:
    out: list[Checklist] = []
    for label, label_line, entries, ordered in _lists(part):
        texts = [t for _, t in entries]
        tasks = [bool(_TASK.match(t)) for t in texts]
        how = ""
        if any(tasks):
            how = "task list"
        elif CHECKLIST_WORDS.search(label) or CHECKLIST_WORDS.search(part.title):
            how = "named"
        elif part.kind == "section" and not ordered and facet_of(part.title) != "demo" and _imperative(texts):
            how = "imperatives"
        elif part.kind == "section" and len(texts) >= 2 and all(_CHECKED.search(t) for t in texts):
            how = "ticked"
        if how:
            out.append(_checklist(path, plain(label) or plain(part.title), label_line, entries, how))
    return out


def _lists(part: Part) -> list[tuple[str, int, list[tuple[int, str]], bool]]:
    """(label, label line, entries, ordered) for each run of list entries in a part (or of plain lines after a
    label ending with ":"), the label being the short line just before it, else the part's heading."""
    runs: list[tuple[str, int, list[tuple[int, str]], bool]] = []
    label, label_line = part.title, part.line_start
    entries: list[tuple[int, str]] = []
    ordered = False
    indent: int | None = None
    plain_run = False
    body = part.body_lines

    def close() -> None:
        if entries:
            runs.append((label, label_line, list(entries), ordered))
        entries.clear()

    previous_was_entry = False
    for n, text in body:
        match = _ENTRY.match(text)
        was_entry, previous_was_entry = previous_was_entry, bool(match) and not plain_run
        if match and not plain_run:
            depth = len(match.group(1).expandtabs(4))
            if indent is None:
                indent, ordered = depth, bool(re.match(r"\s*\d", text))
            if depth <= indent:
                entries.append((n, match.group(2).strip()))
            continue
        if not text.strip():
            if plain_run and entries:
                close()
                plain_run, indent = False, None
            continue
        if plain_run or (entries and was_entry):  # a line-per-item list with a marker forgotten
            entries.append((n, text.strip()))
            continue
        close()
        indent = None
        stripped = plain(text)
        if len(stripped.split()) <= 12:
            label, label_line = stripped, n
            plain_run = stripped.endswith(":") and bool(CHECKLIST_WORDS.search(stripped))
    close()
    return runs


def _imperative(texts: list[str]) -> bool:
    if len(texts) < 3:
        return False
    first = [re.findall(r"[a-z]+", plain(t).lower())[:1] for t in texts]
    return sum(1 for w in first if w and w[0] in _IMPERATIVES) >= 0.8 * len(texts)


def _checklist(path: str, title: str, line: int, entries: list[tuple[int, str]], how: str) -> Checklist:
    checklist = Checklist(title.rstrip(":").strip(), path, line, how=how)
    for n, text in entries:
        task = _TASK.match(text)
        clean = plain(_TASK.sub("", text))
        if clean:
            ticked = bool(task and ((task.group(1) or "") in ("x", "X") or task.group(2) in ("☑", "☒")))
            checklist.entries.append(ChecklistEntry(clean, n, entry_key(path, checklist.title, clean), ticked))
    return checklist


def _ticked_headings(outline: Outline) -> list[Checklist]:
    """A heading whose sub-headings are all marked done ("Data Pipeline ✅", "Model Architectures ✅")."""
    nodes = build_tree(outline)
    out: list[Checklist] = []
    for key, node in nodes.items():
        children = [nodes[c] for c in node.children]
        if key and len(children) >= 2 and all(_CHECKED.search(c.title) for c in children):
            entries = [(c.first_line, _CHECKED.sub("", c.title).strip()) for c in children]
            out.append(
                _checklist(
                    outline.path, plain(_CHECKED.sub("", node.title)), node.first_line, entries, "ticked headings"
                )
            )
    return out


def _dedupe(checklists: list[Checklist]) -> list[Checklist]:
    seen: set[str] = set()
    out = []
    for checklist in checklists:
        keys = {e.key for e in checklist.entries}
        if not keys or keys <= seen:
            continue
        seen |= keys
        out.append(checklist)
    return out
