"""The heading tree of a document, rebuilt from its parts. Sections carry their full heading path; an item carries
only the headings nearest to it, so it is grafted where its first heading already is (the section before it, or a
section elsewhere under that heading), else beside the heading of the same style (emoji or not) before it —
siblings in notes share a heading style."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interview_coach.dossier.outline import Outline, Part

Key = tuple[str, ...]
_SYMBOL_START = re.compile(r"^\s*[^\w\s\"'(\[*_`]", re.UNICODE)


@dataclass
class Node:
    key: Key
    first_line: int
    last_line: int
    parts: list[Part] = field(default_factory=list)  # parts whose own path is this node or below it
    children: list[Key] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.key[-1] if self.key else ""


def chains(outline: Outline) -> list[tuple[Part, Key]]:
    """Each part with its full heading chain (its enclosing headings, and a section's own heading)."""
    section_nodes: dict[str, list[tuple[Key, int]]] = {}
    for part in outline.parts:
        if part.kind == "section":
            chain = tuple(part.titles)
            for depth in range(1, len(chain) + 1):
                section_nodes.setdefault(chain[depth - 1], []).append((chain[:depth], part.line_start))
    out: list[tuple[Part, Key]] = []
    previous: Key = ()
    for part in outline.parts:
        if part.kind == "section" or not part.path:
            chain = tuple(part.titles) if part.kind == "section" else previous
        else:
            chain = _graft(tuple(part.path), previous, section_nodes, part.line_start)
        out.append((part, chain))
        previous = chain
    return out


def _graft(path: Key, previous: Key, sections: dict[str, list[tuple[Key, int]]], line: int) -> Key:
    if path[0] in previous:
        return previous[: previous.index(path[0])] + path
    if path[0] in sections:
        key, _ = min(sections[path[0]], key=lambda kv: abs(kv[1] - line))
        return key + path[1:]
    style = bool(_SYMBOL_START.match(path[0]))
    for depth in range(len(previous) - 1, -1, -1):
        if bool(_SYMBOL_START.match(previous[depth])) == style:
            return previous[:depth] + path
    return previous[:-1] + path


def build_tree(outline: Outline) -> dict[Key, Node]:
    nodes: dict[Key, Node] = {(): Node((), 0, 0)}
    for part, chain in chains(outline):
        for depth in range(len(chain) + 1):
            key = chain[:depth]
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = Node(key, part.line_start, part.line_end)
                nodes[key[:-1]].children.append(key)
            node.first_line = min(node.first_line, part.line_start) if depth else node.first_line
            node.last_line = max(node.last_line, part.line_end)
            node.parts.append(part)
    root = nodes[()]
    root.first_line = min((p.line_start for p in outline.parts), default=0)
    return nodes


def descendants(nodes: dict[Key, Node], key: Key, depth: int) -> list[Node]:
    """The nodes below `key`, down to `depth` levels."""
    out: list[Node] = []
    frontier = [key]
    for _ in range(depth):
        frontier = [child for k in frontier for child in nodes[k].children]
        out += [nodes[k] for k in frontier]
    return out
