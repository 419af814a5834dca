"""A reference answer → the key points an interviewer listens for, read the way a person reads prep notes.

- list entries, numbered steps and prose sentences are points; a comparison table's cells become one point each,
  headed by their column ("L1 (Lasso): drives many weights to exactly 0");
- a label ("When to use:", "**Situation:**", "Why it matters:") heads what follows it and is not a point itself;
- tips, "you could mention" and emoji-marked asides are optional extras: covering one is a bonus, missing it is not
  a fault;
- fenced code is kept apart (graded as code by grade/code.py), never read line by line as sentences;
- headings, emoji and markup are not terms.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from dataclasses import dataclass

from interview_coach.parse.lines import BULLET, FENCE, TABLE_RULE, table_cells

_HEADING = re.compile(r"^\s*#{1,6}\s+")
# "**When to use:**", "Why it matters:", "Situation:" at the start of a line (bold or not).
_LABEL = re.compile(r"^\s*(?:\*\*|__)?([A-Z][\w /()'’&-]{0,40}?)\s*:\s*(?:\*\*|__)?(?=\s|$)")
_LABEL_BOLD_COLON = re.compile(r"^\s*(?:\*\*|__)([^*_]{1,40}?)(?:\*\*|__)\s*:\s*")
_EXTRA = re.compile(
    r"^\s*(?:bonus\s+)?(?:tip|pro tip|note|aside|extra|you (?:could|can|might) (?:also )?mention|mention that|"
    r"if (?:you have|there is) time|nice to have|follow[- ]up)s?\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"“])")
_MARKUP = re.compile(r"(\*\*|__|`|\*|(?<![\w])_(?=\w)|(?<=\w)_(?![\w]))")  # "zeros_like" keeps its underscore
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_STRONG_SPAN = re.compile(r"(?:\*\*|__)(.+?)(?:\*\*|__)")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")
_HYPHENATED = re.compile(r"\b[a-zA-Z]+(?:-[a-zA-Z0-9]+)+\b")
_ARROWS = {"→": " → ", "⇒": " → ", "->": " → ", "=>": " → "}
# A table whose first column is headed like this lists rows of key → value, not two things side by side.
GENERIC_HEADERS = frozenset(
    "aspect feature property metric criterion dimension item step stage term what name method approach technique "
    "model algorithm option type kind case concept parameter setting component part problem symptom cause".split()
)
_TERMLIKE = re.compile(r"^[A-Za-z][\w.'’+=/ -]*$")  # words and identifiers, not formulas
MIN_POINT_WORDS = 3
LEAD_IN_WORDS = 6  # a line this short ending in ":" before a list introduces it (a longer one is also a claim)


@dataclass(frozen=True)
class KeyPoint:
    text: str  # plain text, markup removed
    source: str  # bullet | row | sentence | code (the reference is a program and nothing else)
    optional: bool = False  # a tip or "you could mention": a bonus when covered, never a fault when missed
    label: str = ""  # the label heading it ("When to use"), shown with the point


def is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Cs") or 0x1F000 <= ord(ch) <= 0x1FAFF or ch in "\ufe0f\u200d"


_KEPT_SYMBOLS = "→⇒←≈≪≫√∑Σ∈·²³×÷±≤≥−"
_ASCII_SYMBOLS = re.compile(r"[\^`]")  # the only ASCII characters is_emoji counts as symbols
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def strip_emoji(text: str) -> str:
    # Most notes are ASCII: only the two ASCII symbols and the non-ASCII characters need reading one by one.
    text = _ASCII_SYMBOLS.sub("", text) if "^" in text or "`" in text else text
    return text if text.isascii() else _NON_ASCII.sub(_kept_or_dropped, text)


def _kept_or_dropped(match: re.Match[str]) -> str:
    ch = match.group()
    return "" if is_emoji(ch) and ch not in _KEPT_SYMBOLS else ch


def plain(text: str) -> str:
    text = _LINK.sub(r"\1", strip_emoji(text))
    for arrow, spaced in _ARROWS.items():
        text = text.replace(arrow, spaced)
    return " ".join(_MARKUP.sub("", text).split())


_PROSE_FENCES = frozenset(("", "text", "txt", "md", "markdown", "plain"))


def _fenced(text: str) -> list[tuple[str, list[str], int, int]]:
    """(language, lines, first line, last line) of every fenced block."""
    lines = text.splitlines()
    blocks, start, language = [], -1, ""
    for n, line in enumerate(lines):
        if FENCE.match(line):
            if start < 0:
                start, language = n, line.strip().lstrip("`~").strip().lower()
            else:
                blocks.append((language, lines[start + 1 : n], start, n))
                start = -1
    if start >= 0:
        blocks.append((language, lines[start + 1 :], start, len(lines)))
    return blocks


def _is_code(language: str, lines: list[str]) -> bool:
    """A fenced block is code when it says so, or when it parses as a Python program (an "Ideal Answer" fence of
    prose does not)."""
    if language not in _PROSE_FENCES:
        return True
    source = "\n".join(lines)
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return bool(re.search(r"[=(\[]|\bdef\b|\bimport\b|\breturn\b", source))


def code_blocks(text: str) -> list[str]:
    """The fenced code blocks of a text, in order."""
    return ["\n".join(lines) for language, lines, _, _ in _fenced(text) if _is_code(language, lines)]


def without_code(text: str) -> str:
    """The text with its fenced code blocks removed (each becomes a paragraph break); prose fences stay as text."""
    lines = text.splitlines()
    for language, body, start, end in _fenced(text):
        keep = not _is_code(language, body)
        for n in range(start, min(end + 1, len(lines))):
            if keep and start < n < end:
                continue
            lines[n] = ""
    return "\n".join(lines)


def _split_label(line: str) -> tuple[str, str]:
    """("When to use", "L1 when …") for a labelled line, ("", line) otherwise."""
    for pattern in (_LABEL_BOLD_COLON, _LABEL):
        match = pattern.match(line)
        if match and len(match.group(1).split()) <= 5:
            return match.group(1).strip(), line[match.end() :].strip()
    return "", line


class _Reader:
    """Walks the reference's lines, keeping the current label and table header."""

    def __init__(self) -> None:
        self.points: list[KeyPoint] = []
        self.prose: list[str] = []
        self.prose_optional = False
        self.label = ""
        self.header: list[str] | None = None

    def flush(self) -> None:
        if self.prose:
            for sentence in split_sentences(" ".join(self.prose)):
                self.add(sentence, "sentence", self.prose_optional)
            self.prose.clear()
        self.prose_optional = False

    def add(self, text: str, source: str, optional: bool = False) -> None:
        text = text.strip(" -—:;")
        if not text or not re.search(r"[A-Za-z0-9]", text):
            return
        optional = optional or bool(_EXTRA.match(text)) or bool(_EXTRA.match(self.label))
        self.points.append(KeyPoint(text, source, optional, self.label))

    def table_row(self, stripped: str) -> None:
        cells = [plain(cell.replace("\x00", "|")) for cell in table_cells(stripped.replace("\\|", "\x00"))]
        if not cells:
            return
        if self.header is None:
            self.header = cells
            return
        header = self.header
        first = header[0].lower().strip()
        comparison = len(header) == len(cells) and len(cells) >= 2 and first and first not in GENERIC_HEADERS
        if comparison:  # | L1 | L2 | → one point per side, headed by its column
            for name, cell in zip(header, cells, strict=True):
                self.add(f"{name}: {cell}", "row")
        else:
            self.add(" — ".join(cells), "row")

    def line(self, line: str, leads_a_list: bool = False) -> None:
        stripped = line.strip()
        if not stripped or TABLE_RULE.match(line) or _HEADING.match(line):
            self.flush()
            if not stripped or _HEADING.match(line):
                self.header = None
                self.label = ""
            return
        if stripped.startswith("|"):
            self.flush()
            self.table_row(stripped)
            return
        self.header = None
        emoji_led = is_emoji(stripped[0])
        bullet = BULLET.match(line)
        body = plain(line[bullet.end() :]) if bullet else plain(stripped.lstrip("> "))
        label, rest = _split_label(body)
        if not label and not bullet and leads_a_list and len(body.split()) <= LEAD_IN_WORDS:
            label, rest = body.rstrip(" :"), ""  # "Count the confusion-matrix cells, then:" introduces the list
        if label and not bullet:  # a label line heads what follows it
            self.flush()
            self.label = label
            if rest:
                self.prose.append(rest)
                self.prose_optional = emoji_led or bool(_EXTRA.match(label))
                self.flush()
            return
        if bullet:
            self.flush()
            for sentence in split_sentences(body):  # a bullet's own label is its subject ("Precision: …")
                self.add(sentence, "bullet", emoji_led)
            return
        if line[:1] in (" ", "\t") and self.points and self.points[-1].source == "bullet" and not self.prose:
            last = self.points[-1]
            self.points[-1] = KeyPoint(f"{last.text} {body}", "bullet", last.optional, last.label)
            return
        if emoji_led or _EXTRA.match(body):
            self.flush()
            self.prose.append(body)
            self.prose_optional = True
            self.flush()
            return
        self.prose.append(body)


def key_points(reference: str) -> list[KeyPoint]:
    reader = _Reader()
    lines = without_code(reference).splitlines()
    for n, line in enumerate(lines):
        reader.line(line, line.rstrip().endswith(":") and _next_is_bullet(lines, n))
    reader.flush()
    return _merge_short(reader.points)


def _next_is_bullet(lines: list[str], n: int) -> bool:
    following = next((line for line in lines[n + 1 :] if line.strip()), "")
    return bool(BULLET.match(following))


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _merge_short(points: list[KeyPoint]) -> list[KeyPoint]:
    """A two-word fragment ("Yes.") is not a point of its own: it joins its neighbour."""
    merged: list[KeyPoint] = []
    for point in points:
        short = len(point.text.split()) < MIN_POINT_WORDS
        if merged and short and merged[-1].source == point.source and merged[-1].optional == point.optional:
            last = merged[-1]
            merged[-1] = KeyPoint(f"{last.text} {point.text}", last.source, last.optional, last.label)
        else:
            merged.append(point)
    if len(merged) > 1 and len(merged[0].text.split()) < MIN_POINT_WORDS:
        first, second = merged[0], merged[1]
        merged[1] = KeyPoint(f"{first.text} {second.text}", second.source, second.optional, second.label)
        merged.pop(0)
    return merged


def key_terms(reference: str, question: str = "") -> list[str]:
    """Terms a grader listens for, in order of appearance: emphasised spans, acronyms, hyphenated words. Labels,
    headings, emoji and code blocks are not terms."""
    body = "\n".join(
        _split_label(line)[1] if _split_label(line)[0] else line
        for line in without_code(reference).splitlines()
        if not _HEADING.match(line)
    )
    found: list[str] = []
    for pattern in (_STRONG_SPAN, _CODE_SPAN):
        found += [m.group(1).strip() for m in pattern.finditer(body)]
    text = plain(body)
    found += [m.group(0) for m in _ACRONYM.finditer(text)]
    found += [m.group(0) for m in _HYPHENATED.finditer(text)]
    asked = question.lower()
    terms: list[str] = []
    for term in found:
        clean = strip_emoji(term).strip(" .,:;")
        if clean.endswith(":") or not _TERMLIKE.match(clean):
            continue
        known = [t.lower() for t in terms]
        if 1 < len(clean) <= 40 and clean.lower() not in asked and clean.lower() not in known:
            terms.append(clean)
    # "PR" and "AUC" are not terms of their own when "PR-AUC" is one.
    terms = [t for t in terms if not any(t != o and re.search(rf"\b{re.escape(t)}\b", o) for o in terms)]
    return terms[:12]
