"""Markdown → a flat list of top-level blocks with 1-based line ranges (markdown-it-py does the parsing)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass
class ListEntry:
    line_start: int
    line_end: int
    lead_text: str  # the first paragraph's source text (may span lines through lazy continuation)
    lead_start: int  # first line of that paragraph
    task: bool = False  # a "- [ ]" / "- [x]" checklist entry


@dataclass
class Block:
    kind: str  # heading | paragraph | list | fence | code | table | html | quote | hr
    line_start: int
    line_end: int
    text: str = ""  # inline source for headings/paragraphs, content for fences/html
    level: int = 0  # heading level
    info: str = ""  # fence info string
    ordered: bool = False
    entries: list[ListEntry] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # table rows: (line, cells)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Block structure is all we need: skipping inline parsing keeps import fast on big notes.
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join"])


_INDENTED_HEADING = re.compile(r"(?m)^ {1,3}(#{1,6}\s)")
_TEXT_RULE = re.compile(r"^\s*([-=_*.])\1{2,}\s*\S")


def parse_blocks(text: str) -> list[Block]:
    # An ATX heading indented under a list item is still meant as a heading in notes, not list content.
    tokens = _markdown().parse(_INDENTED_HEADING.sub(r"\1", text))
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        close = _matching_close(tokens, i)
        block = _block_from(tokens, i, close)
        if block is not None:
            blocks.extend(_split_setext(block, text))
        i = close + 1
    return blocks


def _matching_close(tokens: list[Token], start: int) -> int:
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _lines(token: Token) -> tuple[int, int]:
    start, end = token.map or (0, 1)
    return start + 1, max(start + 1, end)


def _block_from(tokens: list[Token], i: int, close: int) -> Block | None:
    token = tokens[i]
    start, end = _lines(token)
    kind = token.type
    if kind == "heading_open":
        block = Block("heading", start, end, tokens[i + 1].content, level=int(token.tag[1]))
        block.info = token.markup  # "#"... or the setext underline
        return block
    if kind == "paragraph_open":
        content = tokens[i + 1].content
        if _TEXT_RULE.match(content) and "\n" not in content.strip():
            return Block("hr", start, end, content)  # "------ More Qs": a separator with a caption
        return Block("paragraph", start, end, content)
    if kind in ("bullet_list_open", "ordered_list_open"):
        return Block("list", start, end, ordered=kind == "ordered_list_open", entries=_entries(tokens, i, close))
    if kind == "fence":
        return Block("fence", start, end, token.content, info=token.info.strip())
    if kind == "code_block":
        return Block("code", start, end, token.content)
    if kind == "table_open":
        return Block("table", start, end, rows=_rows(tokens, i, close))
    if kind == "html_block":
        return Block("html", start, end, token.content)
    if kind == "blockquote_open":
        return Block("quote", start, end)
    if kind == "hr":
        return Block("hr", start, end)
    return None


def _entries(tokens: list[Token], start: int, close: int) -> list[ListEntry]:
    entries: list[ListEntry] = []
    depth = tokens[start].level + 1
    j = start + 1
    while j < close:
        token = tokens[j]
        if token.type == "list_item_open" and token.level == depth:
            end = _matching_close(tokens, j)
            entries.append(_entry(tokens, j, end))
            j = end
        j += 1
    return entries


def _entry(tokens: list[Token], start: int, close: int) -> ListEntry:
    line_start, line_end = _lines(tokens[start])
    lead, lead_start = "", line_start
    nxt = tokens[start + 1] if start + 1 < close else None
    if nxt is not None and nxt.type == "paragraph_open":
        lead = tokens[start + 2].content
        lead_start = _lines(nxt)[0]
    task = lead.startswith(("[ ] ", "[x] ", "[X] "))
    return ListEntry(line_start, line_end, lead, lead_start, task)


def _rows(tokens: list[Token], start: int, close: int) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for j in range(start, close):
        if tokens[j].type == "tr_open":
            cells: list[str] = []
            k = j + 1
            while tokens[k].type != "tr_close":
                if tokens[k].type == "inline":
                    cells.append(tokens[k].content)
                k += 1
            rows.append((_lines(tokens[j])[0], cells))
    return rows


def _split_setext(block: Block, text: str) -> list[Block]:
    """A prose paragraph followed by "---" is a separator in notes, not an h2 heading."""
    if block.kind != "heading" or block.info not in ("-", "=") and not block.info.startswith(("-", "=")):
        return [block]
    words = block.text.split()
    prose = "\n" in block.text or len(words) > 8 or block.text.rstrip().endswith((".", ",", ";", ")", '"'))
    if not prose:
        return [block]
    paragraph = Block("paragraph", block.line_start, block.line_end - 1, block.text)
    return [paragraph, Block("hr", block.line_end, block.line_end)]
