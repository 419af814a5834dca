"""Decks made elsewhere → the same ParsedDocument the markdown parser returns. Pure: text in, data out.

* CSV / TSV with question and answer columns (a header row names them; delimiter sniffed; quoted multi-line
  fields), including what `coach export --format csv` writes (its kind, topic, heading path and STAR columns are
  kept as they are);
* Anki's "Notes in Plain Text" export (`#separator:`, `#html:`, `#columns:`, `#tags column:` … header lines),
  HTML fields converted to markdown;
* `coach export --format markdown`: items carry a `<!-- coach-item {…} -->` comment with what the markdown
  alone cannot say (kind, topic, heading path, STAR parts), so a re-import gives the same items. Anything else in
  such a file (questions a user added by hand) is read by the ordinary markdown parser.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from interview_coach.parse import parse_document
from interview_coach.parse.classify import classify, topic_of
from interview_coach.parse.model import KINDS, ParsedDocument, ParsedItem, Star
from interview_coach.parse.questions import is_interrogative, strip_markup
from interview_coach.parse.star import parse_star

DELIMITED_SUFFIXES = (".csv", ".tsv")
EXPORT_MARKER = "<!-- interview-coach export"
ITEM_OPEN = "<!-- coach-item "
ITEM_CLOSE = "<!-- /coach-item -->"
STAR_PARTS = ("situation", "task", "action", "result")


class InteropError(ValueError):
    """A row that cannot be read; `line` is the 1-based line of the file where it starts."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


def parse_notes_text(text: str, suffix: str, questions: str | None = None) -> ParsedDocument:
    """Pick the reader for one file by its extension and first lines; `questions` names a markdown
    question format the user chose (otherwise it is inferred)."""
    suffix = suffix.lower()
    if suffix in DELIMITED_SUFFIXES:
        return read_delimited(text, "\t" if suffix == ".tsv" else None)
    if suffix == ".txt" and is_anki_export(text):
        return read_anki(text)
    if ITEM_OPEN in text:
        return read_export(text)
    # The plain call unless the user named a question format (keeps parse_document(text) the one common shape).
    return parse_document(text, questions=questions) if questions else parse_document(text)


def format_of(text: str, suffix: str) -> str:
    """The name of the reader `parse_notes_text` picks, for reports."""
    suffix = suffix.lower()
    if suffix in DELIMITED_SUFFIXES:
        return suffix.lstrip(".")
    if suffix == ".txt" and is_anki_export(text):
        return "anki"
    return "coach-export" if ITEM_OPEN in text else "markdown"


# --- CSV / TSV -----------------------------------------------------------------------------------------------

# Header names people give the columns (compared lowercased, punctuation as spaces).
_QUESTION_NAMES = {"question", "questions", "q", "front", "prompt", "term", "question text", "card front", "text"}
_ANSWER_NAMES = {"answer", "answers", "a", "back", "response", "definition", "solution", "explanation", "card back"}
_PATH_NAMES = {"heading path", "heading_path", "section", "category", "deck", "chapter", "group", "subject"}
_OTHER_NAMES = {"kind", "type", "topic", "tags", "tag", "note", "notes", "id", "source path", "line start",
                "line end"} | {f"star {part}" for part in STAR_PARTS}  # fmt: skip
_HEADER_NAMES = _QUESTION_NAMES | _ANSWER_NAMES | _PATH_NAMES | _OTHER_NAMES


@dataclass
class _Row:
    line_start: int
    line_end: int
    cells: list[str]


@dataclass
class _Columns:
    question: int
    answer: int | None
    by_name: dict[str, int]  # every named column, by its normalised header
    verbatim: bool = False  # `coach export --format csv` wrote it: cells are kept exactly as written


def read_delimited(text: str, delimiter: str | None = None) -> ParsedDocument:
    """CSV or TSV: a header row naming question/answer columns, or rows of question, answer when most first
    cells read as questions. Raises InteropError for a row the csv module cannot read."""
    lines = text.split("\n")
    first = lines[0].strip() if lines else ""
    skip = 0
    if re.fullmatch(r"sep=.", first):  # Excel's "sep=;" line names the delimiter
        delimiter, skip = first[-1], 1
    body = "\n".join(lines[skip:])
    delimiter = delimiter or _sniff_delimiter(body)
    rows = list(_rows(body, delimiter, offset=skip))
    return _items_from_rows(rows, len(lines), html=False)


def _sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _rows(text: str, delimiter: str, offset: int = 0) -> Iterator[_Row]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = f"cannot be read as {_name(delimiter)} ({exc}); check the quotes of this row"
            raise InteropError(previous + 1 + offset, problem) from exc
        start, previous = previous + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield _Row(start + offset, reader.line_num + offset, cells)


def _name(delimiter: str) -> str:
    return {"\t": "TSV", ",": "CSV"}.get(delimiter, f"{delimiter!r}-separated values")


def _normalise(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", strip_markup(header).lower()).split())


def _columns_from_header(cells: list[str]) -> _Columns | None:
    names = [_normalise(cell) for cell in cells]
    if not any(name in _HEADER_NAMES for name in names):
        return None
    by_name = {name: k for k, name in reversed(list(enumerate(names))) if name}
    question = next((by_name[n] for n in by_name if n in _QUESTION_NAMES), None)
    answer = next((by_name[n] for n in by_name if n in _ANSWER_NAMES), None)
    if question is None:
        # A header with an answer column but no question column names its first other column the question.
        question = next((k for k, n in enumerate(names) if k != answer and n not in _OTHER_NAMES | _PATH_NAMES), 0)
    return _Columns(question, answer, by_name, verbatim={"id", "source path", "star situation"} <= set(by_name))


def _looks_like_questions(rows: list[_Row]) -> bool:
    firsts = [row.cells[0].strip() for row in rows if row.cells and row.cells[0].strip()]
    asked = sum(1 for cell in firsts if cell.endswith("?") or is_interrogative(cell))
    return bool(firsts) and asked * 2 >= len(firsts)


def _items_from_rows(rows: list[_Row], line_count: int, html: bool, columns: _Columns | None = None) -> ParsedDocument:
    warnings: list[str] = []
    if columns is None and rows:
        columns = _columns_from_header(rows[0].cells)
        if columns is not None:
            rows = rows[1:]
        elif _looks_like_questions(rows):
            columns = _Columns(0, 1, {})
    if columns is None:
        if rows:
            warnings.append(
                "no question column: name the columns in a header row (question, answer), or start each row "
                "with its question"
            )
        return ParsedDocument("", [], [], line_count, warnings=warnings)
    items = [item for row in rows if (item := _row_item(row, columns, html, warnings)) is not None]
    return ParsedDocument("", items, [], line_count, warnings=warnings)


def _cell(row: _Row, index: int | None, html: bool, verbatim: bool = False) -> str:
    if index is None or index >= len(row.cells):
        return ""
    value = row.cells[index] if verbatim else row.cells[index].strip()
    return html_to_markdown(value) if html else value


def _named(row: _Row, columns: _Columns, names: set[str] | tuple[str, ...], html: bool = False) -> str:
    return next((v for n in names if n in columns.by_name and (v := _cell(row, columns.by_name[n], html))), "")


def _row_item(row: _Row, columns: _Columns, html: bool, warnings: list[str]) -> ParsedItem | None:
    question = " ".join(_cell(row, columns.question, html).split())
    answer = _cell(row, columns.answer, html, columns.verbatim)
    if not question:
        if answer:
            warnings.append(f"line {row.line_start}: a row with an answer but no question was skipped")
        return None
    path_text = _named(row, columns, ("heading path", "heading_path"))
    path = [p for p in path_text.split(" > ") if p] if path_text else []
    if not path and (group := _named(row, columns, _PATH_NAMES)):
        path = [p.strip() for p in group.split("::") if p.strip()]  # Anki decks nest with "::"
    item = ParsedItem(question, answer, row.line_start, row.line_end, path)
    item.answer_lines = (row.line_start, row.line_end) if answer else None
    item.note = _named(row, columns, ("note", "notes"), html)
    item.section_hint = _named(row, columns, ("tags", "tag")).replace("::", " ")
    star = {part: _named(row, columns, (f"star {part}",)) for part in STAR_PARTS}
    item.star = Star(**star) if any(star.values()) else (parse_star(answer) if answer else None)
    _set_kind(item, _named(row, columns, ("kind", "type")), _named(row, columns, ("topic",)))
    return item


def _set_kind(item: ParsedItem, kind: str, topic: str) -> None:
    """What the file says when it names a known kind or a topic; the classifier for the rest."""
    kind = kind.strip().lower().replace(" ", "_").replace("-", "_")
    if kind == "ask_interviewer":
        item.kind = kind
    classify(item)
    if kind in KINDS and kind != item.kind:
        item.kind = kind
        item.topic = topic_of(item)
    if topic.strip():
        item.topic = topic.strip()


# --- Anki "Notes in Plain Text" ------------------------------------------------------------------------------

_ANKI_HEADER = re.compile(r"^#([a-z ]+):(.*)$")
_ANKI_KEYS = {"separator", "html", "columns", "tags column", "deck column", "notetype column", "guid column",
              "deck", "notetype", "tags", "guid"}  # fmt: skip
_ANKI_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def is_anki_export(text: str) -> bool:
    match = _ANKI_HEADER.match(text.lstrip("\ufeff").split("\n", 1)[0].strip())
    return match is not None and match.group(1) in _ANKI_KEYS


def read_anki(text: str) -> ParsedDocument:
    lines = text.split("\n")
    header: dict[str, str] = {}
    skip = 0
    while skip < len(lines) and (match := _ANKI_HEADER.match(lines[skip].strip())):
        header[match.group(1)] = match.group(2).strip()
        skip += 1
    separator = header.get("separator", "tab")
    delimiter = _ANKI_SEPARATORS.get(separator.lower(), separator[:1] or "\t")
    html = header.get("html", "false").lower() == "true"
    rows = list(_rows("\n".join(lines[skip:]), delimiter, offset=skip))
    columns = _anki_columns(header, max((len(r.cells) for r in rows), default=0))
    document = _items_from_rows([_uncloze(row, columns) for row in rows], len(lines), html, columns)
    if not header.get("html"):
        document.warnings.append("no #html: header line; fields read as plain text")
    return document


def _anki_columns(header: dict[str, str], width: int) -> _Columns:
    """Named columns from `#columns:`; else the `#… column:` positions, the other columns being the note's fields
    in order (first the question, then the answer)."""
    special = {}
    for key, name in (("tags column", "tags"), ("deck column", "deck"), ("notetype column", "notetype"),
                      ("guid column", "guid")):  # fmt: skip
        if header.get(key, "").isdigit():
            special[int(header[key]) - 1] = name
    named = header.get("columns")
    delimiter = _ANKI_SEPARATORS.get(header.get("separator", "tab").lower(), "\t")
    if named:
        names = [_normalise(n) for n in named.split(delimiter)]
        for index, name in special.items():
            if index < len(names):
                names[index] = name
    else:
        names = [special.get(k, "") for k in range(width)]
    fields = [k for k in range(max(width, len(names))) if k not in special]
    by_name = {name: k for k, name in enumerate(names) if name}
    question = next((by_name[n] for n in by_name if n in _QUESTION_NAMES), fields[0] if fields else 0)
    answer = next((by_name[n] for n in by_name if n in _ANSWER_NAMES), None)
    if answer is None:
        answer = next((k for k in fields if k != question), None)
    return _Columns(question, answer, by_name)


def _uncloze(row: _Row, columns: _Columns) -> _Row:
    """A cloze note asks its text with the deletions hidden and answers it with them shown."""
    text = row.cells[columns.question] if columns.question < len(row.cells) else ""
    if not _CLOZE.search(text):
        return row
    cells = list(row.cells)
    cells[columns.question] = _CLOZE.sub(lambda m: f"[{m.group(2) or '…'}]", text)
    revealed = _CLOZE.sub(lambda m: m.group(1), text)
    extra = cells[columns.answer] if columns.answer is not None and columns.answer < len(cells) else ""
    if columns.answer is None or columns.answer >= len(cells):
        cells.append("")
        columns.answer = len(cells) - 1
    cells[columns.answer] = revealed + (f"<br><br>{extra}" if extra.strip() else "")
    return _Row(row.line_start, row.line_end, cells)


def html_to_markdown(html: str) -> str:
    """An Anki field's HTML as markdown (markdownify: bold, lists, code, links; <br> and <div> as line breaks)."""
    if "<" not in html and "&" not in html:
        return html
    from markdownify import markdownify  # imported on use: only Anki imports need it

    html = re.sub(r"<br\s*/?>", "\n", html, flags=re.IGNORECASE)  # Anki writes line breaks as <br>
    text = markdownify(html, heading_style="ATX", bullets="-", escape_asterisks=False, escape_underscores=False)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()


# --- coach's own markdown export -----------------------------------------------------------------------------

_QUESTION_HEADING = re.compile(r"^#{1,6}\s+(?:Q:\s*)?(.*?)(?:\s+#+)?\s*$")


def question_in_heading(line: str) -> str:
    """The question an exported item's heading line holds."""
    match = _QUESTION_HEADING.match(line)
    return match.group(1).strip() if match else ""


def read_export(text: str) -> ParsedDocument:
    """Items written by `coach export --format markdown`, exactly; the rest of the file by the markdown parser."""
    lines = text.split("\n")
    warnings: list[str] = []
    items: list[ParsedItem] = []
    rest = list(lines)
    for start, end in _export_spans(lines):
        item = _export_item(lines, start, end, warnings)
        if item is not None:
            items.append(item)
            rest[start - 1 : end] = [""] * (end - start + 1)  # blank, so the rest keeps its line numbers
    rest = ["" if line.startswith(EXPORT_MARKER) else line for line in rest]
    others = parse_document("\n".join(rest))
    title = next((strip_markup(line.lstrip("#")) for line in lines if line.startswith("# ")), others.title)
    merged = sorted(items + others.items, key=lambda item: item.line_start)
    return ParsedDocument(title, merged, others.notes, len(lines), warnings=warnings)


def _export_spans(lines: list[str]) -> Iterator[tuple[int, int]]:
    """(heading line, last line) of each exported item, 1-based: a heading, the item comment on the next line,
    and everything up to the closing comment (or the next item, when a hand edit lost it)."""
    starts = [
        n + 1 for n in range(len(lines) - 1) if lines[n + 1].startswith(ITEM_OPEN) and _QUESTION_HEADING.match(lines[n])
    ]
    for k, start in enumerate(starts):
        limit = starts[k + 1] - 1 if k + 1 < len(starts) else len(lines)
        close = next((n for n in range(start + 1, limit + 1) if lines[n - 1].strip() == ITEM_CLOSE), None)
        yield start, close if close is not None else limit


def _export_item(lines: list[str], start: int, end: int, warnings: list[str]) -> ParsedItem | None:
    meta = _item_meta(lines[start], start + 1, warnings)
    if meta is None:
        return None
    question = str(meta.get("question") or question_in_heading(lines[start - 1])).strip()
    if not question:
        return None
    body = [n for n in range(start + 2, end + 1) if lines[n - 1].strip() != ITEM_CLOSE]
    answer = "\n".join(lines[n - 1] for n in body).strip("\n")
    content = [n for n in body if lines[n - 1].strip()]
    item = ParsedItem(question, answer, start, end, _strings(meta.get("heading_path")))
    item.answer_lines = (content[0], content[-1]) if answer and content else None
    item.note = str(meta.get("note") or "")
    item.star = _star(meta.get("star")) or (parse_star(answer) if answer else None)
    _set_kind(item, str(meta.get("kind") or ""), str(meta.get("topic") or ""))
    return item


def _item_meta(line: str, number: int, warnings: list[str]) -> dict[str, object] | None:
    raw = line.strip().removeprefix(ITEM_OPEN.strip()).removesuffix("-->").strip()
    try:
        meta = json.loads(raw)
    except json.JSONDecodeError:
        warnings.append(f"line {number}: the coach-item comment is not valid JSON; its question was read as notes")
        return None
    return meta if isinstance(meta, dict) else None


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _star(value: object) -> Star | None:
    if not isinstance(value, dict):
        return None
    return Star(**{part: str(value.get(part) or "") for part in STAR_PARTS})


def meta_comment(fields: dict[str, object]) -> str:
    """The item comment the markdown export writes (one line; "--" escaped so the comment cannot end early)."""
    payload = json.dumps(fields, ensure_ascii=False).replace("--", "-\\u002d")
    return f"{ITEM_OPEN}{payload} -->"
