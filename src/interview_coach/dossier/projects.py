"""Dossiers: one per project the notes describe — a document, or a section of one, whose sub-headings cover
several sides of a project (pitch, architecture, challenges, scaling, demo, key numbers…). Named by the project
(its heading without "Project 2:" and emoji; for a generically titled document, the project its text names)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview_coach.dossier.checklists import Checklist, find_checklists
from interview_coach.dossier.facets import clean_title, duration_seconds, facet_of, facets_in, is_generic, plain
from interview_coach.dossier.keynumbers import KeyNumber, key_numbers
from interview_coach.dossier.numbers import find_quantities
from interview_coach.dossier.outline import Outline, Part
from interview_coach.dossier.tree import Key, Node, build_tree, chains, descendants

CONTENT_FACETS = {
    "pitch",
    "talking_points",
    "metrics",
    "architecture",
    "challenges",
    "scaling",
    "demo",
    "troubleshooting",
    "code",
    "checklist",
}
ANCHOR_FACETS = {"pitch", "talking_points", "demo"}
SECTION_FACETS = ("architecture", "challenges", "scaling", "demo", "troubleshooting", "code", "talking_points")
_PROJECT_LABEL = re.compile(r"\bproject\b\s*#?\s*\d*\s*[:.\-–—]|\bcase study\b", re.IGNORECASE)


@dataclass
class Pitch:
    title: str
    text: str
    seconds: int | None  # the duration the notes state, if any
    line_start: int
    line_end: int
    item_id: str | None = None
    source: str = "pitch"  # or "talking points", when the notes give a project no pitch of its own
    path: str = ""  # the notes file it is in
    document_id: int = 0

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class SectionRef:
    facet: str
    title: str
    line_start: int
    line_end: int
    text: str
    steps: list[str] = field(default_factory=list)  # list entries (demo flows: the steps)
    path: str = ""
    document_id: int = 0


@dataclass
class Dossier:
    name: str
    path: str  # the notes file
    heading: str  # the heading it was found under ("" for a whole document)
    line_start: int
    line_end: int
    pitches: list[Pitch] = field(default_factory=list)
    numbers: list[KeyNumber] = field(default_factory=list)
    sections: list[SectionRef] = field(default_factory=list)
    checklists: list[Checklist] = field(default_factory=list)
    items: list[dict[str, str]] = field(default_factory=list)  # the project's Q&A: id, question, kind
    document_id: int = 0
    sources: list[dict[str, Any]] = field(default_factory=list)  # every file and heading it was found under

    @property
    def key(self) -> str:
        return " ".join(re.findall(r"[a-z0-9]+", self.name.lower()))

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": {"path": self.path, "line_start": self.line_start, "line_end": self.line_end},
            "heading": self.heading,
            "sources": self.sources,
            "pitches": len(self.pitches),
            "numbers": len(self.numbers),
            "sections": sorted({s.facet for s in self.sections}),
            "checklists": len(self.checklists),
            "items": len(self.items),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "pitches": [vars(p) | {"words": p.words} for p in self.pitches],
            "numbers": [n.as_dict() for n in self.numbers],
            "sections": [vars(s) for s in self.sections],
            "checklists": [c.as_dict() for c in self.checklists],
            "items": self.items,
        }

    def drill_pitches(self) -> list[Pitch]:
        """Its pitches, or its talking points as one when it has none."""
        if self.pitches:
            return self.pitches
        points = [s for s in self.sections if s.facet == "talking_points" and s.steps]
        return [
            Pitch(
                p.title,
                " ".join(p.steps),
                None,
                p.line_start,
                p.line_end,
                None,
                "talking points",
                p.path,
                p.document_id,
            )
            for p in points
        ]


def find_dossiers(outlines: list[Outline]) -> list[Dossier]:
    """One dossier per project: the same project described in several files (a guide and a quick reference)
    is merged, each part keeping its file."""
    merged: dict[str, Dossier] = {}
    for dossier in (d for outline in outlines for d in _document_dossiers(outline)):
        home = merged.get(dossier.key)
        if home is None:
            merged[dossier.key] = dossier
            continue
        home.pitches += dossier.pitches
        home.numbers += dossier.numbers
        home.sections += dossier.sections
        home.checklists += dossier.checklists
        home.items += dossier.items
        home.sources += dossier.sources
    return list(merged.values())


def _document_dossiers(outline: Outline) -> list[Dossier]:
    nodes = build_tree(outline)
    containers = _projects(nodes)
    if not containers:
        return []
    numbers = key_numbers(outline)
    checklists = find_checklists(outline)
    chain_of = {id(part): chain for part, chain in chains(outline)}
    return [_dossier(outline, nodes[k], chain_of, numbers, checklists) for k in containers]


def _projects(nodes: dict[Key, Node]) -> list[Key]:
    """Headings that look like a project's dossier. When one sits inside another, the outer one is the project
    (the inner one is its "Technical Deep Dive") unless the outer holds several (a portfolio) or the inner is
    labelled as a project ("Project 2: …")."""
    found = [k for k in nodes if _is_project(nodes, k)]
    # A heading with a single sub-heading only wraps it: the sub-heading is the project.
    found = [k for k in found if len(nodes[k].children) > 1 or not any(o[:-1] == k for o in found)]
    chosen = []
    for key in found:
        inner = [o for o in found if o != key and o[: len(key)] == key]
        outer = [o for o in found if o != key and key[: len(o)] == o]
        if len(inner) >= 2 or any(_labelled(o) for o in inner):
            continue
        if any(_labelled(key) <= _labelled(o) and len(_inner(found, o)) < 2 for o in outer):
            continue
        chosen.append(key)
    return chosen


def _inner(found: list[Key], key: Key) -> list[Key]:
    return [o for o in found if o != key and o[: len(key)] == key]


def _labelled(key: Key) -> bool:
    return bool(key) and bool(_PROJECT_LABEL.search(key[-1]))


def _is_project(nodes: dict[Key, Node], key: Key) -> bool:
    """Its sub-headings name at least three sides of a project, one of them a pitch, talking points, demo, key
    numbers or architecture (a sub-heading naming none, like "Technical Deep Dive", counts with what its own
    sub-headings name); or it is labelled "Project …" and its sub-headings or questions name at least one."""
    facets = _child_facets(nodes, key)
    if _labelled(key):
        deeper = {f for node in descendants(nodes, key, 2) for f in facets_in(node.title)}
        deeper |= {f for part in nodes[key].parts if part.kind == "item" for f in facets_in(part.title)}
        return bool(deeper & CONTENT_FACETS)
    if len(facets) < 3:
        return False
    # What makes it a project rather than a topic write-up: something to say (a pitch, talking points), to
    # show (a demo), or figures it claims under a metrics heading.
    return bool(facets & ANCHOR_FACETS) or ("metrics" in facets and _claims_figures(nodes[key].parts))


def _claims_figures(parts: list[Part]) -> bool:
    return any(q.unit for part in parts for _, text in part.lines for q in find_quantities(text, measures=False))


def _child_facets(nodes: dict[Key, Node], key: Key) -> set[str]:
    facets: set[str] = set()
    for child in nodes[key].children:
        facet = facet_of(nodes[child].title)
        if facet is None:
            facets |= {facet_of(nodes[g].title) for g in nodes[child].children} - {None}  # type: ignore[arg-type]
        else:
            facets.add(facet)
    return facets & CONTENT_FACETS


def _dossier(
    outline: Outline,
    node: Node,
    chain_of: dict[int, Key],
    numbers: list[KeyNumber],
    checklists: list[Checklist],
) -> Dossier:
    first, last = node.first_line, node.last_line
    parts = [p for p in outline.parts if chain_of[id(p)][: len(node.key)] == node.key]
    dossier = Dossier(
        _name(outline, node, parts), outline.path, node.title, first, last, document_id=outline.document_id
    )
    for part in parts:
        chain = chain_of[id(part)][len(node.key) :]
        facet = _facet(part, chain)
        if facet == "pitch":
            dossier.pitches += _pitches(part, chain)
        elif facet in SECTION_FACETS and part.kind == "section" and part.body.strip():
            dossier.sections.append(_section(part, facet))
        if part.kind == "item":
            dossier.items.append({"id": part.item_id or "", "question": part.title, "kind": part.item_kind})
    dossier.pitches = _distinct(dossier.pitches)
    for pitch in dossier.pitches:
        pitch.path, pitch.document_id = outline.path, outline.document_id
    for section in dossier.sections:
        section.path, section.document_id = outline.path, outline.document_id
    dossier.sources = [{"path": outline.path, "heading": node.title, "line_start": first, "line_end": last}]
    lines = {n for p in parts for n, _ in p.lines}
    dossier.numbers = [n for n in numbers if n.line in lines]
    dossier.checklists = [c for c in checklists if c.line in lines]
    return dossier


def _distinct(pitches: list[Pitch]) -> list[Pitch]:
    """One pitch per passage of the notes: a drilled pitch's practice item (made by `coach pitch`, on the same
    lines) is the same pitch, not a second one."""
    seen: dict[tuple[int, str], Pitch] = {}
    for pitch in pitches:
        key = (pitch.line_start, pitch.text)
        if key not in seen or (pitch.item_id is None and seen[key].item_id is not None):
            seen[key] = pitch  # the notes' own passage, so a drill refreshes (or brings back) the made item
    return list(seen.values())


def _facet(part: Part, chain: Key) -> str | None:
    """The facet of the nearest heading that names one (the part's own heading first); anything under a pitch
    heading is a pitch ("Key Interview Messages" › "Primary Achievement")."""
    if any(facet_of(title) == "pitch" for title in chain) or (part.kind == "item" and facet_of(part.title) == "pitch"):
        return "pitch"
    for title in reversed(chain):
        facet = facet_of(title)
        if facet is not None:
            return facet
    return None


def _pitches(part: Part, chain: Key) -> list[Pitch]:
    """A pitch section's text (a quoted paragraph, usually); the duration from the nearest heading that states
    one ("Elevator Pitch (30 seconds)")."""
    text = " ".join(plain(t) for _, t in part.body_lines if plain(t))
    if not text:
        return []
    seconds = next((s for s in (duration_seconds(t) for t in reversed(chain)) if s), None)
    title = chain[-1] if chain else part.title
    body_lines = [n for n, t in part.body_lines if plain(t)]
    return [Pitch(plain(title), text, seconds, body_lines[0], body_lines[-1], part.item_id)]


def _section(part: Part, facet: str) -> SectionRef:
    steps = [plain(t) for _, t in part.body_lines if re.match(r"\s*(?:[-*+]|\d+[.)])\s+", t)]
    return SectionRef(facet, plain(part.title), part.line_start, part.line_end, part.body.strip(), steps)


def _name(outline: Outline, node: Node, parts: list[Part]) -> str:
    """The heading (or, for a document's only top heading, the title), unless it is generic ("Interview
    Preparation"): then the project the text names, else the file's name. A document with several top headings
    and no title of its own is named from its text."""
    titles = [node.title] if node.key else []
    for title in titles:
        name = clean_title(title)
        if name and not is_generic(name):
            return name
    text = "\n".join(t for p in parts for _, t in p.lines)
    stem = Path(outline.path).stem.replace("_", " ").replace("-", " ")
    return _named_in_text(text) or clean_title(node.title) or stem


_NAMED = r"\b(?:the|my|our|this)\s+((?:[\w-]+\s+){0,4}?[\w-]+)\s+(?:%s)\b"
_PROJECT_PHRASE = re.compile(_NAMED % "project", re.IGNORECASE)
_SYSTEM_PHRASE = re.compile(_NAMED % "system|service|pipeline|platform", re.IGNORECASE)
_IDENT = re.compile(r"`(?:[\w.-]+/)*([a-z][a-z0-9]*(?:[_-][a-z0-9]+)+)/?`")


def _named_in_text(text: str) -> str:
    """ "covering the Named Entity Recognition project" → that name; else the identifier the notes use most for
    an artefact (`models/feedback_classifier` → "feedback classifier"); else "the X system"."""
    candidates = (
        _phrases(_PROJECT_PHRASE, text),
        Counter(m.group(1) for m in _IDENT.finditer(text)),
        _phrases(_SYSTEM_PHRASE, text),
    )
    for found in candidates:
        if found:
            return found.most_common(1)[0][0].replace("_", " ")
    return ""


def _phrases(pattern: re.Pattern[str], text: str) -> Counter[str]:
    return Counter(
        m.group(1).strip() for m in pattern.finditer(text) if not is_generic(m.group(1)) and len(m.group(1)) > 2
    )
