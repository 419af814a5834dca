"""Rows of an HTML <table> in notes ("<tr><td>What is X?</td><td>It is…</td></tr>"), read with the standard
library's HTML parser: the same question | answer table as a markdown one, whatever syntax wrote it."""

from __future__ import annotations

from html.parser import HTMLParser

_CELLS = {"td", "th"}
_BREAKS = {"br", "p", "li"}  # inside a cell these start a new line of its text


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[str]]] = []  # (1-based line of the <tr>, cell texts)
        self.cell: list[str] | None = None
        self.depth = 0  # nested tables are read as text of the outer cell

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
        elif self.depth > 1:
            return
        elif tag == "tr":
            self.rows.append((self.getpos()[0], []))
        elif tag in _CELLS and self.rows:
            self.cell = []
        elif tag in _BREAKS and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth -= 1
        elif self.depth == 1 and tag in _CELLS and self.cell is not None:
            lines = (" ".join(line.split()) for line in "".join(self.cell).split("\n"))
            self.rows[-1][1].append("\n".join(line for line in lines if line))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def html_table_rows(html: str) -> list[tuple[int, list[str]]]:
    """(line within `html`, cell texts) for each row of the first table; [] when it has no cells."""
    reader = _TableReader()
    try:
        reader.feed(html)
        reader.close()
    except (AssertionError, ValueError):  # malformed markup the parser gives up on: not a table to read
        return []
    return [(line, cells) for line, cells in reader.rows if cells]
