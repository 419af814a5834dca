"""Structured notes beside the questions: pitches, checklists, demo flows, talking points, tips, STAR stories
and the key numbers a candidate claims (later features check that they are quoted consistently)."""

from __future__ import annotations

import re
from bisect import bisect_right

from interview_coach.parse.blocks import Block
from interview_coach.parse.model import ParsedNote
from interview_coach.parse.questions import strip_markup
from interview_coach.parse.star import parse_star

_SECTION_TYPES = [
    (re.compile(r"\b(elevator pitch|pitch|introduce yourself|core message)\b", re.I), "pitch"),
    (re.compile(r"\bchecklist\b|\bbefore (the|your) interview\b|\bto-?do\b", re.I), "checklist"),
    (re.compile(r"\bdemo\b|\bscenario\b", re.I), "demo_flow"),
    (re.compile(r"\btalking points?\b|\bkey (points|messages)\b|\bhighlights\b", re.I), "talking_points"),
    (re.compile(r"\btips?\b|\badvice\b|\bresources\b", re.I), "tips"),
]
# A number with a unit or metric nearby: "99.9% F1", "23ms latency", "2000+ req/sec", "$80,000", "10M+ docs".
_KEY_NUMBER = re.compile(
    r"(?<![\w.])(?:[$€£]\s?\d[\d,]*(?:\.\d+)?[kKmM]?|\d[\d,]*(?:\.\d+)?\s?(?:%|x\b|×|ms\b|s\b|sec\b|seconds?\b|"
    r"minutes?\b|hours?\b|days?\b|weeks?\b|[kKmMbB]\+?(?=\s|$|\b)|\+|\s?(?:params|parameters|req/s(?:ec)?|"
    r"requests|documents|docs|users|tokens|gb|mb|tb|qps|rps)\b))",
)


def extract_notes(blocks: list[Block], lines: list[str], claimed: set[int]) -> list[ParsedNote]:
    paths = _heading_paths(blocks)
    notes = _section_notes(blocks, lines, claimed, paths)
    notes += _star_stories(blocks, lines, claimed, paths)
    notes += _key_numbers(lines, blocks, paths)
    notes += _text_sections(blocks, lines, claimed, paths)
    return notes


def _text_sections(
    blocks: list[Block], lines: list[str], claimed: set[int], paths: list[list[str]]
) -> list[ParsedNote]:
    """Every stretch of notes no question owns, one per heading (and the text before the first heading):
    search covers them, so "my pitch for the NER project" finds a document with no Q&A at all."""
    headed = _sections(blocks, paths)
    preamble: tuple[int, int, list[str]] = (
        -1,
        headed[0][0] if headed else len(blocks),
        [],
    )  # the text before the first heading
    sections: list[ParsedNote] = []
    for start, end, path in [preamble, *headed]:
        body = [b for i, b in enumerate(blocks[start + 1 : end], start + 1) if i not in claimed and b.kind != "hr"]
        if not body or (start >= 0 and start in claimed):
            continue
        text = "\n\n".join("\n".join(lines[b.line_start - 1 : b.line_end]).strip() for b in body)
        if not text.strip():
            continue
        first = blocks[start].line_start if start >= 0 else body[0].line_start
        title = path[-1] if path else ""
        numbers: dict[str, object] = {"line_numbers": _body_line_numbers(body, lines)}
        sections.append(ParsedNote("section", title, text, first, body[-1].line_end, path[:-1], numbers))
    return sections


def _body_line_numbers(body: list[Block], lines: list[str]) -> list[int]:
    """The file line of each line of a section's text (0 for the blank line put between blocks), so search can
    cite the exact line of one bullet."""
    numbers: list[int] = []
    for block in body:
        span = list(range(block.line_start, block.line_end + 1))
        while span and not lines[span[0] - 1].strip():  # the block's text is stripped: so are its numbers
            span.pop(0)
        while span and not lines[span[-1] - 1].strip():
            span.pop()
        if numbers:
            numbers.append(0)
        numbers.extend(span)
    return numbers


def _heading_paths(blocks: list[Block]) -> list[list[str]]:
    """The heading path in force at each block (a heading's own path ends with itself)."""
    path: list[tuple[int, str]] = []
    paths: list[list[str]] = []
    titles: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            while path and path[-1][0] >= block.level:
                path.pop()
            path.append((block.level, strip_markup(block.text)))
            titles = [t for _, t in path]
        paths.append(titles)
    return paths


def _sections(blocks: list[Block], paths: list[list[str]]) -> list[tuple[int, int, list[str]]]:
    """(first block, end block, heading path) for each heading's own content, up to the next heading."""
    starts = [i for i, block in enumerate(blocks) if block.kind == "heading"]
    ends = [*starts[1:], len(blocks)]
    return [(i, end, paths[i]) for i, end in zip(starts, ends, strict=False)]


def _section_notes(
    blocks: list[Block], lines: list[str], claimed: set[int], paths: list[list[str]]
) -> list[ParsedNote]:
    notes: list[ParsedNote] = []
    for start, end, path in _sections(blocks, paths):
        note_type = _section_type(path[-1])
        body_blocks = [b for b in blocks[start + 1 : end] if b.kind != "hr"]
        if note_type is None:
            note_type = "checklist" if any(e.task for b in body_blocks for e in b.entries) else None
        if note_type is None or not body_blocks:
            continue
        if note_type != "pitch" and all(i in claimed for i in range(start + 1, end)):
            continue
        first, last = body_blocks[0].line_start, body_blocks[-1].line_end
        body = "\n".join(lines[first - 1 : last]).strip()
        steps = [
            strip_markup(e.lead_text.removeprefix("[ ] ").removeprefix("[x] ")) for b in body_blocks for e in b.entries
        ]
        notes.append(ParsedNote(note_type, path[-1], body, first, last, path[:-1], {"items": steps}))
    return notes


def _section_type(title: str) -> str | None:
    for pattern, note_type in _SECTION_TYPES:
        if pattern.search(title):
            return note_type
    return None


def _star_stories(blocks: list[Block], lines: list[str], claimed: set[int], paths: list[list[str]]) -> list[ParsedNote]:
    """STAR blocks that no question owns ("Example STAR Answers"): consecutive paragraphs parsed together."""
    notes: list[ParsedNote] = []
    for i, block in enumerate(blocks):
        if i in claimed or block.kind not in ("paragraph", "list"):
            continue
        text = "\n".join(lines[block.line_start - 1 : block.line_end])
        star = parse_star(text)
        if star is None:
            continue
        titles = paths[i]
        notes.append(
            ParsedNote(
                "star_story",
                titles[-1] if titles else "STAR story",
                text.strip(),
                block.line_start,
                block.line_end,
                titles,
                {"star": star.as_dict()},
            )
        )
    return notes


def _key_numbers(lines: list[str], blocks: list[Block], paths: list[list[str]]) -> list[ParsedNote]:
    """Every claimed figure with its line as context; fenced code is skipped (numbers there are not claims)."""
    code_lines = {
        n for b in blocks if b.kind in ("fence", "code") and b.info for n in range(b.line_start, b.line_end + 1)
    }
    starts = [block.line_start for block in blocks]
    search = _KEY_NUMBER.search
    notes: list[ParsedNote] = []
    for n, line in enumerate(lines, start=1):
        if not search(line) or n in code_lines:  # cheap test on the raw line first
            continue
        context = strip_markup(line).strip(" -*>#")
        path: list[str] | None = None
        for match in _KEY_NUMBER.finditer(context):
            value = match.group(0).strip()
            if _LIST_NUMBER.fullmatch(value) or _YEAR.fullmatch(value):
                continue
            if path is None:
                path = _path_at(n, blocks, starts, paths)
            notes.append(ParsedNote("key_number", value, context, n, n, path, {"value": value}))
    return notes


_LIST_NUMBER = re.compile(r"\d{1,2}[.)]?")
_YEAR = re.compile(r"(19|20)\d\d")


def _path_at(n: int, blocks: list[Block], starts: list[int], paths: list[list[str]]) -> list[str]:
    """The heading path of the last block that holds line n ([] between blocks). Blocks are in line order, so
    that is the last block starting at or before n, or one just before it that reaches past its start."""
    last = bisect_right(starts, n) - 1
    for i in range(last, max(-1, last - 3), -1):
        if blocks[i].line_end >= n:
            return paths[i]
    return []
