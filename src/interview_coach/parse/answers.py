"""Turn a span of source lines into an answer: label lines dropped, wrapper fences unwrapped, extent trimmed."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass

# Patterns here run on stripped, length-capped text (see _label_match): a whitespace run can then only be
# matched one way, so no input makes them backtrack (2,000 leading spaces used to take minutes).
_LABEL = re.compile(
    r"(?:[*_]{1,2})?(?:(?:ideal|sample|model|suggested|short|my|your|you)\s)?\s?"
    r"(?:answer|solution|response|a|a\s?\d{1,4}|ans|back|explanation|you answer)\s?:?\s?(?:[*_]{1,2})?\s?:?",
    re.IGNORECASE,
)
_INLINE_LABEL = re.compile(
    r"(?:[-*+]\s+)?(?:[*_]{1,2})?(?:(?:ideal|sample|model|suggested|short|my)\s+)?"
    # "A:", "Answer -", "**A.**", "A1:"
    r"(?:(?:A|Ans|Answer|Back)(?:\s?:|\s?[-–—]\s|\.(?=[\s*_]))|A\s?\d{1,4}\s?:)(?:[*_]{1,2})?",
    re.IGNORECASE,
)
_FIELD_LINE = re.compile(r"(?:[*_]{1,2})?[A-Z][\w ]{0,24}(?::(?:[*_]{1,2})?|(?:[*_]{1,2}):)[ \t]+\S")
_NAVIGATION = re.compile(r"[*_\s⬆↑^]{0,6}\[[^\[\]\n]{0,80}\]\(#[^()\s]{0,200}\)[*_\s]{0,6}")
_QUOTE_MARKS = re.compile(r"(?:>[ \t]?)+")
_LABEL_MAX = 60  # a label line is short; longer lines are content
_SR_COMMENT = re.compile(r"[ \t]*<!--SR:[^<>\n]{0,400}-->")  # spaced-repetition scheduling, not answer text
# An answer that is only a placeholder is no answer: "TODO", "Answer here", "[TBD]", "…".
_PLACEHOLDER = re.compile(
    r"[\W_]*(?:todo|tbd|tba|wip|fixme|answer here|your answer here|add (?:an )?answer|fill (?:me |this )?in|"
    r"coming soon|to do|later)?[\W_]*",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\w*)\s*$")
_PROSE_FENCE_INFO = {"", "text", "txt", "markdown", "md", "plain", "plaintext"}
_RULE = re.compile(r"([-*_.=])(?:[ \t]*\1){2,}")
_COMMENT = re.compile(r"<!--.*-->")
# HTML that only wraps an answer (<details>, <summary>answer</summary>, <p>, <br/>) is not part of it.
_WRAPPER_TAG = re.compile(
    r"(?:</?(?:details|p|div|br|hr|blockquote|section|span)(?:\s[^<>]{0,200})?/?>|"
    r"<summary[^<>]{0,200}>[^<>]{0,40}</summary>)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Answer:
    text: str
    first_line: int
    last_line: int


def is_label_line(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= _LABEL_MAX and bool(_LABEL.fullmatch(stripped))


def strip_inline_label(line: str) -> str:
    """ "A: text" / "**Answer:** text" / "- **Answer:** text" / "Ans:text" → "text" (indentation kept)."""
    body = line.lstrip()
    quote = _QUOTE_MARKS.match(body) if body.startswith(">") else None  # "> A: …" inside a blockquote answer
    prefix_len = len(line) - len(body) + (quote.end() if quote else 0)
    match = _INLINE_LABEL.match(line[prefix_len : prefix_len + _LABEL_MAX])
    if not match:
        return line
    return line[:prefix_len] + line[prefix_len + match.end() :].lstrip()


def _strip_marker(line: str) -> str:
    """ "✅ A rule that…": an emoji that marks where the answer starts, not part of it (indentation kept)."""
    body = line.lstrip()
    end = 0
    while end < len(body) and (unicodedata.category(body[end]) in ("So", "Sk", "Mn", "Cf") or body[end] == "\ufe0f"):
        end += 1
    if end == 0 or end == len(body) or not body[end].isspace():
        return line
    return line[: len(line) - len(body)] + body[end:].lstrip()


def build_answer(lines: list[str], start: int, end: int) -> Answer | None:
    """Answer from 1-based inclusive source lines [start, end]; None when nothing but labels and blanks."""
    if start > end:
        return None
    start = _after_metadata_label(lines, start, end)
    numbers = list(range(start, end + 1))
    dropped = _wrapper_fence_lines(lines, numbers)
    content = (n for n in numbers if n not in dropped and _is_content(lines[n - 1]))
    first = next(content, None)
    if first is None:
        return None
    last = next(n for n in reversed(numbers) if n not in dropped and _is_content(lines[n - 1]))
    # The text keeps the fences of a code block that opens or closes the answer; the line range does not.
    text_first, text_last = (
        _widen_to_fence(lines, first, -1, start, dropped),
        _widen_to_fence(lines, last, 1, end, dropped),
    )
    kept = [lines[n - 1] for n in range(text_first, text_last + 1) if n not in dropped]
    kept[0] = _strip_marker(strip_inline_label(kept[0]))
    text = textwrap.dedent("\n".join(kept)).strip("\n")
    if "<!--SR:" in text:
        text = _SR_COMMENT.sub("", text).strip("\n")
    return Answer(text, first, last) if text.strip() and not is_placeholder(text) else None


def _after_metadata_label(lines: list[str], start: int, end: int) -> int:
    """ "**Category:** …" / "**Difficulty:** …" lines, then "**Sample Answer:**": the answer starts at the label.

    Only short `Field: value` lines may come before the label; any other content means the answer began."""
    for n in range(start, min(end, start + 12) + 1):
        line = lines[n - 1].strip()
        if not line:
            continue
        if ":" not in line[:_LABEL_MAX] and "." not in line[:8] and "-" not in line[:12]:
            return start  # neither a label nor a "Field: value" line: the answer began here
        if is_label_line(line) or strip_inline_label(line) != line:
            return n if n > start else start
        if len(line) > 120 or not _FIELD_LINE.match(line):
            return start
    return start


def is_placeholder(text: str) -> bool:
    """Nothing but a placeholder ("TODO", "Answer here", "TBD 😅") — or only punctuation and emoji."""
    return len(text) <= 40 and bool(_PLACEHOLDER.fullmatch(text.strip()))


def _widen_to_fence(lines: list[str], n: int, step: int, bound: int, dropped: set[int]) -> int:
    probe = n + step
    while (probe >= bound if step < 0 else probe <= bound) and not lines[probe - 1].strip():
        probe += step
    inside = probe >= bound if step < 0 else probe <= bound
    if inside and probe not in dropped and _FENCE.match(lines[probe - 1].strip()):
        return probe
    return n


def _is_content(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) <= _LABEL_MAX and _LABEL.fullmatch(stripped):
        return False
    head = stripped[0]
    if head == "#" and _LABEL.fullmatch(stripped.lstrip("#").strip()[:_LABEL_MAX]):
        return False  # "### Answer": a label set as a heading
    if head in "-*_.=" and _RULE.fullmatch(stripped):
        return False
    if "](#" in stripped and _NAVIGATION.fullmatch(stripped):
        return False  # "**[⬆ Back to Top](#table-of-contents)**": a way around the file, not the answer
    if head == "<":
        return not (_COMMENT.fullmatch(stripped) or _WRAPPER_TAG.fullmatch(stripped))
    return not (head in "`~" and _FENCE.match(stripped))


def _wrapper_fence_lines(lines: list[str], numbers: list[int]) -> set[int]:
    """Lines of prose fences ("**Ideal Answer:**" + ```…```): the fence holds the answer, not a code sample.

    The closing fence is the next one at column 0, so an indented fence inside the answer cannot end it early.
    """
    dropped: set[int] = set()
    previous = ""
    i = 0
    while i < len(numbers):
        n = numbers[i]
        line = lines[n - 1]
        match = _FENCE.match(line) if line.startswith(("`", "~")) else None
        prose = match is not None and match.group(2).lower() in _PROSE_FENCE_INFO
        opens_answer = prose and (not previous or is_label_line(previous))
        close = _closing_fence(lines, numbers, i, match.group(1)) if match and opens_answer else None
        if close is not None:
            dropped.update({n, numbers[close]})
            i = close + 1
            continue
        if line.strip():
            previous = line
        i += 1
    return dropped


def _closing_fence(lines: list[str], numbers: list[int], opening: int, marker: str) -> int | None:
    for j in range(opening + 1, len(numbers)):
        line = lines[numbers[j] - 1].rstrip()
        if line.startswith(marker[0] * 3) and set(line) == {marker[0]} and len(line) >= len(marker):
            return j
    return None
