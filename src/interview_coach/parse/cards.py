"""Line-shaped question formats the markdown block tree does not show: flashcards and admonitions.

- Spaced-repetition cards (Obsidian SR and alike): `front::back`, reversed `front:::back`, and multi-line cards
  whose front and back are split by a lone `?` / `??` line or a `___` line touching both (the card ends at a blank
  line). `<!--SR:…-->` scheduling comments and `#flashcards` tag lines are not part of a card.
- Mochi-style decks: `---` delimits everything; a `key: value` metadata segment opens each card, then the front,
  then the back (which may hold blank lines).
- MkDocs/Material admonitions: `??? question "Title"` (or `!!!`, `???+`) with a body indented four spaces.

Each reader needs the same shape repeated (several cards) before it claims anything, so one stray `::` in prose
or one `?` line is read as ordinary markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SR_COMMENT = re.compile(r"[ \t]*<!--SR:[^<>\n]{0,400}-->")
_TAG_LINE = re.compile(r"#[\w/-]+(?:[ \t]+#[\w/-]+)*")  # "#flashcards/ml" (a note tag, not a heading)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_MULTI_SEPARATOR = frozenset({"?", "??", "___"})
_ADMONITION = re.compile(r"(?:\?{3}\+?|!{3})[ \t]*([\w-]+)(?:[ \t]+[\w-]+)*[ \t]+\"([^\"\n]{1,500})\"[ \t]*")
_QUESTION_ADMONITIONS = frozenset({"question", "help", "faq", "quiz", "flashcard"})
# "card_id: null", "tags: [ml]": a lowercase key; "Scenario: … Problem?" is a sentence, not metadata.
_METADATA = re.compile(r"[a-z_][\w-]{0,40}:(?:[ \t][^?\n]{0,200})?")
MIN_CARDS = 2  # a shape seen once is prose; twice in one file is a format


@dataclass
class Card:
    question: str
    line_start: int  # 1-based lines of the front
    line_end: int
    answer_start: int  # 1-based inclusive lines of the back (answer_start > answer_end: none)
    answer_end: int
    shape: str  # card | admonition
    inline_answer: str = ""  # the back of a one-line card


def read_cards(lines: list[str], text: str = "") -> list[Card]:
    """Every card of the shapes this document repeats, in line order (`text`: the same lines joined, to skip
    the readers whose marks it does not contain)."""
    text = text or "\n".join(lines)
    readers = [
        reader
        for reader, present in (
            (_mochi_cards, text.count("---") >= 3 * MIN_CARDS),
            (_multiline_cards, "\n?" in text or "\n___" in text),
            (_inline_cards, "::" in text),
            (_admonitions, "???" in text or "!!!" in text),
        )
        if present
    ]
    if not readers:
        return []
    code = _code_lines(lines)
    cards: list[Card] = []
    for reader in readers:
        found = reader(lines, code)
        if len(found) >= MIN_CARDS:
            taken = {n for c in cards for n in range(c.line_start, max(c.line_end, c.answer_end) + 1)}
            cards += [c for c in found if c.line_start not in taken]
    return sorted(cards, key=lambda c: c.line_start)


def _code_lines(lines: list[str]) -> set[int]:
    """0-based indexes of lines inside fenced code (fence lines included)."""
    inside: set[int] = set()
    fence = ""
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence:
            inside.add(i)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
        elif match:
            fence = match.group(1)
            inside.add(i)
    return inside


def _is_tag_or_comment(line: str) -> bool:
    stripped = line.strip()
    return bool(_TAG_LINE.fullmatch(stripped)) or bool(SR_COMMENT.fullmatch(stripped))


# --- "front::back" and "front:::back" -----------------------------------------------------------------------


def _inline_cards(lines: list[str], code: set[int]) -> list[Card]:
    cards = []
    for i, line in enumerate(lines):
        if i in code or "::" not in line or line[:1].isspace():
            continue
        split = _split_inline(line)
        if split:
            front, back = split
            cards.append(Card(front, i + 1, i + 1, i + 1, i + 1 if back else i, "card", back))
    return cards


def _split_inline(line: str) -> tuple[str, str] | None:
    """(front, back) at the first `:::`/`::` outside inline code; None when the line is not a card."""
    body = SR_COMMENT.sub("", line).strip()
    if body.startswith(("#", "|", ">", "<", "-", "*", "+")) or len(body) > 2000:
        return None
    ticks = 0
    for k, char in enumerate(body):
        if char == "`":
            ticks += 1
        elif char == ":" and body.startswith("::", k) and ticks % 2 == 0 and (k == 0 or body[k - 1] != ":"):
            width = 3 if body.startswith(":::", k) else 2
            if body.startswith("::::", k):
                return None
            front, back = body[:k].strip(), body[k + width :].strip()
            if not front or not back or "://" in front:
                return None
            return front, back
    return None


# --- multi-line cards split by a lone "?" (or "??", "___") line ---------------------------------------------


def _multiline_cards(lines: list[str], code: set[int]) -> list[Card]:
    cards = []
    for i, line in enumerate(lines):
        if i in code or line.strip() not in _MULTI_SEPARATOR or line[:1].isspace():
            continue
        front_start = i
        while front_start > 0 and _may_continue_front(lines[front_start - 1]):
            front_start -= 1
        back_end = i + 1
        while back_end < len(lines) and (lines[back_end].strip() or back_end in code):
            back_end += 1
        if front_start == i or back_end == i + 1:  # the separator must touch a front and a back
            continue
        while back_end - 1 > i and _is_tag_or_comment(lines[back_end - 1]):
            back_end -= 1
        if any(n in code for n in range(front_start, i)):
            continue
        question = " ".join(lines[n].strip() for n in range(front_start, i))
        cards.append(Card(question, front_start + 1, i, i + 2, back_end, "card"))
    return cards


def _may_continue_front(line: str) -> bool:
    """A front runs back to a blank line, a tag or comment, or another card's separator (never its own)."""
    return bool(line.strip()) and not _is_tag_or_comment(line) and line.strip() not in _MULTI_SEPARATOR


# --- Mochi decks: ---, metadata, ---, front, ---, back --------------------------------------------------------


def _mochi_cards(lines: list[str], code: set[int]) -> list[Card]:
    segments = _rule_segments(lines, code)
    cards = []
    for k, (start, end) in enumerate(segments):
        if not _is_metadata(lines[start:end]) or k + 1 >= len(segments):
            continue
        front = segments[k + 1]
        if _is_metadata(lines[front[0] : front[1]]):
            continue
        back_segments = []
        for seg in segments[k + 2 :]:
            if _is_metadata(lines[seg[0] : seg[1]]):
                break
            back_segments.append(seg)
        front_lines = [n for n in range(*front) if lines[n].strip()]
        if not front_lines:
            continue
        question = " ".join(lines[n].strip() for n in front_lines)
        back_start, back_end = (back_segments[0][0], back_segments[-1][1]) if back_segments else (front[1], front[1])
        cards.append(Card(question, front_lines[0] + 1, front_lines[-1] + 1, back_start + 1, back_end, "card"))
    return cards


def _rule_segments(lines: list[str], code: set[int]) -> list[tuple[int, int]]:
    """0-based [start, end) runs of lines between `---` lines."""
    cuts = [i for i, line in enumerate(lines) if i not in code and line.strip() == "---"]
    bounds = [-1, *cuts, len(lines)]
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a + 1]


def _is_metadata(segment: list[str]) -> bool:
    content = [line for line in segment if line.strip()]
    return bool(content) and len(content) <= 12 and all(_METADATA.fullmatch(line.strip()) for line in content)


# --- ??? question "…" admonitions ----------------------------------------------------------------------------


def _admonitions(lines: list[str], code: set[int]) -> list[Card]:
    cards = []
    for i, line in enumerate(lines):
        if i in code or not line.startswith(("???", "!!!")):
            continue
        match = _ADMONITION.fullmatch(line.rstrip())
        if not match:
            continue
        kind, title = match.group(1).lower(), match.group(2).strip()
        if kind not in _QUESTION_ADMONITIONS and not title.rstrip().endswith("?"):
            continue
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith(("    ", "\t"))):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        cards.append(Card(title, i + 1, i + 1, i + 2, end, "admonition"))
    return cards
