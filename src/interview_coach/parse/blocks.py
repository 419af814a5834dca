"""Markdown → a flat list of top-level blocks with 1-based line ranges (markdown-it.rs does the parsing)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

from markdown_it_pyrs import MarkdownIt, Node

from interview_coach.parse.htmltable import html_table_rows


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
    # The Rust port parses several times faster than markdown-it-py, and import speed matters on big note folders.
    # Block rules only: inline markup is read later where needed, and skipping it is faster and avoids the port's
    # inline edge cases.
    return MarkdownIt("zero").enable_many(_BLOCK_RULES)


_BLOCK_RULES: list[Any] = [
    "blockquote",
    "code",
    "fence",
    "heading",
    "hr",
    "lheading",
    "list",
    "paragraph",
    "html_block",
    "table",
]


class MarkdownParseError(ValueError):
    """The markdown parser itself failed on this text (a parser bug, not the user's)."""


_INDENTED_HEADING = re.compile(r"(?m)^ {1,3}(#{1,6}\s)")
_INDENTED_HEADING_AFTER_FIRST = re.compile(r"\n {1,3}#{1,6}\s")  # a literal start: searched far faster
_DEEP_HEADING = re.compile(r"(?m)^#{7,}(?=[ \t]+\S)")
_TEXT_RULE = re.compile(r"^\s*([-=_*.])\1{2,}\s*\S")
_BLOCK_NODES = frozenset(
    {
        "paragraph",
        "heading",
        "lheading",
        "bullet_list",
        "ordered_list",
        "list_item",
        "fence",
        "code_block",
        "html_block",
        "blockquote",
        "hr",
        "table",
    }
)


class _Source:
    """The parsed text as bytes (the parser's offsets are byte offsets) with a line index. ASCII text (most notes)
    is sliced as it is: there byte and character offsets agree, and no slice needs decoding."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        self.data = text.encode("utf-8")
        self.chars = text if self.ascii else ""
        self.ends: tuple[str, ...] | bytes = ("\r", "\n") if self.ascii else b"\r\n"
        self.line_starts = [0, *accumulate(len(line) + 1 for line in self.data.split(b"\n"))][:-1]

    def text(self, node: Node) -> str:
        return self.slice(*_span(node))

    def slice(self, start: int, end: int) -> str:
        if self.ascii:
            return self.chars[start:end]
        return self.data[start:end].decode("utf-8", errors="replace")

    def lines(self, node: Node) -> tuple[int, int]:
        start, end = node.srcmap or (0, 0)
        end = max(start, end - 1)
        source, ends = self.chars if self.ascii else self.data, self.ends
        while end > start and source[end] in ends:  # some nodes' ranges end with the newline
            end -= 1
        return bisect_right(self.line_starts, start), bisect_right(self.line_starts, end)

    def first_line(self, node: Node) -> int:
        """lines(node)[0], without reading the end."""
        return bisect_right(self.line_starts, (node.srcmap or (0, 0))[0])

    def content(self, start: int, end: int) -> str:
        """Inline source, continuation lines unindented (what markdown-it-py calls a paragraph's content)."""
        raw = self.slice(start, end)
        if "\n" not in raw:
            return raw.strip()
        return "\n".join(line.strip() for line in raw.split("\n")).strip()


def _span(node: Node) -> tuple[int, int]:
    return node.srcmap or (0, 0)


def parse_blocks(text: str) -> list[Block]:
    # An ATX heading indented under a list item is still meant as a heading in notes, not list content.
    if _INDENTED_HEADING.match(text) or _INDENTED_HEADING_AFTER_FIRST.search(text):  # a fast look for one first
        text = _INDENTED_HEADING.sub(r"\1", text)
    # "######## Title" (more than six #) is a heading gone one level too deep, not a paragraph of hashes.
    if "#######" in text:
        text = _DEEP_HEADING.sub("######", text)
    if len(text) <= _CHUNK_CHARS:  # most notes files: one piece, no long table possible
        return _parse_chunk(text, 0)
    lines = text.split("\n")
    # long tables are read here, and blanked out of what the markdown parser sees
    tables = _long_tables(lines) if text.count("|") > 2 * _LONG_TABLE_ROWS else []
    blocks: list[Block] = []
    for offset, chunk in _chunks(lines):
        blocks.extend(_parse_chunk("\n".join(chunk), offset))
    if tables:
        blocks = sorted(blocks + tables, key=lambda b: b.line_start)
    return blocks


# The markdown parser's tree costs ~300 bytes of Python objects per node: a big file is parsed in pieces cut
# where no block can continue (a blank line, then a line at column 0 that is not a list item, outside fences),
# so memory stays bounded whatever the file's size.
_CHUNK_CHARS = 128 * 1024
# Longer tables in files over _CHUNK_CHARS are read line by line here (the tree holds several nodes per cell);
# in a smaller file the tree stays small anyway.
_LONG_TABLE_ROWS = 500
_FENCE_LINE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CONTINUES = re.compile(r"[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|\d{1,9}[.)]?$|[-*+]$")
_DELIMITER_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def _chunks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Consecutive runs of lines (with the 0-based index of their first line) that parse independently."""
    chunks: list[tuple[int, list[str]]] = []
    start, size, fence = 0, 0, ""
    for i, line in enumerate(lines):
        size += len(line) + 1
        fence = _fence_state(line, fence)
        if size < _CHUNK_CHARS or fence or line.strip() or i + 1 >= len(lines):
            continue
        following = lines[i + 1]
        if following and not _CONTINUES.match(following):
            chunks.append((start, lines[start : i + 1]))
            start, size = i + 1, 0
    chunks.append((start, lines[start:]))
    return chunks


def _fence_state(line: str, fence: str) -> str:
    """The open fence's marker after this line ("" outside fences)."""
    match = _FENCE_LINE.match(line)
    if not match:
        return fence
    marker = match.group(1)
    if not fence:
        return marker
    closes = marker[0] == fence[0] and len(marker) >= len(fence) and not line.strip()[len(marker) :].strip()
    return "" if closes else fence


def _long_tables(lines: list[str]) -> list[Block]:
    """Tables of more than _LONG_TABLE_ROWS rows at the top level, read directly (their lines are blanked)."""
    tables: list[Block] = []
    fence, i = "", 0
    while i < len(lines):
        fence = _fence_state(lines[i], fence)
        starts = not fence and "|" in lines[i] and (i == 0 or not lines[i - 1].strip()) and not lines[i][:1].isspace()
        if not starts or i + 1 >= len(lines) or not _DELIMITER_ROW.fullmatch(lines[i + 1]):
            i += 1
            continue
        end = i + 2
        while end < len(lines) and "|" in lines[end] and lines[end].strip():
            end += 1
        if end - i > _LONG_TABLE_ROWS:
            rows = [(n + 1, _split_row(lines[n])) for n in (i, *range(i + 2, end))]
            tables.append(Block("table", i + 1, end, rows=rows))
            lines[i:end] = [""] * (end - i)
        i = end
    return tables


def _split_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def _parse_chunk(text: str, offset: int) -> list[Block]:
    source = _Source(text)
    try:
        root = _markdown().tree(text)
    except BaseException as exc:  # a Rust panic surfaces as a BaseException subclass
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise MarkdownParseError(str(exc)) from exc
    blocks: list[Block] = []
    for node in root.children:
        block = _block_from(node, source)
        if block is None:
            continue
        if block.kind == "heading":
            pieces: list[Block] | tuple[Block, ...] = _split_setext(block)
        elif block.kind == "html" and "\n" in block.text.strip():
            pieces = _split_html_headings(block)
        else:
            pieces = (block,)
        blocks.extend(_shift(b, offset) for b in pieces) if offset else blocks.extend(pieces)
    return blocks


def _shift(block: Block, offset: int) -> Block:
    """Chunk line numbers → file line numbers."""
    if offset:
        block.line_start += offset
        block.line_end += offset
        for entry in block.entries:
            entry.line_start += offset
            entry.line_end += offset
            entry.lead_start += offset
        block.rows = [(line + offset, cells) for line, cells in block.rows]
    return block


def _inline_text(node: Node, source: _Source) -> str:
    spans = [child.srcmap for child in node.children if child.srcmap]
    return source.content(spans[0][0], spans[-1][1]) if spans else ""


_ATX_MARKS = re.compile(r"^#{1,6}(?:[ \t]+|$)|(?:[ \t]+#+)?[ \t]*$")
_ATX_OPEN = re.compile(r"#{1,6}(?:[ \t]+|$)")


def _heading_text(node: Node, source: _Source, setext: bool) -> str:
    """The heading's inline source, read from its own range (cheaper than visiting its children)."""
    raw = source.text(node)
    if setext:  # drop the underline
        return "\n".join(line.strip() for line in raw.rstrip("\n").split("\n")[:-1]).strip()
    return atx_content(raw)


def atx_content(raw: str) -> str:
    """ "## Title ##" → "Title": what _ATX_MARKS.sub("", raw.strip()).strip() gives, without trying the closing
    pattern at every character of the line."""
    text = raw.strip()
    if "\n" in text:
        return _ATX_MARKS.sub("", text).strip()
    opening = _ATX_OPEN.match(text)
    start, end = (opening.end() if opening else 0), len(text)
    hashes = end
    while hashes > start and text[hashes - 1] == "#":
        hashes -= 1
    if hashes < end:  # closing hashes count only after a space or tab
        gap = hashes
        while gap > start and text[gap - 1] in " \t":
            gap -= 1
        if gap < hashes:
            end = gap
    return text[start:end].strip()


_HTML_HEADING = re.compile(r"<h([1-6])(?:\s[^<>]{0,300})?>([^\n]{0,2000}?)</h\1\s*>", re.IGNORECASE)


def _block_from(node: Node, source: _Source) -> Block | None:
    start, end = source.lines(node)
    kind = node.name
    if kind in ("heading", "lheading"):
        meta = node.meta
        level = int(meta.get("level", 1))
        marker = str(meta.get("marker", "#" * level))  # "#"... or the setext underline
        return Block("heading", start, end, _heading_text(node, source, kind == "lheading"), level=level, info=marker)
    if kind == "paragraph":
        content = source.content(*_span(node))
        if _TEXT_RULE.match(content) and "\n" not in content.strip():
            return Block("hr", start, end, content)  # "------ More Qs": a separator with a caption
        return Block("paragraph", start, end, content)
    if kind in ("bullet_list", "ordered_list"):
        entries = [_entry(item, source) for item in node.children if item.name == "list_item"]
        return Block("list", start, end, ordered=kind == "ordered_list", entries=entries)
    if kind == "fence":
        return Block(
            "fence", start, end, str(node.meta.get("content", "")), info=str(node.meta.get("info", "")).strip()
        )
    if kind == "code_block":
        return Block("code", start, end, str(node.meta.get("content", "")))
    if kind == "table":
        return Block("table", start, end, rows=_rows(node, source))
    if kind == "html_block":
        content = str(node.meta.get("content", ""))
        heading = _HTML_HEADING.fullmatch(content.strip()) if content.lstrip()[:2].lower() == "<h" else None
        if heading:  # "<h3 id=…>What is X?</h3>" is a heading, whatever syntax wrote it
            return Block("heading", start, end, heading.group(2).strip(), level=int(heading.group(1)), info="html")
        if content.lstrip()[:6].lower() == "<table" and "</table>" in content.lower():
            rows = html_table_rows(content)  # a table is a table, whatever syntax wrote it
            if rows:
                return Block("table", start, end, rows=[(start + line - 1, cells) for line, cells in rows])
        return Block("html", start, end, content)
    if kind == "blockquote":
        return Block("quote", start, end)
    if kind == "hr":
        return Block("hr", start, end)
    return None


def _entry(item: Node, source: _Source) -> ListEntry:
    line_start, line_end = source.lines(item)
    lead, lead_start = "", line_start
    children = item.children
    if children and children[0].name == "paragraph":
        lead, lead_start = _inline_text(children[0], source), source.first_line(children[0])
    elif children and children[0].name == "heading":  # "1. ### What is a perceptron?": the entry's title
        lead, lead_start = _heading_text(children[0], source, False), source.first_line(children[0])
    elif children and children[0].name not in _BLOCK_NODES:  # a tight list: the item holds its inline text directly
        run = []
        for child in children:
            if child.name in _BLOCK_NODES:
                break
            run.append(child)
        spans = [child.srcmap for child in run if child.srcmap]
        if spans:
            lead = source.content(spans[0][0], spans[-1][1])
            lead_start = bisect_right(source.line_starts, spans[0][0])
    task = lead.startswith(("[ ] ", "[x] ", "[X] "))
    return ListEntry(line_start, line_end, lead, lead_start, task)


def _rows(table: Node, source: _Source) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for section in table.children:
        for row in section.children:
            cells = [source.text(cell).strip() for cell in row.children]
            rows.append((source.first_line(row), cells))
    return rows


def _split_html_headings(block: Block) -> list[Block]:
    """An HTML block (which runs to the next blank line) with a heading on a line of its own: that line is a
    heading wherever it stands, as in "<details>" + "<summary>Topic</summary>" + "<h4>Question?</h4>"."""
    lines = block.text.split("\n")
    headings = [_HTML_HEADING.fullmatch(line.strip()) if line.lstrip()[:2].lower() == "<h" else None for line in lines]
    if not any(headings):
        return [block]
    pieces: list[Block] = []
    run: list[str] = []
    for n, (line, heading) in enumerate(zip(lines, headings, strict=True)):
        if heading is None:
            run.append(line)
            continue
        if run and "".join(run).strip():
            first = block.line_start + n - len(run)
            pieces.append(Block("html", first, block.line_start + n - 1, "\n".join(run)))
        run = []
        level, title = int(heading.group(1)), heading.group(2).strip()
        pieces.append(Block("heading", block.line_start + n, block.line_start + n, title, level=level, info="html"))
    if run and "".join(run).strip():
        pieces.append(Block("html", block.line_start + len(lines) - len(run), block.line_end, "\n".join(run)))
    return pieces


def _split_setext(block: Block) -> list[Block]:
    """A prose paragraph followed by "---" is a separator in notes, not an h2 heading."""
    if block.kind != "heading" or block.info not in ("-", "=") and not block.info.startswith(("-", "=")):
        return [block]
    words = block.text.split()
    if block.text.rstrip().endswith("?") and len(words) <= 30:
        return [block]  # a question underlined as a heading, however long
    prose = "\n" in block.text or len(words) > 8 or block.text.rstrip().endswith((".", ",", ";", ")", '"'))
    if not prose:
        return [block]
    paragraph = Block("paragraph", block.line_start, block.line_end - 1, block.text)
    return [paragraph, Block("hr", block.line_end, block.line_end)]
